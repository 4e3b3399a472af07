"""Breadth: the medicines prescribers use most, and the WHO essential medicines, are all in the knowledge.

An unrecognised medicine is reported, never treated as "no interactions", but each one is a hole in
every answer it appears in; these lists keep the holes from coming back.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from service.engine import resolve_medications

DATA = Path(__file__).resolve().parents[1] / "data"
LISTS = yaml.safe_load((DATA / "coverage-lists.yaml").read_text("utf-8"))
NAMES = yaml.safe_load((DATA / "common-names.yaml").read_text("utf-8"))


@pytest.mark.parametrize("listed", sorted(LISTS))
def test_every_medicine_of_the_list_is_recognised(bundled_kb, listed):
    missing = [name for name in dict.fromkeys(LISTS[listed]) if not resolve_medications(bundled_kb, [name]).drugs]
    assert missing == []


def test_the_lists_are_the_size_they_claim():
    assert len(set(LISTS["us_most_prescribed"])) >= 300
    assert len(set(LISTS["who_eml_systemic"])) >= 300


@pytest.mark.parametrize("row", NAMES, ids=lambda row: row["name"])
def test_uk_us_and_eu_names_resolve_to_the_same_medicine(bundled_kb, row):
    assert resolve_medications(bundled_kb, [row["name"]]).drugs == [row["drug"]]


def test_at_least_800_medicines_each_with_an_assessed_profile_or_saying_not_assessed(bundled_kb):
    medicines = {d: r for d, r in bundled_kb.records.drugs.items() if r["kind"] in ("drug", "biological")}
    assert len(medicines) >= 800
    assert {r["enzyme_profile"] for r in medicines.values()} <= {"assessed", "not-assessed"}
