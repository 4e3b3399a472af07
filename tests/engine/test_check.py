"""The engine's answers on the fixture knowledge, asserted exactly."""

from __future__ import annotations

import pytest

from service.engine import check_medications


def _by_id(result):
    return {item["id"]: item for item in result["interactions"]}


def test_curated_finding_supersedes_the_prediction_and_keeps_its_path(fixture_kb):
    result = check_medications(fixture_kb, ["imatinib", "Nizoral"])
    pk = _by_id(result)["imat+keto:pharmacokinetic"]
    assert pk["severity"] == "moderate" and pk["evidence"] == "established"
    assert [m["source"] for m in pk["mechanisms"]] == ["curated"]  # the predicted twin is gone
    mechanism = pk["mechanisms"][0]
    assert mechanism["curated_id"] == "imat-keto"  # the drug-specific record beats the class record
    assert mechanism["path"] == ["keto", "CYP3A4", "imat"]
    assert (mechanism["perpetrator"], mechanism["victim"], mechanism["direction"]) == ("keto", "imat", "increases")
    assert mechanism["refs"] == pk["refs"] == ["study-a"]


def test_findings_cite_ids_and_the_answer_lists_each_cited_reference_once(fixture_kb):
    result = check_medications(
        fixture_kb, ["imatinib", "Nizoral", "warfarin", "ibuprofen"], conditions=["liver disease"]
    )
    cited = [r for i in result["interactions"] for r in i["refs"]] + [
        r for p in result["precautions"] for r in p["refs"]
    ]
    for interaction in result["interactions"]:
        assert set(interaction["refs"]) == {r for m in interaction["mechanisms"] for r in m["refs"]}
    assert [ref["id"] for ref in result["references"]] == list(dict.fromkeys(cited))
    assert {"id": "study-a", "citation": "Smith A, Jones B. A study of A. J Test 2004; 54: 290-4."} in result[
        "references"
    ]
    assert result["precautions"] and len(cited) > len(result["references"])  # shared references are listed once


def test_predicted_inhibition_explains_itself_with_the_path_and_strengths(fixture_kb):
    result = check_medications(fixture_kb, ["warfarin", "fluconazole"])
    item = _by_id(result)["flucon+warf:pharmacokinetic"]
    mechanism = item["mechanisms"][0]
    assert mechanism["path"] == ["flucon", "CYP2C9", "warf"]
    assert mechanism["edges"] == [
        {"from": "flucon", "relation": "inhibits", "to": "CYP2C9", "strength": "moderate", "via": "drug"},
        {"from": "warf", "relation": "substrate_of", "to": "CYP2C9", "strength": "moderate", "via": "drug"},
    ]
    assert item["severity"] == "major"
    assert mechanism["severity_basis"] == (
        "moderate inhibitor × moderate substrate: moderate (FDA classes); "
        "narrow therapeutic index: one step up, to major"
    )
    assert item["evidence"] == "predicted"
    assert item["summary"] == (
        "Fluconazole inhibits CYP2C9 (moderate), which metabolises Warfarin (moderate substrate): "
        "Warfarin exposure is expected to rise."
    )


def test_induction_lowers_exposure(fixture_kb):
    mechanism = _by_id(check_medications(fixture_kb, ["imat", "rifampin"]))["imat+rifa:pharmacokinetic"]["mechanisms"][
        0
    ]
    assert (mechanism["type"], mechanism["direction"]) == ("enzyme-induction", "decreases")


def test_transporters_are_found_like_enzymes(fixture_kb):
    item = _by_id(check_medications(fixture_kb, ["digo", "keto"]))["digo+keto:pharmacokinetic"]
    assert item["mechanisms"][0]["type"] == "transporter-inhibition"
    assert item["mechanisms"][0]["path"] == ["keto", "P-glycoprotein", "digo"]
    assert item["severity"] == "major"  # strong x sensitive


