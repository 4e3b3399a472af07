"""IV compatibility checks and line plans on the fixture knowledge: exact answers."""

from __future__ import annotations

import pytest

from service.engine import ivcheck, lines
from service.engine.infusions import resolve_infusions


def check_compatibility(kb, items, **setting):
    return ivcheck.check_compatibility(kb, resolve_infusions(kb, items, **setting))


def plan_lines(kb, items, **setting):
    return lines.plan_lines(kb, resolve_infusions(kb, items, **setting))


def _pair(result, a, b):
    return next(p for p in result["pairs"] if set(p["drugs"]) == {a, b})


def test_a_pair_without_data_is_no_data_and_may_not_share_a_line(fixture_kb):
    pair = _pair(check_compatibility(fixture_kb, ["imat", "warf"]), "imat", "warf")
    assert pair["result"] == "no-data" and pair["shares_line"] is False
    assert pair["advice"].startswith("No compatibility data: treat as incompatible.")
    assert pair["observations"] == []


def test_an_incompatible_observation_carries_its_conditions_and_what_was_seen(fixture_kb):
    pair = _pair(check_compatibility(fixture_kb, ["alde", "ganci"]), "alde", "ganci")
    assert (pair["result"], pair["severity"], pair["shares_line"]) == ("incompatible", "moderate", False)
    (observation,) = pair["observations"]
    assert observation["conditions"] == {"diluents": ["glucose-5"], "concentrations": {"alde": "33 800 units/mL"}}
    assert observation["seen"] == ["activity-loss"] and observation["refs"] == ["study-a"]


@pytest.mark.parametrize(
    ("concentration", "met", "shares"),
    [
        ({"value": 0.2, "unit": "mg/mL"}, True, True),
        ({"value": 250, "unit": "micrograms/mL"}, True, True),  # 0.25 mg/mL: on the limit
        ({"value": 0.5, "unit": "mg/mL"}, False, False),
        ({"value": 3, "unit": "units/mL"}, None, False),  # does not convert: unknown
        (None, None, False),
    ],
)
def test_a_conditional_result_says_whether_the_callers_conditions_meet_it(fixture_kb, concentration, met, shares):
    digo = {"drug": "digo", **({"concentration": concentration} if concentration else {})}
    pair = _pair(check_compatibility(fixture_kb, [digo, "ibu"]), "digo", "ibu")
    assert (pair["result"], pair["conditions_met"], pair["shares_line"]) == ("conditional", met, shares)
    assert pair["observations"][0]["limits"]["text"] == "Digoxin at most 0.25 mg/mL"
    assert pair["observations"][0]["limits"]["met"] is met


def test_most_worrying_pairs_come_first_and_the_summary_counts_them(fixture_kb):
    result = check_compatibility(fixture_kb, ["flucon", "keto", "alde", "ganci"])
    assert [p["result"] for p in result["pairs"]] == [
        "incompatible",
        "no-data",
        "no-data",
        "no-data",
        "no-data",
        "compatible",
    ]
    assert result["summary"] == {"incompatible": 1, "no-data": 4, "conditional": 0, "compatible": 1}
    assert [r["id"] for r in result["references"]] == ["study-a", "study-b"]


def test_drugs_in_intended_diluents_and_containers(fixture_kb):
    result = check_compatibility(
        fixture_kb,
        [{"drug": "alde", "concentration": {"value": 50, "unit": "micrograms/mL"}}, "ganci", "digo"],
        diluents=["normal saline", "D5W"],
        containers=["PVC"],
    )
    verdicts = {(v["drug"], v["vehicle"]): (v["result"], v.get("conditions_met")) for v in result["vehicles"]}
    assert verdicts == {
        ("alde", "sodium-chloride-0-9"): ("incompatible", None),
        ("alde", "glucose-5"): ("conditional", True),
        ("alde", "pvc"): ("no-data", None),
        ("ganci", "sodium-chloride-0-9"): ("compatible", None),
        ("ganci", "glucose-5"): ("compatible", None),
        ("ganci", "pvc"): ("no-data", None),
        ("digo", "sodium-chloride-0-9"): ("no-data", None),
        ("digo", "glucose-5"): ("no-data", None),
        ("digo", "pvc"): ("incompatible", None),
    }
    assert result["setting"] == {
        "diluents": ["sodium-chloride-0-9", "glucose-5"],
        "containers": ["pvc"],
        "contact_hours": None,
    }


def test_without_intended_vehicles_each_drug_shows_those_it_has_data_for(fixture_kb):
    result = check_compatibility(fixture_kb, ["ganci", "imat"])
    assert sorted((v["drug"], v["vehicle"]) for v in result["vehicles"]) == [
        ("ganci", "glucose-5"),
        ("ganci", "sodium-chloride-0-9"),
    ]


