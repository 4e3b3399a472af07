"""Lookup views of the knowledge: a drug, an enzyme, a search."""

from __future__ import annotations

import pytest

from service.kb.catalogue import UnknownRecord, drug_view, enzyme_view, knowledge_stats, search_drugs


def test_drug_view_resolves_references_and_shows_effective_roles(fixture_kb):
    view = drug_view(fixture_kb, "flucon")
    assert [(r["enzyme"], r["role"], r["strength"], r["source"]) for r in view["enzymes"]] == [
        ("cyp2c9", "inhibitor", "moderate", "drug"),
        ("cyp3a4", "inhibitor", "moderate", "class:azoles"),
    ]
    assert view["interactions"] == [
        {"id": "imat-azoles", "with": "imat", "severity": "moderate", "summary": "Azoles raise imat exposure."}
    ]
    assert view["references"] == [
        {"id": "fda-table", "citation": "Table of substrates inhibitors and inducers. FDA, 2023."}
    ]


def test_drug_view_lists_compatibility_observations(fixture_kb):
    view = drug_view(fixture_kb, "alde")
    assert [c["id"] for c in view["compatibility"]] == ["alde-ganci-y-site", "alde-saline", "alde-glucose"]


def test_unknown_drug_raises_with_suggestions(fixture_kb):
    with pytest.raises(UnknownRecord) as caught:
        drug_view(fixture_kb, "imatt")
    assert caught.value.suggestions == ["imat"]


def test_enzyme_view_groups_drugs_by_role_and_strength(fixture_kb):
    view = enzyme_view(fixture_kb, "cyp3a4")
    assert view["substrates"] == {"moderate": ["imat"]}
    assert view["inhibitors"] == {"strong": ["keto"], "moderate": ["flucon"]}
    assert view["inducers"] == {"strong": ["rifa"]}


def test_search_finds_by_brand_and_code(fixture_kb):
    assert search_drugs(fixture_kb, "Gleevec")[0]["id"] == "imat"
    assert search_drugs(fixture_kb, "L01XE01")[0] == {
        "id": "imat",
        "name": "Imatinib",
        "matched_name": "atc L01XE01",
        "score": 100.0,
    }


def test_drug_view_says_when_the_labels_were_reviewed_and_which(fixture_kb):
    assert drug_view(fixture_kb, "imat")["label_review"] == {
        "date": "2026-12-05",
        "note": "SmPC read as well.",
        "references": [{"id": "study-a", "citation": "Smith A, Jones B. A study of A. J Test 2004; 54: 290-4."}],
    }
    assert "label_review" not in drug_view(fixture_kb, "keto")


def test_stats_report_each_drugs_label_review_date_or_none(fixture_kb):
    review = knowledge_stats(fixture_kb)["label_review"]
    assert review["by_drug"]["imat"] == "2026-12-05"
    assert review["by_drug"]["keto"] is None
    assert set(review["by_drug"]) == set(fixture_kb.records.drugs)
    assert (review["reviewed"], review["not_reviewed"]) == (1, len(fixture_kb.records.drugs) - 1)
