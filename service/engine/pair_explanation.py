"""Resolve the two names of an explanation request as the check does, and explain the pair."""

from __future__ import annotations

from typing import Any

from service.engine.pair_reasons import explain_pair
from service.engine.resolve import resolve_medications
from service.kb.knowledge import Knowledge


class ExplainError(ValueError):
    """A request that names no pair to explain; carries the HTTP status and problem type the API answers."""

    def __init__(self, status: int, slug: str, detail: str, **extensions: Any):
        super().__init__(detail)
        self.status, self.slug, self.extensions = status, slug, extensions


def explain_medications(kb: Knowledge, medications: list, min_severity: str = "minor") -> dict[str, Any]:
    """Return the explanation for exactly two medications (names or codes), resolved as the check resolves them.

    Raises `ExplainError` for any other count, for two names of one drug, and for an unrecognised
    name (with the resolver's suggestions): an unknown drug is never explained as "no interaction".
    """
    if len(medications) != 2:
        raise ExplainError(400, "two-drugs-required", f"Name exactly two drugs; {len(medications)} given.")
    resolved = resolve_medications(kb, medications)
    if resolved.unrecognized:
        first = resolved.unrecognized[0]
        hint = f"; did you mean {', '.join(first['suggestions'])}?" if first["suggestions"] else "."
        raise ExplainError(
            404,
            "unknown-drug",
            f"'{_shown(first['input'])}' is {first['detail']}{hint}",
            unrecognized=resolved.unrecognized,
            suggestions=first["suggestions"],
        )
    drugs = resolved.drugs
    if len(drugs) != 2:
        raise ExplainError(400, "two-drugs-required", f"Both names are {drugs[0]}: name two different drugs.")
    return {**explain_pair(kb, drugs[0], drugs[1], min_severity), "medications": resolved.medications}


def _shown(item: Any) -> str:
    text = item if isinstance(item, str) else str(item)
    return text if len(text) <= 60 else text[:59] + "…"
