"""The app factory: defaults, then DDI_* variables, then the test config; the knowledge loaded once, or not at all."""

from __future__ import annotations

import pytest

from service import create_app
from service.app import DEFAULTS
from service.kb import KnowledgeError
from tests.api.conftest import FIXTURE_KNOWLEDGE


def test_defaults(app):
    assert {key: app.config[key] for key in DEFAULTS if key != "KNOWLEDGE_DIR"} == {
        "CACHE_DIR": None,
        "MAX_BODY_BYTES": 65536,
        "MAX_MEDICATIONS": 200,
        "MAX_BATCH_LISTS": 100,
        "LOG_LEVEL": "INFO",
        "LOG_MEDICATIONS": False,
        "PRECOMPUTE_PAIRS": True,
    }
    assert app.config["MAX_CONTENT_LENGTH"] == 65536


def test_a_cache_directory_holds_the_validated_records(make_app, tmp_path):
    app = make_app(CACHE_DIR=str(tmp_path / "cache"))
    cached = list((tmp_path / "cache").glob("records-*.json"))
    assert len(cached) == 1
    assert make_app(CACHE_DIR=str(tmp_path / "cache")).extensions["ddi"].version == app.extensions["ddi"].version


def test_environment_then_config(make_app, monkeypatch):
    monkeypatch.setenv("DDI_MAX_MEDICATIONS", "5")
    monkeypatch.setenv("DDI_MAX_BODY_BYTES", "1000")
    monkeypatch.setenv("DDI_LOG_LEVEL", "warning")
    monkeypatch.setenv("DDI_LOG_MEDICATIONS", "true")
    app = make_app(MAX_BODY_BYTES=2000)
    assert (app.config["MAX_MEDICATIONS"], app.config["MAX_BODY_BYTES"]) == (5, 2000)
    assert (app.config["LOG_LEVEL"], app.config["LOG_MEDICATIONS"]) == ("WARNING", True)


def test_knowledge_dir_from_environment(monkeypatch):
    monkeypatch.setenv("DDI_KNOWLEDGE_DIR", str(FIXTURE_KNOWLEDGE))
    assert create_app().extensions["ddi"].version == "2026-01-01+3782144a100e"


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"MAX_BODY_BYTES": 0}, "DDI_MAX_BODY_BYTES must be a positive integer, got 0"),
        ({"MAX_MEDICATIONS": "many"}, "DDI_MAX_MEDICATIONS must be a positive integer, got 'many'"),
        ({"MAX_BATCH_LISTS": True}, "DDI_MAX_BATCH_LISTS must be a positive integer, got True"),
        ({"LOG_LEVEL": "loud"}, "DDI_LOG_LEVEL must be a logging level such as INFO or DEBUG, got 'LOUD'"),
        ({"LOG_MEDICATIONS": "yes"}, "DDI_LOG_MEDICATIONS must be true or false, got 'yes'"),
    ],
)
def test_bad_configuration_fails_fast(make_app, config, message):
    with pytest.raises(ValueError) as raised:
        make_app(**config)
    assert str(raised.value) == message


def test_broken_knowledge_fails_fast_with_every_issue(make_app, knowledge_copy):
    (knowledge_copy / "drugs" / "rifa.yaml").write_text("id: rifa\nname: Rifampicin\n")
    with pytest.raises(KnowledgeError) as raised:
        make_app(KNOWLEDGE_DIR=str(knowledge_copy))
    assert raised.value.issues
    assert "drugs/rifa.yaml" in str(raised.value)


def test_missing_knowledge_fails_fast(make_app, tmp_path):
    with pytest.raises(KnowledgeError):
        make_app(KNOWLEDGE_DIR=str(tmp_path / "nowhere"))


def test_knowledge_is_loaded_once_and_shared(app, client, monkeypatch):
    import service.kb

    loaded = app.extensions["ddi"]
    monkeypatch.setattr(service.kb, "load_knowledge", lambda *_: pytest.fail("loaded again"))
    client.get("/v1/interactions/check?drugs=imat,keto")
    assert app.extensions["ddi"] is loaded
