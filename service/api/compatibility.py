"""`/v1/compatibility`: IV compatibility of a set of infusions, and the fewest lines to run them on."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, Response, g

from service.api.inputs import load_body
from service.api.responses import json_response, knowledge, with_version
from service.api.schemas import CompatibilityRequestSchema
from service.engine.infusions import InfusionList, resolve_infusions
from service.engine.ivcheck import check_compatibility
from service.engine.lines import plan_lines
from service.kb.infusion import vehicle_catalogue
from service.kb.knowledge import Knowledge

bp = Blueprint("compatibility", __name__, url_prefix="/v1/compatibility")
compatibility_request = CompatibilityRequestSchema()


def _answer(run: Callable[[Knowledge, InfusionList], dict[str, Any]], counted: str, key: str) -> Response:
    """Validate the body, resolve it, run the check or the plan, and log counts only (the list is patient data)."""
    body = load_body(compatibility_request)
    kb = knowledge()
    resolved = resolve_infusions(kb, body["drugs"], body["diluents"], body["containers"], body.get("contact_hours"))
    result = run(kb, resolved)
    g.log_fields.update(medications=len(body["drugs"]), unrecognized=len(result["unrecognized"]))
    g.log_fields[counted] = len(result[key])
    return json_response(result)


@bp.post("/check")
def check() -> Response:
    return _answer(check_compatibility, "findings", "pairs")


@bp.post("/plan")
def plan() -> Response:
    return _answer(plan_lines, "lines", "lines")


@bp.after_request
def _no_store(response: Response) -> Response:
    """Answers here repeat a patient's infusions: no cache may keep them."""
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/vehicles")
def vehicles() -> Response:
    """The diluents and containers a request may name, with what each contains."""
    return json_response(with_version(vehicle_catalogue()))
