"""Compressed answers for callers that ask for them (`Accept-Encoding`), through Flask-Compress.

A 10-drug answer is about 64 KB of JSON and 9 to 10 KB compressed: an EHR calling over a WAN waits
for bytes, not for the check. The levels favour speed: zstd 3 and gzip 1 take 50-70 µs on such an
answer, where gzip's usual level 6 takes about 400 µs to save another quarter of the bytes.
Errors and bodies under 1 KiB go out as they are. `DDI_COMPRESS_ALGORITHM='[]'` turns compression
off, for a deployment whose proxy compresses.

Flask-Compress's own hook parses the headers of every answer; a request without `Accept-Encoding`
(a load balancer's probe, most EHR integrations) only needs `Vary: Accept-Encoding` added, so
that case is answered here and the hook runs only for callers that ask.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, request
from flask_compress import Compress

SETTINGS: dict[str, Any] = {
    "COMPRESS_ALGORITHM": ["zstd", "gzip", "br"],  # at equal preference, the cheapest first
    "COMPRESS_ZSTD_LEVEL": 3,
    "COMPRESS_LEVEL": 1,  # gzip
    "COMPRESS_BR_LEVEL": 1,
    "COMPRESS_MIN_SIZE": 1024,
    "COMPRESS_MIMETYPES": ["application/json", "application/fhir+json", "text/plain", "application/yaml"],
    "COMPRESS_STREAMS": False,
}


def add_vary(response: Response) -> None:
    """Say that the answer depends on `Accept-Encoding`, as Flask-Compress says it on every answer."""
    vary = response.headers.get("Vary")
    if not vary:
        response.headers["Vary"] = "Accept-Encoding"
    elif "accept-encoding" not in vary.lower():
        response.headers["Vary"] = f"{vary}, Accept-Encoding"


def init_app(app: Flask) -> None:
    """Compress `app`'s answers; settings already in `app.config` (from `DDI_COMPRESS_*`) win."""
    for name, value in SETTINGS.items():
        app.config.setdefault(name, value)
    register = app.config.get("COMPRESS_REGISTER", True)
    app.config["COMPRESS_REGISTER"] = False  # its hook is registered below, behind a cheaper check
    compress = Compress(app)
    if not (register and app.config["COMPRESS_MIMETYPES"]):
        return

    def compress_answer(response: Response) -> Response:
        if "HTTP_ACCEPT_ENCODING" not in request.environ:  # nothing asked: no encoding can be chosen
            add_vary(response)
            return response
        return compress.after_request(response)

    app.after_request(compress_answer)
