"""The validated knowledge as plain records, keyed by id: what the loader hands to the graph."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Record = dict[str, Any]


@dataclass
class KnowledgeRecords:
    """Every validated record of a knowledge directory, with the file each came from."""

    version: str
    meta: Record
    drugs: dict[str, Record] = field(default_factory=dict)
    enzymes: dict[str, Record] = field(default_factory=dict)
    classes: dict[str, Record] = field(default_factory=dict)
    effects: dict[str, Record] = field(default_factory=dict)
    conditions: dict[str, Record] = field(default_factory=dict)
    interactions: dict[str, Record] = field(default_factory=dict)
    compatibility: dict[str, Record] = field(default_factory=dict)
    products: dict[str, Record] = field(default_factory=dict)
    """Combination products (brand -> ingredients): resolved to every ingredient, never to one."""
    references: dict[str, Record] = field(default_factory=dict)
    retired: dict[str, Record] = field(default_factory=dict)
    rejected: list[Record] = field(default_factory=list)
    pk: dict[str, list[Record]] = field(default_factory=dict)
    """The quantitative files of `knowledge/pk/` by kind (`PK_SCHEMAS`), each a list in file order."""
    invalid: set[str] = field(default_factory=set)
    """Ids of records that failed validation: already reported, so not reported again as unknown."""
    sources: dict[tuple[str, str], str] = field(default_factory=dict)
    """(kind, id) -> the file, relative to the knowledge directory, that holds the record."""
