"""Every error the API answers, as `application/problem+json` (RFC 9457), mapped in one place.

Views raise `Problem`; Werkzeug's HTTP errors, unknown records and unexpected exceptions are turned
into the same shape here, so a client never sees HTML or a stack trace.
"""

from __future__ import annotations

import json
import logging
from http import HTTPStatus
from typing import Any

from flask import Flask, Response, current_app, g, request
from werkzeug.exceptions import HTTPException

from service.kb.catalogue import UnknownRecord

PROBLEM_MIMETYPE = "application/problem+json"
TYPE_PREFIX = "urn:ddi:problem:"

TITLES = {
    "malformed-json": "Malformed JSON",
    "unsupported-media-type": "Unsupported media type",
    "body-too-large": "Request body too large",
    "invalid-fields": "Invalid fields",
    "unknown-drug": "Unknown drug",
    "two-drugs-required": "Exactly two drugs required",
    "unknown-enzyme": "Unknown enzyme",
    "not-found": "Not found",
    "method-not-allowed": "Method not allowed",
    "not-ready": "Not ready",
    "storage-unavailable": "Storage unavailable",
    "internal-error": "Internal server error",
}
"""Problem types by slug; the `type` member is `urn:ddi:problem:<slug>`."""

_BY_STATUS = {404: "not-found", 405: "method-not-allowed", 413: "body-too-large", 415: "unsupported-media-type"}
_DETAILS = {
    "not-found": "No resource at this URL; see /openapi.yaml for the endpoints.",
    "method-not-allowed": "This URL does not accept that method; see the Allow header.",
    "body-too-large": "The request body is larger than the configured limit of {limit} bytes.",
    "unsupported-media-type": "Send the request body as application/json.",
}

log = logging.getLogger("service.errors")


class Problem(Exception):
    """An error answer: status, problem type slug, a human `detail` and optional extension members.

    A slug of None gives the RFC's `about:blank` type, whose title is the HTTP reason phrase.
    """

    def __init__(self, status: int, slug: str | None, detail: str, **extensions: Any):
        super().__init__(detail)
        self.status, self.slug, self.detail, self.extensions = status, slug, detail, extensions
        self.headers: dict[str, str] = {}


def problem_response(problem: Problem) -> Response:
    """Return the problem+json response for a `Problem`."""
    body = {
        "type": TYPE_PREFIX + problem.slug if problem.slug else "about:blank",
        "title": TITLES[problem.slug] if problem.slug else HTTPStatus(problem.status).phrase,
        "status": problem.status,
        "detail": problem.detail,
        **problem.extensions,
        "request_id": g.get("request_id"),
    }
    kb = current_app.extensions.get("ddi")
    if kb is not None:
        body["knowledge_version"] = kb.version
    text = json.dumps(body, ensure_ascii=False, separators=(",", ":")) + "\n"
    return Response(text, status=problem.status, mimetype=PROBLEM_MIMETYPE, headers=problem.headers)


def _from_http_exception(exc: HTTPException) -> Response:
    status = exc.code or 500
    slug = _BY_STATUS.get(status)  # None for HTTP errors the API never raises itself: about:blank
    detail = _DETAILS.get(slug or "", "The request could not be processed.")
    problem = Problem(status, slug, detail.format(limit=request.max_content_length))  # CDS Hooks has its own limit
    allow = dict(exc.get_headers()).get("Allow")
    if allow:
        problem.headers["Allow"] = allow
    return problem_response(problem)


def _from_unknown_record(exc: UnknownRecord) -> Response:
    shown = exc.record_id if len(exc.record_id) <= 200 else exc.record_id[:200] + "..."
    return problem_response(
        Problem(
            404,
            f"unknown-{exc.kind}",
            f"The knowledge holds no {exc.kind} with id '{shown}'.",
            suggestions=exc.suggestions,
        )
    )


def _from_unexpected(exc: Exception) -> Response:
    log.exception("unhandled error", extra={"fields": {"request_id": g.get("request_id")}})
    return problem_response(
        Problem(500, "internal-error", "The server failed to answer; quote the request_id when reporting it.")
    )


def init_app(app: Flask) -> None:
    """Route every error raised while answering a request to a problem+json response."""
    app.register_error_handler(Problem, problem_response)
    app.register_error_handler(HTTPException, _from_http_exception)
    app.register_error_handler(UnknownRecord, _from_unknown_record)
    app.register_error_handler(Exception, _from_unexpected)
