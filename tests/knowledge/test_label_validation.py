"""The knowledge judged by an independent table: the interactions 40 randomly drawn labels name.

tests/data/label-validation.yaml was written from the labels of 40 drugs drawn at random (seed and
commit in the file) by someone who did not look at the knowledge's interactions, before any
comparison. It is never edited to agree with the knowledge, and the knowledge is never curated from
it: its misses are not a to-do list. The suite prints the figures on every run; the floors below
only stop a release from silently falling behind the last measured figures.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from service.engine import resolve_medications
from service.evaluation import evaluate, load_table, report
from service.kb.vocabulary import SEVERITIES

TABLE_PATH = Path(__file__).resolve().parents[1] / "data" / "label-validation.yaml"
TABLE = load_table(TABLE_PATH)

FLOORS = {
    "severe_flagged_moderate_or_worse": 0.79,
    "severe_flagged_major_or_worse": 0.43,
    "recall_moderate_or_worse": 0.65,
}
"""The figures of the knowledge before label-level curation (commit 0bc60f7), as floors."""

FALSE_ALARM_CEILING = 0.15
"""False alarms on pairs the labels say do not interact, at moderate or worse (0bc60f7: 0.107)."""


def test_the_table_is_a_reproducible_draw_of_forty_labels():
    assert (TABLE["seed"], TABLE["drawn_from_commit"]) == (20261205, "0bc60f7")
    assert len(TABLE["drugs"]) == 40 and len({entry["id"] for entry in TABLE["drugs"]}) == 40
    assert sum(len(entry.get("negatives", [])) for entry in TABLE["drugs"]) >= 40
    for entry in TABLE["drugs"]:
        assert entry["label"], entry["id"]
        for row in entry.get("interactions", []):
            assert row["severity"] in SEVERITIES and row["says"] and row["section"], (entry["id"], row)


def test_every_drawn_drug_is_in_the_knowledge(bundled_kb):
    missing = [e["id"] for e in TABLE["drugs"] if not resolve_medications(bundled_kb, [e["id"]]).drugs]
    assert missing == []


@pytest.fixture(scope="module")
def evaluation(bundled_kb):
    return evaluate(bundled_kb, TABLE)


def test_figures_against_the_independent_table(evaluation, capsys):
    with capsys.disabled():
        print("\n" + report(evaluation, "independent label table (tests/data/label-validation.yaml)"))
    figures = evaluation.summary()
    assert {name: figures[name] for name in FLOORS} == {
        name: max(figures[name], floor) for name, floor in FLOORS.items()
    }, "a release may not fall below the figures measured before label-level curation"
    assert figures["false_alarms_moderate_or_worse"] <= FALSE_ALARM_CEILING
