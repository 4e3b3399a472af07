"""Operations: metrics for Prometheus and the knowledge reload; wired into the app and gunicorn, never the engine."""

from __future__ import annotations

from flask import Flask

from service.ops import metrics


def init_app(app: Flask) -> None:
    """Serve `/metrics` for `app`."""
    metrics.init_app(app)
