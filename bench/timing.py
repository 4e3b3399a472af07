"""What every benchmark here shares: the reference 10-drug list, timing in-process calls, summaries."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

TEN_DRUGS = [
    "imatinib",
    "ketoconazole",
    "rifampicin",
    "warfarin",
    "simvastatin",
    "clarithromycin",
    "carbamazepine",
    "metoprolol",
    "ibuprofen",
    "paracetamol",
]
"""A realistic list with many findings: inhibitors, inducers and their victims, NSAIDs with warfarin."""


def time_ms(call: Callable[[], object], repeat: int, warmup: int = 20, clock: str = "wall") -> list[float]:
    """Return `repeat` timings of `call`, in milliseconds, after `warmup` untimed calls.

    `clock` is "wall" (elapsed time) or "cpu" (this thread's CPU time: steadier on a shared machine,
    blind to waiting).
    """
    now = time.perf_counter if clock == "wall" else time.thread_time
    for _ in range(warmup):
        call()
    samples = []
    for _ in range(repeat):
        start = now()
        call()
        samples.append((now() - start) * 1000)
    return samples


def summary(samples: list[float], digits: int = 3) -> str:
    """Return the median and 95th percentile of timings in milliseconds."""
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return f"median {statistics.median(ordered):8.{digits}f} ms   p95 {p95:8.{digits}f} ms   (n={len(ordered)})"
