"""Precision and recall on well-known pairs: every known interaction found at its severity, no false alarms.

The table lives in tests/data/regression-pairs.yaml. The suite prints recall and false positives,
and fails on any regression.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from service.engine import check_medications
from service.engine.severity import at_least

TABLE = yaml.safe_load((Path(__file__).resolve().parents[1] / "data" / "regression-pairs.yaml").read_text("utf-8"))


def _worst(bundled_kb, drugs):
    found = [i["severity"] for i in check_medications(bundled_kb, drugs)["interactions"]]
    return min(found, key=("contraindicated", "major", "moderate", "minor").index) if found else None


def test_table_is_large_enough():
    assert len(TABLE["positives"]) >= 80
    assert len(TABLE["negatives"]) >= 30


def test_recall_and_false_positives(bundled_kb, capsys):
    missed, alarms = [], []
    for case in TABLE["positives"]:
        worst = _worst(bundled_kb, case["drugs"])
        if worst is None or not at_least(worst, case["min_severity"]):
            missed.append(f"{' + '.join(case['drugs'])}: expected {case['min_severity']}, got {worst}")
    for case in TABLE["negatives"]:
        worst = _worst(bundled_kb, case["drugs"])
        if worst is not None and at_least(worst, "moderate"):
            alarms.append(f"{' + '.join(case['drugs'])}: {worst}")
    positives, negatives = len(TABLE["positives"]), len(TABLE["negatives"])
    with capsys.disabled():
        print(
            f"\nregression table: recall {positives - len(missed)}/{positives} "
            f"({100 * (positives - len(missed)) / positives:.1f}%), "
            f"false positives {len(alarms)}/{negatives}"
        )
    assert missed == [] and alarms == []


@pytest.mark.parametrize("case", TABLE["positives"], ids=lambda c: "+".join(c["drugs"]))
def test_known_pair_is_found_at_its_severity(bundled_kb, case):
    worst = _worst(bundled_kb, case["drugs"])
    assert worst is not None and at_least(worst, case["min_severity"]), worst


@pytest.mark.parametrize("case", TABLE["negatives"], ids=lambda c: "+".join(c["drugs"]))
def test_safe_pair_raises_no_moderate_or_worse_alarm(bundled_kb, case):
    worst = _worst(bundled_kb, case["drugs"])
    assert worst is None or not at_least(worst, "moderate"), worst
