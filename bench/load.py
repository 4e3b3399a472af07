"""What the HTTP benchmarks send and how: the knowledge and its drug lists, wrk scripts, and wrk's figures.

Shared by `http_bench.py`, `soak.py` and `fault_worker.py`, so that the same seed gives the same
lists and one parser reads every wrk run.
"""

from __future__ import annotations

import json
import random
import re
import subprocess
from pathlib import Path

from bench.server import ROOT
from bench.timing import TEN_DRUGS
from service.kb import Knowledge

FIXTURE_DRUGS = ["imat", "keto", "flucon", "rifa", "warf", "ibu", "azith", "digo", "alde", "ganci"]
FIXTURE_DIR = ROOT / "tests" / "fixtures" / "knowledge"
LISTS_SEED = 20261205
"""The seed of the soak's and the worker-kill run's lists (http_bench.py keeps its own)."""


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
    missing = [d for d in TEN_DRUGS if d not in kb.records.drugs]
    if missing:
        print(f"bundled knowledge lacks {missing}: using the fixture knowledge")
        return FIXTURE_DIR, FIXTURE_DRUGS, load_knowledge(FIXTURE_DIR)
    return directory, TEN_DRUGS, kb


def random_lists(kb: Knowledge, count: int = 1000, seed: int = LISTS_SEED) -> list[list[str]]:
    """Return `count` lists of 10 different drugs of `kb`, the same for the same seed and knowledge."""
    rng = random.Random(seed)
    names = sorted(kb.records.drugs)
    return [rng.sample(names, 10) for _ in range(count)]


def request_bodies(lists: list[list[str]]) -> list[str]:
    """Return the check request body of each list."""
    return [json.dumps({"medications": drugs}) for drugs in lists]


def post_script(path: Path, body: str) -> None:
    """Write a wrk script that POSTs `body` with every request."""
    path.write_text(
        f'wrk.method = "POST"\nwrk.body = {json.dumps(body)}\nwrk.headers["Content-Type"] = "application/json"\n'
    )


def rotating_script(path: Path, bodies: list[str]) -> None:
    """Write a wrk script that POSTs `bodies` in turn, one per request."""
    table = ",\n".join(json.dumps(body) for body in bodies)
    path.write_text(
        f"local bodies = {{\n{table}\n}}\nlocal i = 0\n"
        'local headers = {["Content-Type"] = "application/json"}\n'
        "request = function()\n  i = i % #bodies + 1\n"
        '  return wrk.format("POST", nil, headers, bodies[i])\nend\n'
    )


def wrk(
    port: int,
    script: Path,
    duration: float,
    connections: int,
    *,
    delay_ms: int = 0,
    stop_on_errors: bool = True,
) -> dict[str, float]:
    """Return requests per second, requests, errors and latency percentiles (ms) from one wrk run.

    With `delay_ms`, each connection pauses that long between requests: the pacing that holds a
    chosen rate below capacity (wrk has no rate option of its own). An answer other than 2xx/3xx
    ends the benchmark unless `stop_on_errors` is false: the soak and fault runs count errors.
    """
    if delay_ms:
        paced = script.with_name(f"{script.stem}-paced{script.suffix}")
        paced.write_text(script.read_text() + f"delay = function()\n  return {delay_ms}\nend\n")
        script = paced
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{int(duration)}s",
            "--latency",
            "-s",
            str(script),
            f"http://127.0.0.1:{port}/v1/interactions/check",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    if stop_on_errors and "Non-2xx" in out:
        raise SystemExit(f"wrk saw errors:\n{out}")
    result = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))}
    result["requests"] = float(re.search(r"(\d+) requests in", out).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    result["errors"] = float(non_2xx.group(1) if non_2xx else 0) + sum(
        map(int, socket_errors.groups() if socket_errors else ())
    )
    for pct in ("50", "90", "99"):
        value, unit = re.search(rf"^\s+{pct}%\s+([\d.]+)(us|ms|s)$", out, re.MULTILINE).groups()
        result[f"p{pct}"] = float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
    return result
