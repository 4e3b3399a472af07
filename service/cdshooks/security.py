"""Verify the JWT a CDS Client sends with every call, as CDS Hooks requires.

Asymmetric signatures only (ES384 and RS384 as recommended, ES256 and RS256 accepted): `none`
proves nothing and an HMAC key would have to be shared with every client. The issuer must be on
the allowlist with its keys configured out of band; a `jku` header is never fetched, since a token
must not choose the key it is checked with. `aud` must be this endpoint's URL, and each `jti` is
accepted once.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any

import jwt
from jwt.algorithms import ECAlgorithm, RSAAlgorithm

from service.api.problems import Problem
from service.storage import RecordStore, StoreUnavailable

log = logging.getLogger("service.cdshooks")

ALGORITHMS = ("ES384", "RS384", "ES256", "RS256")
LEEWAY_SECONDS = 60
MAX_LIFETIME_SECONDS = 3600
"""Tokens are per call; one valid for longer than an hour is refused rather than remembered for long."""


class ConfigError(ValueError):
    """The trusted issuers setting cannot be used."""


@dataclass(frozen=True)
class TrustedKey:
    kid: str | None
    key: Any


def _load_jwk(jwk: dict[str, Any]) -> TrustedKey:
    kty = jwk.get("kty")
    if kty == "EC":
        return TrustedKey(jwk.get("kid"), ECAlgorithm.from_jwk(jwk))
    if kty == "RSA":
        return TrustedKey(jwk.get("kid"), RSAAlgorithm.from_jwk(jwk))
    raise ConfigError(f"unsupported key type {kty!r} (only EC and RSA public keys are trusted)")


def _load_keys(issuer: str, value: Any) -> list[TrustedKey]:
    if isinstance(value, str) and value.lstrip().startswith("-----BEGIN"):
        from cryptography.hazmat.primitives.serialization import load_pem_public_key

        return [TrustedKey(None, load_pem_public_key(value.encode()))]
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            raise ConfigError(f"issuer {issuer!r}: give a JWKS object or a PEM public key") from None
    if isinstance(value, dict) and isinstance(value.get("keys"), list):
        keys = [_load_jwk(k) for k in value["keys"]]
    elif isinstance(value, dict) and "kty" in value:
        keys = [_load_jwk(value)]
    else:
        raise ConfigError(f"issuer {issuer!r}: give a JWKS object or a PEM public key")
    if not keys:
        raise ConfigError(f"issuer {issuer!r}: the JWKS holds no keys")
    return keys


def load_trusted_issuers(setting: Any) -> dict[str, list[TrustedKey]]:
    """Return issuer -> keys from `DDI_CDS_TRUSTED_ISSUERS` (a JSON object, or its text)."""
    if setting in (None, "", {}):
        return {}
    if isinstance(setting, str):
        try:
            setting = json.loads(setting)
        except ValueError:
            raise ConfigError("DDI_CDS_TRUSTED_ISSUERS must be a JSON object: issuer -> JWKS or PEM") from None
    if not isinstance(setting, dict):
        raise ConfigError("DDI_CDS_TRUSTED_ISSUERS must be a JSON object: issuer -> JWKS or PEM")
    try:
        return {str(issuer): _load_keys(str(issuer), value) for issuer, value in setting.items()}
    except (ValueError, TypeError, jwt.InvalidKeyError) as exc:
        raise ConfigError(f"DDI_CDS_TRUSTED_ISSUERS: {exc}") from None


def unauthorized(reason: str) -> Problem:
    """Return the 401 problem with the reason, and the header RFC 6750 asks for."""
    problem = Problem(401, None, reason)
    problem.headers["WWW-Authenticate"] = 'Bearer error="invalid_token"'
    return problem


def verify_request_token(
    authorization: str | None,
    audience: str,
    issuers: dict[str, list[TrustedKey]],
    store: RecordStore,
) -> dict[str, Any]:
    """Return the verified claims of the request's bearer JWT, or raise a 401 problem saying why."""
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise unauthorized("This service requires 'Authorization: Bearer <JWT>' signed by a trusted CDS Client.")
    token = token.strip()
    try:
        header = jwt.get_unverified_header(token)
        unverified = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError:
        raise unauthorized("The bearer token is not a well-formed JWT.") from None
    alg = header.get("alg")
    if alg not in ALGORITHMS:
        raise unauthorized(f"JWT algorithm {str(alg)[:20]!r} is not accepted; sign with {', '.join(ALGORITHMS)}.")
    issuer = unverified.get("iss")
    if not isinstance(issuer, str) or issuer not in issuers:
        raise unauthorized("The JWT issuer (iss) is not on this service's list of trusted CDS Clients.")
    keys = issuers[issuer]
    kid = header.get("kid")
    candidates = [k for k in keys if k.kid == kid] or ([keys[0]] if len(keys) == 1 and keys[0].kid is None else [])
    if not candidates:
        raise unauthorized("No trusted key of this issuer matches the JWT's kid.")
    claims = _decode(token, candidates, alg, audience, issuer)
    if claims["exp"] - claims["iat"] > MAX_LIFETIME_SECONDS:
        raise unauthorized(f"The JWT is valid for more than {MAX_LIFETIME_SECONDS} seconds; use one per call.")
    if not isinstance(claims["jti"], str) or not claims["jti"]:
        raise unauthorized("The JWT has no jti.")
    if not _first_use(store, issuer, claims["jti"], float(claims["exp"]) + LEEWAY_SECONDS):
        raise unauthorized("This JWT (jti) was already used; send a new token with every call.")
    return claims


def _first_use(store: RecordStore, issuer: str, jti: str, expires: float) -> bool:
    """Return whether this token id is new; with the database down, the replay check is skipped.

    Alerts matter more than the replay check while the database is away: the token's signature,
    issuer, audience and short lifetime are still enforced, so a replay is possible only for a few
    minutes and only returns cards for the list its sender already holds.
    """
    try:
        return store.first_use_of_token(issuer, jti, expires)
    except StoreUnavailable as exc:
        log.warning("JWT replay check skipped, the shared database is unreachable: %s", exc)
        return True


def _decode(token: str, candidates: list[TrustedKey], alg: str, audience: str, issuer: str) -> dict[str, Any]:
    last: jwt.PyJWTError | None = None
    for candidate in candidates:
        try:
            return jwt.decode(
                token,
                candidate.key,
                algorithms=[alg],
                audience=audience,
                issuer=issuer,
                leeway=LEEWAY_SECONDS,
                options={"require": ["iss", "aud", "exp", "iat", "jti"]},
            )
        except jwt.InvalidSignatureError as exc:
            last = exc
        except jwt.ExpiredSignatureError:
            raise unauthorized("The JWT has expired (exp).") from None
        except jwt.InvalidAudienceError:
            raise unauthorized(f"The JWT audience (aud) must be this endpoint's URL: {audience}") from None
        except jwt.MissingRequiredClaimError as exc:
            raise unauthorized(f"The JWT lacks the required claim '{exc.claim}'.") from None
        except jwt.ImmatureSignatureError:
            raise unauthorized("The JWT is not valid yet (iat or nbf in the future).") from None
        except jwt.PyJWTError as exc:
            last = exc
    if isinstance(last, jwt.InvalidSignatureError):
        raise unauthorized("The JWT signature does not verify with the issuer's key.")
    raise unauthorized(f"The JWT was refused: {str(last)[:200]}.")
