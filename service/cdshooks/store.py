"""The SQLite file behind feedback: the cards issued, the feedback on them, and the JWT ids seen.

Each thread of each process keeps one connection (opening one per call cost more than the rest of
a CDS Hooks call's bookkeeping, about 2 ms); a connection never crosses a fork, so gunicorn workers
open their own. WAL mode lets readers and the one writer proceed together. The file is created on
first use, so an app that never answers a hook never writes anything.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

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
"""


class FeedbackStore:
    """Feedback, issued cards and seen token ids, in one SQLite file."""

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
        if not self._ready:
            with self._lock:
                if not self._ready:
                    self.path.parent.mkdir(parents=True, exist_ok=True)
                    with sqlite3.connect(self.path, timeout=10) as db:
                        db.execute("PRAGMA journal_mode=WAL")
                        db.executescript(SCHEMA)
                    db.close()
                    self._ready = True
        db = self._connection()
        with db:
            yield db

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

    def record_cards(self, service: str, hook_instance: str | None, cards: list[tuple[str, str, str]]) -> None:
        """Remember which interaction each issued card (uuid, interaction, severity) was about."""
        if not cards:
            return
        now = time.time()
        with self._connect() as db:
            db.executemany(
                "INSERT OR IGNORE INTO issued_card VALUES (?, ?, ?, ?, ?, ?)",
                [(card, service, interaction, severity, hook_instance, now) for card, interaction, severity in cards],
            )

    def record_feedback(self, service: str, items: list[dict[str, Any]]) -> tuple[int, int]:
        """Store feedback items; return (new, repeated). A repeat of the same item changes nothing."""
        now = time.time()
        new = 0
        with self._connect() as db:
            for item in items:
                reason = (item.get("overrideReason") or {}).get("reason") or {}
                accepted = [s["id"] for s in item.get("acceptedSuggestions") or []]
                cursor = db.execute(
                    "INSERT OR IGNORE INTO feedback VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        service,
                        item["card"],
                        item["outcome"],
                        item["outcomeTimestamp"],
                        reason.get("system"),
                        reason.get("code"),
                        reason.get("display"),
                        (item.get("overrideReason") or {}).get("userComment"),
                        json.dumps(accepted) if accepted else None,
                        now,
                    ),
                )
                new += cursor.rowcount
        return new, len(items) - new

    def override_counts(self) -> list[dict[str, Any]]:
        """Return, per interaction, how many of its cards were overridden and accepted, and why."""
        with self._connect() as db:
            rows = db.execute(
                """SELECT c.interaction, f.outcome, COUNT(DISTINCT f.service || ' ' || f.card)
                   FROM feedback f JOIN issued_card c ON c.uuid = f.card AND c.service = f.service
                   GROUP BY c.interaction, f.outcome ORDER BY c.interaction"""
            ).fetchall()
            reasons = db.execute(
                """SELECT c.interaction, f.reason_system, f.reason_code, MAX(f.reason_display),
                          COUNT(DISTINCT f.service || ' ' || f.card)
                   FROM feedback f JOIN issued_card c ON c.uuid = f.card AND c.service = f.service
                   WHERE f.outcome = 'overridden' AND f.reason_code IS NOT NULL
                   GROUP BY c.interaction, f.reason_system, f.reason_code ORDER BY 1, 5 DESC, 3"""
            ).fetchall()
        summary: dict[str, dict[str, Any]] = {}
        for interaction, outcome, count in rows:
            entry = summary.setdefault(interaction, {"interaction": interaction, "overridden": 0, "accepted": 0})
            entry[outcome] = count
        for interaction, system, code, display, count in reasons:
            reason = {"code": code, "count": count}
            if system:
                reason["system"] = system
            if display:
                reason["display"] = display
            summary[interaction].setdefault("reasons", []).append(reason)
        return sorted(summary.values(), key=lambda e: (-e["overridden"], e["interaction"]))

    def first_use_of_token(self, issuer: str, jti: str, expires: float) -> bool:
        """Record a JWT id; return False if it was seen before (a replay)."""
        now = time.time()
        with self._connect() as db:
            db.execute("DELETE FROM seen_token WHERE expires < ?", (now - 300,))
            cursor = db.execute("INSERT OR IGNORE INTO seen_token VALUES (?, ?, ?)", (issuer, jti, expires))
            return cursor.rowcount == 1


def _close_all(opened: list[tuple[int, sqlite3.Connection]]) -> None:
    """Close the connections this process opened; one inherited through a fork is the parent's to close."""
    pid = os.getpid()
    for owner, db in opened:
        if owner == pid:
            db.close()
    opened.clear()
