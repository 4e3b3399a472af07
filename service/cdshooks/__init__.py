"""CDS Hooks 2.0: discovery, the order-select and order-sign services, feedback, JWT and CORS."""

from __future__ import annotations

import logging

from flask import Flask, Response

from service.api.problems import Problem, problem_response
from service.cdshooks import cors, views
from service.cdshooks.security import load_trusted_issuers
from service.cdshooks.settings import apply_defaults
from service.storage import StoreUnavailable, open_store

log = logging.getLogger("service.cdshooks")


def init_app(app: Flask) -> None:
    """Register the CDS Hooks endpoints, the feedback store, the trusted issuers and CORS on `app`."""
    apply_defaults(app.config)
    issuers = load_trusted_issuers(app.config["CDS_TRUSTED_ISSUERS"])
    app.extensions["ddi.cds_issuers"] = issuers
    app.extensions["ddi.feedback"] = open_store(app.config["DATABASE_URL"], app.config["FEEDBACK_DB"])
    app.register_error_handler(StoreUnavailable, _storage_unavailable)
    if not issuers:
        log.warning(
            "CDS Hooks calls are accepted without authentication: set DDI_CDS_TRUSTED_ISSUERS "
            "(issuer -> JWKS or PEM public key) to require signed JWTs"
        )
    app.register_blueprint(views.bp)
    app.register_blueprint(views.overrides_bp)
    cors.init_app(app)


def _storage_unavailable(exc: StoreUnavailable) -> Response:
    """Answer 503 when the feedback database is unreachable: the call may be retried, nothing was lost."""
    log.error("shared state unavailable: %s", exc)
    problem = Problem(
        503, "storage-unavailable", "The feedback database is unreachable; retry later. Checks are not affected."
    )
    response = problem_response(problem)
    response.headers["Retry-After"] = "5"
    return response
