"""The HTTP API: one blueprint per resource, problem+json errors, request ids and request logs."""

from __future__ import annotations

from flask import Flask

from service.api import (
    compatibility,
    drugs,
    enzymes,
    explain,
    health,
    interactions,
    knowledge,
    problems,
    requestlog,
)
from service.api.logs import configure_logging


def init_app(app: Flask) -> None:
    """Register the blueprints, the error mapping and the per-request bookkeeping on `app`."""
    configure_logging(app)
    health.load_openapi(app)
    for module in (interactions, explain, compatibility, drugs, enzymes, knowledge, health):
        app.register_blueprint(module.bp)
    problems.init_app(app)
    requestlog.init_app(app)
