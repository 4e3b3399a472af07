"""Compressed answers: only when the caller asks, the same JSON once decoded, never for errors or tiny bodies."""

from __future__ import annotations

import gzip
import json

import brotli
import pytest
from backports import zstd
from flask.testing import FlaskClient

from tests.api.contract import check_response

DECODE = {"gzip": gzip.decompress, "zstd": zstd.decompress, "br": brotli.decompress}
BODY = {"medications": ["imat", "keto", "flucon", "rifa", "warf", "ibu", "azith", "digo"]}


@pytest.fixture
def raw_client(app) -> FlaskClient:
    """A client that sees the bytes as sent (the contract client would read them as JSON)."""
    return FlaskClient(app)


def decoded(response) -> bytes:
    """Return the body as a caller reads it after undoing `Content-Encoding`, and check it against the contract."""
    encoding = response.headers.get("Content-Encoding")
    body = DECODE[encoding](response.data) if encoding else response.data
    response.set_data(body)
    response.headers.pop("Content-Encoding", None)
    check_response(response)
    return body


@pytest.mark.parametrize(
    "accept, chosen",
    [
        ("gzip", "gzip"),
        ("br", "br"),
        ("zstd", "zstd"),
        ("gzip, deflate, br, zstd", "zstd"),  # equal preference: the cheapest to produce
        ("zstd;q=0.5, gzip", "gzip"),  # the caller's preference wins
    ],
)
def test_an_answer_is_compressed_as_the_caller_asks_and_decodes_to_the_same_json(raw_client, accept, chosen):
    plain = raw_client.post("/v1/interactions/check", json=BODY)
    packed = raw_client.post("/v1/interactions/check", json=BODY, headers={"Accept-Encoding": accept})
    assert plain.headers.get("Content-Encoding") is None
    assert packed.headers["Content-Encoding"] == chosen
    assert "Accept-Encoding" in packed.headers["Vary"] and "Accept-Encoding" in plain.headers["Vary"]
    assert int(packed.headers["Content-Length"]) == len(packed.data) < len(plain.data) / 3
    assert packed.headers["Cache-Control"] == "no-store" and packed.headers["X-Knowledge-Version"]
    first, second = json.loads(decoded(packed)), json.loads(decoded(plain))
    first.pop("knowledge_version"), second.pop("knowledge_version")
    assert first == second and first["interactions"]


def test_text_answers_are_compressed_too(raw_client):
    response = raw_client.get(
        "/v1/interactions/check?drugs=imat,keto,flucon,rifa,warf,ibu",
        headers={"Accept": "text/plain", "Accept-Encoding": "gzip"},
    )
    assert response.headers["Content-Encoding"] == "gzip"
    assert "Imatinib" in decoded(response).decode()


def test_tiny_bodies_errors_and_refused_encodings_go_out_as_they_are(raw_client):
    tiny = raw_client.get("/livez", headers={"Accept-Encoding": "gzip"})
    error = raw_client.post("/v1/interactions/check", json={"medications": []}, headers={"Accept-Encoding": "gzip"})
    refused = raw_client.post("/v1/interactions/check", json=BODY, headers={"Accept-Encoding": "gzip;q=0, identity"})
    for response in (tiny, error, refused):
        assert response.headers.get("Content-Encoding") is None
        assert response.get_json()  # readable as it is
    assert error.status_code == 422 and error.mimetype == "application/problem+json"


def test_compression_can_be_switched_off_for_a_proxy_that_compresses(make_app, monkeypatch):
    monkeypatch.setenv("DDI_COMPRESS_ALGORITHM", "[]")  # as the README documents it
    client = FlaskClient(make_app())
    response = client.post("/v1/interactions/check", json=BODY, headers={"Accept-Encoding": "gzip, br, zstd"})
    assert response.headers.get("Content-Encoding") is None and response.get_json()["interactions"]


@pytest.mark.parametrize("accept_encoding", [None, "gzip"])
def test_vary_names_accept_encoding_beside_what_it_already_names(make_app, accept_encoding):
    client = FlaskClient(make_app(CDS_CORS_ORIGINS="https://ehr.example.org"))
    headers = {"Origin": "https://ehr.example.org"}
    if accept_encoding:
        headers["Accept-Encoding"] = accept_encoding
    cors = client.get("/cds-services", headers=headers)  # CORS with a narrowed origin varies by Origin
    plain = client.get("/livez", headers={"Accept-Encoding": accept_encoding} if accept_encoding else {})
    assert cors.headers.getlist("Vary") == ["Accept-Encoding, Origin"]
    assert plain.headers.getlist("Vary") == ["Accept-Encoding"]
