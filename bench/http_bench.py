"""Measure the HTTP check against a bare Flask echo app, both under the same gunicorn settings.

Starts the service (gunicorn, 2 workers, `--config python:service.gunicorn_conf`), a bare echo app
and an app answering the service's own bytes beside it, drives each with `wrk` POSTing the same
10-drug body (to the service twice: the default answer and `"compact": true`), alternating so
drift in the machine hits all alike, and prints requests per second, latency percentiles (median
of the rounds) and the ratios to the echo. Not a test: run it by hand.

    .venv/bin/python bench/http_bench.py [--rounds 2] [--duration 10] [--connections 16] [--lists 1000]

With `--lists N`, a second part sends N different random 10-drug lists in turn (to the service and
the echo app alike): nothing can be answered from a cache of whole lists, and the figures show
what varied lists cost.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.timing import TEN_DRUGS  # noqa: E402 - after the path is set
from service.kb import Knowledge  # noqa: E402

BUNDLED_DRUGS = TEN_DRUGS
FIXTURE_DRUGS = ["imat", "keto", "flucon", "rifa", "warf", "ibu", "azith", "digo", "alde", "ganci"]
FIXTURE_DIR = ROOT / "tests" / "fixtures" / "knowledge"
GUNICORN = [str(ROOT / ".venv" / "bin" / "gunicorn"), "--config", "python:service.gunicorn_conf"]


def choose_knowledge(directory: Path | None) -> tuple[Path, list[str], Knowledge]:
    """Return the bundled knowledge (or `directory`), its drugs and the loaded knowledge, or the fixture's
    if it does not load now."""
    from service import DEFAULT_KNOWLEDGE_DIR
    from service.kb import KnowledgeError, load_knowledge

    directory = directory or DEFAULT_KNOWLEDGE_DIR
    try:
        kb = load_knowledge(directory)
    except KnowledgeError as exc:
        print(f"bundled knowledge does not load ({len(exc.issues)} issues): using the fixture knowledge")
        return FIXTURE_DIR, FIXTURE_DRUGS, load_knowledge(FIXTURE_DIR)
    missing = [d for d in BUNDLED_DRUGS if d not in kb.records.drugs]
    if missing:
        print(f"bundled knowledge lacks {missing}: using the fixture knowledge")
        return FIXTURE_DIR, FIXTURE_DRUGS, load_knowledge(FIXTURE_DIR)
    return directory, BUNDLED_DRUGS, kb


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(app: str, port: int, knowledge: Path, log: Path, **extra_env: str) -> subprocess.Popen:
    """Start gunicorn for `app` on `port` with the shared settings; wait until it answers."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DDI_")}
    env.update(PORT=str(port), HOST="127.0.0.1", WEB_CONCURRENCY="2", DDI_KNOWLEDGE_DIR=str(knowledge), **extra_env)
    command = [*GUNICORN, "--pythonpath", str(ROOT / "bench"), app]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1)
        except urllib.error.HTTPError:
            return process  # it answers (404 or 405 is an answer)
        except OSError:
            if process.poll() is not None:
                raise SystemExit(f"{app} did not start; see {log}") from None
            time.sleep(0.2)
        else:
            return process
    raise SystemExit(f"{app} did not answer within 30 s; see {log}")


def wrk(port: int, script: Path, duration: int, connections: int) -> dict[str, float]:
    """Return requests per second and latency percentiles (ms) from one wrk run."""
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{duration}s",
            "--latency",
            "-s",
            str(script),
            f"http://127.0.0.1:{port}/v1/interactions/check",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    if "Non-2xx" in out:
        raise SystemExit(f"wrk saw errors:\n{out}")
    result = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))}
    for pct in ("50", "90", "99"):
        value, unit = re.search(rf"^\s+{pct}%\s+([\d.]+)(us|ms|s)$", out, re.MULTILINE).groups()
        result[f"p{pct}"] = float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
    return result


def rotating_script(path: Path, bodies: list[str]) -> None:
    """Write a wrk script that POSTs `bodies` in turn, one per request."""
    table = ",\n".join(json.dumps(body) for body in bodies)
    path.write_text(
        f"local bodies = {{\n{table}\n}}\nlocal i = 0\n"
        'local headers = {["Content-Type"] = "application/json"}\n'
        "request = function()\n  i = i % #bodies + 1\n"
        '  return wrk.format("POST", nil, headers, bodies[i])\nend\n'
    )


def random_lists(kb: Knowledge, count: int) -> tuple[list[str], float, float]:
    """Return `count` random 10-drug request bodies (seeded), with their mean findings and answer bytes."""
    import random

    import orjson

    from service.engine import check_medications
    from service.engine.findings import with_findings_as_json

    rng = random.Random(20261125)
    names = sorted(kb.records.drugs)
    lists = [rng.sample(names, 10) for _ in range(count)]
    answers = [check_medications(kb, drugs) for drugs in lists]
    findings = statistics.mean(len(a["interactions"]) for a in answers)
    size = statistics.mean(len(orjson.dumps(with_findings_as_json(a))) for a in answers)
    return [json.dumps({"medications": drugs}) for drugs in lists], findings, size


