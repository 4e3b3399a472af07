"""Input as an attacker would send it: every answer is a 4xx problem or a normal result, never a 5xx."""

from __future__ import annotations

import json

import pytest

HOSTILE_BODIES = [
    pytest.param(b"[" * 30000 + b"]" * 30000, 400, id="deeply-nested-lists"),
    pytest.param(
        b'{"medications": [' + b'{"name": ' * 1000 + b'"x"' + b"}" * 1000 + b"]}", 400, id="deeply-nested-objects"
    ),
    pytest.param(b'{"medications": [{"name": {"a": {"b": "c"}}}]}', 422, id="object-where-name-belongs"),
    pytest.param(json.dumps({"medications": ["x" * 60000]}).encode(), 422, id="huge-string"),
    pytest.param(b'{"medications": [' + b"9" * 5000 + b"]}", 400, id="huge-integer"),
    pytest.param(b'{"medications": [1e999999]}', 422, id="infinite-float"),
    pytest.param(b'{"medications": [Infinity]}', 400, id="infinity-literal"),
    pytest.param(b"\xef\xbb\xbf" + b'{"medications": ["imat"]}', 400, id="byte-order-mark"),
    pytest.param(b'{"medications": ["imat"]}\x00', 400, id="trailing-nul"),
    pytest.param(b'{"medications": ["\xc3\x28"]}', 400, id="invalid-utf8-sequence"),
    pytest.param('{"medications": ["imat"]}'.encode("utf-16"), 400, id="utf-16"),
    pytest.param(b"42", 422, id="number"),
    pytest.param(b'["imat", "keto"]', 422, id="list"),
    pytest.param(b"null", 422, id="null"),
    pytest.param(b'{"medications": ["imat"], "medications": ["keto"]}', 400, id="duplicate-keys"),
    pytest.param(b'{"medications": ["\\u0000imat"]}', 422, id="escaped-nul"),
    pytest.param(b'{"medications": ["imat\\u001b[31m"]}', 422, id="ansi-escape"),
    pytest.param(b'{"medications": ["\\udfff"]}', 422, id="lone-low-surrogate"),
    pytest.param(b'{"medications": ["\\u202eimat"]}', 200, id="bidi-override-is-just-unknown"),
    pytest.param(json.dumps({"medications": ["имaтиниб", "伊马替尼"]}).encode(), 200, id="other-scripts"),
    pytest.param(json.dumps({"medications": ["<script>alert(1)</script>"]}).encode(), 200, id="html"),
    pytest.param(json.dumps({"medications": ["' OR 1=1 --"]}).encode(), 200, id="sql"),
    pytest.param(json.dumps({"medications": ["{0.__class__}", "%s%s%n"]}).encode(), 200, id="format-strings"),
]


@pytest.mark.parametrize(("body", "status"), HOSTILE_BODIES)
def test_hostile_body(client, body, status):
    response = client.post("/v1/interactions/check", data=body, content_type="application/json")
    assert response.status_code == status
    expected = "application/json" if status == 200 else "application/problem+json"
    assert response.mimetype == expected
    assert b"Traceback" not in response.data and b"<html" not in response.data.lower()


def test_hostile_inputs_are_echoed_as_data_not_markup(client):
    response = client.post(
        "/v1/interactions/check",
        json={"medications": ["<script>alert(1)</script>"]},
        headers={"Accept": "text/plain"},
    )
    assert response.mimetype == "text/plain"
    assert "<script>alert(1)</script>" in response.get_data(as_text=True)


def test_two_hundred_long_unknown_names_stay_bounded(client):
    names = [f"{n:03d}" + "q" * 197 for n in range(200)]
    response = client.post("/v1/interactions/check", json={"medications": names})
    assert response.status_code == 200
    assert len(response.get_json()["unrecognized"]) == 200


@pytest.mark.parametrize(
    "path",
    [
        "/v1/drugs/%ff%fe",
        "/v1/drugs/%00",
        "/v1/drugs/..%2F..%2Fetc%2Fpasswd",
        "/v1/enzymes/%E2%80%AE",
        "/v1/interactions/check?drugs=%ff",
        "/v1/interactions/check?drugs=imat&min_severity=%ff",
        "/v1/drugs?q=%ff%ff",
        "/v1/drugs?q=imat&limit=99999999999999999999999",
        "/v1/drugs?q=imat&limit=-1",
    ],
)
def test_hostile_urls(client, path):
    response = client.get(path)
    assert response.status_code in (200, 404, 422)
    assert response.mimetype in ("application/json", "application/problem+json")


@pytest.mark.parametrize("given", ["a b", "x" * 129, "id;rm -rf", "é"])
def test_unsafe_request_ids_are_replaced(client, given):
    response = client.get("/livez", headers={"X-Request-ID": given})
    assert response.headers["X-Request-ID"] != given
    assert len(response.headers["X-Request-ID"]) == 32


def test_safe_request_id_is_echoed(client):
    given = "ehr-42:ward/7@2026-01-01T10:00:00.000+01:00"
    assert client.get("/livez", headers={"X-Request-ID": given}).headers["X-Request-ID"] == given
