"""When the shared database is unreachable: checks and cards go on, feedback gets 503 problem+json, then recovers."""

from __future__ import annotations

import json

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from jwt.algorithms import ECAlgorithm

from tests.cdshooks.conftest import hook_call, med
from tests.cdshooks.test_security import ISSUER, call, token
from tests.storage.pgcluster import free_port, started_cluster

ORDER_SIGN = "/cds-services/ddi-order-sign"
ITEM = {"card": "c-1", "outcome": "overridden", "outcomeTimestamp": "2026-11-25T10:00:00Z"}
UNAVAILABLE = {
    "type": "urn:ddi:problem:storage-unavailable",
    "title": "Storage unavailable",
    "status": 503,
    "detail": "The feedback database is unreachable; retry later. Checks are not affected.",
}


def _assert_unavailable(response) -> None:
    assert response.status_code == 503
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert {key: body[key] for key in UNAVAILABLE} == UNAVAILABLE
    assert response.headers["Retry-After"] == "5"


def test_a_closed_port_gives_503_to_feedback_and_nothing_else(make_app):
    client = make_app(DATABASE_URL=f"postgresql://ddi@127.0.0.1:{free_port()}/ddi").test_client()
    _assert_unavailable(client.post(f"{ORDER_SIGN}/feedback", json={"feedback": [ITEM]}))
    _assert_unavailable(client.get("/v1/cds-hooks/overrides"))
    check = client.post("/v1/interactions/check", json={"medications": ["ibuprofen", "warfarin"]})
    assert check.status_code == 200 and check.get_json()["interactions"]
    body = hook_call("order-sign", [med("i", "Ibuprofen", "draft")], [med("w", "Warfarin")])
    assert len(client.post(ORDER_SIGN, json=body).get_json()["cards"]) == 1  # the alert is never lost


@pytest.fixture
def own_cluster():
    """A server of this test's own, so stopping it disturbs no other test."""
    with started_cluster(pytest.skip) as cluster:
        yield cluster


def test_feedback_recovers_without_a_restart_when_the_server_returns(make_app, own_cluster):
    client = make_app(DATABASE_URL=own_cluster.url()).test_client()
    assert client.post(f"{ORDER_SIGN}/feedback", json={"feedback": [ITEM]}).status_code == 200
    own_cluster.stop()
    _assert_unavailable(client.post(f"{ORDER_SIGN}/feedback", json={"feedback": [ITEM]}))
    assert client.post("/v1/interactions/check", json={"medications": ["ibuprofen", "warfarin"]}).status_code == 200
    own_cluster.start()
    assert client.post(f"{ORDER_SIGN}/feedback", json={"feedback": [ITEM]}).get_json() == {"recorded": 0, "repeated": 1}


def test_a_server_restarted_while_the_app_was_idle_costs_no_failed_call(make_app, own_cluster, monkeypatch):
    from service.storage import postgres

    monkeypatch.setattr(postgres, "IDLE_CHECK_SECONDS", 0.0)  # every reuse counts as after an idle spell
    client = make_app(DATABASE_URL=own_cluster.url()).test_client()
    assert client.post(f"{ORDER_SIGN}/feedback", json={"feedback": [ITEM]}).status_code == 200
    own_cluster.stop()
    own_cluster.start()
    assert client.post(f"{ORDER_SIGN}/feedback", json={"feedback": [ITEM]}).get_json() == {"recorded": 0, "repeated": 1}


def test_with_trusted_issuers_an_unreachable_database_skips_the_replay_check_and_the_alerts_go_on(make_app, caplog):
    key = ec.generate_private_key(ec.SECP384R1())
    jwk = {**json.loads(ECAlgorithm.to_jwk(key.public_key())), "kid": "ehr-1", "alg": "ES384"}
    client = make_app(
        DATABASE_URL=f"postgresql://ddi@127.0.0.1:{free_port()}/ddi",
        CDS_TRUSTED_ISSUERS=json.dumps({ISSUER: {"keys": [jwk]}}),
    ).test_client()
    with caplog.at_level("WARNING", logger="service.cdshooks"):
        response = call(client, token(key))
    assert response.status_code == 200, response.get_json()
    assert any("Fluconazole" in card["summary"] for card in response.get_json()["cards"])
    assert "JWT replay check skipped, the shared database is unreachable" in caplog.text
    wrong_key = ec.generate_private_key(ec.SECP384R1())
    assert call(client, token(wrong_key)).status_code == 401  # the signature is still enforced
