"""A combination product sent to the check endpoint: one entry per ingredient, each checked."""

from __future__ import annotations

import yaml


def test_a_product_gives_each_ingredient_its_own_entry_and_its_findings(make_app, knowledge_copy):
    product = {
        "id": "imat-rifa",
        "name": "Fixcombo",
        "ingredients": ["imat", "rifa"],
        "refs": ["fda-table"],
        "added": "2026-12-05",
    }
    (knowledge_copy / "products.yaml").write_text(yaml.safe_dump([product]), encoding="utf-8")
    client = make_app(KNOWLEDGE_DIR=str(knowledge_copy)).test_client()

    body = client.post("/v1/interactions/check", json={"medications": ["Fixcombo", "warfarin"]}).get_json()

    assert [(m["input"], m["drug"], m["matched_by"], m.get("product")) for m in body["medications"]] == [
        ("Fixcombo", "imat", "combination", "Fixcombo"),
        ("Fixcombo", "rifa", "combination", "Fixcombo"),
        ("warfarin", "warf", "name", None),
    ]
    assert body["unrecognized"] == [] and body["complete"] is True
    assert ["imat", "rifa"] in [sorted(i["drugs"]) for i in body["interactions"]]
