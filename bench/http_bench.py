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
import shutil
import statistics
import sys
import tempfile
import urllib.request
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.load import (
    choose_knowledge,
    post_script,
    random_lists,
    request_bodies,
    rotating_script,
    wrk,
)
from bench.server import SERVICE, serving
from service.kb import Knowledge

VARIED_SEED = 20261125
"""The seed of `--lists`: the same lists in every run (the soak has its own)."""


def list_figures(kb: Knowledge, lists: list[list[str]]) -> tuple[float, float]:
    """Return the mean findings and answer bytes of checking each of `lists`."""
    import orjson

    from service.engine import check_medications
    from service.engine.findings import with_findings_as_json

    answers = [check_medications(kb, drugs) for drugs in lists]
    findings = statistics.mean(len(a["interactions"]) for a in answers)
    size = statistics.mean(len(orjson.dumps(with_findings_as_json(a))) for a in answers)
    return findings, size


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
    post_script(script, body)
    compact_body = json.dumps({"medications": drugs, "compact": True})
    compact_script = work / "compact.lua"
    post_script(compact_script, compact_body)
    apps = {"service": SERVICE, "echo": "echo_app:create_app()", "sized": "echo_app:create_sized_app()"}
    ports: dict[str, int] = {}
    with ExitStack() as running:

        def serve(name: str, **extra_env: str) -> None:
            ports[name], _ = running.enter_context(serving(apps[name], knowledge, work / f"{name}.log", **extra_env))

        serve("service")
        serve("echo")
        check = urllib.request.Request(
            f"http://127.0.0.1:{ports['service']}/v1/interactions/check",
            body.encode(),
            {"Content-Type": "application/json"},
        )
        raw = urllib.request.urlopen(check).read()
        answer = json.loads(raw)
        (work / "answer.json").write_bytes(raw)
        serve("sized", ECHO_ANSWER_FILE=str(work / "answer.json"))
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
            lists = random_lists(kb, args.lists, seed=VARIED_SEED)
            findings, size = list_figures(kb, lists)
            rotating = work / "rotating.lua"
            rotating_script(rotating, request_bodies(lists))
            print(
                f"\n{args.lists} different random 10-drug lists in turn: "
                f"{findings:.1f} findings, {size:.0f} bytes on average"
            )
            varied = alternate(("service", "echo"), ports, rotating, args)
            print(f"ratio service/echo: {varied['service']['rps'] / varied['echo']['rps']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
