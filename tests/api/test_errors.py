"""Every error the API gives, with its exact problem+json body: never HTML, never a stack trace."""

from __future__ import annotations

import json

import pytest

import service.api.interactions as interactions_module

VERSION = "2026-01-01+3782144a100e"
RID = {"X-Request-ID": "test-1"}


def problem(status: int, slug: str | None, title: str, detail: str, **extensions) -> dict:
    return {
        "type": f"urn:ddi:problem:{slug}" if slug else "about:blank",
        "title": title,
        "status": status,
        "detail": detail,
        **extensions,
        "request_id": "test-1",
        "knowledge_version": VERSION,
    }


def invalid(errors: list[dict]) -> dict:
    first = errors[0]
    where = first.get("pointer") or first.get("parameter")
    more = f" (and {len(errors) - 1} more in errors)" if len(errors) > 1 else ""
    return problem(422, "invalid-fields", "Invalid fields", f"{where}: {first['detail']}{more}", errors=errors)


def post(client, body, content_type="application/json", path="/v1/interactions/check"):
    data = body if isinstance(body, bytes | str) else json.dumps(body)
    return client.post(path, data=data, content_type=content_type, headers=RID)


def assert_problem(response, expected: dict) -> None:
    assert response.mimetype == "application/problem+json"
    assert response.status_code == expected["status"]
    assert response.get_json() == expected
    assert response.headers["X-Request-ID"] == "test-1"
    assert response.headers["X-Knowledge-Version"] == VERSION


MALFORMED = [
    (
        b'{"medications": ["imat"]',
        "The request body is not valid JSON: Expecting ',' delimiter: line 1 column 25 (char 24).",
    ),
    (b"", "The request body is empty; send a JSON object."),
    (b"   ", "The request body is empty; send a JSON object."),
    (b'{"medications": ["imat"], "medications": []}', "Duplicate key 'medications' in a JSON object."),
    (b'{"medications": [{"name": "a", "name": "b"}]}', "Duplicate key 'name' in a JSON object."),
    (b'{"medications": [NaN]}', "The request body is not valid JSON: NaN is not valid JSON."),
    (b'{"medications": ["\xff\xfe"]}', "The request body is not valid UTF-8 (byte 18)."),
    (
        b'{"medications": ["a\nb"]}',
        "The request body is not valid JSON: Invalid control character at: line 1 column 20 (char 19).",
    ),
    (b"[" * 9 + b"]" * 9, "JSON nested deeper than 8 levels."),
    (b'{"a":' * 20 + b"1" + b"}" * 20, "JSON nested deeper than 8 levels."),
    (b"[" * 30000 + b"]" * 30000, "JSON nested deeper than 8 levels."),
    (
        b'\xef\xbb\xbf{"medications": ["imat"]}',
        "The request body is not valid JSON: Unexpected UTF-8 BOM (decode using utf-8-sig): line 1 column 1 (char 0).",
    ),
]


def test_brackets_inside_names_are_not_nesting(client):
    body = b'{"medications": ["imat [[[[", "keto {{{{{"], "min_severity": "minor"}'
    response = post(client, body)
    assert response.status_code == 200
    answer = response.get_json()
    assert len(answer["medications"]) + len(answer["unrecognized"]) == 2  # both read as the names they are


def test_nesting_up_to_the_limit_is_read(client):
    body = b'{"medications": [{"name": "imat"}], "conditions": [{"name": "x"}]' + b"}"
    assert post(client, body).status_code == 200  # 3 levels
    eight = b"[" * 8 + b"]" * 8
    assert post(client, eight).get_json()["detail"] == "#: The request body must be a JSON object."  # read, refused


@pytest.mark.parametrize(("body", "detail"), MALFORMED)
def test_400_malformed_json(client, body, detail):
    assert_problem(post(client, body), problem(400, "malformed-json", "Malformed JSON", detail))


@pytest.mark.parametrize(
    ("content_type", "detail"),
    [
        ("text/plain", "Send the body as application/json (got text/plain)."),
        (
            "application/x-www-form-urlencoded",
            "Send the body as application/json (got application/x-www-form-urlencoded).",
        ),
        ("", "Send the body as application/json (got none)."),
        ("application/json; charset=latin-1", "JSON must be encoded as UTF-8 (got charset latin-1)."),
    ],
)
def test_415_wrong_content_type(client, content_type, detail):
    response = post(client, '{"medications": ["imat"]}', content_type=content_type)
    assert_problem(response, problem(415, "unsupported-media-type", "Unsupported media type", detail))


def test_json_with_charset_and_vendor_types_are_accepted(client):
    assert post(client, {"medications": ["imat"]}, content_type="application/json; charset=UTF-8").status_code == 200
    assert post(client, {"medications": ["imat"]}, content_type="application/vnd.ddi+json").status_code == 200


