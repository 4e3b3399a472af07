"""Fixtures: an app on the fixture knowledge, a contract-checking client, and the request log."""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask

from service import create_app
from service.api.logs import JsonFormatter
from tests.api.contract import ContractClient

FIXTURE_KNOWLEDGE = Path(__file__).resolve().parents[1] / "fixtures" / "knowledge"


@pytest.fixture
def make_app(monkeypatch: pytest.MonkeyPatch):
    """Return a factory for apps on the fixture knowledge, untouched by the caller's DDI_* variables."""
    for name in list(os.environ):
        if name.startswith("DDI_"):
            monkeypatch.delenv(name)

    def make(**config) -> Flask:
        app = create_app({"KNOWLEDGE_DIR": str(FIXTURE_KNOWLEDGE), "TESTING": True, **config})
        app.test_client_class = ContractClient
        return app

    return make


@pytest.fixture
def app(make_app) -> Flask:
    return make_app()


@pytest.fixture
def client(app: Flask) -> ContractClient:
    return app.test_client()


class _Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture
def read_log(app: Flask) -> Iterator[Callable[[], list[dict]]]:
    """Return a function giving the request and error log lines written so far in the test, parsed.

    Start-up messages of other components are left out: the tests here are about requests.
    """
    handler = _Lines()
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("service")
    logger.addHandler(handler)
    try:
        yield lambda: [
            line for line in map(json.loads, handler.lines) if line["logger"] in ("service.requests", "service.errors")
        ]
    finally:
        logger.removeHandler(handler)
