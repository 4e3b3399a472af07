"""gunicorn settings for `make run` and the Docker image (`--config python:service.gunicorn_conf`).

The app is loaded before the workers fork, so the knowledge is read and validated once, a bad
knowledge directory stops the master at start-up, and the workers share the loaded pages.
"""

from __future__ import annotations

import gc
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8080')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
preload_app = True
worker_class = "sync"  # checks are CPU-bound and short: one request per process, no GIL contention
timeout = 30
graceful_timeout = 20
keepalive = 5
accesslog = None  # the app writes one JSON line per request itself
logger_class = "service.gunicorn_logger.AppLogsRequests"
errorlog = "-"
loglevel = os.environ.get("DDI_LOG_LEVEL", "info").lower()
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "service.api.logs.JsonFormatter"}},
    "handlers": {"stdout": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "json"}},
    "root": {"handlers": ["stdout"], "level": "WARNING"},
    "loggers": {"gunicorn.error": {"handlers": ["stdout"], "level": loglevel.upper(), "propagate": False}},
}
"""gunicorn's own messages go to stdout as JSON lines too, beside the app's request lines."""


def _metrics_directory() -> str:
    """Return an empty folder for the workers' metrics files: `PROMETHEUS_MULTIPROC_DIR` emptied, or a new one.

    Files a previous run left behind would be added to this run's figures. This runs once, when
    gunicorn first reads this module (a reload does not import it again) and before the preloaded
    app imports prometheus_client, which reads the variable at import.
    """
    given = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if not given:
        return _CREATED.setdefault("metrics", tempfile.mkdtemp(prefix="ddi-metrics-"))
    Path(given).mkdir(parents=True, exist_ok=True)
    for stale in Path(given).glob("*.db"):
        stale.unlink()
    return given


_CREATED: dict[str, str] = {}
os.environ["PROMETHEUS_MULTIPROC_DIR"] = _metrics_directory()


def on_exit(server: Any) -> None:
    """Remove the metrics folder this module made (one the operator named is theirs to keep)."""
    if "metrics" in _CREATED:
        shutil.rmtree(_CREATED["metrics"], ignore_errors=True)


def child_exit(server: Any, worker: Any) -> None:
    """Drop a dead worker's live gauges from `/metrics` (its counters stay: they were served)."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def on_reload(server: Any) -> None:
    """On SIGHUP: validate the knowledge directory again in the master before new workers fork from it.

    A valid directory replaces the knowledge; an invalid one leaves the old knowledge serving and
    says why in the log and in `/readyz` (`service.ops.reload`). Only with `preload_app`: without
    it, each new worker loads and validates the knowledge itself and will not start on a bad one.
    """
    if not server.cfg.preload_app:
        return
    from service.ops.reload import reload_knowledge

    gc.unfreeze()  # so the replaced knowledge can be freed; `pre_fork` freezes what is kept again
    reload_knowledge(server.app.wsgi())
    gc.collect()


def pre_fork(server: object, worker: object) -> None:
    """Put everything loaded before the fork (the knowledge, the precomputed pairs) out of the cycle collector's sight.

    Nothing loaded at start-up is ever garbage, yet each full collection walked all of it: about
    0.4 million objects and 120-180 ms for the bundled knowledge, a stall for whichever request
    triggered it. Frozen, they are skipped, and the workers' collections stop touching (and so
    copying) the memory pages they share with the master.
    """
    gc.freeze()


def post_worker_init(worker: Any) -> None:
    """Have the worker answer the errors gunicorn handles itself (URI too long, ...) as problem+json."""
    from service.gunicorn_errors import install

    knowledge = getattr(worker.wsgi, "extensions", {}).get("ddi")
    install(knowledge.version if knowledge is not None else None)
