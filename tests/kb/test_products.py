"""Combination products: a brand that stands for several ingredients resolves to all of them, never one."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from service.engine import check_medications, resolve_medications
from service.engine.infusions import resolve_infusions
from service.fhir.medications import extract_medications
from service.fhir.resolution import resolve_medication
from service.kb import KnowledgeError
from service.kb.loader import load_records
from service.kb.resolver import NameResolver


def _drug(name: str) -> dict:
    return {"name": name, "salts": [], "names": [], "cas": [], "atc": [], "rxcui": []}


@pytest.fixture
def resolver() -> NameResolver:
    drugs = {"nirm": _drug("Nirmatrelvir"), "rito": _drug("Ritonavir")}
    products = {
        "nirm-rito": {
            "name": "Paxlovid",
            "names": [{"name": "Paxlovid Pack", "kind": "brand"}],
            "ingredients": ["nirm", "rito"],
        }
    }
    return NameResolver(drugs, products)


@pytest.mark.parametrize(
    "text, matched_by",
    [
        ("Paxlovid", "combination"),
        ("PAXLOVID", "combination"),
        ("paxlovid pack", "combination"),
        ("Paxlovid 300 MG / 100 MG Oral Tablet", "combination-product-text"),
    ],
)
def test_a_combination_resolves_to_every_ingredient(resolver, text, matched_by):
    resolution = resolver.resolve(text)
    assert [(m.drug, m.matched_by) for m in resolution.matches()] == [("nirm", matched_by), ("rito", matched_by)]
    assert resolution.product in ("Paxlovid", "Paxlovid Pack")


def test_code_reading_only_the_single_match_sees_nothing_rather_than_one_ingredient(resolver):
    resolution = resolver.resolve("Paxlovid")
    assert resolution.match is None and resolution.reason is None


def test_a_single_drug_still_resolves_alone(resolver):
    assert [m.drug for m in resolver.resolve("ritonavir").matches()] == ["rito"]


def _write_products(root: Path, products: list[dict]) -> None:
    (root / "products.yaml").write_text(yaml.safe_dump(products, sort_keys=False), encoding="utf-8")


def _product(**fields) -> dict:
    return {"id": "imat-keto", "name": "Fixcombo", "ingredients": ["imat", "keto"], "refs": ["fda-table"]} | {
        "added": "2026-12-05",
        **fields,
    }


@pytest.mark.parametrize(
    "product, error",
    [
        (
            _product(names=[{"name": "Nizoral", "kind": "brand"}]),
            "products.yaml: [imat-keto].names: name 'nizoral' is also a name of drug 'keto'",
        ),
        (
            _product(ingredients=["imat", "zorblaxin"]),
            "products.yaml: [imat-keto].ingredients[1]: unknown drug 'zorblaxin'",
        ),
        (
            _product(ingredients=["imat"]),
            "products.yaml: [imat-keto].ingredients: a combination has two or more ingredients",
        ),
        (
            _product(ingredients=["imat", "imat"]),
            "products.yaml: [imat-keto].ingredients: an ingredient is listed twice",
        ),
        (_product(refs=[]), "products.yaml: [imat-keto].refs: every fact needs at least one reference"),
    ],
)
def test_the_validator_refuses_a_product_that_could_drop_or_misname_an_ingredient(knowledge_copy, product, error):
    _write_products(knowledge_copy, [product])
    with pytest.raises(KnowledgeError) as caught:
        load_records(knowledge_copy)
    assert error in [str(issue) for issue in caught.value.issues]


def test_a_valid_product_loads(knowledge_copy):
    _write_products(knowledge_copy, [_product()])
    assert load_records(knowledge_copy).products["imat-keto"]["ingredients"] == ["imat", "keto"]


def test_every_bundled_product_resolves_to_all_its_ingredients(bundled_kb):
    products = bundled_kb.records.products
    assert len(products) >= 80
    for product in products.values():
        for name in (product["name"], *(entry["name"] for entry in product["names"])):
            resolved = resolve_medications(bundled_kb, [name])
            assert resolved.drugs == product["ingredients"], name
            assert {m["product"] for m in resolved.medications} == {name}


def test_a_combination_brand_brings_its_hidden_interacting_ingredient(bundled_kb):
    """Tarka is trandolapril with verapamil: verapamil caps simvastatin, so the pair must be found."""
    result = check_medications(bundled_kb, ["Tarka", "simvastatin"])
    pairs = {tuple(i["drugs"]): i["severity"] for i in result["interactions"]}
    assert pairs[("simvastatin", "verapamil")] == "moderate"
    assert [(m["input"], m["drug"], m["product"]) for m in result["medications"][:2]] == [
        ("Tarka", "trandolapril", "Tarka"),
        ("Tarka", "verapamil", "Tarka"),
    ]


def test_the_booster_inside_paxlovid_is_checked(bundled_kb):
    result = check_medications(bundled_kb, ["Paxlovid", "simvastatin"])
    worst = {tuple(i["drugs"]): i["severity"] for i in result["interactions"]}
    assert worst[("ritonavir", "simvastatin")] == "contraindicated"


def test_a_fhir_medication_naming_a_combination_resolves_to_its_ingredients(bundled_kb):
    found = extract_medications(
        {"resourceType": "MedicationRequest", "medicationCodeableConcept": {"text": "Symbicort"}}
    )
    resolved = resolve_medication(bundled_kb, found[0])
    assert (resolved.drugs, resolved.recognised) == (["budesonide", "formoterol"], True)


def test_an_iv_combination_is_judged_by_the_ingredient_its_observations_are_recorded_under(bundled_kb):
    infusions = resolve_infusions(bundled_kb, ["Tazocin", "gentamicin"])
    assert [(m["input"], m["drug"]) for m in infusions.medications] == [
        ("Tazocin", "piperacillin"),
        ("gentamicin", "gentamicin"),
    ]
    assert [i.drug for i in infusions.infusions] == ["piperacillin", "gentamicin"]


def test_an_iv_combination_without_a_recorded_ingredient_asks_which_rather_than_guessing(bundled_kb):
    infusions = resolve_infusions(bundled_kb, ["Co-trimoxazole", "gentamicin"])
    assert [i.drug for i in infusions.infusions] == ["gentamicin"]
    assert infusions.unrecognized == [
        {
            "input": "Co-trimoxazole",
            "reason": "ambiguous",
            "detail": "a combination product whose IV compatibility is not recorded as one drug; name the ingredient",
            "suggestions": ["sulfamethoxazole", "trimethoprim"],
        }
    ]


def test_infused_as_must_be_an_ingredient(knowledge_copy):
    _write_products(knowledge_copy, [_product(infused_as="warf")])
    with pytest.raises(KnowledgeError) as caught:
        load_records(knowledge_copy)
    assert "products.yaml: [imat-keto].infused_as: must be one of the ingredients" in [
        str(issue) for issue in caught.value.issues
    ]


def test_a_misspelt_product_is_suggested_by_its_id_which_resolves(bundled_kb):
    resolved = resolve_medications(bundled_kb, ["Paxlovd"])
    assert resolved.unrecognized[0]["suggestions"][0] == "nirmatrelvir-ritonavir"
    assert resolve_medications(bundled_kb, ["nirmatrelvir-ritonavir"]).drugs == ["nirmatrelvir", "ritonavir"]
