"""`POST /v1/fhir/check`: a FHIR client sends medication resources and gets DetectedIssues back.

The answer is a `collection` Bundle: one DetectedIssue per interacting pair, and an
OperationOutcome naming every medication that was not recognised or not checked, so that a
FHIR client is never told "no issues" about a drug the service could not read.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any

from flask import Blueprint, Response, current_app, g, request

from service.api.problems import Problem
from service.fhir.body import read_json_document
from service.fhir.check import check_resources
from service.fhir.detectedissue import detected_issue
from service.fhir.medications import MEDICATION_TYPES, extract_medications
from service.fhir.outcome import operation_outcome
from service.kb.vocabulary import SEVERITIES

FHIR_JSON = "application/fhir+json"
JSON = "application/json"
MAX_ENTRIES = 200
"""Most Bundle entries (or list items) per request, as openapi.yaml says."""

bp = Blueprint("fhir", __name__, url_prefix="/v1/fhir")


def _min_severity() -> str:
    value = request.args.get("min_severity", "minor")
    if value not in SEVERITIES:
        raise Problem(
            422,
            "invalid-fields",
            f"min_severity: must be one of {', '.join(SEVERITIES)}.",
            errors=[{"parameter": "min_severity", "detail": f"Must be one of {', '.join(SEVERITIES)}."}],
        )
    return value


def _invalid_body(detail: str) -> Problem:
    return Problem(422, "invalid-fields", f"#: {detail}", errors=[{"pointer": "#", "detail": detail}])


@bp.post("/check")
def check() -> Response:
    """Answer a Bundle of DetectedIssues for a Bundle, a medication resource, or a list of them."""
    min_severity = _min_severity()
    body = read_json_document(request)
    if not isinstance(body, dict | list):
        raise _invalid_body("Send a FHIR Bundle, a MedicationRequest or MedicationStatement, or a list of them.")
    entries = body if isinstance(body, list) else body.get("entry")
    if isinstance(entries, list) and len(entries) > MAX_ENTRIES:
        raise _invalid_body(f"At most {MAX_ENTRIES} entries per request.")
    medications = extract_medications(body)
    if not medications:
        kinds = ", ".join(sorted(MEDICATION_TYPES))
        raise _invalid_body(f"No medication resources found; send a Bundle or list holding {kinds}.")
    if len(medications) > current_app.config["MAX_MEDICATIONS"]:
        raise _invalid_body(f"At most {current_app.config['MAX_MEDICATIONS']} medication resources per request.")
    kb = current_app.extensions["ddi"]
    active = [m for m in medications if m.is_active]
    outcome = check_resources(kb, active, min_severity, alternatives=False)  # a DetectedIssue has no place for them
    now = datetime.now(UTC)
    entries: list[dict[str, Any]] = []
    for pair in outcome.pairs:
        implicated = [m for drug in pair.drugs for m in outcome.resources_for(drug)]
        issue = {"id": str(uuid.uuid4()), **detected_issue(kb, pair, implicated, identified=now)}
        entries.append({"fullUrl": f"urn:uuid:{issue['id']}", "resource": issue})
    notes = operation_outcome(outcome.unrecognised, [m for m in medications if not m.is_active])
    if notes is not None:
        entries.append({"fullUrl": f"urn:uuid:{notes['id']}", "resource": notes})
    bundle: dict[str, Any] = {
        "resourceType": "Bundle",
        "id": str(uuid.uuid4()),
        "meta": {"tag": [{"system": "urn:ddi:knowledge-version", "code": kb.version}]},
        "type": "collection",
        "timestamp": now.isoformat(timespec="seconds"),
    }
    if entries:
        bundle["entry"] = entries
    g.log_fields.update(medications=len(medications), findings=len(outcome.pairs))
    text = json.dumps(bundle, ensure_ascii=False, separators=(",", ":")) + "\n"
    return Response(text, mimetype=_answer_mimetype(), headers={"Cache-Control": "no-store"})


def _answer_mimetype() -> str:
    """Answer `application/fhir+json` to FHIR clients that ask for it, plain JSON to everyone else."""
    best = request.accept_mimetypes.best_match([JSON, FHIR_JSON], default=JSON)
    return FHIR_JSON if best == FHIR_JSON and request.accept_mimetypes[FHIR_JSON] > 0 else JSON
