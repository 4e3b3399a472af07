"""`/v1/interactions/check`: exact answers on the fixture knowledge, in JSON and in text."""

from __future__ import annotations

import pytest

from service.engine.alternatives import CAVEAT

VERSION = "2026-01-01+3782144a100e"
STUDY_B = {"id": "study-b", "citation": "Brown C. A study of B. J Test 2010; 1: 1-2."}

WARFARIN_IBUPROFEN = {
    "knowledge_version": VERSION,
    "complete": False,
    "medications": [
        {
            "input": "Warfarin Sodium 5 MG Oral Tablet",
            "drug": "warf",
            "name": "Warfarin",
            "matched_by": "product-text",
            "matched_name": "Warfarin",
        },
        {"input": {"name": "ibu"}, "drug": "ibu", "name": "Ibuprofen", "matched_by": "id", "matched_name": "ibu"},
    ],
    "unrecognized": [
        {"input": "Gleevek", "reason": "unknown", "detail": "not found in the knowledge", "suggestions": ["imat"]}
    ],
    "interactions": [
        {
            "id": "ibu+warf:pharmacodynamic",
            "drugs": ["ibu", "warf"],
            "severity": "major",
            "kind": "pharmacodynamic",
            "evidence": "established",
            "summary": "Bleeding.",
            "management": "Avoid; use paracetamol.",
            "mechanisms": [
                {
                    "type": "additive-effect",
                    "source": "curated",
                    "curated_id": "warf-nsaids",
                    "effect": "Bleeding",
                    "effect_id": "bleeding",
                    "drugs": ["ibu", "warf"],
                    "path": ["ibu", "Bleeding", "warf"],
                    "severity": "major",
                    "severity_basis": "as documented in curated record warf-nsaids",
                    "evidence": "established",
                    "summary": "Bleeding.",
                    "management": "Avoid; use paracetamol.",
                    "refs": ["study-b"],
                }
            ],
            "refs": ["study-b"],
        }
    ],
    "cumulative": [],
    "exposure": [],
    "duplicates": [],
    "not_assessed": [],
    "min_severity": "major",
    "references": [STUDY_B],
    "alternatives": {"caveat": CAVEAT, "findings": []},  # neither drug has an ATC code in the fixture knowledge
}


def test_post_answers_the_engine_result_exactly(client):
    response = client.post(
        "/v1/interactions/check",
        json={"medications": ["Warfarin Sodium 5 MG Oral Tablet", {"name": "ibu"}, "Gleevek"], "min_severity": "major"},
    )
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.get_json() == WARFARIN_IBUPROFEN


def test_imatinib_with_ketoconazole_by_brand_and_rxnorm_code(client):
    response = client.post(
        "/v1/interactions/check",
        json={"medications": ["imat", "Nizoral", {"system": "rxnorm", "code": "6135"}], "min_severity": "moderate"},
    )
    body = response.get_json()
    assert body["complete"] is True
    assert [(m["drug"], m["matched_by"]) for m in body["medications"]] == [
        ("imat", "id"),
        ("keto", "brand"),
        ("keto", "rxcui"),
    ]
    assert body["duplicates"] == [{"drug": "keto", "inputs": ["Nizoral", {"system": "rxnorm", "code": "6135"}]}]
    assert [(i["id"], i["severity"], i["evidence"]) for i in body["interactions"]] == [
        ("imat+keto:pharmacodynamic", "moderate", "predicted"),
        ("imat+keto:pharmacokinetic", "moderate", "established"),
    ]
    pk = body["interactions"][1]["mechanisms"][0]
    assert (pk["source"], pk["curated_id"], pk["path"]) == ("curated", "imat-keto", ["keto", "CYP3A4", "imat"])


def test_get_answers_the_same_as_post(client):
    posted = client.post("/v1/interactions/check", json={"medications": ["imat", "keto", "rifa"]})
    got = client.get("/v1/interactions/check?drugs=imat, keto,rifa,")
    assert got.status_code == 200
    assert got.get_json() == posted.get_json()


def test_min_severity_filters_and_is_echoed(client):
    body = client.get("/v1/interactions/check?drugs=imat,keto,warf,ibu&min_severity=major").get_json()
    assert body["min_severity"] == "major"
    assert [i["id"] for i in body["interactions"]] == ["ibu+warf:pharmacodynamic"]


