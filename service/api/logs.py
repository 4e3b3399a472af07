"""Logs as one JSON object per line on stdout, where containers and gunicorn expect them."""

from __future__ import annotations

import json
import logging
import sys
import time

import orjson
from flask import Flask


class JsonFormatter(logging.Formatter):
    """Format a record as one JSON line; structured fields come from `extra={"fields": {...}}`."""

    _second: tuple[int, str] = (-1, "")
    """The last whole second written, and its text: every line of that second shares it."""

    def utc_time(self, record: logging.LogRecord) -> str:
        """Return the record's time as ISO 8601 in UTC to the millisecond (`2026-12-06T02:38:06.018+00:00`)."""
        second = int(record.created)
        micro = round((record.created - second) * 1e6)  # rounded to the microsecond first, as datetime does
        if micro >= 1_000_000:
            second, micro = second + 1, micro - 1_000_000
        if second != self._second[0]:
            self._second = (second, time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(second)))
        return f"{self._second[1]}.{micro // 1000:03d}+00:00"

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": self.utc_time(record),
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