def test_413_body_over_the_limit(client):
    body = {"medications": ["x" * 100] * 700}
    detail = "The request body is larger than the configured limit of 65536 bytes."
    assert_problem(post(client, body), problem(413, "body-too-large", "Request body too large", detail))


def test_413_limit_is_configurable(make_app):
    client = make_app(MAX_BODY_BYTES=100).test_client()
    response = post(client, {"medications": ["imatinib"] * 20})
    assert response.status_code == 413
    assert response.get_json()["detail"] == "The request body is larger than the configured limit of 100 bytes."


NOT_A_MEDICATION = 'Must be a string, {"name": ...} or {"system": "rxnorm|atc|cas", "code": ...}.'
INVALID = [
    ({}, [{"pointer": "#/medications", "detail": "Missing data for required field."}]),
    ({"medications": []}, [{"pointer": "#/medications", "detail": "Shorter than minimum length 1."}]),
    ({"medications": "imat"}, [{"pointer": "#/medications", "detail": "Not a valid list."}]),
    ({"medications": [""]}, [{"pointer": "#/medications/0", "detail": "Must not be blank."}]),
    ({"medications": ["imat", "   "]}, [{"pointer": "#/medications/1", "detail": "Must not be blank."}]),
    (
        {"medications": ["x" * 201]},
        [{"pointer": "#/medications/0", "detail": "Longer than the limit of 200 characters."}],
    ),
    ({"medications": ["a\u0000b"]}, [{"pointer": "#/medications/0", "detail": "Must not contain control characters."}]),
    ({"medications": ["a\u001bb"]}, [{"pointer": "#/medications/0", "detail": "Must not contain control characters."}]),
    ({"medications": ["a\u0085b"]}, [{"pointer": "#/medications/0", "detail": "Must not contain control characters."}]),
    (
        {"medications": [1, None, True, ["imat"]]},
        [
            {"pointer": f"#/medications/{n}", "detail": "Field may not be null." if n == 1 else NOT_A_MEDICATION}
            for n in range(4)
        ],
    ),
    (
        {"medications": [{"system": "snomed", "code": "1"}, {"name": "imat", "code": "2"}, {}]},
        [
            {"pointer": "#/medications/0/system", "detail": "Must be one of: rxnorm, atc, cas."},
            {"pointer": "#/medications/1/code", "detail": "Unknown field."},
            {"pointer": "#/medications/2/code", "detail": "Missing data for required field."},
            {"pointer": "#/medications/2/system", "detail": "Missing data for required field."},
        ],
    ),
    (
        {"medications": [{"system": "atc", "code": 5}]},
        [{"pointer": "#/medications/0/code", "detail": "Not a valid string."}],
    ),
    (
        {"medications": ["imat"], "min_severity": "severe"},
        [{"pointer": "#/min_severity", "detail": "Must be one of: contraindicated, major, moderate, minor."}],
    ),
    (
        {"medications": ["imat"], "min_severity": None},
        [{"pointer": "#/min_severity", "detail": "Field may not be null."}],
    ),
    ({"medications": ["imat"], "conditions": "liver"}, [{"pointer": "#/conditions", "detail": "Not a valid list."}]),
    (
        {"medications": ["imat"], "conditions": [None, {"system": "loinc", "code": "1"}, "liver", 7]},
        [
            {"pointer": "#/conditions/0", "detail": "Field may not be null."},
            {"pointer": "#/conditions/1/system", "detail": "Must be one of: snomed, icd10."},
            {
                "pointer": "#/conditions/3",
                "detail": 'Must be a string, {"name": ...} or {"system": "snomed|icd10", "code": ...}.',
            },
        ],
    ),
    ({"medications": ["imat"], "medication": ["keto"]}, [{"pointer": "#/medication", "detail": "Unknown field."}]),
    ({"medications": ["imat"] * 201}, [{"pointer": "#/medications", "detail": "Longer than the limit of 200 items."}]),
    ([], [{"pointer": "#", "detail": "The request body must be a JSON object."}]),
    (["imat", "keto"], [{"pointer": "#", "detail": "The request body must be a JSON object."}]),
    (42, [{"pointer": "#", "detail": "The request body must be a JSON object."}]),
    (b'"imat"', [{"pointer": "#", "detail": "The request body must be a JSON object."}]),
    (None, [{"pointer": "#", "detail": "The request body must be a JSON object."}]),
]


@pytest.mark.parametrize(("body", "errors"), INVALID)
def test_422_invalid_fields(client, body, errors):
    assert_problem(post(client, body), invalid(errors))


def test_422_lone_surrogate_is_refused(client):
    response = post(client, b'{"medications": ["\\ud800"]}')
    assert_problem(
        response, invalid([{"pointer": "#/medications/0", "detail": "Must not contain control characters."}])
    )


def test_422_medication_limit_is_configurable(make_app):
    client = make_app(MAX_MEDICATIONS=2).test_client()
    response = client.get("/v1/interactions/check?drugs=imat,keto,rifa", headers=RID)
    assert_problem(response, invalid([{"parameter": "drugs", "detail": "Longer than the limit of 2 items."}]))


