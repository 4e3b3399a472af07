"""What `ddi prune` and `ddi migrate` do, configured as the service is (DDI_* variables, same defaults)."""

from __future__ import annotations

import os
from typing import Any

from service.cdshooks.settings import DEFAULTS, retention_days
from service.storage import StoreUnavailable, is_postgres_url, open_store


def store_settings(environ: Any = os.environ) -> tuple[str | None, str, float]:
    """Return (database URL, SQLite path, retention days) as the service would read them."""
    url = environ.get("DDI_DATABASE_URL") or None
    path = environ.get("DDI_FEEDBACK_DB") or DEFAULTS["FEEDBACK_DB"]
    days = retention_days(environ.get("DDI_RETENTION_DAYS", DEFAULTS["RETENTION_DAYS"]))
    return url, path, days


def prune_store(days: float | None = None, environ: Any = os.environ) -> dict[str, Any]:
    """Delete what is older than the retention from the configured store; return what was deleted."""
    url, path, configured = store_settings(environ)
    days = configured if days is None else retention_days(days)
    store = open_store(url, path)
    try:
        deleted = store.prune(days)
    finally:
        store.close()
    return {"backend": "postgresql" if is_postgres_url(url) else "sqlite", "retention_days": days, "deleted": deleted}


def migrate_database(environ: Any = os.environ) -> str:
    """Apply the PostgreSQL migrations the configured database lacks; return a line saying what was done."""
    import psycopg

    from service.storage.migrations import migrate

    url = environ.get("DDI_DATABASE_URL")
    if not is_postgres_url(url):
        return "DDI_DATABASE_URL names no PostgreSQL server: the SQLite file creates its schema on first use"
    try:
        with psycopg.connect(url, autocommit=True, connect_timeout=10) as conn:
            applied = migrate(conn)
    except psycopg.OperationalError as exc:
        raise StoreUnavailable(f"PostgreSQL is unreachable: {exc}") from exc
    return f"applied migrations {applied}" if applied else "the schema is up to date"
