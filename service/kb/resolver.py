"""Resolve what users type (names, brands, salts, research codes, CAS, ATC, RxCUI) to drug ids.

An exact match, after folding case, spacing, hyphens and Unicode forms, is the only thing ever
used as a drug. Near misses come back as suggestions and are never substituted.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz, process

from service.kb.identifiers import (
    cas_check_digit_ok,
    looks_like_atc,
    looks_like_cas,
    normalise_name,
)

SALT_WORDS = frozenset(
    [
        "mesilate",
        "mesylate",
        "hydrochloride",
        "hcl",
        "sodium",
        "potassium",
        "calcium",
        "magnesium",
        "maleate",
        "tartrate",
        "succinate",
        "fumarate",
        "citrate",
        "sulfate",
        "sulphate",
        "phosphate",
        "acetate",
        "besilate",
        "besylate",
        "edisilate",
        "isetionate",
        "isethionate",
        "bromide",
        "hydrobromide",
        "tromethamine",
        "trometamol",
        "dihydrate",
        "monohydrate",
        "trihydrate",
        "hyclate",
        "disodium",
        "dipotassium",
        "lactate",
        "gluconate",
        "etexilate",
        "medoxomil",
        "axetil",
        "pivoxil",
    ]
)
"""Words that name a salt or hydrate rather than the medicine: stripped from product text."""

_DOSE_START = re.compile(r"\s\d|\s\[")


@dataclass(frozen=True)
class Match:
    """How one input was resolved."""

    drug: str
    matched_by: str
    matched_name: str
    salt: str | None = None


@dataclass
class Resolution:
    """The outcome for one input: a match, a combination product's ingredients, or a reason with suggestions.

    A combination product leaves `match` empty on purpose: code that reads only `match` then
    reports the input as unrecognised instead of silently checking one ingredient.
    """

    match: Match | None = None
    reason: str | None = None  # "unknown", "ambiguous", "invalid-cas"
    candidates: list[str] = field(default_factory=list)
    ingredients: list[Match] = field(default_factory=list)
    product: str | None = None
    product_id: str | None = None

    def matches(self) -> list[Match]:
        """Return every drug the input stands for: one, a product's ingredients, or none."""
        return [self.match] if self.match is not None else list(self.ingredients)


