"""`POST /v1/fhir/check`: medication resources in, a Bundle of DetectedIssues out."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from tests.cdshooks.conftest import bundle, med, shared_fixture, walk_empty

URL = "/v1/fhir/check"


def _resources(response, kind: str) -> list[dict]:
    assert response.status_code == 200, response.get_json()
    assert response.mimetype == "application/json"
    result = response.get_json()
    assert result["resourceType"] == "Bundle" and result["type"] == "collection"
    assert walk_empty(result) == []
    return [e["resource"] for e in result.get("entry", []) if e["resource"]["resourceType"] == kind]


def test_bundle_gives_one_detected_issue_per_pair(client):
    request = bundle(med("w", "Warfarin"), med("f", "Fluconazole"), med("i", "Ibuprofen", kind="MedicationStatement"))
    issues = _resources(client.post(URL, json=request, content_type="application/fhir+json"), "DetectedIssue")
    assert [(i["severity"], [r["reference"] for r in i["implicated"]]) for i in issues] == [
        ("high", ["MedicationRequest/f", "MedicationRequest/w"]),
        ("high", ["MedicationStatement/i", "MedicationRequest/w"]),
    ]
    first = issues[0]
    assert first["status"] == "final"
    assert first["code"]["coding"][0] == {
        "system": "http://terminology.hl7.org/CodeSystem/v3-ActCode",
        "code": "DRG",
        "display": "Drug Interaction Alert",
    }
    assert first["detail"].startswith("Fluconazole + Warfarin (major):")
    assert first["evidence"][0]["code"][0]["text"].startswith("Predicted")


def test_fhir_clients_asking_for_fhir_json_get_it(make_app):
    app = make_app()
    app.test_client_class = FlaskClient  # openapi-core cannot parse application/fhir+json bodies
    client = app.test_client()
    response = client.post(URL, json=med("w", "Warfarin"), headers={"Accept": "application/fhir+json"})
    assert response.status_code == 200 and response.mimetype == "application/fhir+json"


def test_single_resource_and_list_forms(client):
    single = client.post(URL, json=med("w", "Warfarin"))
    assert _resources(single, "DetectedIssue") == []
    listed = client.post(URL, json=[med("w", "Warfarin"), med("i", "Ibuprofen")])
    assert len(_resources(listed, "DetectedIssue")) == 1


def test_min_severity_filters(client):
    request = [med("f", "Fluconazole"), med("im", "Imatinib")]
    assert len(_resources(client.post(URL, json=request), "DetectedIssue")) == 1
    assert _resources(client.post(URL + "?min_severity=major", json=request), "DetectedIssue") == []


def test_unrecognised_and_inactive_medications_are_said(client):
    request = bundle(med("w", "Warfarin"), med("z", "Zorblaxin"), med("i", "Ibuprofen", "stopped"), kind=None)
    outcome = _resources(client.post(URL, json=request), "OperationOutcome")[0]
    assert [(i["severity"], i["diagnostics"].split(":")[0]) for i in outcome["issue"]] == [
        ("warning", "MedicationRequest/z (Zorblaxin)"),
        ("information", "MedicationRequest/i (Ibuprofen)"),
    ]


def test_shared_fixture_prefetch_and_draft_as_a_bundle(bundled_client):
    request = shared_fixture("warfarin-nsaids-order-select-coordination.json")
    entries = [*request["context"]["draftOrders"]["entry"], *request["prefetch"]["item2"]["entry"]]
    issues = _resources(bundled_client.post(URL, json={"resourceType": "Bundle", "entry": entries}), "DetectedIssue")
    assert len(issues) == 1
    assert issues[0]["severity"] == "high"
    assert issues[0]["reference"].startswith("https://pubmed.ncbi.nlm.nih.gov/")
    assert "bleed" in issues[0]["detail"].lower() or "haemorrhage" in issues[0]["detail"].lower()


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"resourceType": "Patient"}, 422),
        ({"resourceType": "Bundle", "entry": []}, 422),
        ([], 422),
        ("text", 422),
        ([med(f"m{n}", "Warfarin") for n in range(201)], 422),
    ],
)
def test_bad_requests(client, body, status):
    response = client.post(URL, json=body)
    assert response.status_code == status and response.mimetype == "application/problem+json"


def test_bad_min_severity(client):
    response = client.post(URL + "?min_severity=severe", json=med("w", "Warfarin"))
    assert response.status_code == 422