def test_class_member_without_the_role_gets_no_class_finding(fixture_kb):
    result = check_medications(fixture_kb, ["imat", "azith"])
    assert result["interactions"] == []


def test_class_curated_record_reaches_a_member_by_its_role(fixture_kb):
    item = _by_id(check_medications(fixture_kb, ["imat", "flucon"]))["flucon+imat:pharmacokinetic"]
    assert [m["curated_id"] for m in item["mechanisms"]] == ["imat-azoles"]


def test_shared_effect_gives_a_pharmacodynamic_finding_graded_by_the_lower_level(fixture_kb):
    item = _by_id(check_medications(fixture_kb, ["imat", "keto"]))["imat+keto:pharmacodynamic"]
    assert item["severity"] == "moderate"
    assert item["mechanisms"][0]["path"] == ["imat", "Hepatotoxicity", "keto"]
    assert item["mechanisms"][0]["severity_basis"] == (
        "both cause hepatotoxicity (Imatinib high, Ketoconazole high); at the lower level, high, the effect is graded "
        "moderate"
    )


def test_curated_pharmacodynamic_record_supersedes_the_shared_effect(fixture_kb):
    item = _by_id(check_medications(fixture_kb, ["warf", "ibu"]))["ibu+warf:pharmacodynamic"]
    assert [m["source"] for m in item["mechanisms"]] == ["curated"]
    assert item["severity"] == "major" and item["management"] == "Avoid; use paracetamol."
    assert item["mechanisms"][0]["severity_basis"] == "as documented in curated record warf-nsaids"


def test_iv_incompatibility_carries_the_conditions_of_the_observation(fixture_kb):
    item = _by_id(check_medications(fixture_kb, ["alde", "ganci"]))["alde+ganci:iv-incompatibility"]
    mechanism = item["mechanisms"][0]
    assert item["kind"] == "iv-incompatibility"
    assert mechanism["severity_basis"] == "as recorded for IV observation alde-ganci-y-site (incompatible)"
    assert mechanism["conditions"] == {
        "diluents": ["glucose-5"],
        "concentrations": {"alde": "33 800 units/mL"},
        "visible": False,
    }


def test_unrecognised_input_makes_the_answer_incomplete_and_is_never_dropped(fixture_kb):
    result = check_medications(fixture_kb, ["imat", "keto", "Imatinb", "12345-67-8"])
    assert result["complete"] is False
    assert result["unrecognized"] == [
        {"input": "Imatinb", "reason": "unknown", "detail": "not found in the knowledge", "suggestions": ["imat"]},
        {
            "input": "12345-67-8",
            "reason": "invalid-cas",
            "detail": "not a valid CAS number (check digit)",
            "suggestions": [],
        },
    ]
    assert [m["drug"] for m in result["medications"]] == ["imat", "keto"]
    assert "imat+keto:pharmacokinetic" in _by_id(result)


def test_coded_inputs_resolve(fixture_kb):
    result = check_medications(
        fixture_kb, [{"system": "rxnorm", "code": "6135"}, {"name": "Gleevec"}, {"system": "snomed", "code": "1"}]
    )
    assert [m["drug"] for m in result["medications"]] == ["keto", "imat"]
    assert result["unrecognized"][0]["reason"] == "unsupported-system"


def test_several_perpetrators_and_opposing_ones_are_noted_per_victim(fixture_kb):
    result = check_medications(fixture_kb, ["imat", "keto", "flucon", "rifa"])
    assert result["cumulative"] == [
        {
            "victim": "imat",
            "enzyme": "CYP3A4",
            "type": "opposing",
            "inhibitors": ["flucon", "keto"],
            "inducers": ["rifa"],
            "summary": "Imatinib: Fluconazole, Ketoconazole inhibit and Rifampicin induces CYP3A4; the net effect on "
            "Imatinib exposure is hard to predict and may change when either is stopped.",
        }
    ]


