"""The store interface gives the same answers on SQLite and PostgreSQL; the jti check is atomic."""

from __future__ import annotations

import threading
import time

from service.storage.migrations import migrate, migration_files

OVERRIDE = {
    "card": "card-1",
    "outcome": "overridden",
    "overrideReason": {"reason": {"system": "urn:r", "code": "will-monitor", "display": "Will monitor"}},
    "outcomeTimestamp": "2026-11-25T10:00:00Z",
}


def test_feedback_is_counted_per_interaction(store):
    store.record_cards("svc", "hook-1", [("card-1", "a+b", "major"), ("card-2", "a+b", "major")])
    accepted = {"card": "card-2", "outcome": "accepted", "acceptedSuggestions": [{"id": "s"}], "outcomeTimestamp": "t"}
    assert store.record_feedback("svc", [OVERRIDE, accepted]) == (2, 0)
    assert store.record_feedback("svc", [OVERRIDE]) == (0, 1)
    assert store.override_counts() == [
        {
            "interaction": "a+b",
            "overridden": 1,
            "accepted": 1,
            "reasons": [{"code": "will-monitor", "count": 1, "system": "urn:r", "display": "Will monitor"}],
        }
    ]


def test_a_token_id_is_accepted_once(store):
    expires = time.time() + 300
    assert store.first_use_of_token("iss", "jti-1", expires) is True
    assert store.first_use_of_token("iss", "jti-1", expires) is False
    assert store.first_use_of_token("other-iss", "jti-1", expires) is True


def test_racing_threads_accept_a_token_id_exactly_once(store):
    results: list[bool] = []
    start = threading.Barrier(8)

    def present() -> None:
        start.wait()
        results.append(store.first_use_of_token("iss", "raced", time.time() + 300))

    threads = [threading.Thread(target=present) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False] * 7 + [True]


def test_prune_deletes_what_is_older_than_the_retention(store):
    day = 86400
    now = time.time()
    store.record_cards("svc", None, [("card-1", "a+b", "major")])
    store.record_feedback("svc", [OVERRIDE])
    store.first_use_of_token("iss", "jti-1", now + 300)
    assert store.prune(90, now=now) == {"feedback": 0, "issued_cards": 0, "seen_tokens": 0}
    assert store.prune(90, now=now + 89 * day) == {"feedback": 0, "issued_cards": 0, "seen_tokens": 1}
    assert store.override_counts() != []
    assert store.prune(90, now=now + 91 * day) == {"feedback": 1, "issued_cards": 1, "seen_tokens": 0}
    assert store.override_counts() == []


def test_migrations_apply_once_even_when_workers_start_together(pg_url):
    import psycopg

    applied: list[list[int]] = []

    def start_worker() -> None:
        with psycopg.connect(pg_url, autocommit=True) as conn:
            applied.append(migrate(conn))

    threads = [threading.Thread(target=start_worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    versions = [version for version, _, _ in migration_files()]
    assert sorted(applied) == [[]] * 3 + [versions]
    with psycopg.connect(pg_url) as conn:
        assert [row[0] for row in conn.execute("SELECT version FROM schema_migration ORDER BY 1")] == versions


def test_a_forked_worker_opens_its_own_postgres_connection(pg_url, monkeypatch):
    from service.storage import postgres

    store = postgres.PostgresStore(pg_url)
    store.record_cards("svc", None, [("card-1", "a+b", "major")])
    parent = store._local.held[1]
    monkeypatch.setattr(postgres.os, "getpid", lambda: -1)  # as in a gunicorn worker after the fork
    store.record_cards("svc", None, [("card-2", "a+b", "major")])
    child = store._local.held[1]
    assert child is not parent
    store.close()  # in the "child": closes its own connection, never the parent's
    assert child.closed and not parent.closed
    monkeypatch.undo()
    store.close()
    assert parent.closed
