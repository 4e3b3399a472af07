"""The shipped path is the tested path: the Dockerfile runs what `make run` runs, with the same gunicorn settings."""

from __future__ import annotations

import importlib
import json
import re
import shlex
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _make_run_command() -> list[str]:
    makefile = (ROOT / "Makefile").read_text()
    recipe = re.search(r"^run:.*\n\t(.+)$", makefile, re.MULTILINE).group(1)
    words = shlex.split(recipe.replace("$(BIN)", ".venv/bin"))
    return words[words.index("exec") + 1 :]


def test_dockerfile_runs_exactly_the_make_run_command():
    dockerfile = (ROOT / "Dockerfile").read_text()
    cmd = json.loads(re.search(r"^CMD (\[.+\])$", dockerfile, re.MULTILINE).group(1))
    assert cmd == _make_run_command()
    assert cmd == [".venv/bin/gunicorn", "--config", "python:service.gunicorn_conf", "service:create_app()"]


def test_dockerfile_is_slim_non_root_and_checks_livez():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert re.search(r"^FROM python:3\.11-slim$", dockerfile, re.MULTILINE)
    users = re.findall(r"^USER (\S+)$", dockerfile, re.MULTILINE)
    assert users and users[-1] not in ("root", "0")
    assert "HEALTHCHECK" in dockerfile and "/livez" in dockerfile
    assert "HOST=0.0.0.0" in dockerfile  # the container must listen beyond its loopback


def test_dockerignore_keeps_the_venv_and_git_out():
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".git", ".venv", "tests", "bench"} <= set(ignored)


@pytest.fixture
def gunicorn_conf(monkeypatch, tmp_path):
    # the module points prometheus_client at a metrics folder; keep that out of this test process
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path / "metrics"))

    def load(**env):
        for name in ("HOST", "PORT", "WEB_CONCURRENCY", "DDI_LOG_LEVEL"):
            monkeypatch.delenv(name, raising=False)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        import service.gunicorn_conf

        return importlib.reload(service.gunicorn_conf)

    return load


def test_gunicorn_defaults(gunicorn_conf):
    conf = gunicorn_conf()
    assert (conf.bind, conf.workers, conf.preload_app, conf.accesslog) == ("127.0.0.1:8080", 2, True, None)
    assert conf.logconfig_dict["handlers"]["stdout"]["stream"] == "ext://sys.stdout"


def test_gunicorn_builds_no_access_log_lines_the_app_already_writes(gunicorn_conf, monkeypatch):
    from gunicorn.config import Config

    from service.gunicorn_logger import AppLogsRequests

    conf = gunicorn_conf()
    assert conf.logger_class == "service.gunicorn_logger.AppLogsRequests"
    config = Config()
    config.set("logconfig_dict", conf.logconfig_dict)
    logger = AppLogsRequests(config)
    monkeypatch.setattr(logger, "atoms", lambda *args: pytest.fail("built an access-log record"))
    assert logger.access_log_enabled  # gunicorn would build one for every request...
    logger.access(None, None, {}, None)  # ...and this one does not


def test_workers_start_with_the_loaded_knowledge_out_of_the_cycle_collectors_sight(gunicorn_conf):
    import gc

    conf = gunicorn_conf()
    tracked = len(gc.get_objects())
    try:
        conf.pre_fork(None, None)
        assert gc.get_freeze_count() >= tracked * 0.9  # everything loaded so far is set aside...
        assert len(gc.get_objects()) < tracked * 0.1  # ...where collections no longer walk it
    finally:
        gc.unfreeze()
    assert gc.get_freeze_count() == 0


def test_gunicorn_from_environment(gunicorn_conf):
    conf = gunicorn_conf(PORT="9090", HOST="0.0.0.0", WEB_CONCURRENCY="4")
    assert (conf.bind, conf.workers) == ("0.0.0.0:9090", 4)