QUERY_INVALID = [
    ("", [{"parameter": "drugs", "detail": "Missing data for required field."}]),
    ("?drugs=", [{"parameter": "drugs", "detail": "Give at least one name."}]),
    ("?drugs=,%20,", [{"parameter": "drugs", "detail": "Give at least one name."}]),
    ("?drugs=imat&drugs=keto", [{"parameter": "drugs", "detail": "Given more than once; give it once."}]),
    ("?drugs=" + "a" * 401, [{"parameter": "drugs", "detail": "Longer than the limit of 400 characters."}]),
    ("?drugs=a%00b", [{"parameter": "drugs", "detail": "Must not contain control characters."}]),
    (
        "?drugs=imat&min_severity=big",
        [{"parameter": "min_severity", "detail": "Must be one of: contraindicated, major, moderate, minor."}],
    ),
    ("?drugs=imat&foo=1", [{"parameter": "foo", "detail": "Unknown field."}]),
]


@pytest.mark.parametrize(("query", "errors"), QUERY_INVALID)
def test_422_invalid_query(client, query, errors):
    assert_problem(client.get("/v1/interactions/check" + query, headers=RID), invalid(errors))


@pytest.mark.parametrize(
    ("query", "errors"),
    [
        ("", [{"parameter": "q", "detail": "Missing data for required field."}]),
        ("?q=%20", [{"parameter": "q", "detail": "Must not be blank."}]),
        (
            "?q=imat&limit=0",
            [{"parameter": "limit", "detail": "Must be greater than or equal to 1 and less than or equal to 100."}],
        ),
        ("?q=imat&limit=ten", [{"parameter": "limit", "detail": "Not a valid integer."}]),
    ],
)
def test_422_invalid_search(client, query, errors):
    assert_problem(client.get("/v1/drugs" + query, headers=RID), invalid(errors))


def test_404_unknown_drug_with_suggestions(client):
    expected = problem(
        404, "unknown-drug", "Unknown drug", "The knowledge holds no drug with id 'Gleevec'.", suggestions=["imat"]
    )
    assert_problem(client.get("/v1/drugs/Gleevec", headers=RID), expected)


def test_404_unknown_enzyme(client):
    expected = problem(
        404,
        "unknown-enzyme",
        "Unknown enzyme",
        "The knowledge holds no enzyme with id 'cyp'.",
        suggestions=["cyp3a4", "cyp2c9"],
    )
    assert_problem(client.get("/v1/enzymes/cyp", headers=RID), expected)


def test_404_long_id_is_shortened_in_the_detail(client):
    detail = client.get("/v1/drugs/" + "z" * 5000).get_json()["detail"]
    assert detail == f"The knowledge holds no drug with id '{'z' * 200}...'."


@pytest.mark.parametrize(
    "path",
    [
        "/index.html",
        "/assets",
        "/assets/",
        "/v1",
        "/v2/interactions/check",
        "/v1/drugs/imat/extra",
        "/v1/drugs/",
        "/v1/drugs//imat",
        "/v1//knowledge",
    ],
)
def test_404_unknown_route(client, path):
    expected = problem(404, "not-found", "Not found", "No resource at this URL; see /openapi.yaml for the endpoints.")
    assert_problem(client.get(path, headers=RID), expected)


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("DELETE", "/v1/drugs/imat", "GET, HEAD, OPTIONS"),
        ("PUT", "/v1/interactions/check", "GET, HEAD, OPTIONS, POST"),
        ("GET", "/v1/interactions/check-batch", "OPTIONS, POST"),
        ("POST", "/livez", "GET, HEAD, OPTIONS"),
    ],
)
def test_405_wrong_method(client, method, path, allow):
    response = client.open(path, method=method, headers=RID)
    expected = problem(
        405, "method-not-allowed", "Method not allowed", "This URL does not accept that method; see the Allow header."
    )
    assert_problem(response, expected)
    assert sorted(response.headers["Allow"].split(", ")) == allow.split(", ")


def test_500_is_a_problem_without_internals(client, monkeypatch, read_log):
    def explode(*args, **kwargs):
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(interactions_module, "check_medications", explode)
    response = client.post("/v1/interactions/check", json={"medications": ["imat"]}, headers=RID)
    expected = problem(
        500,
        "internal-error",
        "Internal server error",
        "The server failed to answer; quote the request_id when reporting it.",
    )
    assert_problem(response, expected)
    assert b"secret" not in response.data and b"Traceback" not in response.data
    error, request = read_log()
    assert (error["level"], error["message"], error["request_id"]) == ("error", "unhandled error", "test-1")
    assert "RuntimeError: secret internal detail" in error["exception"]
    assert (request["status"], request["request_id"]) == (500, "test-1")


def test_errors_on_checks_are_not_stored_either(client):
    assert post(client, {"medications": []}).headers["Cache-Control"] == "no-store"