def test_unknown_drugs_and_vehicles_are_reported_with_suggestions_never_dropped(fixture_kb):
    result = check_compatibility(fixture_kb, ["alde", "gancy", {"drug": "ganci", "diluent": "salin"}], diluents=["PVC"])
    assert result["complete"] is False
    assert [(u["input"], u["suggestions"]) for u in result["unrecognized"]] == [
        ("gancy", ["ganci"]),
        ("salin", ["sodium-chloride-0-9", "sodium-chloride-0-45"]),
        ("PVC", []),
    ]
    assert result["unrecognized"][2]["detail"] == "diluents: a container, not a diluent"


def test_a_repeated_drug_is_one_infusion(fixture_kb):
    result = check_compatibility(fixture_kb, ["alde", "Alde", "ganci"])
    assert len(result["medications"]) == 3 and len(result["pairs"]) == 1


def test_plan_keeps_incompatible_and_no_data_pairs_apart_with_a_proof(fixture_kb):
    result = plan_lines(fixture_kb, ["flucon", "keto", "alde", "ganci"])
    assert [line["drugs"] for line in result["lines"]] == [["flucon", "keto"], ["alde"], ["ganci"]]
    minimality = result["minimality"]
    assert (minimality["lines"], minimality["lower_bound"], minimality["optimal"], minimality["proof"]) == (
        3,
        3,
        True,
        "clique",
    )
    assert sorted(minimality["clique"]) in (["alde", "flucon", "ganci"], ["alde", "ganci", "keto"])
    assert {tuple(p["drugs"]) for p in result["kept_apart"]} >= {("alde", "ganci")}


def test_each_line_gets_a_diluent_every_drug_on_it_suits(fixture_kb):
    result = plan_lines(
        fixture_kb, [{"drug": "alde", "concentration": {"value": 50, "unit": "micrograms/mL"}}, "ganci"]
    )
    assert [(line["drugs"], line["diluent"]) for line in result["lines"]] == [
        (["alde"], "glucose-5"),
        (["ganci"], "sodium-chloride-0-9"),
    ]


def test_a_drug_suited_by_no_candidate_diluent_is_flagged(fixture_kb):
    result = plan_lines(fixture_kb, ["flucon", "keto"], diluents=["glucose 5%"])
    assert result["lines"] == [
        {
            "line": 1,
            "drugs": ["flucon", "keto"],
            "diluent": "glucose-5",
            "diluent_name": "Glucose 5%",
            "no_suitable_diluent": ["flucon", "keto"],
        }
    ]
    assert result["no_suitable_diluent"] == ["flucon", "keto"]


def test_a_diluent_the_drug_is_shown_incompatible_with_never_carries_its_line(fixture_kb):
    only_saline = plan_lines(fixture_kb, ["alde"], diluents=["sodium chloride 0.9%"])
    assert only_saline["lines"] == [
        {"line": 1, "drugs": ["alde"], "diluent": None, "diluent_name": None, "no_suitable_diluent": ["alde"]}
    ]
    too_strong = plan_lines(
        fixture_kb,
        [{"drug": "alde", "concentration": {"value": 100, "unit": "micrograms/mL"}}],
        diluents=["glucose 5%", "sodium chloride 0.9%"],
    )
    assert [(line["diluent"], line["no_suitable_diluent"]) for line in too_strong["lines"]] == [(None, ["alde"])]
    unknown = plan_lines(fixture_kb, ["alde"], diluents=["sodium chloride 0.9%", "glucose 5%"])
    assert [line["diluent"] for line in unknown["lines"]] == ["glucose-5"]


def test_a_drug_with_no_carrier_is_not_put_with_others(fixture_kb):
    result = plan_lines(fixture_kb, ["alde", "flucon", "keto"], diluents=["sodium chloride 0.9%"])
    assert [(line["drugs"], line["diluent"]) for line in result["lines"]] == [
        (["alde"], None),
        (["flucon", "keto"], "sodium-chloride-0-9"),
    ]


def test_conditional_pair_shares_a_line_only_when_the_conditions_are_met(fixture_kb):
    low = plan_lines(fixture_kb, [{"drug": "digo", "concentration": {"value": 0.1, "unit": "mg/mL"}}, "ibu"])
    unknown = plan_lines(fixture_kb, ["digo", "ibu"])
    assert [line["drugs"] for line in low["lines"]] == [["digo", "ibu"]]
    assert [line["drugs"] for line in unknown["lines"]] == [["digo"], ["ibu"]]
