"""`GET /v1/interactions/explain`: the reasons over HTTP, and every bad request as problem+json."""

from __future__ import annotations

import pytest

from tests.conftest import FIXTURE_KNOWLEDGE

SEVERITIES = "contraindicated, major, moderate, minor"
VERSION = "2026-01-01+3782144a100e"


def test_explains_a_pair_named_by_brand_and_code(client):
    response = client.get("/v1/interactions/explain?drugs=Gleevec, 6135&min_severity=major")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    body = response.get_json()
    assert body["knowledge_version"] == VERSION
    assert (body["drugs"], body["flagged"], body["severity"]) == (["imat", "keto"], False, None)
    assert [(r["kind"], r.get("grade_route")) for r in body["reasons"]] == [
        ("finding", "effect-policy"),
        ("finding", "curated-record"),
        ("superseded", None),
        ("filtered", None),
        ("filtered", None),
    ]


def test_no_shared_pathway_over_http(client):
    body = client.get("/v1/interactions/explain?drugs=alde,digo").get_json()
    assert [r["kind"] for r in body["reasons"]] == ["no-shared-pathway"]


@pytest.mark.parametrize(
    ("query", "status", "detail"),
    [
        ("", 400, "Name exactly two drugs; 0 given."),
        ("drugs=", 400, "Name exactly two drugs; 0 given."),
        ("drugs=imat", 400, "Name exactly two drugs; 1 given."),
        ("drugs=imat,keto,warf", 400, "Name exactly two drugs; 3 given."),
        ("drugs=imat,Gleevec", 400, "Both names are imat: name two different drugs."),
        ("drugs=imatinibb,keto", 404, "'imatinibb' is not found in the knowledge; did you mean imat?"),
        ("drugs=imat,%E2%98%83%F0%9F%92%8A", 404, "'☃💊' is not found in the knowledge."),
        ("drugs=imat,ke%00to", 422, "drugs: Must not contain control characters."),
        ("drugs=imat," + "k" * 400, 422, "drugs: Longer than the limit of 400 characters."),
        ("drugs=imat,keto&min_severity=severe", 422, f"min_severity: Must be one of: {SEVERITIES}."),
        ("drugs=imat,keto&drugs=warf", 422, "drugs: Given more than once; give it once."),
        ("drugs=imat,keto&extra=1", 422, "extra: Unknown field."),
    ],
)
def test_bad_requests_are_problems(client, query, status, detail):
    response = client.get(f"/v1/interactions/explain?{query}")
    assert response.status_code == status
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["detail"] == detail
    assert body["knowledge_version"] == VERSION


def test_unknown_drug_lists_why_and_the_suggestions(client):
    body = client.get("/v1/interactions/explain?drugs=Gleevek,keto").get_json()
    assert body["type"] == "urn:ddi:problem:unknown-drug"
    assert body["suggestions"] == ["imat"]
    assert body["unrecognized"] == [
        {"input": "Gleevek", "reason": "unknown", "detail": "not found in the knowledge", "suggestions": ["imat"]}
    ]


def test_check_alternatives_switch(client):
    on = client.get("/v1/interactions/check?drugs=keto,digo").get_json()
    off = client.get("/v1/interactions/check?drugs=keto,digo&alternatives=false").get_json()
    assert on["alternatives"]["findings"] == [] and "alternatives" not in off
    refused = client.post("/v1/interactions/check", json={"medications": ["keto"], "alternatives": 0})
    assert refused.status_code == 422
    assert refused.get_json()["detail"] == "#/alternatives: Not a valid boolean."


def test_cli_explain(capsys):
    from service.cli import main

    assert main(["--knowledge", str(FIXTURE_KNOWLEDGE), "explain", "imat", "Nizoral", "--min-severity", "major"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"Imatinib + Ketoconazole: not flagged at min_severity major (knowledge {VERSION})"
    assert lines[3].startswith("- [superseded] The prediction Ketoconazole -> CYP3A4 -> Imatinib")
    assert main(["--knowledge", str(FIXTURE_KNOWLEDGE), "explain", "imat"]) == 2
    assert capsys.readouterr().err == "Name exactly two drugs; 1 given.\n"
