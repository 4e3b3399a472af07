"""The CDS Hooks endpoints: discovery, the services, feedback, and the override counts.

Every call to `/cds-services` carries a JWT when trusted issuers are configured; the audience it
must name is this endpoint's URL, as clients see it (`DDI_CDS_PUBLIC_BASE_URL` behind a proxy).
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Blueprint, Response, current_app, g, request

from service.api.problems import Problem
from service.api.responses import json_response
from service.cdshooks.cards import interaction_card, unrecognised_card
from service.cdshooks.context import HookRequest, read_hook_request
from service.cdshooks.feedback import load_feedback
from service.cdshooks.fetch import FetchFailed, fetch_active_medications, precondition_failed
from service.cdshooks.findings import find_hook_findings
from service.cdshooks.ivcards import iv_card, iv_pairs
from service.cdshooks.precautions import find_precaution_findings, precaution_card
from service.cdshooks.security import verify_request_token
from service.cdshooks.services import SERVICES, CdsService, discovery
from service.cdshooks.settings import may_fetch_from, min_severity_for
from service.fhir.body import read_json_document
from service.ops.metrics import count_cards, count_feedback
from service.storage import StoreUnavailable

log = logging.getLogger("service.cdshooks")
bp = Blueprint("cdshooks", __name__)
overrides_bp = Blueprint("cdshooks_overrides", __name__, url_prefix="/v1/cds-hooks")


def _endpoint_url() -> str:
    base = current_app.config["CDS_PUBLIC_BASE_URL"]
    return base.rstrip("/") + request.path if base else request.base_url


@bp.before_request
def _authenticate() -> None:
    """Check the caller's JWT (not on CORS preflights, which browsers send without credentials)."""
    request.max_content_length = current_app.config["CDS_MAX_BODY_BYTES"]
    issuers = current_app.extensions["ddi.cds_issuers"]
    if request.method == "OPTIONS" or not issuers:
        return
    claims = verify_request_token(
        request.headers.get("Authorization"), _endpoint_url(), issuers, current_app.extensions["ddi.feedback"]
    )
    g.cds_client = g.log_fields["cds_client"] = claims["iss"]


def _service(service_id: str) -> CdsService:
    service = SERVICES.get(service_id)
    if service is None:
        known = ", ".join(SERVICES)
        raise Problem(404, "not-found", f"No CDS Service '{service_id[:100]}' here; this server offers {known}.")
    return service


@bp.get("/cds-services")
def discover() -> Response:
    return json_response(discovery())


@bp.post("/cds-services/<service_id>")
def invoke(service_id: str) -> Response:
    """Answer a hook call with a card per interacting pair, per IV pair that may not share a line, per
    precaution, and one for unrecognised medications."""
    service = _service(service_id)
    hook = read_hook_request(service, read_json_document(request))
    kb = current_app.extensions["ddi"]
    cards: list[dict[str, Any]] = []
    if hook.draft:
        if not hook.prefetched:
            _fetch_active(hook)
        min_severity = min_severity_for(current_app.config, service.id)
        findings = find_hook_findings(kb, service, hook, min_severity)
        cards = [interaction_card(kb, pair, findings, hook.patient) for pair in findings.pairs]
        issued = [(card["uuid"], pair.id, pair.severity) for card, pair in zip(cards, findings.pairs, strict=True)]
        _remember_cards(service.id, hook.hook_instance, issued)
        iv = iv_pairs(kb, hook, findings)
        cards += [iv_card(kb, verdict, new, old) for verdict, new, old in iv]
        precautions = find_precaution_findings(kb, findings, hook.conditions, min_severity)
        cards += [precaution_card(kb, finding) for finding in precautions]
        if findings.check.unrecognised:
            cards.append(unrecognised_card(kb, findings.check.unrecognised))
        g.log_fields.update(
            medications=len(hook.draft) + len(hook.active),
            findings=len(findings.pairs),
            conditions=len(hook.conditions),
            precautions=len(precautions),
            iv_pairs=len(iv),
        )
    g.log_fields["cards"] = len(cards)
    count_cards(cards)
    return json_response({"cards": cards}, headers={"Cache-Control": "no-store"})


def _remember_cards(service_id: str, hook_instance: str | None, issued: list[tuple[str, str, str]]) -> None:
    """Record the cards for later feedback; a storage failure must never cost the prescriber the alert."""
    try:
        current_app.extensions["ddi.feedback"].record_cards(service_id, hook_instance, issued)
    except StoreUnavailable:
        log.exception("could not record issued cards", extra={"fields": {"request_id": g.get("request_id")}})


def _fetch_active(hook: HookRequest) -> None:
    """Fill the active list from the client's FHIR server, or raise 412 when that is impossible."""
    if not (hook.fhir_server and hook.access_token and hook.patient):
        raise precondition_failed(
            "The patient's active medications were not prefetched, and no fhirServer with fhirAuthorization "
            "and patientId was given to fetch them; send the prefetch from the discovery document."
        )
    if not may_fetch_from(current_app.config, hook.fhir_server, authenticated=bool(g.get("cds_client"))):
        raise precondition_failed(
            "The patient's active medications were not prefetched, and this service does not fetch from "
            "an unauthenticated caller's fhirServer (see DDI_CDS_FHIR_SERVERS); send the prefetch."
        )
    timeout = float(current_app.config["CDS_FETCH_TIMEOUT"])
    try:
        hook.active = fetch_active_medications(hook.fhir_server, hook.access_token, hook.patient, (timeout, timeout))
    except FetchFailed as exc:
        raise precondition_failed(f"The patient's active medications could not be fetched: {exc}.") from None
    g.log_fields["fetched"] = len(hook.active)


@bp.post("/cds-services/<service_id>/feedback")
def feedback(service_id: str) -> Response:
    """Record accepted and overridden cards; sending the same feedback again changes nothing."""
    service = _service(service_id)
    items = load_feedback(read_json_document(request))
    new, repeated = current_app.extensions["ddi.feedback"].record_feedback(service.id, items)
    count_feedback(items)
    return json_response({"recorded": new, "repeated": repeated})


@overrides_bp.get("/overrides")
def override_counts() -> Response:
    """Show, per interaction, how often its cards were overridden or accepted: alert fatigue, measured."""
    kb = current_app.extensions["ddi"]
    return json_response(
        {"knowledge_version": kb.version, "interactions": current_app.extensions["ddi.feedback"].override_counts()}
    )
