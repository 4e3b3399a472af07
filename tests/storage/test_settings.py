"""DDI_DATABASE_URL and DDI_RETENTION_DAYS are checked at start-up, naming the setting."""

from __future__ import annotations

import pytest

from service import create_app
from service.storage.postgres import PostgresStore
from service.storage.sqlite import SqliteStore
from tests.conftest import FIXTURE_KNOWLEDGE


@pytest.fixture
def make(monkeypatch, tmp_path):
    for name in ("DDI_DATABASE_URL", "DDI_RETENTION_DAYS", "DDI_FEEDBACK_DB"):
        monkeypatch.delenv(name, raising=False)

    def app(**config):
        settings = {"KNOWLEDGE_DIR": str(FIXTURE_KNOWLEDGE), "TESTING": True, "PRECOMPUTE_PAIRS": False}
        return create_app({**settings, "FEEDBACK_DB": str(tmp_path / "fb.sqlite3"), **config})

    return app


@pytest.mark.parametrize(
    ("setting", "value", "message"),
    [
        ("DATABASE_URL", "mysql://db/ddi", "DDI_DATABASE_URL must be a postgresql:// URL"),
        ("RETENTION_DAYS", 0, "DDI_RETENTION_DAYS must be a positive number of days, got 0"),
        ("RETENTION_DAYS", "a month", "DDI_RETENTION_DAYS must be a positive number of days, got 'a month'"),
        ("RETENTION_DAYS", True, "DDI_RETENTION_DAYS must be a positive number of days, got True"),
    ],
)
def test_bad_settings_stop_the_app(make, setting, value, message):
    with pytest.raises(ValueError, match="^" + message):
        make(**{setting: value})


def test_the_back_end_follows_the_database_url(make):
    assert isinstance(make().extensions["ddi.feedback"], SqliteStore)
    app = make(DATABASE_URL="postgresql://ddi@db.invalid/ddi", RETENTION_DAYS="30")
    assert isinstance(app.extensions["ddi.feedback"], PostgresStore)  # nothing is opened until first use
    assert app.config["RETENTION_DAYS"] == 30.0
