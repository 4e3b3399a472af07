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
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.load import choose_knowledge, random_lists, request_bodies, rotating_script, wrk
from bench.server import SERVICE, serving, workers_of


def pss_mb(pid: int) -> float | None:
    """Return a process's proportional set size in MB, or None once it is gone."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--load", type=float, default=0.8, help="fraction of the measured capacity")
    parser.add_argument("--connections", type=int, default=32, help="wrk connections, each paced")
    parser.add_argument("--every", type=float, default=5, help="seconds between memory samples")
    args = parser.parse_args()
    knowledge, _, kb = choose_knowledge(None)
    bodies = request_bodies(random_lists(kb))
    work = Path(tempfile.mkdtemp(prefix="soak-"))
    with serving(SERVICE, knowledge, work / "service.log") as (port, server):
        script = work / "rotating.lua"
        rotating_script(script, bodies)
        wrk(port, script, 3, 16)  # warm up
        capacity = wrk(port, script, 10, 16)["rps"]
        rate = capacity * args.load
        print(f"capacity {capacity:.0f} req/s with 16 connections; soaking at {rate:.0f} req/s for {args.minutes} min")
        connections = args.connections
        delay = max(1, round(connections * 1000 / rate - 2))  # a first guess: ~2 ms per answer
        for _ in range(4):  # calibrate the pause so that the connections together send `rate`
            trial = wrk(port, script, 5, connections, delay_ms=delay, stop_on_errors=False)
            delay = max(1, round((delay + trial["p50"]) * trial["rps"] / rate - trial["p50"]))
        print(f"{connections} connections, each pausing {delay} ms between requests")
        seconds = args.minutes * 60
        result: dict[str, float] = {}

        def soak() -> None:
            result.update(wrk(port, script, seconds, connections, delay_ms=delay, stop_on_errors=False))

        runner = threading.Thread(target=soak)
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