class NameResolver:
    """Exact lookups by folded name or code, and fuzzy suggestions for the rest."""

    def __init__(self, drugs: dict[str, dict[str, Any]], products: dict[str, dict[str, Any]] | None = None):
        self._names: dict[str, dict[str, Match]] = defaultdict(dict)
        self._codes: dict[tuple[str, str], dict[str, Match]] = defaultdict(dict)
        self._products: dict[str, tuple[str, list[str], str]] = {}
        for drug_id, drug in sorted(drugs.items()):
            self._index_drug(drug_id, drug)
        self._product_ids: dict[str, str] = {}
        for product_id, product in sorted((products or {}).items()):
            ingredients = product["ingredients"]
            self._products.setdefault(normalise_name(product_id), (product["name"], ingredients, product_id))
            for name in (product["name"], *(entry["name"] for entry in product["names"])):
                self._products.setdefault(normalise_name(name), (name, ingredients, product_id))
                self._product_ids.setdefault(normalise_name(name), product_id)
        self._choices = list(self._names)

    def _add_name(self, drug_id: str, name: str, matched_by: str, salt: str | None = None) -> None:
        key = normalise_name(name)
        if key:
            self._names[key].setdefault(drug_id, Match(drug_id, matched_by, name, salt))

    def _add_code(self, system: str, code: str, drug_id: str, salt: str | None = None) -> None:
        self._codes[(system, code.upper())].setdefault(drug_id, Match(drug_id, system, code, salt))

    def _index_drug(self, drug_id: str, drug: dict[str, Any]) -> None:
        self._add_name(drug_id, drug["name"], "name")
        self._add_name(drug_id, drug_id, "id")
        for salt in drug["salts"]:
            self._add_name(drug_id, salt["name"], "salt", salt["name"])
            if "cas" in salt:
                self._add_code("cas", salt["cas"], drug_id, salt["name"])
        for entry in drug["names"]:
            self._add_name(drug_id, entry["name"], entry["kind"], entry.get("salt"))
        for cas in drug["cas"]:
            self._add_code("cas", cas, drug_id)
        for atc in drug["atc"]:
            self._add_code("atc", atc["code"], drug_id)
        for rxcui in drug["rxcui"]:
            self._add_code("rxcui", rxcui, drug_id)

    def resolve(self, text: str) -> Resolution:
        """Return how a free-text input resolves: by name, then code, then product text."""
        text = text.strip()
        found = self._names.get(normalise_name(text))
        if found:
            return self._decide(found)
        product = self._resolve_combination(normalise_name(text))
        if product is not None:
            return product
        if looks_like_cas(text):
            if not cas_check_digit_ok(text):
                return Resolution(reason="invalid-cas")
            return self.resolve_code("cas", text)
        if looks_like_atc(text):
            return self.resolve_code("atc", text)
        if text.isdigit():
            return self.resolve_code("rxcui", text)
        product = self._resolve_product_text(text)
        if product is not None:
            return product
        return Resolution(reason="unknown", candidates=self.suggest(text))

    def resolve_code(self, system: str, code: str) -> Resolution:
        """Return how a coded input (system `cas`, `atc` or `rxcui`) resolves."""
        code = code.strip()
        if system == "cas" and not cas_check_digit_ok(code):
            return Resolution(reason="invalid-cas")
        found = self._codes.get((system, code.upper()))
        if found:
            return self._decide(found)
        return Resolution(reason="unknown")

    def _resolve_combination(self, key: str, matched_by: str = "combination") -> Resolution | None:
        """Resolve a combination product's name to all of its ingredients."""
        if key not in self._products:
            return None
        name, ingredients, product_id = self._products[key]
        matches = [Match(drug, matched_by, name) for drug in ingredients]
        return Resolution(ingredients=matches, product=name, product_id=product_id)

    def _resolve_product_text(self, text: str) -> Resolution | None:
        """Resolve product descriptions such as "Warfarin Sodium 5 MG Oral Tablet" by their ingredient."""
        head = _DOSE_START.split(" " + text, maxsplit=1)[0].strip()
        words = head.split()
        # Salt words dropped first ("Warfarin Sodium 5 MG Oral Tablet" is warfarin), then put back one by one;
        # a name made only of salt words is read whole ("Calcium Gluconate 1 G Injection"), never cut to "calcium".
        heads = [head]
        while words and normalise_name(words[-1]) in SALT_WORDS:
            words.pop()
            if not all(normalise_name(w) in SALT_WORDS for w in words):
                heads.append(" ".join(words))
        heads = [h for h in reversed(heads) if h and h != text]
        matched = next((h for h in heads if normalise_name(h) in self._names), None)
        if matched is None:
            products = (self._resolve_combination(normalise_name(h), "combination-product-text") for h in heads)
            return next((product for product in products if product is not None), None)
        resolution = self._decide(self._names[normalise_name(matched)])
        if resolution.match:
            match = resolution.match
            resolution.match = Match(match.drug, "product-text", matched, match.salt)
        return resolution

    @staticmethod
    def _decide(found: dict[str, Match]) -> Resolution:
        if len(found) == 1:
            return Resolution(match=next(iter(found.values())))
        return Resolution(reason="ambiguous", candidates=sorted(found))

    def suggest(self, text: str, limit: int = 5) -> list[str]:
        """Return drug ids whose names come close to `text`: suggestions only, never a match."""
        key = normalise_name(text)
        if len(key) < 3:
            return []
        hits = process.extract(key, self._choices, scorer=fuzz.WRatio, limit=limit * 4, score_cutoff=80)
        hits += process.extract(key, list(self._product_ids), scorer=fuzz.WRatio, limit=limit, score_cutoff=80)
        suggestions: list[str] = []
        for choice, _score, _ in sorted(hits, key=lambda hit: -hit[1]):
            ids = [self._product_ids[choice]] if choice in self._product_ids else sorted(self._names[choice])
            suggestions += [found for found in ids if found not in suggestions]
        return suggestions[:limit]

    def search(self, text: str, limit: int = 20) -> list[tuple[str, str, float]]:
        """Return (drug id, matched name, score) for a search box: exact and prefix first, then fuzzy."""
        key = normalise_name(text)
        if not key:
            return []
        results: dict[str, tuple[str, str, float]] = {}
        for match in self._names.get(key, {}).values():
            results[match.drug] = (match.drug, match.matched_name, 100.0)
        for (system, code), found in self._codes.items():
            if code == text.strip().upper():
                for match in found.values():
                    results.setdefault(match.drug, (match.drug, f"{system} {code}", 100.0))
        for choice, score, _ in process.extract(
            key, self._choices, scorer=fuzz.WRatio, limit=limit * 3, score_cutoff=70
        ):
            for match in self._names[choice].values():
                bonus = 5.0 if choice.startswith(key) else 0.0
                results.setdefault(match.drug, (match.drug, match.matched_name, min(100.0, score + bonus) - 0.01))
        ranked = sorted(results.values(), key=lambda r: (-r[2], r[0]))
        return ranked[:limit]

    def search_products(self, text: str, limit: int = 20) -> list[tuple[str, list[str], float]]:
        """Return (product name, ingredient ids, score) for combination products whose names come close."""
        key = normalise_name(text)
        if not key or not self._products:
            return []
        best: dict[str, tuple[str, list[str], float]] = {}
        for choice, score, _ in process.extract(
            key, list(self._products), scorer=fuzz.WRatio, limit=limit * 3, score_cutoff=70
        ):
            name, ingredients, _ = self._products[choice]
            score = 100.0 if choice == key else min(100.0, score + (5.0 if choice.startswith(key) else 0.0)) - 0.01
            if name not in best or best[name][2] < score:
                best[name] = (name, ingredients, score)
        return sorted(best.values(), key=lambda r: (-r[2], r[0]))[:limit]
