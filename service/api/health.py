"""Probes for orchestrators (`/livez`, `/readyz`) and the contract itself (`/openapi.yaml`)."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, current_app

from service.api.problems import Problem
from service.api.responses import json_response

OPENAPI_PATH = Path(__file__).resolve().parents[2] / "openapi.yaml"
"""The hand-written contract at the top of the repository; the tests hold the code to it."""

bp = Blueprint("health", __name__)


@bp.get("/livez")
def live() -> Response:
    """The process answers; says nothing about the knowledge (a restart would not help it)."""
    kb = current_app.extensions.get("ddi")
    return json_response({"status": "ok", "knowledge_version": kb.version if kb else None})


@bp.get("/readyz")
def ready() -> Response:
    """Ready to check medications: the knowledge is loaded; after a reload, how it went (and why it failed)."""
    kb = current_app.extensions.get("ddi")
    if kb is None:
        raise Problem(503, "not-ready", "The knowledge is not loaded.")
    body = {"status": "ready", "knowledge_version": kb.version, "drugs": len(kb.records.drugs)}
    reload = current_app.extensions.get("ddi.reload")
    if reload is not None:
        body["reload"] = reload
    return json_response(body)


@bp.get("/openapi.yaml")
def openapi() -> Response:
    document = current_app.extensions.get("ddi.openapi")
    if document is None:
        raise Problem(404, "not-found", "This installation has no openapi.yaml.")
    return Response(document, mimetype="application/yaml")


def load_openapi(app) -> None:
    """Read the contract once, so serving it costs no disk access."""
    if OPENAPI_PATH.is_file():
        app.extensions["ddi.openapi"] = OPENAPI_PATH.read_bytes()
