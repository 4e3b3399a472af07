"""Condition resolution: by code, by folded name or synonym, and by phrases inside recorded text."""

from __future__ import annotations

import pytest

from service.kb.conditions import ConditionResolver

CONDITIONS = {
    "peptic-ulcer-bleeding": {
        "name": "Peptic ulcer or gastrointestinal bleeding",
        "synonyms": ["peptic ulcer", "duodenal ulcer", "gastrointestinal haemorrhage", "gastrointestinal hemorrhage"],
        "codes": [
            {"system": "snomed", "code": "12847006", "display": "Acute duodenal ulcer with hemorrhage"},
            {"system": "icd10", "code": "K92.2", "display": "Gastrointestinal haemorrhage, unspecified"},
        ],
    },
    "renal-impairment": {"name": "Renal impairment", "synonyms": ["chronic kidney disease", "CKD"], "codes": []},
    "cardiac-disease": {"name": "Cardiac disease", "synonyms": ["heart failure"], "codes": []},
    "pregnancy": {"name": "Pregnancy", "synonyms": ["pregnant"]},
    "children": {"name": "Children", "synonyms": ["child"]},
}


@pytest.fixture
def resolver() -> ConditionResolver:
    return ConditionResolver(CONDITIONS)


@pytest.mark.parametrize(
    ("system", "code", "expected"),
    [
        ("snomed", "12847006", "peptic-ulcer-bleeding"),
        ("icd10", "k92.2 ", "peptic-ulcer-bleeding"),
        ("icd10", "12847006", None),
        ("snomed", "99999999", None),
    ],
)
def test_by_code_needs_the_system_and_the_code(resolver, system, code, expected):
    assert resolver.by_code(system, code) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("CKD", "renal-impairment"),
        ("chronic-kidney  disease", "renal-impairment"),
        ("RENAL-IMPAIRMENT", "renal-impairment"),
        ("Pregnant", "pregnancy"),
        ("kidney", None),
    ],
)
def test_by_name_folds_case_spaces_and_hyphens(resolver, text, expected):
    assert resolver.by_name(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Acute duodenal ulcer with hemorrhage", ["peptic-ulcer-bleeding"]),
        ("Upper gastrointestinal haemorrhage (disorder)", ["peptic-ulcer-bleeding"]),
        ("Chronic kidney disease stage 3", ["renal-impairment"]),
        ("Hypertensive heart and chronic kidney disease with heart failure", ["renal-impairment", "cardiac-disease"]),
        ("Not pregnant", []),  # one-word synonyms are never looked for inside text
        ("Childhood asthma", []),
        ("Duodenal ulcers", []),  # whole words only
    ],
)
def test_in_text_finds_multi_word_names_as_whole_words(resolver, text, expected):
    assert resolver.in_text(text) == expected


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("pregnant", ["pregnancy"]),
        ({"name": "Acute duodenal ulcer with hemorrhage"}, ["peptic-ulcer-bleeding"]),
        ({"system": "snomed", "code": "12847006"}, ["peptic-ulcer-bleeding"]),
        ({"system": "snomed", "code": "1"}, []),
        ("gout", []),
        (42, []),
    ],
)
def test_resolve_takes_strings_named_and_coded_inputs(resolver, given, expected):
    assert resolver.resolve(given) == expected


def test_an_exact_name_wins_over_phrases_inside_it(resolver):
    assert resolver.resolve_text("Peptic ulcer or gastrointestinal bleeding") == ["peptic-ulcer-bleeding"]


def test_the_bundled_knowledge_resolves_the_real_ehr_condition(bundled_kb):
    resolver = bundled_kb.condition_resolver
    assert resolver.by_code("snomed", "12847006") == "peptic-ulcer-bleeding"
    assert resolver.resolve_text("Acute duodenal ulcer with hemorrhage") == ["peptic-ulcer-bleeding"]
    assert resolver.resolve_text("Acute duodenal ulcer with haemorrhage") == ["peptic-ulcer-bleeding"]
