"""Whatever arrives, the API answers with its contract: a result, or a problem+json error, never a 500.

Generated bodies, headers and query strings go through the contract-checking client, so every
answer is also held to openapi.yaml.
"""

from __future__ import annotations

import gzip
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

POSTS = ["/v1/interactions/check", "/v1/interactions/check-batch", "/v1/fhir/check"]
ERRORS = {400, 413, 415, 422}
FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
"""The same examples on every run, so that the suite stays deterministic; raise max_examples to explore more."""

names = st.sampled_from(["imat", "keto", "warf", "ibu", "Nizoral", "imatinibb", "", " ", "50-78-2"]) | st.text(
    max_size=30
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | names,
    lambda children: (
        st.lists(children, max_size=5)
        | st.dictionaries(
            st.sampled_from(
                ["medications", "min_severity", "conditions", "lists", "id", "name", "system", "code", "x"]
            ),
            children,
            max_size=4,
        )
    ),
    max_leaves=25,
)
content_types = st.sampled_from(
    [
        "application/json",
        "application/json; charset=utf-8",
        "application/fhir+json",
        "text/plain",
        "",
        "application/json; charset=latin-1",
    ]
)
encodings = st.sampled_from([None, "gzip", "identity", "br"])


def _answered(response) -> None:
    """Assert a 200 answer with a knowledge version, or a problem+json error this API documents."""
    assert response.status_code == 200 or response.status_code in ERRORS, response.status_code
    assert response.headers["X-Knowledge-Version"]
    if response.status_code != 200:
        assert response.mimetype == "application/problem+json"
        assert {"type", "title", "status", "detail"} <= set(response.get_json())


@FUZZ
@given(st.sampled_from(POSTS), json_values, content_types, encodings)
def test_any_json_value_is_answered_or_refused_cleanly(client, path, value, content_type, encoding):
    data = json.dumps(value).encode()
    headers = {}
    if encoding:
        headers["Content-Encoding"] = encoding
        data = gzip.compress(data) if encoding == "gzip" else data
    _answered(client.post(path, data=data, content_type=content_type, headers=headers))


@FUZZ
@given(st.sampled_from(POSTS), st.binary(max_size=300), encodings)
def test_any_bytes_are_answered_or_refused_cleanly(client, path, data, encoding):
    headers = {"Content-Encoding": encoding} if encoding else {}
    response = client.post(path, data=data, content_type="application/json", headers=headers)
    _answered(response)
    assert response.status_code != 200 or json.loads(gzip.decompress(data) if encoding == "gzip" else data)


@FUZZ
@given(st.text(max_size=60), st.text(max_size=12), st.text(max_size=40))
def test_any_query_is_answered_or_refused_cleanly(client, drugs, severity, condition):
    query = {"drugs": drugs, "min_severity": severity, "conditions": condition}
    _answered(client.get("/v1/interactions/check", query_string=query))
    search = client.get("/v1/drugs", query_string={"q": drugs, "limit": severity})
    _answered(search)


@FUZZ
@given(st.text(min_size=1, max_size=80))
def test_any_record_id_is_found_or_404_with_suggestions(client, record_id):
    for base in ("/v1/drugs/", "/v1/enzymes/"):
        response = client.get(base + record_id.replace("/", "%2F").replace("?", "%3F").replace("#", "%23"))
        assert response.status_code in (200, 404), response.status_code
        assert response.headers["X-Knowledge-Version"]
        if response.status_code == 404:
            assert response.mimetype == "application/problem+json"
