"""Calling the services: which findings each hook reports, and lenient reading of real requests."""

from __future__ import annotations

import pytest

from tests.cdshooks.conftest import RXNORM, bundle, hook_call, med, walk_empty


def _cards(response) -> list[dict]:
    assert response.status_code == 200, response.get_json()
    cards = response.get_json()["cards"]
    for card in cards:
        assert walk_empty(card) == [], card
        assert len(card["summary"]) < 140
    return cards


def _pairs(cards: list[dict]) -> list[str]:
    return sorted(c["summary"] for c in cards if c["indicator"] != "info" or "interaction" in c["summary"])


def test_discovery_lists_order_select_and_order_sign(client):
    services = client.get("/cds-services").get_json()["services"]
    assert {(s["id"], s["hook"]) for s in services} == {
        ("ddi-order-select", "order-select"),
        ("ddi-order-sign", "order-sign"),
    }
    for service in services:
        assert "MedicationRequest?patient={{context.patientId}}" in service["prefetch"]["medicationRequests"]
        assert service["usageRequirements"] and service["description"] and service["title"]


def test_order_select_reports_only_pairs_with_the_selected_order(client):
    active = [med("w", "Warfarin 5 MG Oral Tablet"), med("i", "Ibuprofen 200 MG Oral Tablet")]
    drafts = [med("f", "Fluconazole 150 MG Oral Capsule", "draft"), med("im", "Imatinib 400 MG", "draft")]
    body = hook_call("order-select", drafts, active, selections=["MedicationRequest/f"])
    cards = _cards(client.post("/cds-services/ddi-order-select", json=body))
    # warfarin + ibuprofen is old news; imatinib + warfarin involves no selected order
    assert [c["summary"] for c in cards] == [
        "Major interaction: Fluconazole + Warfarin: Warfarin exposure rises (CYP2C9)",
        "Moderate interaction: Fluconazole + Imatinib: Imatinib exposure rises (CYP3A4)",
    ]
    assert cards[0]["indicator"] == "critical"


def test_order_select_without_new_findings_answers_no_cards(client):
    active = [med("w", "Warfarin"), med("i", "Ibuprofen")]
    body = hook_call("order-select", [med("a", "Azithromycin", "draft")], active, selections=["MedicationRequest/a"])
    assert _cards(client.post("/cds-services/ddi-order-select", json=body)) == []


def test_order_sign_reports_drafts_against_each_other_and_the_active_list(client):
    active = [med("w", "Warfarin"), med("i", "Ibuprofen")]
    drafts = [med("f", "Fluconazole", "draft"), med("im", "Imatinib", "draft")]
    cards = _cards(client.post("/cds-services/ddi-order-sign", json=hook_call("order-sign", drafts, active)))
    summaries = [c["summary"] for c in cards]
    assert summaries == [
        "Major interaction: Fluconazole + Warfarin: Warfarin exposure rises (CYP2C9)",
        "Moderate interaction: Fluconazole + Imatinib: Imatinib exposure rises (CYP3A4)",
        "Moderate interaction: Imatinib + Warfarin: Warfarin exposure rises (CYP2C9)",
    ]
    assert [c["indicator"] for c in cards] == ["critical", "warning", "warning"]
    fluconazole_imatinib = cards[1]
    deleted = sorted(
        a["resourceId"] for s in fluconazole_imatinib["suggestions"] for a in s["actions"] if a["type"] == "delete"
    )
    assert deleted == ["MedicationRequest/f", "MedicationRequest/im"]
    assert (
        "- `Fluconazole -inhibits (moderate)-> CYP2C9 <-substrate (moderate)- Warfarin` (moderate inhibitor × moderate "
        "substrate: moderate (FDA classes); narrow therapeutic index: one step up, to major)"
    ) in cards[0]["detail"].splitlines()


@pytest.mark.parametrize(("setting", "expected"), [("major", 1), ("minor", 3), ({"ddi-order-sign": "major"}, 1)])
def test_minimum_severity_is_configurable_per_service(make_app, setting, expected):
    client = make_app(CDS_MIN_SEVERITY=setting).test_client()
    drafts = [med("f", "Fluconazole", "draft"), med("im", "Imatinib", "draft")]
    body = hook_call("order-sign", drafts, [med("w", "Warfarin")])
    assert len(_cards(client.post("/cds-services/ddi-order-sign", json=body))) == expected


def test_invalid_minimum_severity_stops_the_app(make_app):
    with pytest.raises(ValueError, match="DDI_CDS_MIN_SEVERITY"):
        make_app(CDS_MIN_SEVERITY="severe")


