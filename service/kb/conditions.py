"""Resolve what callers and EHRs say about a patient (codes, names, recorded text) to condition ids.

Three ways, tried in order: a code (SNOMED CT or ICD-10) listed on a condition; a name or synonym,
folded as drug names are; and, for text as EHRs record it ("Acute duodenal ulcer with hemorrhage"),
every multi-word name or synonym found in it as whole words. One-word synonyms are never looked for
inside longer text: "child" in "Childbirth" or "pregnant" in "Not pregnant" would be wrong.
"""

from __future__ import annotations

from typing import Any

from service.kb.identifiers import name_words, normalise_name
from service.kb.records import Record


class ConditionResolver:
    """Find the conditions a code, a name or a recorded text means.

    Examples
    --------
    >>> resolver = ConditionResolver({
    ...     "peptic-ulcer-bleeding": {
    ...         "name": "Peptic ulcer or gastrointestinal bleeding",
    ...         "synonyms": ["duodenal ulcer", "GI bleeding"],
    ...         "codes": [{"system": "snomed", "code": "13200003", "display": "Peptic ulcer"}],
    ...     }
    ... })
    >>> resolver.resolve({"system": "snomed", "code": "13200003"})
    ['peptic-ulcer-bleeding']
    >>> resolver.resolve("GI-bleeding"), resolver.resolve("Acute duodenal ulcer with hemorrhage")
    (['peptic-ulcer-bleeding'], ['peptic-ulcer-bleeding'])
    >>> resolver.resolve("ulcer")
    []
    """

    def __init__(self, conditions: dict[str, Record]) -> None:
        self._codes: dict[tuple[str, str], str] = {}
        self._names: dict[str, str] = {}
        self._phrases: dict[tuple[str, ...], str] = {}
        for condition_id, record in sorted(conditions.items()):
            for entry in record.get("codes", []):
                self._codes.setdefault((entry["system"], _code_key(entry["code"])), condition_id)
            for name in (condition_id, record["name"], *record.get("synonyms", [])):
                self._names.setdefault(normalise_name(name), condition_id)
                words = tuple(name_words(name))
                if len(words) > 1:
                    self._phrases.setdefault(words, condition_id)
        self._longest = max((len(p) for p in self._phrases), default=0)

    def by_code(self, system: str, code: str) -> str | None:
        """Return the condition a code means, or None; `system` is `snomed` or `icd10`."""
        return self._codes.get((system, _code_key(code)))

    def by_name(self, text: str) -> str | None:
        """Return the condition whose id, name or synonym is `text` (folded), or None."""
        return self._names.get(normalise_name(text))

    def in_text(self, text: str) -> list[str]:
        """Return the conditions whose multi-word names appear in `text` as whole words, in text order.

        Longer phrases win where two overlap, so "chronic kidney disease" is not also "kidney disease".
        """
        words = name_words(text)
        found: list[str] = []
        start = 0
        while start < len(words):
            for size in range(min(self._longest, len(words) - start), 1, -1):
                condition = self._phrases.get(tuple(words[start : start + size]))
                if condition is not None:
                    found.append(condition)
                    start += size
                    break
            else:
                start += 1
        return list(dict.fromkeys(found))

    def resolve_text(self, text: str) -> list[str]:
        """Return the conditions a name or recorded text means: an exact name first, else phrases in it."""
        exact = self.by_name(text)
        return [exact] if exact else self.in_text(text)

    def resolve(self, given: Any) -> list[str]:
        """Return the conditions a caller's input means: a string, `{"name": ...}` or `{"system", "code"}`."""
        if isinstance(given, str):
            return self.resolve_text(given)
        if isinstance(given, dict) and isinstance(given.get("name"), str):
            return self.resolve_text(given["name"])
        if isinstance(given, dict) and isinstance(given.get("system"), str) and isinstance(given.get("code"), str):
            found = self.by_code(given["system"], given["code"])
            return [found] if found else []
        return []


def _code_key(code: str) -> str:
    return code.strip().upper()
