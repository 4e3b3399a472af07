"""Resolve a FHIR medication to drug ids: its codes first, then its texts, ingredient by ingredient.

EHRs code orders with RxNorm *clinical drug* codes ("Warfarin Sodium 0.5 MG Oral Tablet"), which
the knowledge does not list; the display text still names the ingredient, and the resolver reads
product text. A combination product ("A 325 MG / B 10 MG Oral Tablet") is every one of its
ingredients: reading only the first would hide the second from the check.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from service.engine.resolve import resolve_one
from service.fhir.medications import MedicationResource
from service.kb.knowledge import Knowledge

INGREDIENT_SEPARATOR = " / "


@dataclass
class ResolvedMedication:
    """A medication resource and the drugs it contains; `missing` lists what could not be resolved."""

    medication: MedicationResource
    drugs: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    reason: str | None = None

    @property
    def recognised(self) -> bool:
        return bool(self.drugs) and not self.missing


def resolve_medication(kb: Knowledge, medication: MedicationResource) -> ResolvedMedication:
    """Return the drugs in a medication resource; nothing is guessed, a near miss is only a suggestion."""
    result = ResolvedMedication(medication)
    for code in medication.codes:
        resolution = resolve_one(kb, code)
        if resolution.matches():
            result.drugs.extend(match.drug for match in resolution.matches())
            return result
        if resolution.reason == "ambiguous":
            result.suggestions.extend(resolution.candidates)
    for text in medication.texts:
        drugs, missing, suggestions, reason = _resolve_text(kb, text)
        if drugs and not missing:
            result.drugs = drugs
            result.suggestions = []
            return result
        if drugs and not result.drugs:  # a combination with an unknown ingredient: keep what is known
            result.drugs, result.missing = drugs, missing
        result.suggestions.extend(suggestions)
        result.reason = result.reason or reason
    if not result.drugs:
        result.missing = [medication.label]
        result.reason = result.reason or ("unknown" if medication.texts or medication.codes else "no-medication")
    result.suggestions = list(dict.fromkeys(result.suggestions))[:5]
    return result


def _resolve_text(kb: Knowledge, text: str) -> tuple[list[str], list[str], list[str], str | None]:
    parts = [p.strip() for p in text.split(INGREDIENT_SEPARATOR)] if INGREDIENT_SEPARATOR in text else [text]
    drugs: list[str] = []
    missing: list[str] = []
    suggestions: list[str] = []
    reason = None
    for part in parts:
        if not part:
            continue
        resolution = kb.resolver.resolve(part[:200])
        if resolution.matches():
            drugs.extend(match.drug for match in resolution.matches())
        else:
            missing.append(part)
            suggestions.extend(resolution.candidates)
            reason = reason or resolution.reason
    return list(dict.fromkeys(drugs)), missing, suggestions, reason
