"""Logs as one JSON object per line on stdout, where containers and gunicorn expect them."""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime

import orjson
from flask import Flask


class JsonFormatter(logging.Formatter):
    """Format a record as one JSON line; structured fields come from `extra={"fields": {...}}`."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            **getattr(record, "fields", {}),
        }
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        try:
            return orjson.dumps(line, default=str).decode()  # one line per request: keep it cheap
        except TypeError:  # what orjson refuses (an integer past 64 bits, a non-string key) json still writes
            return json.dumps(line, ensure_ascii=False, default=str)


def configure_logging(app: Flask) -> None:
    """Send the `service` loggers to stdout as JSON at the configured level (once per process)."""
    logger = logging.getLogger("service")
    logger.setLevel(app.config["LOG_LEVEL"])
    if not any(getattr(h, "ddi_stdout", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stdout)
        handler.setFormatter(JsonFormatter())
        handler.ddi_stdout = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
    logger.propagate = False
