"""Hold every response the tests see to openapi.yaml, with openapi-core."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from flask.testing import FlaskClient
from openapi_core import Config, OpenAPI
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest, WerkzeugOpenAPIResponse
from openapi_core.templating.paths.exceptions import OperationNotFound, PathNotFound, ServerNotFound
from werkzeug.test import TestResponse

OPENAPI_PATH = Path(__file__).resolve().parents[2] / "openapi.yaml"
PROBLEM = "application/problem+json"


@cache
def contract() -> OpenAPI:
    """Return the parsed contract (parsed once: openapi-core's spec validation is slow)."""
    config = Config(extra_media_type_deserializers={PROBLEM: json.loads})
    return OpenAPI.from_file_path(str(OPENAPI_PATH), config=config)


class _SentRequest(WerkzeugOpenAPIRequest):
    """The request as the app saw it; its body was consumed by the app and is not needed to check a response."""

    body = None


def check_response(response: TestResponse) -> None:
    """Raise unless `response` is what openapi.yaml promises for its request.

    Undocumented URLs and methods (404 and 405 by design) cannot be looked up in the contract;
    their answer must still be a problem+json body.
    """
    request = response.request
    try:
        contract().validate_response(_SentRequest(request), WerkzeugOpenAPIResponse(response))
    except (PathNotFound, OperationNotFound, ServerNotFound):  # a doubled slash reads as no server at all
        if request.method in ("HEAD", "OPTIONS") and response.status_code == 200:
            return
        assert response.status_code in (404, 405), f"{request.method} {request.path} is not in openapi.yaml"
        assert response.mimetype == PROBLEM
        body = response.get_json()
        assert set(body) >= {"type", "title", "status", "detail", "request_id", "knowledge_version"}


class ContractClient(FlaskClient):
    """A test client that checks every response against the contract before the test sees it."""

    def open(self, *args, **kwargs) -> TestResponse:
        response = super().open(*args, **kwargs)
        check_response(response)
        return response
