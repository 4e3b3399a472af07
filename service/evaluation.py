"""Judge the knowledge against an interaction table it was not curated from: recall and false alarms.

A table lists, per drug, the interactions a source names (each partner with the source's grade)
and the pairs the source says do not interact. Only pairs whose two drugs the knowledge
recognises are judged; the others are counted apart, since an unrecognised drug is a coverage
gap, not a missed interaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from service.engine import check_medications, resolve_medications
from service.engine.severity import at_least
from service.kb.knowledge import Knowledge
from service.kb.vocabulary import SEVERITIES


@dataclass
class Judged:
    """One pair of the table with the grade the source gives it and the worst grade the service gives."""

    drug: str
    partner: str
    expected: str | None  # None for a pair the source says does not interact
    found: str | None


@dataclass
class Evaluation:
    """Recall and false alarms over the judged pairs, and the pairs that could not be judged."""

    positives: list[Judged] = field(default_factory=list)
    negatives: list[Judged] = field(default_factory=list)
    unjudged: list[tuple[str, str]] = field(default_factory=list)

    def recall(self, threshold: str, *, severe_only: bool = False) -> float:
        """Return the share of positives flagged at `threshold` or worse (only the source's severe ones if asked)."""
        pairs = [p for p in self.positives if not severe_only or at_least(p.expected, "major")]
        return _share(pairs, lambda p: p.found is not None and at_least(p.found, threshold))

    def graded_as_source(self) -> float:
        """Return the share of positives graded at least as severely as the source grades them."""
        return _share(self.positives, lambda p: p.found is not None and at_least(p.found, p.expected))

    def false_alarms(self) -> float:
        """Return the share of non-interacting pairs flagged at moderate or worse."""
        return _share(self.negatives, lambda p: p.found is not None and at_least(p.found, "moderate"))

    def missed(self, threshold: str = "moderate") -> list[Judged]:
        """Return the positives not flagged at `threshold` or worse, most severe expectation first."""
        missed = [p for p in self.positives if p.found is None or not at_least(p.found, threshold)]
        return sorted(missed, key=lambda p: (SEVERITIES.index(p.expected), p.drug, p.partner))

    def below_source(self) -> list[Judged]:
        """Return the positives graded less severely than the source grades them, most severe expectation first."""
        below = [p for p in self.positives if p.found is None or not at_least(p.found, p.expected)]
        return sorted(below, key=lambda p: (SEVERITIES.index(p.expected), p.found is not None, p.drug, p.partner))

    def summary(self) -> dict[str, Any]:
        """Return the figures, rounded, for printing or JSON."""
        severe = [p for p in self.positives if at_least(p.expected, "major")]
        return {
            "positives_judged": len(self.positives),
            "severe_positives_judged": len(severe),
            "negatives_judged": len(self.negatives),
            "pairs_not_judged": len(self.unjudged),
            "recall_moderate_or_worse": round(self.recall("moderate"), 3),
            "recall_major_or_worse": round(self.recall("major"), 3),
            "severe_flagged_moderate_or_worse": round(self.recall("moderate", severe_only=True), 3),
            "severe_flagged_major_or_worse": round(self.recall("major", severe_only=True), 3),
            "graded_at_least_as_the_source": round(self.graded_as_source(), 3),
            "false_alarms_moderate_or_worse": round(self.false_alarms(), 3),
        }


def _share(items: list, test) -> float:
    return sum(1 for item in items if test(item)) / len(items) if items else 0.0


def load_table(path: str | Path) -> dict[str, Any]:
    """Return a validation table read from YAML (see tests/data/label-validation.yaml for the shape)."""
    return yaml.safe_load(Path(path).read_text("utf-8"))


def evaluate(kb: Knowledge, table: dict[str, Any]) -> Evaluation:
    """Return how the knowledge grades every pair of the table.

    A pair named by both drugs' entries is judged once, at the more severe expectation; a pair
    one entry calls interacting and the other not is judged as interacting.
    """
    rows = [
        (entry["id"], row["partner"], row.get("severity") if kind == "interactions" else None)
        for entry in table["drugs"]
        for kind in ("interactions", "negatives")
        for row in entry.get(kind, [])
    ]
    pairs: dict[frozenset[str], tuple[str, str, str | None]] = {}
    result = Evaluation()
    for drug, partner, grade in rows:
        ids = _resolve(kb, drug), _resolve(kb, partner)
        if None in ids or ids[0] == ids[1]:
            result.unjudged.append((drug, partner))
            continue
        key = frozenset(ids)
        if key in pairs:
            previous = pairs[key][2]
            if previous is not None and (grade is None or at_least(previous, grade)):
                continue
        pairs[key] = (drug, partner, grade)
    for key, (drug, partner, grade) in sorted(pairs.items(), key=lambda item: sorted(item[0])):
        judged = Judged(drug, partner, grade, _worst(kb, sorted(key)))
        (result.positives if grade is not None else result.negatives).append(judged)
    return result


def _resolve(kb: Knowledge, name: str) -> str | None:
    drugs = resolve_medications(kb, [name]).drugs
    return drugs[0] if drugs else None


def _worst(kb: Knowledge, drugs: list[str]) -> str | None:
    found = [i["severity"] for i in check_medications(kb, drugs)["interactions"]]
    return min(found, key=SEVERITIES.index) if found else None


def report(evaluation: Evaluation, title: str, misses: int = 0) -> str:
    """Return the figures as lines of text, with up to `misses` pairs graded below their source listed."""
    figures = evaluation.summary()
    lines = [f"{title}:"]
    lines += [f"  {name.replace('_', ' ')}: {value}" for name, value in figures.items()]
    for judged in evaluation.below_source()[:misses]:
        lines.append(
            f"  below source: {judged.drug} + {judged.partner} (source {judged.expected}, found {judged.found})"
        )
    return "\n".join(lines)
