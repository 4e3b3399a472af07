"""FHIR in and out: read medication resources leniently, answer interactions as DetectedIssues."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register `POST /v1/fhir/check` on `app`."""
    from service.fhir import views  # the FHIR readers are used without Flask; only the view needs it

    app.register_blueprint(views.bp)
