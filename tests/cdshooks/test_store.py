"""The feedback store keeps one connection per thread and process, and stays correct across threads and forks."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from service.storage import sqlite as store_module
from service.storage.sqlite import SqliteStore as FeedbackStore


@pytest.fixture
def connects(monkeypatch) -> list[str]:
    """Record every connection the store opens."""
    opened: list[str] = []
    real = sqlite3.connect

    def counting(*args, **kwargs):
        opened.append(threading.current_thread().name)
        return real(*args, **kwargs)

    monkeypatch.setattr(store_module.sqlite3, "connect", counting)
    return opened


def _issued(path) -> int:
    with sqlite3.connect(path) as db:
        return db.execute("SELECT COUNT(*) FROM issued_card").fetchone()[0]


def test_a_thread_reuses_its_connection(tmp_path, connects):
    store = FeedbackStore(tmp_path / "f.db")
    for n in range(5):
        store.record_cards("svc", None, [(f"card-{n}", "a+b:pharmacokinetic", "major")])
    assert len(connects) == 2  # one to create the schema, one kept for the thread's operations
    assert _issued(tmp_path / "f.db") == 5
    store.close()


def test_threads_write_through_their_own_connections(tmp_path, connects):
    store = FeedbackStore(tmp_path / "f.db")

    def write(n: int) -> None:
        for k in range(10):
            store.record_cards("svc", None, [(f"card-{n}-{k}", "a+b:pharmacokinetic", "major")])

    threads = [threading.Thread(target=write, args=(n,), name=f"writer-{n}") for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert _issued(tmp_path / "f.db") == 60
    assert sorted(set(connects) - {"MainThread"}) == sorted(t.name for t in threads)
    assert all(connects.count(t.name) <= 2 for t in threads)  # the first may also have made the schema
    store.close()


def test_a_forked_worker_opens_its_own_connection(tmp_path, connects, monkeypatch):
    store = FeedbackStore(tmp_path / "f.db")
    store.record_cards("svc", None, [("card-1", "a+b:pharmacokinetic", "major")])
    before = len(connects)
    monkeypatch.setattr(store_module.os, "getpid", lambda: -1)  # as in a child after fork
    store.record_cards("svc", None, [("card-2", "a+b:pharmacokinetic", "major")])
    assert len(connects) == before + 1
    assert _issued(tmp_path / "f.db") == 2
    store.close()


def test_a_failed_operation_is_rolled_back_and_the_connection_still_serves(tmp_path):
    store = FeedbackStore(tmp_path / "f.db")
    with pytest.raises(sqlite3.IntegrityError), store._connect() as db:
        db.execute("INSERT INTO issued_card VALUES ('c', 'svc', 'a+b:other', 'major', NULL, 1)")
        db.execute("INSERT INTO issued_card VALUES ('c', 'svc', 'a+b:other', 'major', NULL, 1)")
    assert _issued(tmp_path / "f.db") == 0
    store.record_cards("svc", None, [("card-1", "a+b:pharmacokinetic", "major")])
    assert _issued(tmp_path / "f.db") == 1
    store.close()


def test_after_close_the_next_operation_opens_a_new_connection(tmp_path, connects):
    store = FeedbackStore(tmp_path / "f.db")
    store.record_cards("svc", None, [("card-1", "a+b:pharmacokinetic", "major")])
    store.close()
    store.record_cards("svc", None, [("card-2", "a+b:pharmacokinetic", "major")])
    assert len(connects) == 3 and _issued(tmp_path / "f.db") == 2
    store.close()
