"""Fetching the active medications from the client's FHIR server (a small one on loopback)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator

import pytest
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from tests.cdshooks.conftest import bundle, hook_call, med

TOKEN = "opaque-fhir-token"


class FhirServer:
    """A FHIR server with one patient's medications, paging MedicationRequests one per page."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        self.broken = False

    def __call__(self, environ, start_response):
        request = Request(environ)
        self.requests.append(request.full_path)
        if request.headers.get("Authorization") != f"Bearer {TOKEN}":
            return Response("{}", status=401)(environ, start_response)
        if self.broken:
            return Response("oops", status=500)(environ, start_response)
        if request.path.endswith("/MedicationRequest"):
            page = int(request.args.get("page", "1"))
            found = [med("w", "Warfarin 5 MG Oral Tablet"), med("old", "Ibuprofen", "stopped")][page - 1]
            result = bundle(found)
            if page == 1:
                result["link"] = [{"relation": "next", "url": f"{request.host_url}fhir/MedicationRequest?page=2"}]
            return Response(json.dumps(result), mimetype="application/fhir+json")(environ, start_response)
        if request.path.endswith("/MedicationStatement"):
            result = bundle(med("s", "Imatinib", kind="MedicationStatement"))
            return Response(json.dumps(result), mimetype="application/fhir+json")(environ, start_response)
        return Response("{}", status=404)(environ, start_response)


@pytest.fixture
def fhir_server() -> Iterator[tuple[FhirServer, str]]:
    app = FhirServer()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield app, f"http://127.0.0.1:{server.port}/fhir"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def _call(client, base: str, token: str = TOKEN):
    body = hook_call("order-sign", [med("f", "Fluconazole", "draft")], None)
    body.update(
        fhirServer=base,
        fhirAuthorization={
            "access_token": token,
            "token_type": "Bearer",
            "expires_in": 300,
            "scope": "patient/MedicationRequest.read",
            "subject": "ddi",
        },
    )
    return client.post("/cds-services/ddi-order-sign", json=body)


def test_missing_prefetch_is_fetched_from_the_fhir_server(make_app, fhir_server):
    server, base = fhir_server
    client = make_app(CDS_FHIR_SERVERS=base).test_client()
    response = _call(client, base)
    assert response.status_code == 200, response.get_json()
    summaries = [c["summary"] for c in response.get_json()["cards"]]
    assert summaries == [
        "Major interaction: Fluconazole + Warfarin: Warfarin exposure rises (CYP2C9)",
        "Moderate interaction: Fluconazole + Imatinib: Imatinib exposure rises (CYP3A4)",
    ]
    assert server.requests[0] == "/fhir/MedicationRequest?patient=p1&status=active&_count=100"
    assert "/fhir/MedicationRequest?page=2" in server.requests


def test_fhir_server_refusing_the_token_is_412(make_app, fhir_server):
    _, base = fhir_server
    response = _call(make_app(CDS_FHIR_SERVERS=base).test_client(), base, token="wrong")
    assert response.status_code == 412
    assert "answered 401" in response.get_json()["detail"]


def test_fhir_server_failing_is_412(make_app, fhir_server):
    server, base = fhir_server
    server.broken = True
    assert _call(make_app(CDS_FHIR_SERVERS=base).test_client(), base).status_code == 412


def test_unreachable_fhir_server_is_412(make_app):
    base = "http://127.0.0.1:9/fhir"  # the discard port: nothing listens
    response = _call(make_app(CDS_FHIR_SERVERS=base, CDS_FETCH_TIMEOUT=1).test_client(), base)
    assert response.status_code == 412 and "did not answer" in response.get_json()["detail"]


def test_unauthenticated_callers_cannot_make_the_service_fetch_elsewhere(make_app, fhir_server):
    server, base = fhir_server
    response = _call(make_app().test_client(), base)
    assert response.status_code == 412
    assert server.requests == []
