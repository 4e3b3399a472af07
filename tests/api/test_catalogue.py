"""`/v1/drugs`, `/v1/enzymes`, `/v1/knowledge`, the probes and the contract endpoint."""

from __future__ import annotations

from tests.api.contract import OPENAPI_PATH

VERSION = "2026-01-01+3782144a100e"
FDA_TABLE = {"id": "fda-table", "citation": "Table of substrates inhibitors and inducers. FDA, 2023."}


def test_search_by_brand(client):
    response = client.get("/v1/drugs?q=Gleevec")
    assert response.get_json() == {
        "knowledge_version": VERSION,
        "query": "Gleevec",
        "results": [{"id": "imat", "name": "Imatinib", "matched_name": "Gleevec", "score": 100.0}],
    }


def test_search_by_code_and_limit(client):
    assert client.get("/v1/drugs?q=J02AB02").get_json()["results"][0]["id"] == "keto"
    assert len(client.get("/v1/drugs?q=a&limit=1").get_json()["results"]) <= 1


def test_drug_record(client):
    body = client.get("/v1/drugs/rifa").get_json()
    assert body["knowledge_version"] == VERSION
    assert (body["id"], body["name"], body["kind"]) == ("rifa", "Rifampicin", "drug")
    assert body["names"] == [{"name": "Rifampin", "kind": "usan"}]
    assert body["codes"] == {"cas": [], "atc": [], "rxcui": []}
    assert body["enzymes"] == [
        {
            "enzyme": "cyp3a4",
            "enzyme_name": "CYP3A4",
            "role": "inducer",
            "strength": "strong",
            "source": "drug",
            "references": [FDA_TABLE],
        }
    ]
    assert body["references"] == [FDA_TABLE]


def test_drug_record_lists_documented_interactions(client):
    body = client.get("/v1/drugs/imat").get_json()
    assert {(i["id"], i["with"]) for i in body["interactions"]} >= {("imat-keto", "keto")}
    assert body["codes"]["atc"] == [
        {"code": "L01EA01", "status": "current"},
        {"code": "L01XE01", "status": "withdrawn"},
    ]


def test_enzymes(client):
    assert client.get("/v1/enzymes").get_json() == {
        "knowledge_version": VERSION,
        "enzymes": [
            {"id": "cyp2c9", "name": "CYP2C9", "kind": "enzyme"},
            {"id": "cyp3a4", "name": "CYP3A4", "kind": "enzyme"},
            {"id": "pgp", "name": "P-glycoprotein", "kind": "transporter"},
        ],
    }


def test_enzyme(client):
    assert client.get("/v1/enzymes/cyp3a4").get_json() == {
        "knowledge_version": VERSION,
        "id": "cyp3a4",
        "name": "CYP3A4",
        "kind": "enzyme",
        "synonyms": [],
        "references": [FDA_TABLE],
        "substrates": {"moderate": ["imat"]},
        "inhibitors": {"strong": ["keto"], "moderate": ["flucon"]},
        "inducers": {"strong": ["rifa"]},
    }


def test_knowledge(client):
    body = client.get("/v1/knowledge").get_json()
    assert body["knowledge_version"] == VERSION
    assert body["released"] == "2026-01-01"
    assert body["counts"]["drugs"] == 11
    assert body["drugs_not_assessed"] == ["newdrug"]
    assert body["sources"] == ["article", "guidance"]
    assert body["label_review"]["by_drug"]["imat"] == "2026-12-05"
    assert body["label_review"]["by_drug"]["warf"] is None
    assert body["label_review"]["reviewed"] == 1


def test_livez_and_readyz(client):
    live = client.get("/livez")
    assert (live.status_code, live.get_json()) == (200, {"status": "ok", "knowledge_version": VERSION})
    ready = client.get("/readyz")
    assert ready.get_json() == {"status": "ready", "knowledge_version": VERSION, "drugs": 11}
    assert live.headers["X-Knowledge-Version"] == ready.headers["X-Knowledge-Version"] == VERSION


def test_readyz_is_503_without_knowledge(app):
    del app.extensions["ddi"]
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["type"] == "urn:ddi:problem:not-ready"


def test_openapi_is_served_as_written(client):
    response = client.get("/openapi.yaml")
    assert response.status_code == 200
    assert response.mimetype == "application/yaml"
    assert response.data == OPENAPI_PATH.read_bytes()
    assert response.headers["X-Knowledge-Version"] == VERSION


def test_head_answers_like_get_without_a_body(client):
    response = client.head("/v1/drugs/imat")
    assert (response.status_code, response.data) == (200, b"")
    assert response.headers["X-Knowledge-Version"] == VERSION


def test_lookups_may_be_cached(client):
    assert "Cache-Control" not in client.get("/v1/drugs/imat").headers
