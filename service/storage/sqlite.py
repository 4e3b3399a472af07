"""The SQLite back-end (the embedded default): one file holds the cards issued, the feedback, the JWT ids seen.

Each thread of each process keeps one connection (opening one per call cost more than the rest of
a CDS Hooks call's bookkeeping, about 2 ms); a connection never crosses a fork, so gunicorn workers
open their own. WAL mode lets readers and the one writer proceed together. The file is created on
first use, so an app that never answers a hook never writes anything.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from service.storage.records import RecordStore, StoreUnavailable

SCHEMA = """
CREATE TABLE IF NOT EXISTS issued_card (
    uuid TEXT PRIMARY KEY, service TEXT NOT NULL, interaction TEXT NOT NULL, severity TEXT NOT NULL,
    hook_instance TEXT, issued_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS feedback (
    service TEXT NOT NULL, card TEXT NOT NULL, outcome TEXT NOT NULL, outcome_timestamp TEXT NOT NULL,
    reason_system TEXT, reason_code TEXT, reason_display TEXT, user_comment TEXT, accepted TEXT,
    received_at REAL NOT NULL,
    PRIMARY KEY (service, card, outcome, outcome_timestamp)
);
CREATE TABLE IF NOT EXISTS seen_token (
    issuer TEXT NOT NULL, jti TEXT NOT NULL, expires REAL NOT NULL, PRIMARY KEY (issuer, jti)
);
CREATE INDEX IF NOT EXISTS seen_token_expires ON seen_token (expires);
CREATE INDEX IF NOT EXISTS issued_card_issued_at ON issued_card (issued_at);
CREATE INDEX IF NOT EXISTS feedback_received_at ON feedback (received_at);
"""


class SqliteStore(RecordStore):
    """Feedback, issued cards and seen token ids, in one SQLite file (one machine, one replica)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._ready = False
        self._lock = threading.Lock()
        self._local = threading.local()
        self._opened: list[tuple[int, sqlite3.Connection]] = []  # (process id, connection)
        self._generation = 0  # bumped by `close`: connections held by threads before it are gone
        weakref.finalize(self, _close_all, self._opened)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        """Yield this thread's connection inside a transaction (committed on success, rolled back on error)."""
        try:
            self._create_schema()
            db = self._connection()
        except (OSError, sqlite3.OperationalError) as exc:
            raise StoreUnavailable(f"the SQLite file {self.path} cannot be opened: {exc}") from exc
        with db:
            yield db

    def _create_schema(self) -> None:
        if self._ready:
            return
        with self._lock:
            if not self._ready:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                with sqlite3.connect(self.path, timeout=10) as db:
                    db.execute("PRAGMA journal_mode=WAL")
                    db.executescript(SCHEMA)
                db.close()
                self._ready = True

    def _connection(self) -> sqlite3.Connection:
        owner = (os.getpid(), self._generation)
        held = getattr(self._local, "held", None)
        if held is not None and held[0] == owner:
            return held[1]
        # Used by this thread only; check_same_thread is off so that `close` may close it from another.
        db = sqlite3.connect(self.path, timeout=10, check_same_thread=False)
        db.execute("PRAGMA synchronous=NORMAL")
        self._local.held = (owner, db)
        with self._lock:
            self._opened.append((owner[0], db))
        return db

    def close(self) -> None:
        """Close every connection this process opened here; a later operation opens a new one."""
        with self._lock:
            self._generation += 1
            _close_all(self._opened)


def _close_all(opened: list[tuple[int, sqlite3.Connection]]) -> None:
    """Close the connections this process opened; one inherited through a fork is the parent's to close."""
    pid = os.getpid()
    for owner, db in opened:
        if owner == pid:
            db.close()
    opened.clear()
