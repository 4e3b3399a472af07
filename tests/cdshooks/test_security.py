"""JWT verification as CDS Hooks requires, with a P-384 key generated for the test."""

from __future__ import annotations

import json
import logging
import time
import uuid

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from jwt.algorithms import ECAlgorithm

from service.cdshooks import security
from tests.cdshooks.conftest import hook_call, med

ISSUER = "https://ehr.example.org/"
ENDPOINT = "http://localhost/cds-services/ddi-order-sign"


@pytest.fixture(scope="module")
def private_key():
    return ec.generate_private_key(ec.SECP384R1())


@pytest.fixture
def jwks(private_key) -> dict:
    jwk = json.loads(ECAlgorithm.to_jwk(private_key.public_key()))
    return {"keys": [{**jwk, "kid": "ehr-1", "alg": "ES384", "use": "sig"}]}


@pytest.fixture
def secured(make_app, jwks):
    return make_app(CDS_TRUSTED_ISSUERS=json.dumps({ISSUER: jwks})).test_client()


def token(private_key, **changes) -> str:
    now = int(time.time())
    claims = {"iss": ISSUER, "aud": ENDPOINT, "exp": now + 300, "iat": now, "jti": str(uuid.uuid4())}
    claims.update(changes)
    claims = {k: v for k, v in claims.items() if v is not None}
    return jwt.encode(claims, private_key, algorithm="ES384", headers={"kid": "ehr-1", "typ": "JWT"})


def call(client, bearer: str | None, path: str = "/cds-services/ddi-order-sign"):
    headers = {"Authorization": f"Bearer {bearer}"} if bearer else {}
    body = hook_call("order-sign", [med("f", "Fluconazole", "draft")], [med("w", "Warfarin")])
    return client.post(path, json=body, headers=headers)


def _refused(response, reason: str) -> None:
    assert response.status_code == 401
    assert response.mimetype == "application/problem+json"
    assert reason in response.get_json()["detail"]
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_valid_token_is_accepted(secured, private_key):
    response = call(secured, token(private_key))
    assert response.status_code == 200 and len(response.get_json()["cards"]) == 1


def test_audience_as_a_list_is_accepted(secured, private_key):
    assert call(secured, token(private_key, aud=[ENDPOINT])).status_code == 200


def test_discovery_needs_a_token_for_its_own_url(secured, private_key):
    _refused(secured.get("/cds-services"), "requires 'Authorization: Bearer")
    good = token(private_key, aud="http://localhost/cds-services")
    assert secured.get("/cds-services", headers={"Authorization": f"Bearer {good}"}).status_code == 200


def test_missing_token(secured):
    _refused(call(secured, None), "requires 'Authorization: Bearer")


def test_expired_token(secured, private_key):
    _refused(call(secured, token(private_key, exp=int(time.time()) - 600, iat=int(time.time()) - 900)), "expired")


def test_wrong_audience(secured, private_key):
    _refused(call(secured, token(private_key, aud="http://localhost/cds-services/other")), "audience")


def test_replayed_jti(secured, private_key):
    reused = token(private_key)
    assert call(secured, reused).status_code == 200
    _refused(call(secured, reused), "already used")


def test_missing_jti(secured, private_key):
    _refused(call(secured, token(private_key, jti=None)), "'jti'")


def test_alg_none(secured):
    unsigned = jwt.encode(
        {"iss": ISSUER, "aud": ENDPOINT, "exp": int(time.time()) + 60, "jti": "x"}, None, algorithm="none"
    )
    _refused(call(secured, unsigned), "algorithm 'none' is not accepted")


def test_hmac(secured):
    claims = {"iss": ISSUER, "aud": ENDPOINT, "exp": int(time.time()) + 60, "iat": int(time.time()), "jti": "h"}
    shared = jwt.encode(claims, "a-shared-secret-" * 4, algorithm="HS384")
    _refused(call(secured, shared), "algorithm 'HS384' is not accepted")


def test_unknown_issuer(secured, private_key):
    _refused(call(secured, token(private_key, iss="https://stranger.example/")), "not on this service's list")


def test_signature_from_another_key(secured):
    other = ec.generate_private_key(ec.SECP384R1())
    _refused(call(secured, token(other)), "signature does not verify")


def test_garbage_token(secured):
    _refused(call(secured, "not.a.jwt"), "not a well-formed JWT")


def test_too_long_lived_token(secured, private_key):
    _refused(call(secured, token(private_key, exp=int(time.time()) + 86400)), "more than 3600 seconds")


def test_public_base_url_sets_the_audience(make_app, jwks, private_key):
    client = make_app(CDS_TRUSTED_ISSUERS={ISSUER: jwks}, CDS_PUBLIC_BASE_URL="https://cds.example.org/").test_client()
    assert (
        call(client, token(private_key, aud="https://cds.example.org/cds-services/ddi-order-sign")).status_code == 200
    )
    _refused(call(client, token(private_key)), "audience")


def test_pem_key_is_accepted(make_app, private_key):
    from cryptography.hazmat.primitives import serialization

    pem = (
        private_key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    client = make_app(CDS_TRUSTED_ISSUERS={ISSUER: pem}).test_client()
    bearer = jwt.encode(
        {"iss": ISSUER, "aud": ENDPOINT, "exp": int(time.time()) + 60, "iat": int(time.time()), "jti": "p"},
        private_key,
        algorithm="ES384",
    )
    assert call(client, bearer).status_code == 200


@pytest.mark.parametrize("setting", ["not json", '["a list"]', '{"iss": {"kty": "oct", "k": "c2VjcmV0"}}'])
def test_bad_issuer_settings_stop_the_app(make_app, setting):
    with pytest.raises(security.ConfigError):
        make_app(CDS_TRUSTED_ISSUERS=setting)


def test_cors_preflight_needs_no_token(secured):
    response = secured.options("/cds-services/ddi-order-sign", headers={"Origin": "https://x.example"})
    assert response.status_code == 200


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def test_a_warning_is_logged_once_at_start_up_without_trusted_issuers(make_app, private_key, jwks):
    handler = _Records()
    logger = logging.getLogger("service.cdshooks")
    logger.addHandler(handler)
    try:
        client = make_app().test_client()
        call(client, None)
        call(client, None)
        make_app(CDS_TRUSTED_ISSUERS={ISSUER: jwks})
    finally:
        logger.removeHandler(handler)
    warnings = [r for r in handler.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "without authentication" in warnings[0].getMessage()
