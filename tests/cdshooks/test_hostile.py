"""Malformed and hostile bodies get a problem+json answer, never a 500, HTML or a stack trace."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.fhir.medications import extract_medications
from tests.cdshooks.conftest import hook_call, med

URL = "/cds-services/ddi-order-sign"

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.text(max_size=20)
    | st.sampled_from(["Bundle", "MedicationRequest", "#m"]),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "resourceType",
                    "entry",
                    "resource",
                    "medicationCodeableConcept",
                    "medicationReference",
                    "coding",
                    "text",
                    "contained",
                    "id",
                    "reference",
                    "code",
                    "ingredient",
                    "status",
                    "x",
                ]
            ),
            children,
            max_size=5,
        )
    ),
    max_leaves=30,
)


@given(json_values)
@settings(max_examples=300, suppress_health_check=list(HealthCheck))
def test_medication_reading_never_raises_on_odd_fhir(value):
    extract_medications(value)


@given(json_values)
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
def test_hook_calls_with_odd_draft_orders_never_fail(make_app_once, value):
    body = hook_call("order-sign", [], [med("w", "Warfarin")])
    body["context"]["draftOrders"] = value
    response = make_app_once.post(URL, json=body)
    assert response.status_code in (200, 422), response.get_data(as_text=True)


@pytest.fixture(scope="module")
def make_app_once(tmp_path_factory):
    from service import create_app
    from tests.cdshooks.conftest import FIXTURE_KNOWLEDGE

    path = tmp_path_factory.mktemp("fb") / "fb.sqlite3"
    return create_app(
        {"KNOWLEDGE_DIR": str(FIXTURE_KNOWLEDGE), "TESTING": True, "FEEDBACK_DB": str(path)}
    ).test_client()


@pytest.mark.parametrize(
    ("data", "content_type", "status"),
    [
        (b"{", "application/json", 400),
        (b'{"hook": "order-sign", "hook": "order-select", "context": {}}', "application/json", 400),
        (b"NaN", "application/json", 400),
        (b"", "application/json", 400),
        (b"\xff\xfe", "application/json", 400),
        (
            json.dumps(
                {"a": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}
            ).encode(),
            "application/json",
            400,
        ),
        (b"[1]", "application/x-www-form-urlencoded", 415),
        (b"[]", "application/json", 422),
        (b'"text"', "application/json", 422),
        (b'{"hook": "order-sign"}', "application/json", 422),
        (b'{"hook": "order-sign", "context": []}', "application/json", 422),
        (b'{"hook": "order-sign", "context": {"draftOrders": "x"}}', "application/json", 422),
        (b'{"hook": "order-sign", "context": {"draftOrders": {}, "selections": [1]}}', "application/json", 422),
        (b'{"hook": "order-sign", "context": {"draftOrders": {}}, "prefetch": []}', "application/json", 422),
        (b'{"hook": ["order-sign"], "context": {"draftOrders": {}}}', "application/json", 422),
        (b'{"hook": "order-sign", "hookInstance": 5, "context": {"draftOrders": {}}}', "application/json", 422),
    ],
)
def test_bad_bodies_get_problem_json(client, data, content_type, status):
    response = client.post(URL, data=data, content_type=content_type)
    assert response.status_code == status
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["detail"]


def test_body_over_the_cds_limit_is_413(make_app):
    client = make_app(CDS_MAX_BODY_BYTES=1000).test_client()
    response = client.post(URL, data=b"[" + b" " * 2000 + b"]", content_type="application/json")
    assert response.status_code == 413 and response.mimetype == "application/problem+json"
    assert response.get_json()["detail"] == "The request body is larger than the configured limit of 1000 bytes."


def test_cds_bodies_may_be_larger_than_the_api_limit(client):
    padding = [med(f"a{n}", "Unknown thing " + "x" * 150) for n in range(300)]
    body = hook_call("order-sign", [med("f", "Fluconazole", "draft")], [med("w", "Warfarin"), *padding])
    assert len(json.dumps(body)) > 65536
    assert client.post(URL, json=body).status_code == 200


def test_markdown_in_medication_text_is_escaped(client):
    draft = med("f", "Fluconazole", "draft")
    evil = med("e", "[click me](javascript:alert(1)) <script>")
    cards = client.post(URL, json=hook_call("order-sign", [draft], [evil])).get_json()["cards"]
    detail = cards[0]["detail"]
    assert "](javascript" not in detail and "<script>" not in detail
    assert "\\[click me\\]\\(javascript:alert\\(1\\)\\) \\<script\\>" in detail
