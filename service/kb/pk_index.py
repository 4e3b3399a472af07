"""The quantitative facts as lookup tables: CR per victim and pathway, IR and IC per perpetrator, studies."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, NamedTuple


class Ratio(NamedTuple):
    """A CR, IR or IC with its documented interval, references and the studies it was fitted from."""

    value: float
    low: float
    high: float
    refs: tuple[str, ...]
    fitted_from: tuple[str, ...] = ()


@dataclass
class PkIndex:
    contribution: dict[str, dict[str, Ratio]] = field(default_factory=lambda: defaultdict(dict))
    """victim -> pathway -> CR."""
    inhibition: dict[str, dict[str, Ratio]] = field(default_factory=lambda: defaultdict(dict))
    """perpetrator -> pathway -> IR."""
    induction: dict[str, dict[str, Ratio]] = field(default_factory=lambda: defaultdict(dict))
    """perpetrator -> pathway -> IC."""
    studies: dict[tuple[str, str], list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    """(perpetrator, victim) -> clinical studies of the pair, in file order."""
    alone: dict[tuple[str, str], Any] = field(default_factory=dict)
    """(perpetrator, victim) -> its predicted AUC ratio and documented grade, filled as checks ask
    (`engine.regimen.alone`)."""
