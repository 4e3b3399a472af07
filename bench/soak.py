"""Soak the service: minutes at 80% of its measured capacity with random lists; errors and worker memory over time.

Starts the service under gunicorn (2 workers, the shipped settings), measures its capacity with
`wrk` on random 10-drug lists, then sends the same kind of traffic at 80% of that rate (each wrk
connection pauses between requests, the pause calibrated in short trial runs) and samples each
worker's PSS (`/proc/<pid>/smaps_rollup`) every few seconds. Not a test: run it by hand.

    .venv/bin/python bench/soak.py [--minutes 10] [--load 0.8]

Reports: requests sent, errors (non-200 or no answer), the achieved rate, and per worker the PSS
after warm-up (the first tenth), at the end, its range and the change in percent.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.http_bench import choose_knowledge, free_port, rotating_script, start, wrk


def pss_mb(pid: int) -> float | None:
    """Return a process's proportional set size in MB, or None once it is gone."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def workers_of(master: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True).stdout
    return sorted(int(pid) for pid in out.split())


def paced_script(path: Path, bodies: list[str], delay_ms: int) -> None:
    """Write a wrk script sending `bodies` in turn, each connection waiting `delay_ms` between requests."""
    rotating_script(path, bodies)
    path.write_text(path.read_text() + f"delay = function()\n  return {delay_ms}\nend\n")


def paced_wrk(port: int, script: Path, seconds: float, connections: int) -> dict[str, float]:
    """Run wrk for `seconds`; return its rate, latency percentiles and error count."""
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{int(seconds)}s",
            "--latency",
            "-s",
            str(script),
            f"http://127.0.0.1:{port}/v1/interactions/check",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    result = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))}
    result["requests"] = float(re.search(r"(\d+) requests in", out).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    result["errors"] = float(non_2xx.group(1) if non_2xx else 0) + sum(
        map(int, socket_errors.groups() if socket_errors else ())
    )
    for pct in ("50", "99"):
        value, unit = re.search(rf"^\s+{pct}%\s+([\d.]+)(us|ms|s)$", out, re.MULTILINE).groups()
        result[f"p{pct}"] = float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--load", type=float, default=0.8, help="fraction of the measured capacity")
    parser.add_argument("--connections", type=int, default=32, help="wrk connections, each paced")
    parser.add_argument("--every", type=float, default=5, help="seconds between memory samples")
    args = parser.parse_args()
    knowledge, _, kb = choose_knowledge(None)
    rng = random.Random(20261205)
    names = sorted(kb.records.drugs)
    lists = [json.dumps({"medications": rng.sample(names, 10)}) for _ in range(1000)]
    work = Path(tempfile.mkdtemp(prefix="soak-"))
    port = free_port()
    server = start("service:create_app()", port, knowledge, work / "service.log")
    try:
        script = work / "rotating.lua"
        rotating_script(script, lists)
        wrk(port, script, 3, 16)  # warm up
        capacity = wrk(port, script, 10, 16)["rps"]
        rate = capacity * args.load
        print(f"capacity {capacity:.0f} req/s with 16 connections; soaking at {rate:.0f} req/s for {args.minutes} min")
        connections = args.connections
        delay = max(1, round(connections * 1000 / rate - 2))  # a first guess: ~2 ms per answer
        for _ in range(4):  # calibrate the pause so that the connections together send `rate`
            paced_script(script, lists, delay)
            trial = paced_wrk(port, script, 5, connections)
            delay = max(1, round((delay + trial["p50"]) * trial["rps"] / rate - trial["p50"]))
        paced_script(script, lists, delay)
        print(f"{connections} connections, each pausing {delay} ms between requests")
        seconds = args.minutes * 60
        result: dict[str, float] = {}
        runner = threading.Thread(target=lambda: result.update(paced_wrk(port, script, seconds, connections)))
        began = time.monotonic()
        runner.start()
        samples: dict[int, list[tuple[float, float]]] = {}
        while runner.is_alive():
            for pid in workers_of(server.pid):
                mb = pss_mb(pid)
                if mb is not None:
                    samples.setdefault(pid, []).append((time.monotonic() - began, mb))
            runner.join(args.every)
        print(
            f"sent {result['requests']:.0f} requests, {result['errors']:.0f} errors, {result['rps']:.0f} req/s "
            f"({result['rps'] / capacity:.0%} of capacity), p50 {result['p50']:.2f} ms, p99 {result['p99']:.2f} ms"
        )
        for pid, series in samples.items():
            warm = [mb for t, mb in series if t >= args.minutes * 6]  # after the first tenth
            if not warm:
                continue
            change = (warm[-1] - warm[0]) / warm[0] * 100
            print(
                f"worker {pid}: PSS after warm-up {warm[0]:.1f} MB, at the end {warm[-1]:.1f} MB, "
                f"range {min(warm):.1f}-{max(warm):.1f} MB, change {change:+.1f}% ({len(series)} samples)"
            )
        (work / "pss.json").write_text(json.dumps({str(pid): series for pid, series in samples.items()}))
        print(f"samples in {work / 'pss.json'}")
    finally:
        server.terminate()
        server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
