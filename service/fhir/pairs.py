"""Group the engine's findings by drug pair: EHRs show one alert per pair, not one per mechanism kind."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from service.engine.references import cited
from service.engine.severity import most_severe
from service.kb.vocabulary import evidence_rank, severity_rank


@dataclass
class PairFinding:
    """Every interaction the engine found between two drugs, most severe first."""

    drugs: tuple[str, str]
    interactions: list[dict[str, Any]]

    @property
    def id(self) -> str:
        return "+".join(self.drugs)

    @property
    def severity(self) -> str:
        return most_severe(i["severity"] for i in self.interactions)

    @property
    def evidence(self) -> str:
        return min((i["evidence"] for i in self.interactions), key=evidence_rank)

    @property
    def lead(self) -> dict[str, Any]:
        return self.interactions[0]

    @property
    def refs(self) -> list[str]:
        """Return the ids of every reference the pair's interactions cite, each once."""
        return cited(*(i["refs"] for i in self.interactions))

    @property
    def management(self) -> list[str]:
        return list(dict.fromkeys(i["management"] for i in self.interactions if i.get("management")))


def group_by_pair(interactions: list[dict[str, Any]]) -> list[PairFinding]:
    """Return one finding per drug pair, most severe first, then by drug ids (deterministic)."""
    grouped: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for interaction in interactions:
        first, second = sorted(interaction["drugs"])
        if first == second:
            continue
        grouped.setdefault((first, second), []).append(interaction)
    by_severity = lambda i: severity_rank(i["severity"])  # noqa: E731
    pairs = [PairFinding(drugs, sorted(found, key=by_severity)) for drugs, found in grouped.items()]
    pairs.sort(key=lambda p: (severity_rank(p.severity), p.drugs))
    return pairs
