"""The Flask application factory: configuration, the knowledge (loaded once), the API.

Configuration comes from defaults, then `DDI_*` environment variables, then the `config` argument
(tests). The knowledge is validated before the app exists: a service with broken knowledge must
not start, rather than answer "no interactions" from half of it.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask

from service import DEFAULT_KNOWLEDGE_DIR, api, cdshooks, fhir, ops, web
from service.api import compression
from service.engine.pairs import precompute_pairs
from service.kb import load_knowledge

DEFAULTS: dict[str, Any] = {
    "KNOWLEDGE_DIR": str(DEFAULT_KNOWLEDGE_DIR),
    "CACHE_DIR": None,
    "MAX_BODY_BYTES": 65536,
    "MAX_MEDICATIONS": 200,
    "MAX_BATCH_LISTS": 100,
    "LOG_LEVEL": "INFO",
    "LOG_MEDICATIONS": False,
    "PRECOMPUTE_PAIRS": True,
}
"""Every setting, with its default; each can be set as `DDI_<NAME>` in the environment."""

_POSITIVE = ("MAX_BODY_BYTES", "MAX_MEDICATIONS", "MAX_BATCH_LISTS")


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Return the configured app with its knowledge loaded; raise `KnowledgeError` if it is invalid."""
    app = Flask(__name__, static_folder=None)  # no /static route: the page serves its own assets under /assets
    app.url_map.merge_slashes = False  # `//` is a wrong URL (404 problem+json), not a redirect with an HTML body
    app.config.from_mapping(DEFAULTS)
    app.config.from_prefixed_env("DDI")
    if config:
        app.config.from_mapping(config)
    check_config(app.config)
    app.config["MAX_CONTENT_LENGTH"] = app.config["MAX_BODY_BYTES"]
    app.extensions["ddi"] = load_knowledge(app.config["KNOWLEDGE_DIR"], app.config["CACHE_DIR"] or None)
    if app.config["PRECOMPUTE_PAIRS"]:
        precompute_pairs(app.extensions["ddi"])
    api.init_app(app)
    cdshooks.init_app(app)
    fhir.init_app(app)
    web.init_app(app)  # the page calls the API above like any client
    ops.init_app(app)  # /metrics
    compression.init_app(app)  # every blueprint's answers
    return app


def check_config(config: dict[str, Any]) -> None:
    """Normalise the settings in place; raise `ValueError` naming the first bad one."""
    for name in _POSITIVE:
        value = config[name]
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f"DDI_{name} must be a positive integer, got {value!r}")
    level = str(config["LOG_LEVEL"]).upper()
    if level not in logging.getLevelNamesMapping():
        raise ValueError(f"DDI_LOG_LEVEL must be a logging level such as INFO or DEBUG, got {level!r}")
    config["LOG_LEVEL"] = level
    if config["LOG_MEDICATIONS"] not in (True, False, 0, 1):
        raise ValueError(f"DDI_LOG_MEDICATIONS must be true or false, got {config['LOG_MEDICATIONS']!r}")
    config["LOG_MEDICATIONS"] = bool(config["LOG_MEDICATIONS"])
