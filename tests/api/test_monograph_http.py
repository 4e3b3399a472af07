"""The monographs' cases hold through HTTP too, on the bundled knowledge, with every answer checked
against openapi.yaml by the contract client."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from service import DEFAULT_KNOWLEDGE_DIR
from tests.acceptance.casecheck import case_failures

CASES = yaml.safe_load((Path(__file__).resolve().parents[1] / "data" / "monograph-cases.yaml").read_text("utf-8"))


@pytest.fixture(scope="module")
def bundled_client():
    from service import create_app
    from tests.api.contract import ContractClient

    app = create_app({"KNOWLEDGE_DIR": str(DEFAULT_KNOWLEDGE_DIR), "TESTING": True, "PRECOMPUTE_PAIRS": False})
    app.test_client_class = ContractClient
    return app.test_client()


@pytest.mark.parametrize("case", CASES["cases"], ids=lambda c: c["name"])
def test_monograph_case_over_post(bundled_client, case):
    response = bundled_client.post("/v1/interactions/check", json={"medications": case["medications"]})
    assert response.status_code == 200
    body = response.get_json()
    assert response.headers["X-Knowledge-Version"] == body["knowledge_version"]
    assert case_failures(body, case["expect"]) == []


def test_names_resolve_over_get(bundled_client):
    for case in CASES["resolution"]:
        response = bundled_client.get("/v1/interactions/check", query_string={"drugs": case["input"]})
        assert [m["drug"] for m in response.get_json()["medications"]] == [case["drug"]], case["input"]


def test_a_drug_record_over_http_carries_the_monograph_facts(bundled_client):
    body = bundled_client.get("/v1/drugs/imatinib").get_json()
    assert {"code": "L01EA01", "status": "current"} in body["codes"]["atc"]
    assert {"code": "L01XE01", "status": "withdrawn"} in body["codes"]["atc"]
    assert body["salts"][0]["base_equivalence"] == {"salt_mg": 119.5, "base_mg": 100.0}
    roles = {(r["enzyme"], r["role"]) for r in body["enzymes"]}
    assert {("cyp3a4", "substrate"), ("cyp3a4", "inhibitor"), ("cyp2c9", "inhibitor"), ("cyp2d6", "inhibitor")} <= roles