def test_unrecognised_medications_get_an_info_card(client):
    drafts = [med("x", "Zorblaxin 10 MG Oral Tablet", "draft")]
    body = hook_call("order-sign", drafts, [med("w", "Warfarn")])
    cards = _cards(client.post("/cds-services/ddi-order-sign", json=body))
    assert len(cards) == 1 and cards[0]["indicator"] == "info"
    assert cards[0]["summary"] == "2 medications were not recognised: interactions with them not checked"
    assert "Zorblaxin 10 MG Oral Tablet" in cards[0]["detail"] and "did you mean Warfarin?" in cards[0]["detail"]


def test_combination_products_are_every_ingredient(client):
    drafts = [med("c", "Ibuprofen 200 MG / Fluconazole 50 MG Oral Tablet", "draft")]
    cards = _cards(
        client.post("/cds-services/ddi-order-sign", json=hook_call("order-sign", drafts, [med("w", "Warfarin")]))
    )
    assert [c["summary"] for c in cards] == [
        "Major interaction: Fluconazole + Warfarin: Warfarin exposure rises (CYP2C9)",
        "Major interaction: Ibuprofen + Warfarin: Bleeding",
    ]


def test_codes_resolve_before_text_and_atc_works(client):
    draft = med("k", "Some local name", "draft", code="6135")  # RxCUI of ketoconazole in the fixture knowledge
    active = {
        "resourceType": "MedicationStatement",
        "id": "s1",
        "status": "active",
        "medicationCodeableConcept": {"coding": [{"system": "http://www.whocc.no/atc", "code": "L01EA01"}]},
    }
    cards = _cards(client.post("/cds-services/ddi-order-sign", json=hook_call("order-sign", [draft], [active])))
    assert [c["summary"].split(":")[1].strip() for c in cards] == ["Imatinib + Ketoconazole"]


def test_medication_reference_to_contained_and_bundled_medications(client):
    contained = {
        "resourceType": "MedicationRequest",
        "id": "d1",
        "status": "draft",
        "contained": [{"resourceType": "Medication", "id": "m", "code": {"text": "Fluconazole 150 MG"}}],
        "medicationReference": {"reference": "#m"},
    }
    active_request = {
        "resourceType": "MedicationRequest",
        "id": "a1",
        "status": "active",
        "medicationReference": {"reference": "Medication/warf-5"},
    }
    medication = {
        "resourceType": "Medication",
        "id": "warf-5",
        "code": {"coding": [{"system": RXNORM, "code": "855332", "display": "Warfarin Sodium 5 MG Oral Tablet"}]},
    }
    body = hook_call("order-sign", [contained], None)
    body["prefetch"] = {"meds": bundle(active_request, medication, kind=None)}
    cards = _cards(client.post("/cds-services/ddi-order-sign", json=body))
    assert [c["summary"] for c in cards] == [
        "Major interaction: Fluconazole + Warfarin: Warfarin exposure rises (CYP2C9)"
    ]


def test_dstu2_medication_order_and_inactive_statuses(client):
    drafts = [med("f", "Fluconazole", "draft", kind="MedicationOrder")]
    active = [med("w", "Warfarin", "stopped"), med("i", "Imatinib", "active", kind="MedicationStatement")]
    cards = _cards(client.post("/cds-services/ddi-order-sign", json=hook_call("order-sign", drafts, active)))
    assert [c["summary"] for c in cards] == [
        "Moderate interaction: Fluconazole + Imatinib: Imatinib exposure rises (CYP3A4)"
    ]


def test_null_prefetch_for_our_keys_means_no_active_medications(client):
    body = hook_call("order-sign", [med("f", "Fluconazole", "draft")], None)
    body["prefetch"] = {"medicationRequests": None, "medicationStatements": None}
    assert _cards(client.post("/cds-services/ddi-order-sign", json=body)) == []


def test_missing_prefetch_without_fhir_access_is_412(client):
    body = hook_call("order-select", [med("f", "Fluconazole", "draft")], None)
    response = client.post("/cds-services/ddi-order-select", json=body)
    assert response.status_code == 412
    assert response.mimetype == "application/problem+json"
    assert "not prefetched" in response.get_json()["detail"]


def test_spec_order_select_example_with_a_service_request_needs_no_medications(client):
    """The specification's order-select example orders an MRI: nothing to check, no cards, no 412."""
    body = {
        "hook": "order-select",
        "hookInstance": "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
        "fhirServer": "http://hooks.smarthealthit.org",
        "context": {
            "userId": "Practitioner/123",
            "patientId": "MRI-59879846",
            "selections": ["ServiceRequest/example-MRI-59879846"],
            "draftOrders": bundle(
                {
                    "resourceType": "ServiceRequest",
                    "id": "example-MRI-59879846",
                    "status": "draft",
                    "intent": "plan",
                    "code": {"text": "MRI"},
                },
                kind=None,
            ),
        },
    }
    assert _cards(client.post("/cds-services/ddi-order-select", json=body)) == []


