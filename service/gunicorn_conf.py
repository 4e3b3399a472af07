"""gunicorn settings for `make run` and the Docker image (`--config python:service.gunicorn_conf`).

The app is loaded before the workers fork, so the knowledge is read and validated once, a bad
knowledge directory stops the master at start-up, and the workers share the loaded pages.
"""

from __future__ import annotations

import gc
import os
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
