"""`/v1/compatibility`: IV compatibility of a set of infusions, and the fewest lines to run them on."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, g

from service.api.inputs import load_body
from service.api.responses import json_response, knowledge, with_version
from service.api.schemas import CompatibilityRequestSchema
from service.engine.ivcheck import check_compatibility
from service.engine.lines import plan_lines
from service.kb.infusion import vehicle_catalogue

bp = Blueprint("compatibility", __name__, url_prefix="/v1/compatibility")
compatibility_request = CompatibilityRequestSchema()


def _arguments() -> dict[str, Any]:
    body = load_body(compatibility_request)
    g.log_fields["medications"] = len(body["drugs"])  # counts only: the list itself is patient data
    return {
        "items": body["drugs"],
        "diluents": body["diluents"],
        "containers": body["containers"],
        "contact_hours": body.get("contact_hours"),
    }


@bp.post("/check")
def check() -> Response:
    result = check_compatibility(knowledge(), **_arguments())
    g.log_fields["findings"] = len(result["pairs"])
    g.log_fields["unrecognized"] = len(result["unrecognized"])
    return json_response(result)


@bp.post("/plan")
def plan() -> Response:
    result = plan_lines(knowledge(), **_arguments())
    g.log_fields["lines"] = len(result["lines"])
    g.log_fields["unrecognized"] = len(result["unrecognized"])
    return json_response(result)


@bp.after_request
def _no_store(response: Response) -> Response:
    """Answers here repeat a patient's infusions: no cache may keep them."""
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/vehicles")
def vehicles() -> Response:
    """The diluents and containers a request may name, with what each contains."""
    return json_response(with_version(vehicle_catalogue()))
