"""The store fixture: the same interface on SQLite and on PostgreSQL (pg_url comes from tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from service.storage import RecordStore
from service.storage.sqlite import SqliteStore


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path) -> Iterator[RecordStore]:
    """The same store interface on each back-end."""
    if request.param == "sqlite":
        made: RecordStore = SqliteStore(tmp_path / "state.sqlite3")
    else:
        from service.storage.postgres import PostgresStore

        made = PostgresStore(request.getfixturevalue("pg_url"))
    yield made
    made.close()
