"""CORS for browser-based CDS Clients and sandboxes, which call the service from another origin.

Only the CDS Hooks and FHIR endpoints answer cross-origin; no cookies are used, so credentials are
never allowed and `*` is a safe default. `DDI_CDS_CORS_ORIGINS` narrows it to a list.
"""

from __future__ import annotations

from flask import Flask, Response, current_app, request

PATH_PREFIXES = ("/cds-services", "/v1/fhir/", "/v1/cds-hooks/")
ALLOW_HEADERS = "Authorization, Content-Type, X-Request-ID"
ALLOW_METHODS = "GET, POST, OPTIONS"
EXPOSE_HEADERS = "X-Request-ID, X-Knowledge-Version"


def _allowed_origin(origin: str) -> str | None:
    allowed = current_app.config["CDS_CORS_ORIGINS"]
    if allowed == "*" or allowed == ["*"]:
        return "*"
    origins = allowed.split(",") if isinstance(allowed, str) else list(allowed)
    return origin if origin in {o.strip() for o in origins} else None


def add_cors_headers(response: Response) -> Response:
    """Add the CORS headers to answers on the CDS Hooks and FHIR paths, preflights included."""
    origin = request.environ.get("HTTP_ORIGIN")  # read directly: most requests have none, and need no headers view
    if not origin or not request.path.startswith(PATH_PREFIXES):
        return response
    allowed = _allowed_origin(origin)
    if allowed is None:
        return response
    response.headers["Access-Control-Allow-Origin"] = allowed
    if allowed != "*":
        response.vary.add("Origin")
    response.headers["Access-Control-Expose-Headers"] = EXPOSE_HEADERS
    if request.method == "OPTIONS":
        response.headers["Access-Control-Allow-Methods"] = ALLOW_METHODS
        response.headers["Access-Control-Allow-Headers"] = ALLOW_HEADERS
        response.headers["Access-Control-Max-Age"] = "600"
    return response


def init_app(app: Flask) -> None:
    """Answer CORS on every response (errors and automatic OPTIONS answers included)."""
    app.after_request(add_cors_headers)
