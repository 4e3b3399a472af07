"""Under gunicorn: errors it answers before the app sees the request are problem+json too, never
HTML, and a chunked body is held to the same size limit as any other."""

from __future__ import annotations

import http.client
import json
import logging
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from service.gunicorn_errors import problem_writer

ROOT = Path(__file__).resolve().parents[2]
FIXTURE_KNOWLEDGE = ROOT / "tests" / "fixtures" / "knowledge"


def test_the_writer_sends_a_complete_problem_json_response():
    ours, theirs = socket.socketpair()
    with ours, theirs:
        problem_writer("2026-01-01+abc")(ours, 431, "Request Header Fields Too Large", "too many headers")
        ours.shutdown(socket.SHUT_WR)
        raw = theirs.makefile("rb").read()
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    assert lines[0] == "HTTP/1.1 431 Request Header Fields Too Large"
    headers = dict(line.split(": ", 1) for line in lines[1:])
    assert headers["Content-Type"] == "application/problem+json" and int(headers["Content-Length"]) == len(body)
    assert headers["X-Knowledge-Version"] == "2026-01-01+abc"
    assert json.loads(body) == {
        "type": "about:blank",
        "title": "Request Header Fields Too Large",
        "status": 431,
        "detail": "too many headers",
        "knowledge_version": "2026-01-01+abc",
    }


@pytest.fixture(scope="module")
def server_log(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("gunicorn") / "out.log"


@pytest.fixture(scope="module")
def served(server_log) -> tuple[str, int]:
    """Serve the fixture knowledge with the shipped gunicorn settings, one worker, logging to `server_log`."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith("DDI_")}
    env.update(PORT=str(port), HOST="127.0.0.1", WEB_CONCURRENCY="1", DDI_KNOWLEDGE_DIR=str(FIXTURE_KNOWLEDGE))
    command = [sys.executable, "-m", "gunicorn", "--config", "python:service.gunicorn_conf", "service:create_app()"]
    log = server_log.open("w")
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                assert server.poll() is None, "gunicorn exited"
                time.sleep(0.1)
        yield "127.0.0.1", port
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


def _get(served, path: str, headers: dict[str, str] | None = None):
    for _ in range(50):  # the worker may still be loading the knowledge
        connection = http.client.HTTPConnection(*served, timeout=10)
        try:
            connection.request("GET", path, headers=headers or {})
            response = connection.getresponse()
            return response, response.read()
        except (ConnectionError, http.client.RemoteDisconnected):
            time.sleep(0.1)
        finally:
            connection.close()
    raise AssertionError("no answer")


@pytest.mark.parametrize(
    "path, headers, status",
    [
        ("/v1/interactions/check?drugs=" + ",".join(["imatinib"] * 600), None, 414),
        ("/livez", {"X-Padding": "a" * 9000}, 431),
    ],
)
def test_requests_over_the_servers_limits_get_problem_json(served, path, headers, status):
    _get(served, "/livez")  # the worker is up
    response, body = _get(served, path, headers)
    assert response.status == status
    assert response.getheader("Content-Type") == "application/problem+json"
    problem = json.loads(body)
    assert problem["status"] == status and problem["knowledge_version"] == response.getheader("X-Knowledge-Version")
    if status == 414:
        assert problem["detail"].endswith("send long lists in the body of a POST to /v1/interactions/check")


def _post_chunked(served, body: bytes) -> tuple[int, dict]:
    connection = http.client.HTTPConnection(*served, timeout=10)
    chunks = (body[i : i + 4096] for i in range(0, len(body), 4096))
    try:
        headers = {"Content-Type": "application/json"}
        connection.request("POST", "/v1/interactions/check", body=chunks, headers=headers, encode_chunked=True)
        response = connection.getresponse()
        return response.status, json.loads(response.read())
    finally:
        connection.close()


def test_a_chunked_body_is_read_whole_and_held_to_the_limit(served):
    _get(served, "/livez")
    status, answer = _post_chunked(served, json.dumps({"medications": ["imatinib", "Nizoral"]}).encode())
    assert status == 200 and answer["interactions"]
    # About 72 KB: over the limit, yet small enough for the server to drain the rest before it closes
    # (a client still sending megabytes after the answer would see the connection reset instead).
    status, problem = _post_chunked(served, json.dumps({"medications": ["imatinib"] * 6_500}).encode())
    assert status == 413
    assert problem["detail"] == "The request body is larger than the configured limit of 65536 bytes."


def test_gunicorn_logs_no_request_text_that_may_name_medications(served, server_log):
    _get(served, "/livez")
    with socket.create_connection(served, timeout=10) as sock:
        sock.sendall(b"GET /v1/interactions/check?drugs=warfarin,ketorolac HTTP/1.1 extra\r\nHost: x\r\n\r\n")
        answer = sock.makefile("rb").read()
    assert answer.startswith(b"HTTP/1.1 400 ") and b"application/problem+json" in answer
    deadline = time.monotonic() + 5
    while "Invalid request from ip=" not in server_log.read_text() and time.monotonic() < deadline:
        time.sleep(0.05)
    logged = server_log.read_text()
    assert "Invalid request from ip=" in logged and "<not shown: it may hold patient data>" in logged
    assert "warfarin" not in logged and "ketorolac" not in logged


def test_gunicorn_error_messages_lose_the_query_string():
    from gunicorn.config import Config

    from service.gunicorn_logger import AppLogsRequests

    logger = AppLogsRequests(Config())
    seen: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: seen.append(record.getMessage())
    logger.error_log.addHandler(handler)
    try:
        logger.error("Error handling request %s %s", "GET", "/v1/interactions/check?drugs=warfarin")
        logger.warning("Invalid request from ip=10.0.0.1: Invalid Request Line 'GET /?drugs=warfarin x'")
    finally:
        logger.error_log.removeHandler(handler)
    assert seen == [
        "Error handling request GET /v1/interactions/check?<not shown: it may hold patient data>",
        "Invalid request from ip=10.0.0.1: Invalid Request Line '<not shown: it may hold patient data>'",
    ]