def test_conditions_give_precautions(client):
    body = client.post(
        "/v1/interactions/check", json={"medications": ["imat"], "conditions": ["liver disease", "gout"]}
    ).get_json()
    assert body["conditions"] == [{"input": "liver disease", "condition": "hepatic-impairment"}]
    assert body["unrecognized_conditions"] == [{"input": "gout", "suggestions": []}]
    assert body["precautions"] == [
        {
            "drug": "imat",
            "condition": "hepatic-impairment",
            "severity": "moderate",
            "advice": "Start at 400 mg daily.",
            "refs": ["study-a"],
        }
    ]
    assert body["references"] == [
        {"id": "study-a", "citation": "Smith A, Jones B. A study of A. J Test 2004; 54: 290-4."}
    ]


def test_conditions_may_be_coded_or_named_objects(client):
    coded = {"system": "snomed", "code": "235856003"}
    body = client.post(
        "/v1/interactions/check", json={"medications": ["imat"], "conditions": [{"name": "liver disease"}, coded]}
    ).get_json()
    assert body["conditions"] == [{"input": {"name": "liver disease"}, "condition": "hepatic-impairment"}]
    assert body["unrecognized_conditions"] == [{"input": coded, "suggestions": []}]  # no codes in the fixture
    assert [p["condition"] for p in body["precautions"]] == ["hepatic-impairment"]


def test_unknown_condition_code_system_is_a_422(client):
    response = client.post(
        "/v1/interactions/check", json={"medications": ["imat"], "conditions": [{"system": "icd9", "code": "571.5"}]}
    )
    assert response.status_code == 422
    assert response.get_json()["errors"] == [
        {"pointer": "#/conditions/0/system", "detail": "Must be one of: snomed, icd10."}
    ]


def test_unrecognised_medication_is_never_silently_dropped(client):
    body = client.get("/v1/interactions/check?drugs=imat,imatinibb").get_json()
    assert body["complete"] is False
    assert body["unrecognized"][0]["input"] == "imatinibb"
    assert body["interactions"] == []


TABLE = """\
Interaction check - knowledge 2026-01-01+3782144a100e - minimum severity major
INCOMPLETE: 1 medication(s) not recognised were NOT checked.

MEDICATION                        DRUG       MATCHED BY
Warfarin Sodium 5 MG Oral Tablet  Warfarin   product-text
ibu                               Ibuprofen  id
Gleevek                           -          NOT RECOGNISED: not found in the knowledge; did you mean imat?

SEVERITY  DRUGS                 KIND             EVIDENCE     MECHANISM
major     Ibuprofen + Warfarin  pharmacodynamic  established  Ibuprofen -> Bleeding -> Warfarin
  why:   Bleeding.
  do:    Avoid; use paracetamol.
"""


def test_text_plain_is_an_aligned_table(client):
    response = client.post(
        "/v1/interactions/check",
        json={"medications": ["Warfarin Sodium 5 MG Oral Tablet", {"name": "ibu"}, "Gleevek"], "min_severity": "major"},
        headers={"Accept": "text/plain"},
    )
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    assert response.get_data(as_text=True) == TABLE


def test_text_plain_on_get_with_notes_and_no_findings(client):
    url = "/v1/interactions/check?drugs=imat,keto,rifa&min_severity=major"
    text = client.get(url, headers={"Accept": "text/plain"}).get_data(as_text=True)
    (note,) = client.get(url).get_json()["cumulative"]
    assert "No interactions of major severity or above found." in text
    assert text.endswith(f"\nNOTES\n- {note['summary']}\n")
    assert note["summary"].startswith("Imatinib: ")


@pytest.mark.parametrize(
    ("accept", "mimetype"),
    [
        (None, "application/json"),
        ("", "application/json"),
        ("*/*", "application/json"),
        ("application/json", "application/json"),
        ("text/plain", "text/plain"),
        ("application/json, text/plain;q=0.5", "application/json"),
        ("text/plain, application/json;q=0.5", "text/plain"),
        ("text/html", "application/json"),
    ],
)
def test_accept_negotiation(client, accept, mimetype):
    headers = {"Accept": accept} if accept is not None else {}
    assert client.get("/v1/interactions/check?drugs=imat", headers=headers).mimetype == mimetype


def test_check_headers(client):
    response = client.post("/v1/interactions/check", json={"medications": ["imat"]})
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Knowledge-Version"] == VERSION
    assert len(response.headers["X-Request-ID"]) == 32


def test_single_medication_has_no_interactions(client):
    body = client.post("/v1/interactions/check", json={"medications": ["newdrug"]}).get_json()
    assert (body["complete"], body["interactions"], body["not_assessed"]) == (True, [], [])


def test_not_assessed_drug_is_flagged(client):
    body = client.post("/v1/interactions/check", json={"medications": ["newdrug", "imat"]}).get_json()
    assert [n["drug"] for n in body["not_assessed"]] == ["newdrug"]
