"""Name resolution: exact after folding, codes verified, ambiguity reported, suggestions never used."""

from __future__ import annotations

import pytest

from service.kb.resolver import NameResolver


@pytest.mark.parametrize(
    "text, drug, matched_by",
    [
        ("Gleevec", "imat", "brand"),
        ("GLEEVEC", "imat", "brand"),
        ("sti 571", "imat", "research-code"),
        ("STI571", "imat", "research-code"),
        ("imatinib mesylate", "imat", "usan"),
        ("Imatinib Mesilate", "imat", "salt"),
        ("152459-95-5", "imat", "cas"),
        ("220127-57-1", "imat", "cas"),
        ("L01EA01", "imat", "atc"),
        ("l01xe01", "imat", "atc"),  # withdrawn code still resolves
        ("6135", "keto", "rxcui"),
        ("Rifampin", "rifa", "usan"),
        ("Warfarin Sodium 5 MG Oral Tablet", "warf", "product-text"),
        ("  Ketoconazole  ", "keto", "name"),
    ],
)
def test_inputs_resolve_to_their_drug(fixture_kb, text, drug, matched_by):
    resolution = fixture_kb.resolver.resolve(text)
    assert resolution.match is not None, resolution
    assert (resolution.match.drug, resolution.match.matched_by) == (drug, matched_by)


def test_a_salt_resolves_to_its_base_and_says_which_salt(fixture_kb):
    match = fixture_kb.resolver.resolve("imatinib mesylate").match
    assert match.drug == "imat" and match.salt == "imatinib mesilate"


def test_a_cas_number_with_a_wrong_check_digit_is_refused_not_guessed(fixture_kb):
    resolution = fixture_kb.resolver.resolve("152459-95-4")
    assert resolution.match is None and resolution.reason == "invalid-cas"


def test_unknown_input_gets_suggestions_but_no_match(fixture_kb):
    resolution = fixture_kb.resolver.resolve("Imatinb")
    assert resolution.match is None
    assert resolution.reason == "unknown"
    assert resolution.candidates == ["imat"]


def test_nonsense_gets_no_suggestions(fixture_kb):
    assert fixture_kb.resolver.resolve("qqqqzzzz").candidates == []


def test_a_name_shared_by_two_drugs_is_ambiguous_never_guessed():
    drugs = {
        drug_id: {
            "name": drug_id.title(),
            "names": [{"name": "Duo", "kind": "brand"}],
            "salts": [],
            "cas": [],
            "atc": [],
            "rxcui": [],
        }
        for drug_id in ("alpha", "beta")
    }
    resolution = NameResolver(drugs).resolve("duo")
    assert resolution.match is None
    assert resolution.reason == "ambiguous"
    assert resolution.candidates == ["alpha", "beta"]


def _drug(name: str) -> dict:
    return {"name": name, "names": [], "salts": [], "cas": [], "atc": [], "rxcui": []}


@pytest.mark.parametrize(
    ("text", "drug", "matched_name"),
    [
        ("Calcium Gluconate 100 MG/ML Injectable Solution", "calcium-gluconate", "Calcium Gluconate"),
        ("Magnesium Sulfate 500 MG/ML Injectable Solution", "magnesium-sulfate", "Magnesium Sulfate"),
        ("Heparin Sodium 1000 UNT/ML Injectable Solution", "heparin", "Heparin"),
    ],
)
def test_product_text_whose_name_is_all_salt_words_is_read_whole(text, drug, matched_name):
    drugs = {d: _drug(d.replace("-", " ").title()) for d in ("calcium-gluconate", "magnesium-sulfate", "heparin")}
    drugs["calcium"] = _drug("Calcium")  # must not catch "Calcium Gluconate ..." by cutting it down
    match = NameResolver(drugs).resolve(text).match
    assert (match.drug, match.matched_by, match.matched_name) == (drug, "product-text", matched_name)


def test_product_text_of_salt_words_alone_does_not_resolve():
    assert NameResolver({"calcium-gluconate": _drug("Calcium Gluconate")}).resolve("Sodium 5 MG").match is None


def test_unknown_codes_do_not_resolve(fixture_kb):
    assert fixture_kb.resolver.resolve_code("rxcui", "999999").reason == "unknown"
    assert fixture_kb.resolver.resolve_code("atc", "A01AA01").reason == "unknown"
    assert fixture_kb.resolver.resolve_code("cas", "12345-67-8").reason == "invalid-cas"


def test_search_puts_exact_matches_first(fixture_kb):
    results = fixture_kb.resolver.search("gleevec")
    assert results[0][:2] == ("imat", "Gleevec")