def test_spec_patient_view_example_is_refused_with_the_reason(client):
    body = {
        "hookInstance": "d1577c69",
        "hook": "patient-view",
        "context": {"userId": "Practitioner/example", "patientId": "1288992"},
    }
    response = client.post("/cds-services/ddi-order-select", json=body)
    assert response.status_code == 422
    assert response.get_json()["errors"][0]["pointer"] == "#/hook"


def test_unknown_service_is_404_problem(client):
    response = client.post("/cds-services/nope", json=hook_call("order-sign", [], []))
    assert response.status_code == 404 and response.mimetype == "application/problem+json"


def test_cors_preflight_and_headers(client):
    preflight = client.options(
        "/cds-services/ddi-order-sign",
        headers={
            "Origin": "https://sandbox.cds-hooks.org",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization,content-type",
        },
    )
    assert preflight.status_code == 200
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "Authorization" in preflight.headers["Access-Control-Allow-Headers"]
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    answer = client.get("/cds-services", headers={"Origin": "https://sandbox.cds-hooks.org"})
    assert answer.headers["Access-Control-Allow-Origin"] == "*"


def test_cors_origins_can_be_narrowed(make_app):
    client = make_app(CDS_CORS_ORIGINS="https://ehr.example.org").test_client()
    assert (
        "Access-Control-Allow-Origin"
        not in client.get("/cds-services", headers={"Origin": "https://evil.example"}).headers
    )
    allowed = client.get("/cds-services", headers={"Origin": "https://ehr.example.org"})
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://ehr.example.org"


def _liver_disease(status: str = "active") -> dict:
    return {
        "resourceType": "Condition",
        "id": "c1",
        "clinicalStatus": {"coding": [{"code": status}]},
        "code": {"text": "Liver disease"},
    }


def _precautions(cards: list[dict]) -> list[dict]:
    return [c for c in cards if c["source"]["topic"]["code"] == "drug-condition"]


def test_a_new_order_gets_a_precaution_card_for_the_patients_condition(client):
    body = hook_call("order-sign", [med("im", "Imatinib 400 MG", "draft")], [med("w", "Warfarin")])
    body["prefetch"]["conditions"] = bundle(_liver_disease())
    cards = _precautions(_cards(client.post("/cds-services/ddi-order-sign", json=body)))
    assert [(c["summary"], c["indicator"]) for c in cards] == [
        ("Imatinib: moderate precaution with hepatic impairment", "warning")
    ]
    assert "Start at 400 mg daily." in cards[0]["detail"]
    assert "- Liver disease (Condition/c1)" in cards[0]["detail"]
    assert "isRecommended" not in cards[0]["suggestions"][0]  # only a contraindication recommends cancelling
    assert [a["resourceId"] for s in cards[0]["suggestions"] for a in s["actions"]] == ["MedicationRequest/im"]


def test_long_standing_medications_get_no_precaution_card(client):
    drafts = [med("f", "Fluconazole", "draft"), med("im", "Imatinib", "draft")]
    body = hook_call("order-select", drafts, [med("i", "Imatinib")], selections=["MedicationRequest/f"])
    body["prefetch"]["conditions"] = bundle(_liver_disease())
    # imatinib is taken already and its new draft is not the selected order: neither is news
    assert _precautions(_cards(client.post("/cds-services/ddi-order-select", json=body))) == []


@pytest.mark.parametrize(("status", "setting", "expected"), [("resolved", "moderate", 0), ("active", "major", 0)])
def test_inactive_conditions_and_the_minimum_severity_silence_precautions(make_app, status, setting, expected):
    client = make_app(CDS_MIN_SEVERITY=setting).test_client()
    body = hook_call("order-sign", [med("im", "Imatinib", "draft")], [])
    body["prefetch"]["item9"] = [_liver_disease(status)]
    assert len(_precautions(_cards(client.post("/cds-services/ddi-order-sign", json=body)))) == expected


def test_conditions_alone_do_not_answer_the_medications_prefetch(client):
    body = hook_call("order-sign", [med("im", "Imatinib", "draft")], None)
    body["prefetch"] = {"conditions": bundle(_liver_disease())}
    assert client.post("/cds-services/ddi-order-sign", json=body).status_code == 412
