"""The PostgreSQL back-end: the state every replica shares (feedback, issued cards, JWT ids seen).

Each thread of each process keeps one connection, opened on first use (a connection never crosses a
fork, so gunicorn workers open their own). The schema is migrated on that first use, under an
advisory lock, so workers starting together are safe; `ddi migrate` does the same ahead of time.
When the server cannot be reached the operation raises `StoreUnavailable` (the API answers 503) and
the broken connection is dropped, so the next call reconnects: the service recovers by itself when
PostgreSQL comes back. A connection left idle a while is pinged before use, so a server restarted
in a quiet moment costs no failed call.
"""

from __future__ import annotations

import os
import threading
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager, suppress

import psycopg

from service.storage.migrations import migrate
from service.storage.records import RecordStore, StoreUnavailable

CONNECT_TIMEOUT_SECONDS = 3
"""How long a call waits for an unreachable server before answering 503 (it never blocks a check)."""
IDLE_CHECK_SECONDS = 5.0
"""A connection idle this long is pinged before use: the server may have restarted meanwhile."""


class PostgresStore(RecordStore):
    """Feedback, issued cards and seen token ids in a PostgreSQL database named by a URL."""

    placeholder = "%s"

    def __init__(self, url: str):
        self.url = url
        self._local = threading.local()
        self._migrated = False
        self._lock = threading.Lock()
        self._opened: list[tuple[int, psycopg.Connection]] = []  # (process id, connection), to close them all
        weakref.finalize(self, _close_all, self._opened)

    @contextmanager
    def _connect(self) -> Iterator[psycopg.Connection]:
        """Yield this thread's connection inside a transaction; raise `StoreUnavailable` if the server is gone."""
        db = self._connection()
        try:
            with db.transaction():
                yield db
        except (psycopg.OperationalError, psycopg.InterfaceError) as exc:
            self._drop(db)
            raise StoreUnavailable(f"PostgreSQL is unreachable: {_first_line(exc)}") from exc
        self._local.used_at = time.monotonic()

    def _connection(self) -> psycopg.Connection:
        held = getattr(self._local, "held", None)
        if held is not None and held[0] == os.getpid() and not held[1].closed:
            if time.monotonic() - self._local.used_at < IDLE_CHECK_SECONDS or _answers(held[1]):
                return held[1]
            self._drop(held[1])  # the server went away while it was idle (a restart, a fail-over): reconnect
        try:
            db = psycopg.connect(self.url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_SECONDS)
            if not self._migrated:
                with self._lock:
                    migrate(db)
                    self._migrated = True
        except psycopg.OperationalError as exc:
            raise StoreUnavailable(f"PostgreSQL is unreachable: {_first_line(exc)}") from exc
        self._local.held = (os.getpid(), db)
        self._local.used_at = time.monotonic()
        with self._lock:
            self._opened.append((os.getpid(), db))
        return db

    def _drop(self, db: psycopg.Connection) -> None:
        self._local.held = None
        with suppress(psycopg.Error):
            db.close()

    def close(self) -> None:
        """Close every connection this process opened here; a later operation opens a new one."""
        with self._lock:
            _close_all(self._opened)


def _close_all(opened: list[tuple[int, psycopg.Connection]]) -> None:
    """Close the connections this process opened; one inherited through a fork is the parent's to close."""
    pid = os.getpid()
    for owner, db in opened:
        if owner == pid:
            with suppress(psycopg.Error):
                db.close()
    opened[:] = [(owner, db) for owner, db in opened if owner != pid]


def _answers(db: psycopg.Connection) -> bool:
    """Return whether the server still answers on this connection."""
    try:
        db.execute("SELECT 1")
    except (psycopg.OperationalError, psycopg.InterfaceError):
        return False
    return True


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
