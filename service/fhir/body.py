"""Read a FHIR or CDS Hooks request body: strict JSON, like the rest of the API, but nested deeper.

The API's reader stops at 8 levels, enough for a medication list; a FHIR Bundle in a CDS Hooks
prefetch legitimately reaches 12 or more (request > prefetch > Bundle > entry > resource >
dispenseRequest > validityPeriod > extension ...). Duplicate keys and NaN are still refused.
"""

from __future__ import annotations

from typing import Any

from flask import Request

from service.api.jsonbody import read_json_body

MAX_DEPTH = 40
"""Deep enough for any FHIR resource met in practice, shallow enough to keep hostile nesting cheap."""


def read_json_document(request: Request, max_depth: int = MAX_DEPTH) -> Any:
    """Return the decoded body, or raise the problem (400, 413 or 415) saying what is wrong with it."""
    return read_json_body(request, max_depth=max_depth)
