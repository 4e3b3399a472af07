"""`/v1/compatibility`: exact answers on the fixture knowledge; bad input refused as problem+json, never 500."""

from __future__ import annotations

import json

import pytest

CHECK, PLAN = "/v1/compatibility/check", "/v1/compatibility/plan"


def test_check_answers_every_pair_and_vehicle_with_the_version(client):
    response = client.post(CHECK, json={"drugs": ["alde", "ganci", "imat"], "diluents": ["D5W"]})
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    body = response.get_json()
    assert body["knowledge_version"] == "2026-01-01+3782144a100e"
    assert [(p["drugs"], p["result"]) for p in body["pairs"]] == [
        (["alde", "ganci"], "incompatible"),
        (["alde", "imat"], "no-data"),
        (["ganci", "imat"], "no-data"),
    ]
    assert body["summary"] == {"incompatible": 1, "no-data": 2, "conditional": 0, "compatible": 0}
    assert body["setting"] == {"diluents": ["glucose-5"], "containers": [], "contact_hours": None}
    assert [r["id"] for r in body["references"]] == ["study-a", "study-b"]


def test_check_with_concentration_diluent_and_contact_time(client):
    body = client.post(
        CHECK,
        json={
            "drugs": [{"drug": "digo", "concentration": {"value": 0.1, "unit": "mg/mL"}, "diluent": "NS"}, "ibu"],
            "containers": ["PVC"],
            "contact_hours": 2,
        },
    ).get_json()
    (pair,) = body["pairs"]
    assert (pair["result"], pair["conditions_met"], pair["shares_line"]) == ("conditional", True, True)
    assert body["medications"][0]["concentration"] == {"value": 0.1, "unit": "mg/mL"}
    assert body["medications"][0]["diluent"] == "sodium-chloride-0-9"
    assert ("digo", "pvc", "incompatible") in {(v["drug"], v["vehicle"], v["result"]) for v in body["vehicles"]}


def test_plan_answers_lines_and_their_proof(client):
    body = client.post(PLAN, json={"drugs": ["flucon", "keto", "alde", "ganci"]}).get_json()
    assert [line["drugs"] for line in body["lines"]] == [["flucon", "keto"], ["alde"], ["ganci"]]
    assert body["minimality"]["optimal"] is True and body["minimality"]["lower_bound"] == 3


def test_unknown_drugs_are_reported_not_planned(client):
    body = client.post(PLAN, json={"drugs": ["alde", "gancyclo"]}).get_json()
    assert body["complete"] is False
    assert body["unrecognized"][0]["input"] == "gancyclo" and body["unrecognized"][0]["suggestions"] == ["ganci"]
    assert [line["drugs"] for line in body["lines"]] == [["alde"]]


def test_vehicles_lists_diluents_and_containers(client):
    body = client.get("/v1/compatibility/vehicles").get_json()
    assert body["diluents"][0]["id"] == "sodium-chloride-0-9"
    assert "calcium" in next(d for d in body["diluents"] if d["id"] == "ringers-lactate")["contains"]
    assert [c["id"] for c in body["containers"]][:3] == ["pvc", "polyolefin", "polyethylene"]


@pytest.mark.parametrize("path", [CHECK, PLAN])
@pytest.mark.parametrize(
    ("body", "status", "pointer"),
    [
        ({}, 422, "#/drugs"),
        ({"drugs": []}, 422, "#/drugs"),
        ({"drugs": "alde"}, 422, "#/drugs"),
        ({"drugs": [42]}, 422, "#/drugs/0"),
        ({"drugs": [None]}, 422, "#/drugs/0"),
        ({"drugs": ["alde"], "diluent": "NS"}, 422, "#/diluent"),
        (
            {"drugs": [{"drug": "alde", "concentration": {"value": -1, "unit": "mg/mL"}}]},
            422,
            "#/drugs/0/concentration/value",
        ),
        (
            {"drugs": [{"drug": "alde", "concentration": {"value": 1, "unit": "mg"}}]},
            422,
            "#/drugs/0/concentration/unit",
        ),
        ({"drugs": [{"drug": "alde", "concentration": {"value": "1", "unit": "mg/mL"}}]}, None, None),
        ({"drugs": [{"drug": "alde", "rate": 5}]}, 422, "#/drugs/0/rate"),
        ({"drugs": [{"drug": "alde\u0000"}]}, 422, "#/drugs/0/drug"),
        ({"drugs": ["alde"], "contact_hours": 0}, 422, "#/contact_hours"),
        ({"drugs": ["alde"], "contact_hours": True}, None, None),
        ({"drugs": ["alde"], "diluents": ["x"] * 11}, 422, "#/diluents"),
        ({"drugs": ["alde"] * 61}, 422, "#/drugs"),
        ({"drugs": ["\ud83d\udc8a aldé \u202e"]}, 200, None),
        ({"drugs": ["a" * 201]}, 422, "#/drugs/0"),
    ],
)
def test_bad_bodies_are_refused_with_a_pointer(client, path, body, status, pointer):
    response = client.post(path, data=json.dumps(body), content_type="application/json")
    assert response.status_code in ((status,) if status else (200, 422))
    if response.status_code == 422:
        assert response.mimetype == "application/problem+json"
        assert pointer is None or any(e["pointer"] == pointer for e in response.get_json()["errors"])


@pytest.mark.parametrize("path", [CHECK, PLAN])
def test_malformed_oversized_and_wrongly_typed_bodies(client, path):
    assert client.post(path, data="{", content_type="application/json").status_code == 400
    assert (
        client.post(path, data='{"drugs": ["a"], "drugs": ["b"]}', content_type="application/json").status_code == 400
    )
    assert client.post(path, data="drugs=alde", content_type="application/x-www-form-urlencoded").status_code == 415
    big = json.dumps({"drugs": ["x" * 150] * 500})
    assert client.post(path, data=big, content_type="application/json").status_code == 413
    assert client.get(path).status_code == 405


def test_lists_are_never_logged(client, read_log):
    client.post(PLAN, json={"drugs": ["alde", "ganci", "secretdrugname"]})
    lines = read_log()
    assert lines and not any("secretdrugname" in json.dumps(line) or "alde" in json.dumps(line) for line in lines)
    assert lines[-1]["medications"] == 3
