"""Request bodies may come gzip-compressed; inflated, they are held to the same size limit as any body."""

from __future__ import annotations

import gzip
import json

import pytest

CHECK = "/v1/interactions/check"


def post_encoded(client, data: bytes, encoding: str):
    headers = {"Content-Encoding": encoding, "X-Request-ID": "enc-1"}
    return client.post(CHECK, data=data, content_type="application/json", headers=headers)


@pytest.mark.parametrize("encoding", ["gzip", "x-gzip", "GZIP"])
def test_a_gzipped_body_is_answered_as_the_plain_one(client, encoding):
    body = {"medications": ["imatinib", "Nizoral", "warfarin", "ibuprofen"]}
    plain = client.post(CHECK, json=body).get_json()
    packed = post_encoded(client, gzip.compress(json.dumps(body).encode()), encoding)
    assert packed.status_code == 200
    assert packed.get_json()["interactions"] == plain["interactions"] and plain["interactions"]


def test_identity_is_no_encoding(client):
    response = post_encoded(client, json.dumps({"medications": ["imatinib"]}).encode(), "identity")
    assert response.status_code == 200 and response.get_json()["complete"] is True


def test_a_body_that_inflates_past_the_limit_is_413_however_small_it_travels(make_app):
    client = make_app(MAX_BODY_BYTES=10_000).test_client()
    bomb = gzip.compress(b'{"medications": ["' + b"a" * 5_000_000 + b'"]}')
    assert len(bomb) < 10_000
    response = post_encoded(client, bomb, "gzip")
    assert response.status_code == 413 and response.mimetype == "application/problem+json"
    assert response.get_json()["detail"] == "The request body inflates past the configured limit of 10000 bytes."


@pytest.mark.parametrize(
    "data, detail",
    [
        (b"not gzip at all", "The request body is not valid gzip."),
        (
            gzip.compress(b'{"medications": ["imatinib"]}')[:-6],
            "The request body is not valid gzip (truncated, or followed by other data).",
        ),
        (
            gzip.compress(b'{"medications": ["imatinib"]}') + b"tail",
            "The request body is not valid gzip (truncated, or followed by other data).",
        ),
    ],
)
def test_broken_gzip_is_400_saying_so(client, data, detail):
    response = post_encoded(client, data, "gzip")
    assert response.status_code == 400 and response.mimetype == "application/problem+json"
    assert response.get_json()["detail"] == detail


@pytest.mark.parametrize("encoding", ["br", "deflate", "zstd", "gzip, br"])
def test_other_encodings_are_415_naming_what_is_accepted(client, encoding):
    response = post_encoded(client, b"\x00\x01", encoding)
    assert response.status_code == 415 and response.mimetype == "application/problem+json"
    assert response.get_json()["detail"] == f"Content-Encoding '{encoding}' is not supported: send gzip or none."
