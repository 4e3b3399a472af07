"""Two replicas sharing one PostgreSQL database: a token is used once across both, feedback is counted by both."""

from __future__ import annotations

import json

import pytest

from tests.cdshooks.conftest import hook_call, med
from tests.cdshooks.test_security import ISSUER, call, jwks, private_key, token  # noqa: F401 - fixtures

ORDER_SIGN = "/cds-services/ddi-order-sign"


@pytest.fixture
def replicas(make_app, pg_url, jwks):  # noqa: F811 - the fixture imported above
    """Two apps, as two replicas behind a load balancer, on one database and the same trusted issuer."""
    issuers = json.dumps({ISSUER: jwks})
    return [make_app(DATABASE_URL=pg_url, CDS_TRUSTED_ISSUERS=issuers).test_client() for _ in range(2)]


def test_a_token_used_on_one_replica_is_refused_by_the_other(replicas, private_key):  # noqa: F811
    first, second = replicas
    bearer = token(private_key)
    assert call(first, bearer).status_code == 200
    refused = call(second, bearer)
    assert refused.status_code == 401
    assert refused.get_json()["detail"] == "This JWT (jti) was already used; send a new token with every call."
    assert call(second, token(private_key)).status_code == 200


def test_feedback_recorded_through_one_replica_is_counted_by_the_other(make_app, pg_url):
    first, second = (make_app(DATABASE_URL=pg_url).test_client() for _ in range(2))
    body = hook_call("order-sign", [med("i", "Ibuprofen", "draft")], [med("w", "Warfarin")])
    card = first.post(ORDER_SIGN, json=body).get_json()["cards"][0]["uuid"]
    item = {"card": card, "outcome": "overridden", "outcomeTimestamp": "2026-11-25T10:00:00Z"}
    assert second.post(f"{ORDER_SIGN}/feedback", json={"feedback": [item]}).get_json() == {"recorded": 1, "repeated": 0}
    assert first.post(f"{ORDER_SIGN}/feedback", json={"feedback": [item]}).get_json() == {"recorded": 0, "repeated": 1}
    counts = first.get("/v1/cds-hooks/overrides").get_json()["interactions"]
    assert counts == [{"interaction": "ibu+warf", "overridden": 1, "accepted": 0}]
