"""Where the time of one 10-drug check request goes, in process, beside a bare Flask echo (never asserts).

    .venv/bin/python bench/request_costs.py [--repeat 3000] [--cpu]

`http_bench.py` gives the throughput under gunicorn; this says which part of the app's own work
makes the difference. Whole requests go through each app's WSGI callable (no server, no
sockets): the echo app, the service's `/livez` (the service's hooks and headers with no work
behind them) and the service's check, default and compact, and the check once more with the
engine's call answered by a result computed beforehand: what is left is the per-request
machinery (hooks, body, validation, serialising, headers, log line, metrics) alone, which the
engine's own speed does not move. The stages of the check are then timed on their own:
reading the JSON body, validating it, the check, and serialising the answer; and the whole request
again for a caller that asks for a compressed answer. The request log is
written to /dev/null so that the terminal does not time itself.

The whole requests are timed in ten alternating rounds, so that drift in a shared machine hits
every row alike. `--cpu` times each call by this thread's CPU time instead of the wall clock: on a machine shared
with other work, the wall clock also counts the time the others had the CPU.
"""

from __future__ import annotations

import argparse
import io
import json
import logging
import statistics
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.echo_app import create_app as create_echo_app
from bench.timing import TEN_DRUGS, time_ms
from service import create_app
from service.api import interactions
from service.api.inputs import load_body
from service.api.jsonbody import read_json_body
from service.api.responses import json_response
from service.engine import check_medications
from service.engine.findings import with_compact_findings, with_findings_as_json

CHECK = "/v1/interactions/check"


def environ(path: str, body: bytes | None, **headers: str) -> dict:
    """Return a WSGI environ as gunicorn would pass it (a POST of `body`, or a bare GET)."""
    env = {
        "REQUEST_METHOD": "POST" if body is not None else "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8080",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
        "wsgi.input": io.BytesIO(body or b""),
    }
    if body is not None:
        env.update(CONTENT_TYPE="application/json", CONTENT_LENGTH=str(len(body)))
    env.update({f"HTTP_{name.upper()}": value for name, value in headers.items()})
    return env


def whole_request(app, path: str, body: bytes | None, **headers: str) -> Callable[[], None]:
    """Return a call that sends one request through `app` and reads the whole answer."""

    def call() -> None:
        env = environ(path, body, **headers)
        answer = app.wsgi_app(env, lambda status, headers, exc_info=None: None)
        b"".join(answer)
        getattr(answer, "close", lambda: None)()

    return call


def microseconds(call: Callable[[], object], repeat: int, clock: str = "wall") -> float:
    """Return the median time of `call` in microseconds over `repeat` calls, after a tenth as many untimed."""
    return statistics.median(time_ms(call, repeat, warmup=repeat // 10, clock=clock)) * 1000


def interleaved(calls: dict[str, Callable[[], object]], repeat: int, clock: str, rounds: int = 10) -> dict[str, float]:
    """Return each call's median time in microseconds, timed in alternating rounds so drift hits all alike."""
    samples: dict[str, list[float]] = {label: [] for label in calls}
    for _ in range(rounds):
        for label, call in calls.items():
            samples[label] += time_ms(call, max(1, repeat // rounds), warmup=repeat // 10 // rounds, clock=clock)
    return {label: statistics.median(times) * 1000 for label, times in samples.items()}


def with_engine_answer(call: Callable[[], None], result: dict) -> Callable[[], None]:
    """Return `call` with the check view's engine call answering `result` at once (one list, computed before)."""

    def answered() -> None:
        engine = interactions.check_medications
        interactions.check_medications = lambda *args, **kwargs: result
        try:
            call()
        finally:
            interactions.check_medications = engine

    return answered


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3000)
    parser.add_argument("--cpu", action="store_true", help="time by this thread's CPU time, not the wall clock")
    args = parser.parse_args()
    clock = "cpu" if args.cpu else "wall"
    app, echo = create_app(), create_echo_app()
    for handler in logging.getLogger("service").handlers:
        handler.setStream(open("/dev/null", "w"))  # noqa: SIM115 - lives as long as the process
    body = json.dumps({"medications": TEN_DRUGS}).encode()
    compact = json.dumps({"medications": TEN_DRUGS, "compact": True}).encode()
    kb = app.extensions["ddi"]
    result = check_medications(kb, TEN_DRUGS)

    whole = {
        "echo app: whole request": whole_request(echo, CHECK, body),
        "service GET /livez: whole request": whole_request(app, "/livez", None),
        "service check: whole request": whole_request(app, CHECK, body),
        "  the same, engine answered beforehand": with_engine_answer(whole_request(app, CHECK, body), result),
    }
    for encoding in ("zstd", "gzip", "br"):
        whole[f"  the same, Accept-Encoding: {encoding}"] = whole_request(app, CHECK, body, accept_encoding=encoding)
    whole["service check, compact: whole request"] = whole_request(app, CHECK, compact)
    rows = list(interleaved(whole, args.repeat, clock).items())
    with app.test_request_context(CHECK, method="POST", data=body, content_type="application/json"):
        from flask import g

        g.log_fields = {}
        stages = [
            ("  read the JSON body (strict)", lambda: read_json_body(interactions.request)),
            ("  read and validate the body", lambda: load_body(interactions.check_request)),
            ("  check (resolve, pairs, notes, references)", lambda: check_medications(kb, TEN_DRUGS)),
            ("  serialise the answer (findings' JSON kept)", lambda: json_response(with_findings_as_json(result))),
            ("  serialise the compact answer", lambda: json_response(with_compact_findings(result))),
        ]
        rows += [(label, microseconds(call, args.repeat, clock)) for label, call in stages]
    echo_us = rows[0][1]
    print(f"10-drug check, {len(result['interactions'])} findings, answer {len(json_response(result).data)} bytes")
    print(f"timed by {'CPU time' if args.cpu else 'wall clock'}, median of {args.repeat} calls each")
    for label, us in rows:
        print(f"{label:46} {us:8.1f} us   {us / echo_us:5.2f} x echo")
    return 0


if __name__ == "__main__":
    sys.exit(main())
