"""PostgreSQL stopped under load: checks go on, feedback gets 503 problem+json, then recovers (never asserts).

    python bench/fault_database.py [--phase-seconds 10] [--checkers 3]

Starts a throwaway PostgreSQL cluster (initdb in a temporary folder; as root, run as the postgres
user) and gunicorn (2 sync workers) with DDI_DATABASE_URL pointing at it. Load runs in three
phases of equal length: database up, database stopped (`pg_ctl stop -m fast`), database started
again. Throughout, `--checkers` threads send 10-drug checks, one thread sends CDS Hooks order-sign
calls (which record their cards), and one sends feedback. A phase starts when `pg_ctl` has
returned. Per phase it prints the answers by status, whether every 503 was problem+json with the
`storage-unavailable` type, latencies, and how long feedback took to succeed again after the
restart. The workers are never restarted.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import requests

from bench.cds_bench import hook_request
from bench.timing import TEN_DRUGS
from tests.storage.pgcluster import ThrowawayCluster, find_binaries, free_port

PHASES = ("database up", "database stopped", "database back")


class Tally:
    """Answers per phase and kind: statuses, latencies, and 503 bodies that were not the documented problem."""

    def __init__(self) -> None:
        self.phase = PHASES[0]
        self.lock = threading.Lock()
        self.statuses: dict[tuple[str, str], Counter] = defaultdict(Counter)
        self.latencies: dict[tuple[str, str], list[float]] = defaultdict(list)
        self.bad_503 = 0
        self.first_feedback_ok_after_restart: float | None = None
        self.restarted_at: float | None = None

    def add(self, kind: str, response: requests.Response | None, seconds: float) -> None:
        status = str(response.status_code) if response is not None else "no answer"
        with self.lock:
            key = (self.phase, kind)
            self.statuses[key][status] += 1
            self.latencies[key].append(seconds * 1000)
            if response is not None and response.status_code == 503:
                body = response.json() if "json" in response.headers.get("Content-Type", "") else {}
                documented = response.headers.get("Content-Type") == "application/problem+json"
                if not documented or body.get("type") != "urn:ddi:problem:storage-unavailable":
                    self.bad_503 += 1
            if (
                kind == "feedback"
                and status == "200"
                and self.restarted_at is not None
                and self.first_feedback_ok_after_restart is None
            ):
                self.first_feedback_ok_after_restart = time.monotonic() - self.restarted_at


def _loop(tally: Tally, stop: threading.Event, kind: str, send) -> None:
    session = requests.Session()
    while not stop.is_set():
        started = time.perf_counter()
        try:
            response = send(session)
        except requests.RequestException:
            response = None
        tally.add(kind, response, time.perf_counter() - started)


def run(phase_seconds: float, checkers: int) -> None:
    binaries, why = find_binaries()
    if binaries is None:
        sys.exit(f"no PostgreSQL server can be started: {why}")
    cluster = ThrowawayCluster(binaries)
    cluster.start()
    url = cluster.create_database("ddi_fault")
    port = free_port()
    scratch = tempfile.mkdtemp(prefix="ddi-fault-")
    env = {
        **os.environ,
        "PORT": str(port),
        "HOST": "127.0.0.1",
        "WEB_CONCURRENCY": "2",
        "DDI_LOG_LEVEL": "CRITICAL",  # the outage's error lines are expected here
        "DDI_DATABASE_URL": url,
        "DDI_FEEDBACK_DB": f"{scratch}/unused.sqlite3",
    }
    command = [sys.executable, "-m", "gunicorn", "--config", "python:service.gunicorn_conf", "service:create_app()"]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                if requests.get(f"{base}/readyz", timeout=1).status_code == 200:
                    break
            except requests.RequestException:
                time.sleep(0.1)
        tally = Tally()
        stop = threading.Event()
        hook = hook_request()
        rng = random.Random(1)

        def check(session):
            body = {"medications": rng.sample(TEN_DRUGS, len(TEN_DRUGS))}
            return session.post(f"{base}/v1/interactions/check", json=body, timeout=10)

        def order_sign(session):
            return session.post(f"{base}/cds-services/ddi-order-sign", json=hook, timeout=10)

        def feedback(session):
            item = {"card": str(uuid.uuid4()), "outcome": "overridden", "outcomeTimestamp": "2026-12-01T10:00:00Z"}
            return session.post(f"{base}/cds-services/ddi-order-sign/feedback", json={"feedback": [item]}, timeout=10)

        loads = [("check", check)] * checkers + [("order-sign", order_sign), ("feedback", feedback)]
        threads = [threading.Thread(target=_loop, args=(tally, stop, kind, send)) for kind, send in loads]
        for thread in threads:
            thread.start()
        time.sleep(phase_seconds)
        workers = _workers(server.pid)  # both forked and serving by now
        cluster.stop()
        tally.phase = PHASES[1]  # each phase starts when pg_ctl has returned
        time.sleep(phase_seconds)
        cluster.start()
        tally.restarted_at = time.monotonic()
        tally.phase = PHASES[2]
        time.sleep(phase_seconds)
        stop.set()
        for thread in threads:
            thread.join()
        after = _workers(server.pid)
        _report(tally, phase_seconds, checkers, workers, after)
    finally:
        server.terminate()
        server.wait(timeout=30)
        cluster.destroy()


def _workers(master: int) -> list[str]:
    return sorted(subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True).stdout.split())


def _report(tally: Tally, phase_seconds: float, checkers: int, workers: list[str], after: list[str]) -> None:
    print(f"gunicorn 2 sync workers; {checkers} check threads, 1 order-sign thread, 1 feedback thread;")
    print(f"{phase_seconds:g} s per phase; PostgreSQL stopped with pg_ctl -m fast, then started again\n")
    print(f"{'phase':<18} {'call':<11} {'answers by status':<28} {'per s':>7} {'p50 ms':>7} {'p99 ms':>7}")
    for phase in PHASES:
        for kind in ("check", "order-sign", "feedback"):
            statuses = tally.statuses[(phase, kind)]
            latencies = sorted(tally.latencies[(phase, kind)])
            if not latencies:
                continue
            shown = ", ".join(f"{status}: {count}" for status, count in sorted(statuses.items()))
            p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
            rate = len(latencies) / phase_seconds
            print(f"{phase:<18} {kind:<11} {shown:<28} {rate:>7.0f} {statistics.median(latencies):>7.1f} {p99:>7.1f}")
    print(f"\n503 answers that were not problem+json storage-unavailable: {tally.bad_503}")
    recovered = tally.first_feedback_ok_after_restart
    print(
        "first successful feedback after PostgreSQL was back: "
        + (f"{recovered:.2f} s after pg_ctl start returned" if recovered is not None else "never")
    )
    print(f"gunicorn workers before and after: {workers} -> {after}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phase-seconds", type=float, default=10)
    parser.add_argument("--checkers", type=int, default=3)
    args = parser.parse_args()
    run(args.phase_seconds, args.checkers)


if __name__ == "__main__":
    main()
