"""The real EHR requests (HL7 PDDI CDS guide): warfarin patient with a bleeding duodenal ulcer, new ketorolac order."""

from __future__ import annotations

import pytest

from tests.cdshooks.conftest import SHARED_FIXTURES, shared_fixture, walk_empty

SELECT = ["warfarin-nsaids-order-select-coordination.json", "warfarin-nsaids-order-select-no-coordination.json"]
SIGN = ["warfarin-nsaids-order-sign-coordination.json", "warfarin-nsaids-order-sign-no-coordination.json"]


def _bleeding_card(response):
    assert response.status_code == 200, response.get_json()
    cards = response.get_json()["cards"]
    found = [c for c in cards if "Ketorolac" in c["summary"] and "Warfarin" in c["summary"]]
    assert len(found) == 1, cards
    card = found[0]
    assert card["indicator"] in ("critical", "warning")
    assert "bleed" in (card["summary"] + card["detail"]).lower()
    assert len(card["summary"]) < 140
    assert walk_empty(card) == []
    return card


@pytest.mark.parametrize("name", SELECT)
def test_order_select_fixture_gives_a_bleeding_card_cancelling_the_draft(bundled_client, name):
    card = _bleeding_card(bundled_client.post("/cds-services/ddi-order-select", json=shared_fixture(name)))
    deletes = [a for s in card["suggestions"] for a in s["actions"] if a["type"] == "delete"]
    assert deletes == [
        {
            "type": "delete",
            "description": "Remove the draft order for Ketorolac Tromethamine 10 MG Oral Tablet.",
            "resourceId": "MedicationRequest/ketorolac-draft-order-test",
        }
    ]
    issue = next(a["resource"] for s in card["suggestions"] for a in s["actions"] if a["type"] == "create")
    assert issue["resourceType"] == "DetectedIssue"
    assert issue["patient"] == {"reference": "Patient/f101"}
    assert [i.get("reference") for i in issue["implicated"]] == [
        "MedicationRequest/ketorolac-draft-order-test",
        "MedicationRequest/r101",
    ]
    assert card["selectionBehavior"] == "any"
    assert all(reason["display"] for reason in card["overrideReasons"])
    assert "knowledge" in card["source"]["label"]


@pytest.mark.parametrize("name", SIGN)
def test_order_sign_fixture_gives_a_bleeding_card(bundled_client, name):
    card = _bleeding_card(bundled_client.post("/cds-services/ddi-order-sign", json=shared_fixture(name)))
    # This draft order has no id: a delete action could not name it, so only the DetectedIssue is offered.
    actions = [a for s in card["suggestions"] for a in s["actions"]]
    assert [a["type"] for a in actions] == ["create"]
    assert actions[0]["resource"]["implicated"] == [
        {"display": "Ketorolac Tromethamine 10 MG Oral Tablet"},
        {"reference": "MedicationRequest/r101", "display": "Warfarin Sodium 0.5 MG Oral Tablet"},
    ]


@pytest.mark.parametrize("name", SELECT + SIGN)
def test_card_detail_explains_mechanism_management_evidence_and_references(bundled_client, name):
    service = "ddi-order-select" if "select" in name else "ddi-order-sign"
    card = _bleeding_card(bundled_client.post(f"/cds-services/{service}", json=shared_fixture(name)))
    detail = card["detail"]
    for heading in ("**Mechanism**", "**What to do**", "**References**", "evidence:"):
        assert heading in detail
    assert "`Ketorolac -> " in detail and "<- Warfarin`" in detail


@pytest.mark.skipif(not SHARED_FIXTURES.is_dir(), reason="no shared fixtures beside the project")
@pytest.mark.parametrize("name", SELECT + SIGN)
def test_the_shared_copies_give_the_same_bleeding_card(bundled_client, name):
    service = "ddi-order-select" if name in SELECT else "ddi-order-sign"
    ours = _bleeding_card(bundled_client.post(f"/cds-services/{service}", json=shared_fixture(name)))
    theirs = _bleeding_card(bundled_client.post(f"/cds-services/{service}", json=shared_fixture(name, SHARED_FIXTURES)))
    assert (theirs["summary"], theirs["indicator"]) == (ours["summary"], ours["indicator"])
    _precaution_card(bundled_client.post(f"/cds-services/{service}", json=shared_fixture(name, SHARED_FIXTURES)))


def _precaution_card(response):
    assert response.status_code == 200, response.get_json()
    cards = response.get_json()["cards"]
    found = [c for c in cards if c["source"]["topic"]["code"] == "drug-condition"]
    assert len(found) == 1, cards
    card = found[0]
    assert card["summary"] == "Ketorolac: contraindicated with peptic ulcer or gastrointestinal bleeding"
    assert card["indicator"] == "critical"
    assert "- Acute duodenal ulcer with hemorrhage (Condition/c101)" in card["detail"]
    assert "Contraindicated with active peptic ulcer" in card["detail"]
    assert "**References**" in card["detail"] and card["source"]["label"].startswith("DDI service, knowledge ")
    assert walk_empty(card) == []
    return card


@pytest.mark.parametrize("name", SELECT + SIGN)
def test_the_patients_duodenal_ulcer_gives_a_critical_ketorolac_precaution_card(bundled_client, name):
    service = "ddi-order-select" if name in SELECT else "ddi-order-sign"
    card = _precaution_card(bundled_client.post(f"/cds-services/{service}", json=shared_fixture(name)))
    deletes = [a["resourceId"] for s in card.get("suggestions", []) for a in s["actions"] if a["type"] == "delete"]
    # the order-sign draft has no id, so there is nothing a delete action could name
    assert deletes == (["MedicationRequest/ketorolac-draft-order-test"] if name in SELECT else [])


@pytest.mark.parametrize("name", SELECT + SIGN)
def test_a_resolved_ulcer_gives_no_precaution_card(bundled_client, name):
    request = shared_fixture(name)
    for value in request["prefetch"].values():
        for entry in (value or {}).get("entry", []):
            if entry["resource"]["resourceType"] == "Condition":
                entry["resource"]["clinicalStatus"] = "resolved"
    service = "ddi-order-select" if name in SELECT else "ddi-order-sign"
    cards = bundled_client.post(f"/cds-services/{service}", json=request).get_json()["cards"]
    assert [c["summary"] for c in cards if c["source"]["topic"]["code"] == "drug-condition"] == []
    _bleeding_card(bundled_client.post(f"/cds-services/{service}", json=request))
