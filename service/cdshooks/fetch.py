"""Fetch the patient's active medications from the client's FHIR server when they were not prefetched.

Only with the `fhirServer` and `fhirAuthorization` the client sent, with short timeouts (a CDS call
is answered in about half a second), no redirects (the token must not travel elsewhere), a size cap,
and a bounded number of pages. Any failure is a 412: without the list, no safe answer exists.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests

from service.api.problems import Problem
from service.fhir.medications import MedicationResource, extract_medications

SEARCHES = ("MedicationRequest", "MedicationStatement")
MAX_PAGES = 5
MAX_BYTES = 5 * 1024 * 1024


class FetchFailed(Exception):
    """The FHIR server could not give the medication list."""


def precondition_failed(detail: str) -> Problem:
    """Return the 412 the specification prescribes when required data is neither prefetched nor fetchable."""
    return Problem(412, None, detail)


def fetch_active_medications(
    fhir_server: str, access_token: str, patient: str, timeout: tuple[float, float]
) -> list[MedicationResource]:
    """Return the patient's active MedicationRequests and MedicationStatements from the FHIR server."""
    if urlsplit(fhir_server).scheme not in ("http", "https"):
        raise FetchFailed("fhirServer must be an http(s) URL")
    base = fhir_server.rstrip("/") + "/"
    found: list[MedicationResource] = []
    with requests.Session() as session:
        session.headers.update({"Authorization": f"Bearer {access_token}", "Accept": "application/fhir+json"})
        for kind in SEARCHES:
            url: str | None = urljoin(base, kind)
            params: dict[str, str] | None = {"patient": patient, "status": "active", "_count": "100"}
            for _ in range(MAX_PAGES):
                if url is None:
                    break
                bundle = _get(session, url, params, timeout, optional=kind != "MedicationRequest")
                if bundle is None:
                    break
                found.extend(m for m in extract_medications(bundle) if m.is_active)
                url, params = _next_page(bundle, base), None
    return found


def _get(
    session: requests.Session, url: str, params: dict[str, str] | None, timeout: tuple[float, float], optional: bool
) -> dict[str, Any] | None:
    try:
        response = session.get(url, params=params, timeout=timeout, allow_redirects=False, stream=True)
        content = response.raw.read(MAX_BYTES + 1, decode_content=True)
    except requests.RequestException as exc:
        raise FetchFailed(f"the FHIR server did not answer ({type(exc).__name__})") from None
    if optional and response.status_code in (400, 404):  # a server without MedicationStatement support
        return None
    if response.status_code != 200:
        raise FetchFailed(f"the FHIR server answered {response.status_code} to {url.rsplit('/', 1)[-1]}")
    if len(content) > MAX_BYTES:
        raise FetchFailed("the FHIR server's answer is too large")
    try:
        bundle = json.loads(content)
    except ValueError:
        raise FetchFailed("the FHIR server's answer is not JSON") from None
    if not isinstance(bundle, dict):
        raise FetchFailed("the FHIR server's answer is not a Bundle")
    return bundle


def _next_page(bundle: dict[str, Any], base: str) -> str | None:
    """Return the next page's URL, only if it stays on the same server (the token goes with it)."""
    for link in bundle.get("link") if isinstance(bundle.get("link"), list) else []:
        if isinstance(link, dict) and link.get("relation") == "next" and isinstance(link.get("url"), str):
            url = urljoin(base, link["url"])
            if urlsplit(url).netloc == urlsplit(base).netloc:
                return url
    return None