def test_several_inhibitors_of_one_route_are_noted_as_additive(fixture_kb):
    notes = check_medications(fixture_kb, ["warf", "flucon", "imat"])["cumulative"]
    assert [(n["victim"], n["enzyme"], n["type"], n["inhibitors"]) for n in notes] == [
        ("warf", "CYP2C9", "additive", ["flucon", "imat"])
    ]
    assert notes[0]["summary"] == (
        "Warfarin: 2 drugs on the list inhibit CYP2C9 (Fluconazole, Imatinib); together they may make "
        "Warfarin exposure rise more than any one pair suggests."
    )


def test_a_drug_whose_profile_was_not_assessed_is_reported(fixture_kb):
    result = check_medications(fixture_kb, ["newdrug", "keto"])
    assert [item["drug"] for item in result["not_assessed"]] == ["newdrug"]
    assert result["interactions"] == []


def test_min_severity_filters_findings(fixture_kb):
    everything = check_medications(fixture_kb, ["imat", "warf", "keto", "rifa"])
    major_only = check_medications(fixture_kb, ["imat", "warf", "keto", "rifa"], min_severity="major")
    assert {i["severity"] for i in everything["interactions"]} >= {"moderate"}
    assert all(i["severity"] in ("major", "contraindicated") for i in major_only["interactions"])


def test_the_same_drug_twice_is_reported_as_a_duplicate(fixture_kb):
    result = check_medications(fixture_kb, ["Gleevec", "imatinib mesylate"])
    assert result["duplicates"] == [{"drug": "imat", "inputs": ["Gleevec", "imatinib mesylate"]}]
    assert result["interactions"] == []


def test_precautions_are_given_for_the_patients_conditions(fixture_kb):
    result = check_medications(fixture_kb, ["imat", "keto"], conditions=["Liver disease", "gout"])
    assert result["conditions"] == [{"input": "Liver disease", "condition": "hepatic-impairment"}]
    assert result["unrecognized_conditions"] == [{"input": "gout", "suggestions": []}]
    assert [(p["drug"], p["condition"], p["severity"]) for p in result["precautions"]] == [
        ("imat", "hepatic-impairment", "moderate")
    ]


@pytest.mark.parametrize(
    "given",
    ["hepatic impairment", {"name": "Liver disease"}, "Alcoholic liver disease (disorder)"],
)
def test_conditions_may_be_names_named_objects_or_recorded_text(fixture_kb, given):
    result = check_medications(fixture_kb, ["imat"], conditions=[given])
    assert result["conditions"] == [{"input": given, "condition": "hepatic-impairment"}]
    assert [p["drug"] for p in result["precautions"]] == ["imat"]


def test_coded_conditions_are_resolved_by_their_code(bundled_kb):
    coded = {"system": "snomed", "code": "12847006"}
    result = check_medications(bundled_kb, ["ketorolac"], conditions=[coded, {"system": "snomed", "code": "1234567"}])
    assert result["conditions"] == [{"input": coded, "condition": "peptic-ulcer-bleeding"}]
    assert result["unrecognized_conditions"] == [{"input": {"system": "snomed", "code": "1234567"}, "suggestions": []}]
    assert [(p["drug"], p["condition"], p["severity"]) for p in result["precautions"]] == [
        ("ketorolac", "peptic-ulcer-bleeding", "contraindicated")
    ]


def test_output_is_sorted_by_severity_then_drugs(fixture_kb):
    result = check_medications(fixture_kb, ["rifa", "ibu", "imat", "warf", "keto", "flucon", "digo"])
    keys = [
        (("contraindicated", "major", "moderate", "minor").index(i["severity"]), i["drugs"])
        for i in result["interactions"]
    ]
    assert keys == sorted(keys)


@pytest.mark.parametrize("medications", [[], ["imat"], ["nothing-known"]])
def test_lists_with_fewer_than_two_drugs_have_no_interactions(fixture_kb, medications):
    assert check_medications(fixture_kb, medications)["interactions"] == []
