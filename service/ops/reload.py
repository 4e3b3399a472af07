"""Reload the knowledge without downtime: validate the new directory in full, then swap it in, or keep the old.

Under gunicorn (`preload_app`, as shipped) the knowledge lives in the master and the workers are
forked from it. `kill -HUP <master>` makes gunicorn call `on_reload` (see `service.gunicorn_conf`),
which calls `reload_knowledge` in the master while the old workers go on answering; gunicorn then
forks new workers from the master and stops the old ones gracefully. A worker's knowledge never
changes during its life, so every answer's `knowledge_version` is the one that produced it.

A failed reload changes nothing but the report: the old knowledge keeps serving, the log says
why, and `/readyz` says which version serves and why the reload failed.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from flask import Flask

from service.engine.pairs import PAIRS, precompute_pairs
from service.kb import KnowledgeError, load_knowledge

log = logging.getLogger("service.reload")

MAX_REASON_CHARS = 2000
"""The failure reason shown in `/readyz`: the first issues are enough to act on; the log has them all."""


def reload_knowledge(app: Flask) -> dict[str, Any]:
    """Load and validate `app`'s knowledge directory again; swap it in only if it is valid.

    Returns the report `/readyz` shows (also kept in `app.extensions["ddi.reload"]`).
    """
    old = app.extensions["ddi"]
    at = datetime.now(UTC).isoformat(timespec="seconds")
    try:
        new = load_knowledge(app.config["KNOWLEDGE_DIR"], app.config["CACHE_DIR"] or None)
        if app.config["PRECOMPUTE_PAIRS"]:
            precompute_pairs(new)
    except Exception as exc:  # whatever goes wrong, the old knowledge must keep serving
        reason = str(exc) if isinstance(exc, KnowledgeError) else f"{type(exc).__name__}: {exc}"
        report = {"status": "failed", "at": at, "serving": old.version, "reason": reason[:MAX_REASON_CHARS]}
        log.error("knowledge reload failed; still serving %s", old.version, extra={"fields": {"reason": reason}})
    else:
        app.extensions["ddi"] = new
        PAIRS.forget(old)
        report = {"status": "reloaded", "at": at, "serving": new.version, "previous": old.version}
        log.info("knowledge reloaded: %s replaces %s", new.version, old.version)
    app.extensions["ddi.reload"] = report
    return report
