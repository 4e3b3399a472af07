"""Baselines for bench/http_bench.py: bare Flask apps under the same gunicorn settings as the service.

`create_app()` echoes the request body. `create_sized_app()` answers every request with the bytes
in the file named by `ECHO_ANSWER_FILE` (the service's own answer, captured once): the same bytes
on the wire, with no work behind them.
"""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask, Response, request


def create_app() -> Flask:
    """Return an app whose only route answers the posted JSON body back."""
    app = Flask(__name__)

    @app.post("/v1/interactions/check")
    def echo() -> Response:
        return Response(request.get_data(), mimetype="application/json")

    return app


def create_sized_app() -> Flask:
    """Return an app whose only route reads the request and answers a fixed, service-sized body."""
    answer = Path(os.environ["ECHO_ANSWER_FILE"]).read_bytes()
    app = Flask(__name__)

    @app.post("/v1/interactions/check")
    def sized() -> Response:
        request.get_data()
        return Response(answer, mimetype="application/json")

    return app
