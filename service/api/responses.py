"""Build JSON answers, and reach the knowledge the app loaded at start-up."""

from __future__ import annotations

from typing import Any

import orjson
from flask import Response, current_app

from service.kb import Knowledge


def knowledge() -> Knowledge:
    """Return the knowledge loaded by `create_app` (one per process, shared by every request)."""
    return current_app.extensions["ddi"]


def json_response(payload: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    """Return `payload` as compact UTF-8 JSON, keys in the order the engine built them.

    orjson, because a 10-drug answer runs to tens of kilobytes and `json.dumps` cost as much as the check.
    """
    body = orjson.dumps(payload, option=orjson.OPT_APPEND_NEWLINE)
    return Response(body, status=status, mimetype="application/json", headers=headers)


def with_version(view: dict[str, Any]) -> dict[str, Any]:
    """Return a view with `knowledge_version` first, as every JSON answer carries it."""
    return {"knowledge_version": knowledge().version, **view}
