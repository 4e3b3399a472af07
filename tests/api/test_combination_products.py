"""A combination product sent to the check endpoint: one entry per ingredient, each checked."""

from __future__ import annotations

import pytest
import yaml

PRODUCT = {"id": "imat-rifa", "name": "Fixcombo", "ingredients": ["imat", "rifa"], "refs": ["fda-table"]}


@pytest.fixture
def client(make_app, knowledge_copy):
    """A client on the fixture knowledge with one combination product added."""
    product = PRODUCT | {"added": "2026-12-05"}
    (knowledge_copy / "products.yaml").write_text(yaml.safe_dump([product]), encoding="utf-8")
    return make_app(KNOWLEDGE_DIR=str(knowledge_copy)).test_client()


def test_a_product_gives_each_ingredient_its_own_entry_and_its_findings(client):
    body = client.post("/v1/interactions/check", json={"medications": ["Fixcombo", "warfarin"]}).get_json()

    assert [(m["input"], m["drug"], m["matched_by"], m.get("product")) for m in body["medications"]] == [
        ("Fixcombo", "imat", "combination", "Fixcombo"),
        ("Fixcombo", "rifa", "combination", "Fixcombo"),
        ("warfarin", "warf", "name", None),
    ]
    assert body["unrecognized"] == [] and body["complete"] is True
    assert ["imat", "rifa"] in [sorted(i["drugs"]) for i in body["interactions"]]


def test_search_offers_the_product_with_its_ingredients(client):
    body = client.get("/v1/drugs?q=fixcomb&limit=5").get_json()
    assert body["results"][0] == {
        "name": "Fixcombo",
        "matched_name": "Fixcombo",
        "score": 98.3,
        "ingredients": ["imat", "rifa"],
    }
