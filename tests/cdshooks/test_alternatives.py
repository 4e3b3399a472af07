"""Cards offer same-class alternatives: a replace suggestion (delete the draft, create the alternative) per option."""

from __future__ import annotations

from tests.cdshooks.conftest import hook_call, med


def _card(client, drafts, active):
    response = client.post("/cds-services/ddi-order-sign", json=hook_call("order-sign", drafts, active))
    assert response.status_code == 200, response.get_json()
    (card,) = response.get_json()["cards"]
    return card


def test_a_draft_clarithromycin_with_simvastatin_gets_azithromycin_as_a_replacement(bundled_client):
    card = _card(bundled_client, [med("c", "Clarithromycin 500 MG Oral Tablet", "draft")], [med("s", "Simvastatin")])
    replaces = [s for s in card["suggestions"] if s["label"].startswith("Order ")]
    first = replaces[0]
    assert first["label"] == "Order Azithromycin instead of Clarithromycin (check indication and dose)"
    delete, create = first["actions"]
    assert delete == {
        "type": "delete",
        "description": "Remove the draft order for Clarithromycin 500 MG Oral Tablet.",
        "resourceId": "MedicationRequest/c",
    }
    assert create["type"] == "create"
    assert create["resource"] == {
        "resourceType": "MedicationRequest",
        "status": "draft",
        "intent": "order",
        "medicationCodeableConcept": {
            "text": "Azithromycin",
            "coding": [
                {"system": "http://www.nlm.nih.gov/research/umls/rxnorm", "code": "18631", "display": "Azithromycin"},
                {"system": "http://www.whocc.no/atc", "code": "J01FA10", "display": "Azithromycin"},
            ],
        },
        "subject": {"reference": "Patient/p1"},
    }
    # only the draft order is replaced; the statin the patient takes is named in the detail alone
    assert all("instead of Clarithromycin" in s["label"] for s in replaces)
    assert card["suggestions"][0]["label"].startswith("Cancel the new order")
    assert card["suggestions"][-1]["label"] == "Record the interaction in the chart"
    assert "**Alternatives to consider**" in card["detail"]
    assert "- Azithromycin instead of Clarithromycin (ATC J01FA)" in card["detail"]
    assert "not substitutions: the indication, dose" in card["detail"]


def test_a_draft_statin_with_itraconazole_gets_pravastatin_and_rosuvastatin(bundled_client):
    card = _card(bundled_client, [med("s", "Simvastatin 40 MG", "draft")], [med("i", "Itraconazole")])
    labels = [s["label"] for s in card["suggestions"]]
    assert "Order Pravastatin instead of Simvastatin (check indication and dose)" in labels
    assert "Order Rosuvastatin instead of Simvastatin (check indication and dose)" in labels


def test_no_alternative_no_replace_suggestion(client):
    card = _card(client, [med("k", "Ketoconazole", "draft")], [med("d", "Digoxin")])
    assert [s["label"] for s in card["suggestions"]] == [
        "Cancel the new order: Ketoconazole",
        "Record the interaction in the chart",
    ]
    assert "Alternatives" not in card["detail"]
