"""Kill a gunicorn worker with SIGKILL under load: only the requests in flight may fail, and a new worker replaces it.

Starts the service (gunicorn, 2 sync workers, the shipped settings), drives it with `wrk` on
random 10-drug lists, and SIGKILLs one worker a few seconds in (`--kills` times, spaced out).
Reports wrk's answers and errors beside the number of requests that can have been in flight in
the killed workers (a sync worker handles one request at a time: one per kill), and whether
gunicorn forked a replacement each time. Not a test: run it by hand.

    .venv/bin/python bench/fault_worker.py [--duration 30] [--kills 3]
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.load import choose_knowledge, random_lists, request_bodies, rotating_script, wrk
from bench.server import SERVICE, serving, workers_of


def wait_for_workers(master: int, count: int, timeout: float = 30) -> list[int]:
    """Return the master's workers once there are `count` of them (gunicorn replacing a dead one)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        workers = workers_of(master)
        if len(workers) == count:
            return workers
        time.sleep(0.05)
    return workers_of(master)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=30, help="seconds of load")
    parser.add_argument("--kills", type=int, default=3)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    knowledge, _, kb = choose_knowledge(None)
    bodies = request_bodies(random_lists(kb))
    victims = random.Random(20261205)  # which of the two workers each kill hits: the same in every run
    work = Path(tempfile.mkdtemp(prefix="fault-worker-"))
    with serving(SERVICE, knowledge, work / "service.log") as (port, server):
        script = work / "rotating.lua"
        rotating_script(script, bodies)
        before = wait_for_workers(server.pid, 2)
        result: dict[str, float] = {}

        def load() -> None:
            result.update(wrk(port, script, args.duration, args.connections, stop_on_errors=False))

        runner = threading.Thread(target=load)
        runner.start()
        replaced = []
        spacing = args.duration / (args.kills + 1)
        for _ in range(args.kills):
            time.sleep(spacing)
            victim = victims.choice(workers_of(server.pid))
            os.kill(victim, signal.SIGKILL)
            killed = time.monotonic()
            workers = wait_for_workers(server.pid, 2)
            while victim in workers and time.monotonic() - killed < 30:
                workers = wait_for_workers(server.pid, 2)
            replaced.append((victim, [w for w in workers if w not in before], time.monotonic() - killed))
            before = workers
        runner.join()
        print(f"{args.duration} s of load with {args.connections} connections, {args.kills} workers killed (SIGKILL)")
        for victim, new, seconds in replaced:
            print(f"  killed {victim}: replaced by {new or 'nothing'} within {seconds:.2f} s")
        print(
            f"answers {result['requests']:.0f}, errors {result['errors']:.0f} "
            f"(at most {args.kills} can have been in flight in the killed sync workers), "
            f"p50 {result['p50']:.2f} ms, p99 {result['p99']:.2f} ms"
        )
        print(f"workers at the end: {workers_of(server.pid)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
