"""Run an app under gunicorn as the HTTP benchmarks measure it: the shipped settings, 2 workers, loopback.

One way to start the service (and the echo baselines beside it) for `http_bench.py`, `soak.py`
and `fault_worker.py`, so that all three measure the same server.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = [str(ROOT / ".venv" / "bin" / "gunicorn"), "--config", "python:service.gunicorn_conf"]
SERVICE = "service:create_app()"


def free_port() -> int:
    """Return a loopback port that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def serving(app: str, knowledge: Path, log: Path, **extra_env: str) -> Iterator[tuple[int, subprocess.Popen]]:
    """Yield the port and gunicorn master of `app` once it answers; stop it on leaving.

    `app` is a gunicorn app spec (the service's, or one of `bench/echo_app.py`'s); the `DDI_*`
    variables of the caller's environment are dropped so that every run measures the same settings.
    """
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("DDI_")}
    env.update(PORT=str(port), HOST="127.0.0.1", WEB_CONCURRENCY="2", DDI_KNOWLEDGE_DIR=str(knowledge), **extra_env)
    command = [*GUNICORN, "--pythonpath", str(ROOT / "bench"), app]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)
    try:
        _wait_until_answering(process, port, app, log)
        yield port, process
    finally:
        process.terminate()
        process.wait(timeout=30)


def _wait_until_answering(process: subprocess.Popen, port: int, app: str, log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1)
        except urllib.error.HTTPError:
            return  # it answers (404 or 405 is an answer)
        except OSError:
            if process.poll() is not None:
                raise SystemExit(f"{app} did not start; see {log}") from None
            time.sleep(0.2)
        else:
            return
    raise SystemExit(f"{app} did not answer within 30 s; see {log}")


def workers_of(master: int) -> list[int]:
    """Return the pids of a gunicorn master's workers."""
    out = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True).stdout
    return sorted(int(pid) for pid in out.split())
