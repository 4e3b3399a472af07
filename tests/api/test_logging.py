"""One JSON line per request, with counts but never medication names unless debugging asks for them."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys

import pytest

from tests.api.conftest import FIXTURE_KNOWLEDGE


def test_one_line_per_request_with_counts(client, read_log):
    client.post(
        "/v1/interactions/check",
        json={"medications": ["imat", "Nizoral", "secretdrug"]},
        headers={"X-Request-ID": "r-1"},
    )
    (line,) = read_log()
    assert line["logger"] == "service.requests"
    assert {k: line[k] for k in ("method", "route", "status", "request_id", "medications", "findings")} == {
        "method": "POST",
        "route": "/v1/interactions/check",
        "status": 200,
        "request_id": "r-1",
        "medications": 3,
        "findings": 2,
    }
    assert line["unrecognized"] == 1
    assert isinstance(line["latency_ms"], float)


def test_no_names_in_the_log(client, read_log):
    client.get("/v1/interactions/check?drugs=imat,secretdrug")
    client.post("/v1/interactions/check-batch", json={"lists": [{"id": "bed-9", "medications": ["secretdrug"]}]})
    client.post("/v1/interactions/check", json={"medications": [], "secretdrug": 1})
    lines = read_log()
    assert len(lines) == 3
    assert lines[0]["route"] == "/v1/interactions/check"  # the route, not the URL with its query
    assert lines[1]["lists"] == 1
    for line in lines:
        assert "secretdrug" not in str(line) and "imat" not in str(line) and "bed-9" not in str(line)


def test_unknown_routes_log_no_path(client, read_log):
    client.get("/v1/secretdrug")
    (line,) = read_log()
    assert (line["route"], line["status"]) == (None, 404)


@pytest.mark.parametrize(("level", "logged"), [("DEBUG", True), ("INFO", False)])
def test_medication_inputs_only_when_enabled_and_debugging(make_app, read_log, level, logged):
    client = make_app(LOG_MEDICATIONS=True, LOG_LEVEL=level).test_client()
    client.post("/v1/interactions/check", json={"medications": ["imat", {"name": "keto"}]})
    (line,) = read_log()
    assert ("medication_inputs" in line) is logged
    if logged:
        assert line["medication_inputs"] == ["imat", {"name": "keto"}]
        assert line["level"] == "debug"
    logging.getLogger("service").setLevel(logging.INFO)


def test_logs_go_to_stdout_as_json_lines():
    script = (
        "from service import create_app\n"
        f"app = create_app({{'KNOWLEDGE_DIR': {str(FIXTURE_KNOWLEDGE)!r}}})\n"
        "app.test_client().get('/v1/interactions/check?drugs=imat,keto')\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("DDI_")}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True)
    lines = [json.loads(line) for line in done.stdout.splitlines()]  # every line is JSON
    (request,) = [line for line in lines if line["logger"] == "service.requests"]
    assert request["findings"] == 2
    assert done.stderr == ""


def test_a_log_line_is_one_json_line_whatever_its_fields_hold():
    import logging as logging_

    from service.api.logs import JsonFormatter

    record = logging_.LogRecord("service.requests", logging_.INFO, __file__, 1, "request", None, None)
    record.fields = {"name": "Zoë\u2028\nnext", "big": 2**70, "odd": {1: object()}}
    line = JsonFormatter().format(record)
    assert "\n" not in line  # a newline in a field cannot split or forge a log line
    decoded = json.loads(line)
    assert decoded["name"] == "Zoë\u2028\nnext" and decoded["big"] == 2**70 and decoded["message"] == "request"
    record.fields = {"name": "Zoë", "count": 3}
    assert json.loads(JsonFormatter().format(record))["name"] == "Zoë"


@pytest.mark.parametrize("created", [1.7e9, 1.7e9 + 0.0185, 1.7e9 + 0.0189995, 1.7e9 + 0.9995, 1.7e9 + 0.9999996])
def test_log_times_are_utc_to_the_millisecond_as_datetime_writes_them(created):
    from datetime import UTC, datetime

    from service.api.logs import JsonFormatter

    record = logging.LogRecord("service.requests", logging.INFO, __file__, 1, "request", None, None)
    record.created = created
    expected = datetime.fromtimestamp(created, UTC).isoformat(timespec="milliseconds")
    assert json.loads(JsonFormatter().format(record))["time"] == expected
