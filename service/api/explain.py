"""`GET /v1/interactions/explain?drugs=a,b`: why one pair was or was not flagged."""

from __future__ import annotations

from flask import Blueprint, Response

from service.api.inputs import load_query
from service.api.problems import Problem
from service.api.responses import json_response, knowledge
from service.api.schemas import ExplainQuerySchema
from service.engine.pair_explanation import ExplainError, explain_medications

bp = Blueprint("explain", __name__, url_prefix="/v1/interactions")
explain_query = ExplainQuerySchema()


@bp.get("/explain")
def explain_get() -> Response:
    query = load_query(explain_query)
    try:
        answer = explain_medications(knowledge(), query.get("drugs", []), query["min_severity"])
    except ExplainError as exc:
        raise Problem(exc.status, exc.slug, str(exc), **exc.extensions) from None
    return json_response(answer)


@bp.after_request
def _no_store(response: Response) -> Response:
    """Answers here repeat part of a patient's medication list: no cache may keep them."""
    response.headers["Cache-Control"] = "no-store"
    return response
