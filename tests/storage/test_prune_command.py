"""`ddi prune` and `ddi migrate`, configured by the same DDI_* variables as the service, on both back-ends."""

from __future__ import annotations

import json
import time

import pytest

from service.cli import main
from service.storage import open_store
from tests.storage.pgcluster import free_port


@pytest.fixture(params=["sqlite", "postgresql"])
def configured(request, monkeypatch, tmp_path) -> tuple[str, str | None, str]:
    """Set the environment as an operator would; return (back-end, database URL, SQLite path)."""
    for name in ("DDI_DATABASE_URL", "DDI_FEEDBACK_DB", "DDI_RETENTION_DAYS"):
        monkeypatch.delenv(name, raising=False)
    path = str(tmp_path / "state.sqlite3")
    monkeypatch.setenv("DDI_FEEDBACK_DB", path)
    url = request.getfixturevalue("pg_url") if request.param == "postgresql" else None
    if url:
        monkeypatch.setenv("DDI_DATABASE_URL", url)
    return request.param, url, path


def _age_everything(store, days: float) -> None:
    """Make every stored card and feedback item `days` older, as if time had passed."""
    shift = days * 86400
    with store._connect() as db:
        store._execute(db, "UPDATE issued_card SET issued_at = issued_at - ?", (shift,))
        store._execute(db, "UPDATE feedback SET received_at = received_at - ?", (shift,))


def test_prune_keeps_the_retention_and_deletes_what_is_older(configured, monkeypatch, capsys):
    backend, url, path = configured
    store = open_store(url, path)
    store.record_cards("svc", None, [("old", "a+b", "major")])
    store.record_feedback("svc", [{"card": "old", "outcome": "overridden", "outcomeTimestamp": "t"}])
    _age_everything(store, 31)
    store.record_cards("svc", None, [("new", "a+b", "major")])
    store.first_use_of_token("iss", "jti", time.time() + 60)
    monkeypatch.setenv("DDI_RETENTION_DAYS", "30")
    assert main(["prune"]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "backend": backend,
        "retention_days": 30.0,
        "deleted": {"feedback": 1, "issued_cards": 1, "seen_tokens": 0},
    }
    assert main(["prune", "--days", "90"]) == 0
    assert json.loads(capsys.readouterr().out)["deleted"] == {"feedback": 0, "issued_cards": 0, "seen_tokens": 0}
    store.close()


def test_prune_refuses_a_retention_that_is_not_a_positive_number(configured, capsys):
    assert main(["prune", "--days", "0"]) == 2
    assert capsys.readouterr().err == "DDI_RETENTION_DAYS must be a positive number of days, got 0.0\n"


def test_migrate_applies_the_schema_once(pg_url, monkeypatch, capsys):
    monkeypatch.setenv("DDI_DATABASE_URL", pg_url)
    assert main(["migrate"]) == 0
    assert capsys.readouterr().out == "applied migrations [1]\n"
    assert main(["migrate"]) == 0
    assert capsys.readouterr().out == "the schema is up to date\n"


def test_migrate_says_when_the_server_is_unreachable(monkeypatch, capsys):
    monkeypatch.setenv("DDI_DATABASE_URL", f"postgresql://ddi@127.0.0.1:{free_port()}/ddi")
    assert main(["migrate"]) == 4
    assert capsys.readouterr().err.startswith("PostgreSQL is unreachable: ")
