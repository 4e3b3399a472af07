"""The baseline for bench/http_bench.py: a bare Flask app that echoes the request body, nothing else."""

from __future__ import annotations

from flask import Flask, Response, request


def create_app() -> Flask:
    """Return an app whose only route answers the posted JSON body back, as the service's check would."""
    app = Flask(__name__)

    @app.post("/v1/interactions/check")
    def echo() -> Response:
        return Response(request.get_data(), mimetype="application/json")

    return app
