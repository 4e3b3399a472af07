"""CDS Hooks 2.0: discovery, the order-select and order-sign services, feedback, JWT and CORS."""

from __future__ import annotations

import logging

from flask import Flask

from service.cdshooks import cors, views
from service.cdshooks.security import load_trusted_issuers
from service.cdshooks.settings import apply_defaults
from service.cdshooks.store import FeedbackStore

log = logging.getLogger("service.cdshooks")


def init_app(app: Flask) -> None:
    """Register the CDS Hooks endpoints, the feedback store, the trusted issuers and CORS on `app`."""
    apply_defaults(app.config)
    issuers = load_trusted_issuers(app.config["CDS_TRUSTED_ISSUERS"])
    app.extensions["ddi.cds_issuers"] = issuers
    app.extensions["ddi.feedback"] = FeedbackStore(app.config["FEEDBACK_DB"])
    if not issuers:
        log.warning(
            "CDS Hooks calls are accepted without authentication: set DDI_CDS_TRUSTED_ISSUERS "
            "(issuer -> JWKS or PEM public key) to require signed JWTs"
        )
    app.register_blueprint(views.bp)
    app.register_blueprint(views.overrides_bp)
    cors.init_app(app)
