"""Versioned schema migrations for the PostgreSQL store: numbered SQL files, applied once, in order.

`schema/NNNN_name.sql` are applied in number order inside one transaction that first takes a
transaction-level advisory lock, so several workers or replicas starting together apply each file
exactly once (the others wait, then find it recorded in `schema_migration`). Three tables of plain
SQL do not need an ORM; Alembic would bring SQLAlchemy for what these forty lines do.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

LOCK_KEY = 0x00DD1_5703  # any constant shared by every process that migrates this database


def migration_files() -> list[tuple[int, str, str]]:
    """Return (version, name, SQL) of every bundled migration, in version order."""
    found = []
    for entry in resources.files("service.storage").joinpath("schema").iterdir():
        if entry.name.endswith(".sql"):
            version, _, name = entry.name.removesuffix(".sql").partition("_")
            found.append((int(version), name, entry.read_text(encoding="utf-8")))
    return sorted(found)


def migrate(conn: Any) -> list[int]:
    """Apply the migrations this database lacks; return the versions applied (empty when up to date).

    `conn` is a psycopg connection in autocommit mode; the work runs in one transaction of its own.
    """
    applied_now = []
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_KEY,))
        conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migration"
            " (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
        )
        done = {row[0] for row in conn.execute("SELECT version FROM schema_migration")}
        for version, name, sql in migration_files():
            if version in done:
                continue
            conn.execute(sql)
            conn.execute("INSERT INTO schema_migration (version, name) VALUES (%s, %s)", (version, name))
            applied_now.append(version)
    return applied_now
