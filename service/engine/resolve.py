"""Turn a caller's medication list into drug ids, keeping every input that did not resolve."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from service.kb.knowledge import Knowledge
from service.kb.resolver import Resolution

CODE_SYSTEMS = {"rxnorm": "rxcui", "rxcui": "rxcui", "atc": "atc", "cas": "cas"}
"""Code systems a caller may name, and the index each is looked up in."""

_REASONS = {
    "unknown": "not found in the knowledge",
    "ambiguous": "matches more than one drug; say which",
    "invalid-cas": "not a valid CAS number (check digit)",
    "unsupported-system": "unsupported code system",
}


@dataclass
class ResolvedList:
    """The medications that resolved, in input order, and those that did not."""

    medications: list[dict[str, Any]] = field(default_factory=list)
    unrecognized: list[dict[str, Any]] = field(default_factory=list)

    @property
    def drugs(self) -> list[str]:
        """Return the distinct resolved drug ids, in input order."""
        return list(dict.fromkeys(m["drug"] for m in self.medications))


def resolve_one(kb: Knowledge, item: str | dict[str, Any]) -> Resolution:
    """Return how one medication (a string, `{"name"}` or `{"system", "code"}`) resolves."""
    if isinstance(item, str):
        return kb.resolver.resolve(item)
    if "name" in item:
        return kb.resolver.resolve(item["name"])
    system = CODE_SYSTEMS.get(str(item.get("system", "")).lower())
    if system is None:
        return Resolution(reason="unsupported-system")
    return kb.resolver.resolve_code(system, str(item["code"]))


def resolve_medications(kb: Knowledge, items: list[str | dict[str, Any]]) -> ResolvedList:
    """Return the resolution of every item; none is dropped, none is guessed."""
    result = ResolvedList()
    for item in items:
        resolution = resolve_one(kb, item)
        matches = resolution.matches()
        if matches:
            for match in matches:
                entry = {
                    "input": item,
                    "drug": match.drug,
                    "name": kb.drug_name(match.drug),
                    "matched_by": match.matched_by,
                    "matched_name": match.matched_name,
                }
                if match.salt:
                    entry["salt"] = match.salt
                if resolution.product:
                    entry["product"] = resolution.product
                result.medications.append(entry)
        else:
            result.unrecognized.append(
                {
                    "input": item,
                    "reason": resolution.reason,
                    "detail": _REASONS[resolution.reason],
                    "suggestions": resolution.candidates,
                }
            )
    return result
