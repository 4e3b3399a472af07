"""The shared-state operations, written once for both back-ends: issued cards, feedback, seen JWT ids.

A back-end supplies `_connect()` (a connection inside a transaction, committed on success) and its
parameter marker; the SQL here is the common dialect of SQLite and PostgreSQL (`ON CONFLICT DO
NOTHING` is what makes the `jti` check atomic: the unique key decides, never a read before a write).
"""

from __future__ import annotations

import json
import time
from contextlib import AbstractContextManager
from typing import Any

DAY_SECONDS = 86400
TOKEN_GRACE_SECONDS = 300
"""A seen token id is kept this long past its expiry, so clock skew never lets a replay through."""


class StoreUnavailable(Exception):
    """The database cannot be reached (or opened); the caller answers 503 and tries again later."""


class RecordStore:
    """Feedback, issued cards and seen token ids; subclasses say where they live."""

    placeholder = "?"

    def _connect(self) -> AbstractContextManager[Any]:  # pragma: no cover - every back-end defines it
        raise NotImplementedError

    def _sql(self, sql: str) -> str:
        return sql if self.placeholder == "?" else sql.replace("?", self.placeholder)

    def _execute(self, db: Any, sql: str, params: tuple = ()) -> Any:
        return db.execute(self._sql(sql), params)

    def record_cards(self, service: str, hook_instance: str | None, cards: list[tuple[str, str, str]]) -> None:
        """Remember which interaction each issued card (uuid, interaction, severity) was about."""
        if not cards:
            return
        now = time.time()
        with self._connect() as db:
            for card, interaction, severity in cards:
                self._execute(
                    db,
                    "INSERT INTO issued_card VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    (card, service, interaction, severity, hook_instance, now),
                )

    def record_feedback(self, service: str, items: list[dict[str, Any]]) -> tuple[int, int]:
        """Store feedback items; return (new, repeated). A repeat of the same item changes nothing."""
        now = time.time()
        new = 0
        with self._connect() as db:
            for item in items:
                override = item.get("overrideReason") or {}
                reason = override.get("reason") or {}
                accepted = [s["id"] for s in item.get("acceptedSuggestions") or []]
                cursor = self._execute(
                    db,
                    "INSERT INTO feedback VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    (
                        service,
                        item["card"],
                        item["outcome"],
                        item["outcomeTimestamp"],
                        reason.get("system"),
                        reason.get("code"),
                        reason.get("display"),
                        override.get("userComment"),
                        json.dumps(accepted) if accepted else None,
                        now,
                    ),
                )
                new += cursor.rowcount
        return new, len(items) - new

    def override_counts(self) -> list[dict[str, Any]]:
        """Return, per interaction, how many of its cards were overridden and accepted, and why."""
        with self._connect() as db:
            rows = self._execute(
                db,
                """SELECT c.interaction, f.outcome, COUNT(DISTINCT f.service || ' ' || f.card)
                   FROM feedback f JOIN issued_card c ON c.uuid = f.card AND c.service = f.service
                   GROUP BY c.interaction, f.outcome ORDER BY c.interaction""",
            ).fetchall()
            reasons = self._execute(
                db,
                """SELECT c.interaction, f.reason_system, f.reason_code, MAX(f.reason_display),
                          COUNT(DISTINCT f.service || ' ' || f.card)
                   FROM feedback f JOIN issued_card c ON c.uuid = f.card AND c.service = f.service
                   WHERE f.outcome = 'overridden' AND f.reason_code IS NOT NULL
                   GROUP BY c.interaction, f.reason_system, f.reason_code ORDER BY 1, 5 DESC, 3""",
            ).fetchall()
        return _summarise(rows, reasons)

    def first_use_of_token(self, issuer: str, jti: str, expires: float) -> bool:
        """Record a JWT id; return False if it was seen before (a replay), on any replica sharing the database."""
        with self._connect() as db:
            self._execute(db, "DELETE FROM seen_token WHERE expires < ?", (time.time() - TOKEN_GRACE_SECONDS,))
            cursor = self._execute(
                db, "INSERT INTO seen_token VALUES (?, ?, ?) ON CONFLICT DO NOTHING", (issuer, jti, expires)
            )
            return cursor.rowcount == 1

    def prune(self, retention_days: float, now: float | None = None) -> dict[str, int]:
        """Delete cards and feedback older than the retention, and expired token ids; return the counts."""
        now = time.time() if now is None else now
        cutoff = now - retention_days * DAY_SECONDS
        with self._connect() as db:
            feedback = self._execute(db, "DELETE FROM feedback WHERE received_at < ?", (cutoff,)).rowcount
            cards = self._execute(db, "DELETE FROM issued_card WHERE issued_at < ?", (cutoff,)).rowcount
            tokens = self._execute(db, "DELETE FROM seen_token WHERE expires < ?", (now - TOKEN_GRACE_SECONDS,))
        return {"feedback": feedback, "issued_cards": cards, "seen_tokens": tokens.rowcount}


def _summarise(rows: list[tuple], reasons: list[tuple]) -> list[dict[str, Any]]:
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
