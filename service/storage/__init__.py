"""Shared state (CDS Hooks feedback, issued cards, JWT ids seen) behind one interface, two back-ends.

SQLite is the embedded default (one file, one replica); a PostgreSQL URL in `DDI_DATABASE_URL`
puts the state where every replica sees it. Nothing outside this package knows which is in use.
"""

from __future__ import annotations

from service.storage.records import RecordStore, StoreUnavailable

__all__ = ["RecordStore", "StoreUnavailable", "is_postgres_url", "open_store"]


def is_postgres_url(url: str | None) -> bool:
    """Return whether `url` names a PostgreSQL server (postgresql:// or postgres://)."""
    return bool(url) and url.split("://", 1)[0] in ("postgresql", "postgres")


def open_store(database_url: str | None, sqlite_path: str) -> RecordStore:
    """Return the PostgreSQL store when `database_url` names one, else the SQLite file at `sqlite_path`."""
    if is_postgres_url(database_url):
        from service.storage.postgres import PostgresStore  # psycopg is loaded only when it is used

        return PostgresStore(database_url)
    from service.storage.sqlite import SqliteStore

    return SqliteStore(sqlite_path)
