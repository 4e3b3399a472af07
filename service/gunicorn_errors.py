"""problem+json for the errors gunicorn answers itself, before the app has seen the request.

A request line or header block over gunicorn's limits, or a request line that does not parse, is
answered by `gunicorn.util.write_error` with a small HTML page. The service promises problem+json
and never HTML, so each worker replaces that function with one writing the same status as
problem+json, with the knowledge version the app was loaded with.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Callable

from gunicorn import util

WriteError = Callable[[socket.socket, int, str, str], None]


def problem_writer(knowledge_version: str | None) -> WriteError:
    """Return a replacement for `gunicorn.util.write_error` that answers problem+json."""

    def write_problem(sock: socket.socket, status: int, reason: str, message: str) -> None:
        detail = message or reason
        if status == 414:
            detail += "; send long lists in the body of a POST to /v1/interactions/check"
        body = {"type": "about:blank", "title": reason, "status": status, "detail": detail}
        headers = [
            f"HTTP/1.1 {status} {reason}",
            "Connection: close",
            "Content-Type: application/problem+json",
        ]
        if knowledge_version:
            body["knowledge_version"] = knowledge_version
            headers.append(f"X-Knowledge-Version: {knowledge_version}")
        payload = json.dumps(body, separators=(",", ":")).encode() + b"\n"
        head = "\r\n".join([*headers, f"Content-Length: {len(payload)}", "", ""]).encode("latin-1")
        util.write_nonblock(sock, head + payload)

    return write_problem


def install(knowledge_version: str | None) -> None:
    """Make this process's gunicorn answer its own errors as problem+json."""
    util.write_error = problem_writer(knowledge_version)