def alternate(
    names: tuple[str, ...], ports: dict[str, int], script: Path | dict[str, Path], args: argparse.Namespace
) -> dict:
    """Run wrk against each app in turn, `args.rounds` times; print each run; return the median per app.

    `script` is one wrk script for all, or one per name; a name missing from `ports` is the service.
    """
    scripts = script if isinstance(script, dict) else dict.fromkeys(names, script)
    ports = {name: ports.get(name, ports["service"]) for name in names}
    for name in names:  # warm up before measuring
        wrk(ports[name], scripts[name], 2, args.connections)
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in names}
    for round_ in range(args.rounds):
        for name in names:
            runs[name].append(result := wrk(ports[name], scripts[name], args.duration, args.connections))
            print(
                f"round {round_ + 1} {name:8} {result['rps']:9.1f} req/s  p50 {result['p50']:6.2f} ms  "
                f"p90 {result['p90']:6.2f} ms  p99 {result['p99']:6.2f} ms"
            )
    summary = {
        name: {k: statistics.median(r[k] for r in results) for k in results[0]} for name, results in runs.items()
    }
    for name, s in summary.items():
        print(
            f"median  {name:8} {s['rps']:9.1f} req/s  p50 {s['p50']:6.2f} ms  "
            f"p90 {s['p90']:6.2f} ms  p99 {s['p99']:6.2f} ms"
        )
    return summary


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2, help="A B pairs")
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--knowledge", type=Path, help="knowledge directory (default: the bundled one)")
    parser.add_argument("--lists", type=int, default=0, help="also send this many different random lists in turn")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install -y wrk")
    knowledge, drugs, kb = choose_knowledge(args.knowledge)
    body = json.dumps({"medications": drugs})
    work = Path(tempfile.mkdtemp(prefix="http-bench-"))
    script = work / "post.lua"
    script.write_text(
        f'wrk.method = "POST"\nwrk.body = {json.dumps(body)}\nwrk.headers["Content-Type"] = "application/json"\n'
    )
    compact_body = json.dumps({"medications": drugs, "compact": True})
    compact_script = work / "compact.lua"
    compact_script.write_text(
        f'wrk.method = "POST"\nwrk.body = {json.dumps(compact_body)}\n'
        'wrk.headers["Content-Type"] = "application/json"\n'
    )
    ports = {"service": free_port(), "echo": free_port(), "sized": free_port()}
    apps = {"service": "service:create_app()", "echo": "echo_app:create_app()", "sized": "echo_app:create_sized_app()"}
    processes = {name: start(apps[name], ports[name], knowledge, work / f"{name}.log") for name in ("service", "echo")}
    try:
        check = urllib.request.Request(
            f"http://127.0.0.1:{ports['service']}/v1/interactions/check",
            body.encode(),
            {"Content-Type": "application/json"},
        )
        raw = urllib.request.urlopen(check).read()
        answer = json.loads(raw)
        (work / "answer.json").write_bytes(raw)
        processes["sized"] = start(
            apps["sized"], ports["sized"], knowledge, work / "sized.log", ECHO_ANSWER_FILE=str(work / "answer.json")
        )
        print(
            f"knowledge {answer['knowledge_version']}: {len(answer['medications'])} of 10 drugs resolved, "
            f"{len(answer['interactions'])} interactions, {len(raw)} bytes per answer"
        )
        compact_raw = urllib.request.urlopen(
            urllib.request.Request(check.full_url, compact_body.encode(), {"Content-Type": "application/json"})
        ).read()
        print(f'compact answer ("compact": true): {len(compact_raw)} bytes')
        scripts = {"service": script, "echo": script, "sized": script, "compact": compact_script}
        summary = alternate(("service", "compact", "echo", "sized"), ports, scripts, args)
        print(f"ratio service/echo: {summary['service']['rps'] / summary['echo']['rps']:.3f}")
        print(f"ratio compact/echo: {summary['compact']['rps'] / summary['echo']['rps']:.3f}")
        print(
            f"ratio service/sized: {summary['service']['rps'] / summary['sized']['rps']:.3f} "
            "(sized: the same answer bytes with no work behind them)"
        )
        if args.lists:
            bodies, findings, size = random_lists(kb, args.lists)
            rotating = work / "rotating.lua"
            rotating_script(rotating, bodies)
            print(
                f"\n{args.lists} different random 10-drug lists in turn: "
                f"{findings:.1f} findings, {size:.0f} bytes on average"
            )
            varied = alternate(("service", "echo"), ports, rotating, args)
            print(f"ratio service/echo: {varied['service']['rps'] / varied['echo']['rps']:.3f}")
    finally:
        for process in processes.values():
            process.terminate()
            process.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
