"""Per-request bookkeeping: the request id, the common headers, the one JSON log line and the request metrics.

The log line carries counts, never medication names or bodies: the log is not a place for patient
data. `DDI_LOG_MEDICATIONS` adds the inputs, and only when the log level is DEBUG.
"""

from __future__ import annotations

import logging
import re
import secrets
import time

from flask import Flask, Response, current_app, g, request

from service.ops.metrics import observe_request

REQUEST_ID_HEADER = "X-Request-ID"
_SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:@/+=-]{1,128}")
"""A caller's id is echoed and logged only if it cannot forge log lines or headers."""

log = logging.getLogger("service.requests")


def _start() -> None:
    state = g._get_current_object()  # one context look-up, not one per attribute
    state.started = time.perf_counter()
    given = request.environ.get("HTTP_X_REQUEST_ID", "")  # the header, without building the headers view
    state.request_id = given if _SAFE_REQUEST_ID.fullmatch(given) else secrets.token_hex(16)
    state.log_fields = {}
    state.log_medications = current_app.config["LOG_MEDICATIONS"] and log.isEnabledFor(logging.DEBUG)


def _finish(response: Response) -> Response:
    state, req = g._get_current_object(), request._get_current_object()
    kb = current_app.extensions.get("ddi")
    headers = response.headers
    if kb is not None:
        headers["X-Knowledge-Version"] = kb.version
    request_id = state.get("request_id") or secrets.token_hex(16)
    headers[REQUEST_ID_HEADER] = request_id
    rule = req.url_rule
    route = rule.rule if rule else None
    now = time.perf_counter()
    seconds = now - state.get("started", now)
    status = response.status_code
    observe_request(route, req.method, status, seconds)
    fields = {
        "method": req.method,
        "route": route,
        "status": status,
        "latency_ms": round(seconds * 1000, 2),
        "request_id": request_id,
        **state.get("log_fields", {}),
    }
    level = logging.DEBUG if "medication_inputs" in fields else logging.INFO
    if log.isEnabledFor(level):  # the record made directly: `log.log` would also walk the stack for the caller
        log.handle(log.makeRecord(log.name, level, __file__, 0, "request", (), None, extra={"fields": fields}))
    return response


def init_app(app: Flask) -> None:
    """Give every request an id, every response the common headers, every request a log line."""
    app.before_request(_start)
    app.after_request(_finish)
