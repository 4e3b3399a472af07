"""The well-established IV compatibility facts the bundled knowledge must answer, checked through the engine."""

from __future__ import annotations

import pytest

from service.engine import ivcheck, lines
from service.engine.infusions import resolve_infusions
from service.kb.catalogue import knowledge_stats


def _check(kb, items, **setting):
    return ivcheck.check_compatibility(kb, resolve_infusions(kb, items, **setting))


def _pair(result, a, b):
    return next(p for p in result["pairs"] if set(p["drugs"]) == {a, b})


def _vehicle(result, drug, vehicle):
    return next(v for v in result["vehicles"] if (v["drug"], v["vehicle"]) == (drug, vehicle))


def test_at_least_300_referenced_observations(bundled_kb):
    assert knowledge_stats(bundled_kb)["counts"]["compatibility_observations"] >= 300
    assert all(record["refs"] for record in bundled_kb.records.compatibility.values())


@pytest.mark.parametrize(
    ("drug", "vehicle", "result"),
    [
        ("ceftriaxone", "Hartmann's", "incompatible"),
        ("ceftriaxone", "Ringer's solution", "incompatible"),
        ("ceftriaxone", "sodium chloride 0.9%", "compatible"),
        ("phenytoin", "glucose 5%", "incompatible"),
        ("phenytoin", "sodium chloride 0.9%", "compatible"),
        ("amphotericin B", "sodium chloride 0.9%", "incompatible"),
        ("AmBisome", "sodium chloride 0.9%", "incompatible"),
        ("amphotericin B", "glucose 5%", "compatible"),
        ("oxaliplatin", "sodium chloride 0.9%", "incompatible"),
        ("oxaliplatin", "Hartmann's", "incompatible"),
        ("oxaliplatin", "glucose 5%", "compatible"),
        ("daptomycin", "glucose 5%", "incompatible"),
        ("daptomycin", "sodium chloride 0.9%", "compatible"),
        ("ertapenem", "glucose 5%", "incompatible"),
        ("ertapenem", "sodium chloride 0.9%", "compatible"),
        ("trastuzumab", "glucose 5%", "incompatible"),
        ("trastuzumab", "sodium chloride 0.9%", "compatible"),
        ("diazepam", "sodium chloride 0.9%", "incompatible"),
        ("pantoprazole", "sodium chloride 0.9%", "compatible"),
        ("noradrenaline", "glucose 5%", "compatible"),
        ("potassium chloride", "sodium chloride 0.9%", "compatible"),
        ("heparin", "glucose 5%", "compatible"),
        ("amiodarone", "glucose 5%", "compatible"),
        ("piperacillin", "Hartmann's", "incompatible"),  # only the edetate formulation allows it: which is unknown
    ],
)
def test_drug_in_diluent(bundled_kb, drug, vehicle, result):
    answer = _check(bundled_kb, [drug], diluents=[vehicle])
    (verdict,) = answer["vehicles"]
    assert verdict["result"] == result
    assert verdict["shares_line"] is (result == "compatible")


@pytest.mark.parametrize(
    ("a", "b", "result"),
    [
        ("ceftriaxone", "calcium gluconate", "incompatible"),
        ("ceftriaxone", "calcium chloride", "incompatible"),
        ("calcium chloride", "potassium phosphate", "incompatible"),
        ("calcium gluconate", "sodium bicarbonate", "incompatible"),
        ("oxaliplatin", "fluorouracil", "incompatible"),
        ("oxaliplatin", "sodium bicarbonate", "incompatible"),
        ("furosemide", "milrinone", "incompatible"),
        ("furosemide", "midazolam", "incompatible"),
        ("furosemide", "amiodarone", "incompatible"),
        ("furosemide", "gentamicin", "incompatible"),
        ("propofol", "diazepam", "incompatible"),
        ("dexmedetomidine", "noradrenaline", "compatible"),
        ("sufentanil", "midazolam", "compatible"),
        ("amiodarone", "insulin", "compatible"),
        ("amiodarone", "potassium chloride", "compatible"),
    ],
)
def test_pair(bundled_kb, a, b, result):
    answer = _check(bundled_kb, [a, b])
    (pair,) = answer["pairs"]
    assert pair["result"] == result
    assert all(observation["refs"] for observation in pair["observations"])


@pytest.mark.parametrize(("mg_per_ml", "met"), [(4, True), (5, True), (10, False), (None, None)])
def test_vancomycin_with_a_beta_lactam_depends_on_the_vancomycin_concentration(bundled_kb, mg_per_ml, met):
    vancomycin = {"drug": "vancomycin"}
    if mg_per_ml is not None:
        vancomycin["concentration"] = {"value": mg_per_ml, "unit": "mg/mL"}
    pair = _pair(_check(bundled_kb, [vancomycin, "piperacillin"]), "vancomycin", "piperacillin")
    assert (pair["result"], pair["conditions_met"], pair["shares_line"]) == ("conditional", met, met is True)


def test_vancomycin_and_ceftriaxone_stay_incompatible_even_at_a_low_vancomycin_concentration(bundled_kb):
    vancomycin = {"drug": "vancomycin", "concentration": {"value": 4, "unit": "mg/mL"}}
    pair = _pair(_check(bundled_kb, [vancomycin, "ceftriaxone"]), "vancomycin", "ceftriaxone")
    assert (pair["result"], pair["shares_line"]) == ("incompatible", False)


def test_icu_infusions_without_data_are_kept_apart_and_said_so(bundled_kb):
    answer = _check(bundled_kb, ["noradrenaline", "heparin"])
    pair = _pair(answer, "norepinephrine", "heparin")
    assert (pair["result"], pair["shares_line"]) == ("no-data", False)
    assert pair["advice"].startswith("No compatibility data: treat as incompatible.")


def test_a_plan_never_carries_ceftriaxone_in_a_calcium_containing_fluid(bundled_kb):
    plan = lines.plan_lines(bundled_kb, resolve_infusions(bundled_kb, ["ceftriaxone"], diluents=["Hartmann's"]))
    assert [(line["drugs"], line["diluent"]) for line in plan["lines"]] == [(["ceftriaxone"], None)]
    assert plan["no_suitable_diluent"] == ["ceftriaxone"]


def test_a_plan_puts_oxaliplatin_in_glucose_and_trastuzumab_in_saline(bundled_kb):
    plan = lines.plan_lines(bundled_kb, resolve_infusions(bundled_kb, ["oxaliplatin", "trastuzumab"]))
    assert sorted((line["drugs"][0], line["diluent"]) for line in plan["lines"]) == [
        ("oxaliplatin", "glucose-5"),
        ("trastuzumab", "sodium-chloride-0-9"),
    ]
