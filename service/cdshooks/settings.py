"""The CDS Hooks settings, their defaults, and their checks (each can be set as `DDI_<NAME>`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from service import DEFAULT_KNOWLEDGE_DIR
from service.cdshooks.services import SERVICES
from service.kb.vocabulary import SEVERITIES
from service.storage import is_postgres_url

DEFAULTS: dict[str, Any] = {
    "CDS_MIN_SEVERITY": "moderate",
    "CDS_TRUSTED_ISSUERS": None,
    "CDS_PUBLIC_BASE_URL": None,
    "CDS_CORS_ORIGINS": "*",
    "CDS_MAX_BODY_BYTES": 2 * 1024 * 1024,
    "CDS_FETCH_TIMEOUT": 5.0,
    "CDS_FHIR_SERVERS": None,
    "FEEDBACK_DB": str(DEFAULT_KNOWLEDGE_DIR.parent / "var" / "cds-feedback.sqlite3"),
    "DATABASE_URL": None,
    "RETENTION_DAYS": 90,
}
"""`CDS_MIN_SEVERITY` is one severity for every service, or a JSON object service id -> severity
(adjustable alert levels); `CDS_PUBLIC_BASE_URL` is the URL clients use (behind a proxy), against
which JWT audiences are checked; `CDS_FHIR_SERVERS` lists FHIR base URLs the service may fetch from
when calls are not authenticated (with trusted issuers, any authenticated client's `fhirServer` is
used); `FEEDBACK_DB` is the SQLite file for feedback, used unless `DATABASE_URL` names a PostgreSQL
server (postgresql://user:password@host/db) that replicas share; `RETENTION_DAYS` is how long issued
cards and feedback are kept before `ddi prune` deletes them."""


def apply_defaults(config: dict[str, Any]) -> None:
    """Fill in missing settings and raise `ValueError` naming the first bad one."""
    for name, value in DEFAULTS.items():
        config.setdefault(name, value)
    min_severity = config["CDS_MIN_SEVERITY"]
    levels = min_severity.values() if isinstance(min_severity, dict) else [min_severity]
    if any(level not in SEVERITIES for level in levels):
        raise ValueError(f"DDI_CDS_MIN_SEVERITY must be one of {', '.join(SEVERITIES)}, got {min_severity!r}")
    if isinstance(min_severity, dict) and set(min_severity) - set(SERVICES):
        unknown = ", ".join(sorted(set(min_severity) - set(SERVICES)))
        raise ValueError(f"DDI_CDS_MIN_SEVERITY names unknown services: {unknown}")
    for name in ("CDS_MAX_BODY_BYTES", "CDS_FETCH_TIMEOUT"):
        value = config[name]
        if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
            raise ValueError(f"DDI_{name} must be a positive number, got {value!r}")
    config["FEEDBACK_DB"] = str(Path(config["FEEDBACK_DB"]))
    url = config["DATABASE_URL"]
    if url and not is_postgres_url(url):
        raise ValueError("DDI_DATABASE_URL must be a postgresql:// URL (leave it unset for the SQLite file)")
    config["RETENTION_DAYS"] = retention_days(config["RETENTION_DAYS"])


def retention_days(value: Any) -> float:
    """Return the retention as a positive number of days, or raise `ValueError` naming the setting."""
    try:
        days = float(value)
    except (TypeError, ValueError):
        days = 0.0
    if isinstance(value, bool) or not days > 0:
        raise ValueError(f"DDI_RETENTION_DAYS must be a positive number of days, got {value!r}")
    return days


def may_fetch_from(config: dict[str, Any], fhir_server: str, authenticated: bool) -> bool:
    """Return whether the service may call this FHIR server with the token it was given.

    An unauthenticated caller must not make the service send requests wherever it likes (SSRF), so
    without JWT verification only the configured servers are fetched from.
    """
    if authenticated:
        return True
    allowed = config["CDS_FHIR_SERVERS"] or []
    if isinstance(allowed, str):
        allowed = allowed.split(",")
    return any(fhir_server.rstrip("/") == base.strip().rstrip("/") for base in allowed if base.strip())


def min_severity_for(config: dict[str, Any], service_id: str) -> str:
    """Return the lowest severity that makes a card for this service."""
    setting = config["CDS_MIN_SEVERITY"]
    if isinstance(setting, dict):
        return setting.get(service_id, DEFAULTS["CDS_MIN_SEVERITY"])
    return setting
