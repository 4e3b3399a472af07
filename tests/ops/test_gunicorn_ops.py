"""Under real gunicorn with 2 workers: `/metrics` sums every worker, and SIGHUP reloads the knowledge safely."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

ROOT = Path(__file__).resolve().parents[2]


class Served:
    """A gunicorn master serving the app with the shipped settings, and a way to ask it things."""

    def __init__(self, process: subprocess.Popen, port: int, log: Path):
        self.process, self.port, self.log = process, port, log

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, bytes]:
        """Send one request on its own connection (so either worker may take it); return status and body."""
        for _ in range(100):  # a worker may still be starting
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
            try:
                payload = json.dumps(body).encode() if body is not None else None
                connection.request(method, path, payload, {"Content-Type": "application/json"} if payload else {})
                response = connection.getresponse()
                return response.status, response.read()
            except (ConnectionError, http.client.RemoteDisconnected):
                time.sleep(0.1)
            finally:
                connection.close()
        raise AssertionError(f"no answer; see {self.log}")

    def json(self, path: str) -> dict:
        status, body = self.request("GET", path)
        assert status == 200, body
        return json.loads(body)

    def wait_for(self, predicate, what: str) -> dict:
        """Poll `/readyz` until `predicate(body)` holds (workers are replaced one by one after a HUP)."""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            body = self.json("/readyz")
            if predicate(body):
                return body
            time.sleep(0.2)
        raise AssertionError(f"{what} never happened; see {self.log}")


@pytest.fixture
def serve(tmp_path: Path) -> Iterator:
    started: list[subprocess.Popen] = []

    def start(knowledge: Path) -> Served:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DDI_", "PROMETHEUS_"))}
        env.update(
            PORT=str(port),
            HOST="127.0.0.1",
            WEB_CONCURRENCY="2",
            DDI_KNOWLEDGE_DIR=str(knowledge),
            DDI_FEEDBACK_DB=str(tmp_path / "feedback.sqlite3"),
            PROMETHEUS_MULTIPROC_DIR=str(tmp_path / "metrics"),
        )
        log = tmp_path / "gunicorn.log"
        command = [sys.executable, "-m", "gunicorn", "--config", "python:service.gunicorn_conf", "service:create_app()"]
        with log.open("w") as out:
            process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        started.append(process)
        return Served(process, port, log)

    yield start
    for process in started:
        process.terminate()
        process.wait(timeout=30)


def _total(text: str, name: str, **labels: str) -> float:
    return sum(
        sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name == name and all(sample.labels.get(k) == v for k, v in labels.items())
    )


def test_metrics_count_every_request_whichever_worker_answers(serve, knowledge_copy):
    served = serve(knowledge_copy)
    sent = 60

    def check(_: int) -> int:
        return served.request("POST", "/v1/interactions/check", {"medications": ["imat", "keto"]})[0]

    with ThreadPoolExecutor(max_workers=6) as pool:  # concurrent, so both workers take requests
        assert set(pool.map(check, range(sent))) == {200}
    for _ in range(6):  # asking several times: whichever worker answers, the totals are the same
        text = served.request("GET", "/metrics")[1].decode()
        assert _total(text, "ddi_http_requests_total", route="/v1/interactions/check", status="200") == sent
        assert _total(text, "ddi_http_request_duration_seconds_count", route="/v1/interactions/check") == sent
    workers = subprocess.run(["pgrep", "-P", str(served.process.pid)], capture_output=True, text=True).stdout.split()
    counted = {path.stem.split("_")[1] for path in (served.log.parent / "metrics").glob("counter_*.db")}
    assert len(workers) == 2 and set(workers) <= counted  # each worker answered some, into its own file


def test_sighup_reloads_a_valid_knowledge_and_keeps_the_old_one_when_the_new_is_broken(serve, knowledge_copy):
    served = serve(knowledge_copy)
    first = served.json("/readyz")["knowledge_version"]

    with (knowledge_copy / "meta.yaml").open("a") as meta:
        meta.write("# a curator's change\n")
    served.process.send_signal(signal.SIGHUP)
    body = served.wait_for(lambda b: b["knowledge_version"] != first, "the reload")
    second = body["knowledge_version"]
    assert body["reload"]["status"] == "reloaded" and body["reload"]["previous"] == first
    status, answer = served.request("POST", "/v1/interactions/check", {"medications": ["imat", "keto"]})
    assert status == 200 and json.loads(answer)["knowledge_version"] == second

    (knowledge_copy / "drugs" / "imat.yaml").write_text("id: imat\nname: [not, a, name]\n")
    served.process.send_signal(signal.SIGHUP)
    body = served.wait_for(lambda b: b.get("reload", {}).get("status") == "failed", "the failed reload")
    assert body["knowledge_version"] == second and body["reload"]["serving"] == second
    assert "drugs/imat.yaml" in body["reload"]["reason"]
    for _ in range(10):  # every worker still answers with the last good knowledge
        status, answer = served.request("POST", "/v1/interactions/check", {"medications": ["imat", "keto"]})
        assert status == 200 and json.loads(answer)["knowledge_version"] == second
    log = served.log.read_text()
    assert "knowledge reload failed; still serving " + second in log and "drugs/imat.yaml" in log
