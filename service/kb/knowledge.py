"""The loaded knowledge: validated records, their graph, the derived indices and the name resolvers."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from service.kb.citations import format_citation
from service.kb.conditions import ConditionResolver
from service.kb.graph import build_graph
from service.kb.indices import Indices, build_indices
from service.kb.loader import load_records
from service.kb.records import KnowledgeRecords
from service.kb.resolver import NameResolver


@dataclass(eq=False)
class Knowledge:
    """Everything a check needs, built once at start-up and read-only afterwards."""

    records: KnowledgeRecords
    graph: nx.MultiDiGraph
    indices: Indices
    resolver: NameResolver
    citations: dict[str, str]
    condition_resolver: ConditionResolver
    _references: dict[str, dict[str, str]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        # One shared, read-only object per reference: answers cite thousands of them.
        self._references = {ref_id: {"id": ref_id, "citation": text} for ref_id, text in self.citations.items()}

    @property
    def version(self) -> str:
        return self.records.version

    def reference(self, ref_id: str) -> dict[str, str]:
        """Return a reference as `{"id", "citation"}` (shared: do not modify it)."""
        return self._references[ref_id]

    def references(self, ref_ids) -> list[dict[str, str]]:
        """Return unique references, in first-seen order, as `{"id", "citation"}` objects."""
        table = self._references
        return [table[ref_id] for ref_id in dict.fromkeys(ref_ids)]

    def drug_name(self, drug_id: str) -> str:
        return self.records.drugs[drug_id]["name"]

    def enzyme_name(self, enzyme_id: str) -> str:
        return self.records.enzymes[enzyme_id]["name"]

    def condition_name(self, condition_id: str) -> str:
        return self.records.conditions[condition_id]["name"]


def build_knowledge(records: KnowledgeRecords) -> Knowledge:
    """Return the knowledge built from validated records."""
    graph = build_graph(records)
    return Knowledge(
        records=records,
        graph=graph,
        indices=build_indices(graph),
        resolver=NameResolver(records.drugs, records.products),
        citations={ref_id: format_citation(ref) for ref_id, ref in records.references.items()},
        condition_resolver=ConditionResolver(records.conditions),
    )


def load_knowledge(directory: str | Path, cache_dir: str | Path | None = None) -> Knowledge:
    """Read, validate and build a knowledge directory; raise `KnowledgeError` listing every error."""
    return build_knowledge(load_records(directory, cache_dir))
