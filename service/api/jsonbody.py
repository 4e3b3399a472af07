"""Read a request body as strict JSON: UTF-8 only, no duplicate keys, no NaN, bounded nesting.

Python's `json` module accepts duplicate keys (the last one wins), `NaN` and unlimited nesting;
a safety service must not guess which of two `medications` a caller meant, so all are refused.
A gzip-compressed body (`Content-Encoding: gzip`) is accepted, and held to the same size limit
once inflated: a few kilobytes must not unpack into gigabytes.
"""

from __future__ import annotations

import json
import zlib
from typing import Any

from flask import Request
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wsgi import get_content_length

from service.api.problems import Problem

MAX_DEPTH = 8
"""Deepest nesting accepted; the deepest valid body (a batch of coded medications) needs 5."""

JSON_MIMETYPES = ("application/json",)


class _DuplicateKey(ValueError):
    pass


def _reject_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return result


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not valid JSON")


_DECODER = json.JSONDecoder(object_pairs_hook=_reject_duplicates, parse_constant=_reject_constant)
"""Made once: `json.loads` with these arguments builds a new decoder (and its scanner) on every call."""


def _decode(text: str) -> Any:
    """Return the value `json.loads(text, ...)` returns with the hooks above, for the same errors."""
    if text.startswith("\ufeff"):  # as json.loads refuses it
        raise json.JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", text, 0)
    return _DECODER.decode(text)


def _too_deep(value: Any, limit: int) -> bool:
    """Return whether containers nest deeper than `limit` (iterative: no recursion to exhaust)."""
    stack = [(value, 1)]
    while stack:
        current, depth = stack.pop()
        children = current.values() if isinstance(current, dict) else current
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False


def _malformed(detail: str) -> Problem:
    return Problem(400, "malformed-json", detail)


def _streamed_past_the_limit(request: Request, raw: bytes) -> bool:
    """Return whether a body sent without Content-Length (chunked) goes on past the size limit.

    Werkzeug stops reading such a body at the limit and hands over what it read, which would
    then be reported as malformed JSON; one byte more means the body is too large.
    """
    if get_content_length(request.environ) is not None:
        return False  # the usual case, decided from the environ without looking up the limit
    limit = request.max_content_length
    if limit is None or len(raw) < limit:
        return False
    return bool(request.environ["wsgi.input"].read(1))


def _inflated(request: Request, raw: bytes) -> bytes:
    """Return the body with its `Content-Encoding` undone: none, or gzip inflated within the size limit."""
    coding = request.environ.get("HTTP_CONTENT_ENCODING", "identity").strip().lower()  # the header, read directly
    if coding in ("", "identity"):
        return raw
    if coding not in ("gzip", "x-gzip"):
        shown = coding[:40]
        raise Problem(415, "unsupported-media-type", f"Content-Encoding '{shown}' is not supported: send gzip or none.")
    limit = request.max_content_length
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)  # gzip framing
    try:
        body = inflater.decompress(raw, limit + 1 if limit else 0)  # at most one byte past the limit
    except zlib.error:
        raise _malformed("The request body is not valid gzip.") from None
    if limit is not None and len(body) > limit:
        raise Problem(413, "body-too-large", f"The request body inflates past the configured limit of {limit} bytes.")
    if not inflater.eof or inflater.unused_data:
        raise _malformed("The request body is not valid gzip (truncated, or followed by other data).")
    return body


def _check_media_type(request: Request) -> None:
    """Raise 415 unless the body is declared JSON (`application/json` or `+json`) in UTF-8."""
    if request.mimetype not in JSON_MIMETYPES and not request.mimetype.endswith("+json"):
        shown = request.mimetype or "none"
        raise Problem(415, "unsupported-media-type", f"Send the body as application/json (got {shown}).")
    charset = request.mimetype_params.get("charset", "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        raise Problem(415, "unsupported-media-type", f"JSON must be encoded as UTF-8 (got charset {charset}).")


def read_json_body(request: Request, max_depth: int = MAX_DEPTH) -> Any:
    """Return the decoded JSON body, or raise the `Problem` that says what is wrong with it."""
    if request.environ.get("CONTENT_TYPE") != "application/json":  # the usual header needs no parsing
        _check_media_type(request)
    raw = request.get_data(cache=True)  # raises 413 when Content-Length is past the limit
    if _streamed_past_the_limit(request, raw):
        raise RequestEntityTooLarge()
    raw = _inflated(request, raw)
    if not raw.strip():
        raise _malformed("The request body is empty; send a JSON object.")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _malformed(f"The request body is not valid UTF-8 (byte {exc.start}).") from None
    try:
        value = _decode(text)
    except _DuplicateKey as exc:
        raise _malformed(f"Duplicate key '{str(exc)[:100]}' in a JSON object.") from None
    except RecursionError:
        raise _malformed(f"JSON nested deeper than {max_depth} levels.") from None
    except ValueError as exc:  # json.JSONDecodeError is a ValueError
        raise _malformed(f"The request body is not valid JSON: {str(exc)[:200]}.") from None
    # Each container opens with a bracket, so a body with no more brackets than the limit cannot nest past it.
    if isinstance(value, dict | list) and raw.count(b"{") + raw.count(b"[") > max_depth and _too_deep(value, max_depth):
        raise _malformed(f"JSON nested deeper than {max_depth} levels.")
    return value
