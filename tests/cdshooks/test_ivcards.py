"""IV compatibility cards: an intravenous draft order that may not share a line with another IV order."""

from __future__ import annotations

from service import DEFAULT_KNOWLEDGE_DIR
from tests.cdshooks.conftest import hook_call, med, walk_empty

SNOMED_IV = {"coding": [{"system": "http://snomed.info/sct", "code": "47625008", "display": "Intravenous route"}]}


def iv(resource: dict, route: dict | None = None) -> dict:
    return {**resource, "dosageInstruction": [{"route": route or SNOMED_IV}]}


def _cards(client, drafts, active, service="ddi-order-sign"):
    response = client.post(f"/cds-services/{service}", json=hook_call(service.removeprefix("ddi-"), drafts, active))
    assert response.status_code == 200
    cards = response.get_json()["cards"]
    assert all(walk_empty(card) == [] for card in cards)
    return [c for c in cards if c["source"]["topic"]["code"] == "iv-compatibility"]


def test_an_iv_draft_incompatible_with_an_active_iv_order_gets_a_warning_card(client):
    cards = _cards(client, [iv(med("a", "Alde 1 MG Injection", "draft"))], [iv(med("g", "Ganci 500 MG Injection"))])
    (card,) = cards
    assert card["summary"] == "IV: Aldesleukin and Ganciclovir must not share a line"
    assert card["indicator"] == "warning"
    assert "New IV order: Alde 1 MG Injection" in card["detail"] and "Other IV order: Ganci 500 MG" in card["detail"]
    assert "**y-site** (incompatible): Activity lost. Seen: activity-loss." in card["detail"]
    assert "**References**" in card["detail"]
    assert card["source"]["label"].startswith("DDI service, knowledge 2026-01-01+")


def test_no_card_unless_both_orders_are_intravenous(client):
    oral = {"text": "Oral"}
    assert _cards(client, [iv(med("a", "Alde", "draft"))], [iv(med("g", "Ganci"), oral)]) == []
    assert _cards(client, [med("a", "Alde", "draft")], [iv(med("g", "Ganci"))]) == []


def test_the_route_may_be_text(client):
    cards = _cards(
        client, [iv(med("a", "Alde", "draft"), {"text": "IV infusion"})], [iv(med("g", "Ganci"), {"text": "i.v."})]
    )
    assert len(cards) == 1


def test_two_iv_drafts_are_compared_with_each_other(client):
    assert len(_cards(client, [iv(med("a", "Alde", "draft")), iv(med("g", "Ganci", "draft"))], [])) == 1


def test_a_conditional_pair_gets_an_info_card_with_its_limits(client):
    (card,) = _cards(client, [iv(med("d", "Digo", "draft"))], [iv(med("i", "Ibu"))])
    assert card["indicator"] == "info"
    assert card["summary"] == "IV: Digoxin and Ibuprofen may share a line only within limits"
    assert "Compatible only with Digoxin at most 0.25 mg/mL." in card["detail"]


def test_pairs_without_data_or_compatible_make_no_card(client):
    assert _cards(client, [iv(med("f", "Flucon", "draft"))], [iv(med("k", "Keto")), iv(med("w", "Warf"))]) == []


def test_iv_incompatibility_is_no_longer_an_interaction_card_without_routes(client):
    response = client.post(
        "/cds-services/ddi-order-sign", json=hook_call("order-sign", [med("a", "Alde", "draft")], [med("g", "Ganci")])
    )
    assert not any(
        "Aldesleukin" in c["summary"] and "Ganciclovir" in c["summary"] for c in response.get_json()["cards"]
    )


def test_ceftriaxone_against_calcium_gluconate_by_its_product_text_on_the_bundled_knowledge(make_app):
    client = make_app(KNOWLEDGE_DIR=str(DEFAULT_KNOWLEDGE_DIR)).test_client()
    drafts = [iv(med("c", "Ceftriaxone 1000 MG Injection", "draft"))]
    active = [
        iv(med("g", "Calcium Gluconate 100 MG/ML Injectable Solution")),
        iv(med("m", "Magnesium Sulfate 500 MG/ML")),
    ]
    summaries = [card["summary"] for card in _cards(client, drafts, active)]
    assert summaries == ["IV: Ceftriaxone and Calcium gluconate must not share a line"]  # magnesium: no data, no card
