"""`/v1/interactions`: check one medication list (POST or GET), or many lists in one request."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, g, request

from service.api.inputs import load_body, load_query
from service.api.responses import json_response, knowledge
from service.api.schemas import BatchRequestSchema, CheckQuerySchema, CheckRequestSchema
from service.engine import check_medications
from service.engine.findings import with_compact_findings, with_findings_as_json
from service.ops.metrics import count_check
from service.textreport import render_check

bp = Blueprint("interactions", __name__, url_prefix="/v1/interactions")
check_request = CheckRequestSchema()
check_query = CheckQuerySchema()
batch_request = BatchRequestSchema()


def _check(
    medications: list, min_severity: str, conditions: list[str] | None, alternatives: bool = True
) -> dict[str, Any]:
    result = check_medications(
        knowledge(), medications, min_severity=min_severity, conditions=conditions, alternatives=alternatives
    )
    counts = g.log_fields  # summed over the lists of a batch
    counts["medications"] = counts.get("medications", 0) + len(medications)
    counts["findings"] = counts.get("findings", 0) + len(result["interactions"])
    counts["unrecognized"] = counts.get("unrecognized", 0) + len(result["unrecognized"])
    count_check(result["interactions"], len(result["unrecognized"]))
    if g.get("log_medications"):
        counts.setdefault("medication_inputs", []).extend(medications)
    return result


JSON_FIRST = frozenset({None, "", "*/*", "application/json"})
"""`Accept` values (or none) under which JSON is the answer without parsing the header."""


def _prefers_text() -> bool:
    """Return whether the caller's `Accept` prefers text/plain to JSON."""
    if request.environ.get("HTTP_ACCEPT") in JSON_FIRST:
        return False
    return request.accept_mimetypes.best_match(["application/json", "text/plain"]) == "text/plain"


def _answer(result: dict[str, Any], compact: bool = False) -> Response:
    """Answer JSON (compact: each explanation once, cited by id), or the aligned table when the caller prefers
    text/plain."""
    if _prefers_text():
        return Response(render_check(result), mimetype="text/plain")
    return json_response(with_compact_findings(result) if compact else with_findings_as_json(result))


@bp.post("/check")
def check_post() -> Response:
    body = load_body(check_request)
    return _answer(
        _check(body["medications"], body["min_severity"], body.get("conditions"), body["alternatives"]), body["compact"]
    )


@bp.get("/check")
def check_get() -> Response:
    query = load_query(check_query)
    return _answer(_check(query["drugs"], query["min_severity"], query.get("conditions"), query["alternatives"]))


@bp.post("/check-batch")
def check_batch() -> Response:
    body = load_body(batch_request)
    g.log_fields["lists"] = len(body["lists"])
    results = [
        {
            "id": entry["id"],
            **with_findings_as_json(
                _check(
                    entry["medications"],
                    entry.get("min_severity", body["min_severity"]),
                    entry.get("conditions"),
                    entry["alternatives"],
                )
            ),
        }
        for entry in body["lists"]
    ]
    return json_response({"knowledge_version": knowledge().version, "results": results})


@bp.after_request
def _no_store(response: Response) -> Response:
    """Answers here repeat a patient's medication list: no cache may keep them."""
    response.headers["Cache-Control"] = "no-store"
    return response
