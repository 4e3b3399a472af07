"""The predicted exposure fields over HTTP, held to openapi.yaml by the contract-checking client."""

from __future__ import annotations


def test_the_answer_carries_predictions_as_the_contract_documents(make_app, pk_knowledge_dir):
    client = make_app(KNOWLEDGE_DIR=str(pk_knowledge_dir)).test_client()
    body = client.get("/v1/interactions/check?drugs=warf,flucon,imat,keto").get_json()
    (warfarin,) = [e for e in body["exposure"] if e["victim"] == "warf"]
    assert warfarin["auc_ratio"] == {"value": 6.1, "low": 3.57, "high": 16.67}
    assert warfarin["crosses_threshold"] is True
    (finding,) = [i for i in body["interactions"] if i["id"] == "flucon+warf:pharmacokinetic"]
    assert finding["mechanisms"][0]["predicted_auc_ratio"] == {"value": 2.99, "low": 2.17, "high": 5.0}
    assert finding["mechanisms"][0]["basis"] == "model"


def test_the_text_answer_shows_the_change(make_app, pk_knowledge_dir):
    client = make_app(KNOWLEDGE_DIR=str(pk_knowledge_dir)).test_client()
    text = client.get("/v1/interactions/check?drugs=warf,flucon,imat", headers={"Accept": "text/plain"}).text
    assert "  AUC:   Warfarin AUC x3 (2.2-5) predicted, observed x2.9 [study-b]" in text
    assert "PREDICTED EXPOSURE ACROSS THE LIST" in text
    assert "together they reach the 5-fold rise threshold, which no single" in text
