"""Measure the knowledge load and the interaction check, and print the figures (never asserts).

    python bench/engine_bench.py [--repeat 200]

Figures: loading and validating the bundled knowledge; checking 10- and 100-drug lists; loading a
generated knowledge base of 10 000 drugs and 100 000 role edges; and the same 100-drug check
against generated bases of 1 000 and 10 000 drugs, to show that the cost follows the list and its
findings, not the size of the knowledge. Each check is printed beside a baseline from the same run:
resolving the same names without any inference.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.generate_kb import generate
from service import DEFAULT_KNOWLEDGE_DIR
from service.engine import check_medications, resolve_medications
from service.kb import load_knowledge

GENERATED = Path(__file__).parent / "generated"


def _time(fn, repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def _summary(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return f"median {statistics.median(ordered):8.3f} ms   p95 {p95:8.3f} ms"


def _check_row(label: str, kb, drugs: list[str], repeat: int) -> None:
    findings = len(check_medications(kb, drugs)["interactions"])
    check = _time(lambda: check_medications(kb, drugs), repeat)
    resolve = _time(lambda: resolve_medications(kb, drugs), repeat)
    print(f"{label:<44} check   {_summary(check)}   ({findings} findings)")
    print(f"{'':<44} resolve {_summary(resolve)}   (baseline: names only)")


def _load_row(label: str, directory: Path, repeat: int):
    samples, kb = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        kb = load_knowledge(directory)
        samples.append(time.perf_counter() - start)
    print(f"{label:<44} load    median {statistics.median(samples):8.2f} s    (min {min(samples):.2f} s)")
    return kb


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200, help="timed runs per check")
    parser.add_argument("--load-repeat", type=int, default=3, help="timed runs per load")
    args = parser.parse_args()
    rng = random.Random(7)

    bundled = _load_row(f"bundled knowledge ({DEFAULT_KNOWLEDGE_DIR.name}/)", DEFAULT_KNOWLEDGE_DIR, args.load_repeat)
    print(f"{'':<44} {len(bundled.records.drugs)} drugs, version {bundled.version}")
    drugs = sorted(bundled.records.drugs)
    ten = [
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
    ten = [d for d in ten if d in bundled.records.drugs] or drugs[:10]
    _check_row("bundled, 10 drugs", bundled, ten, args.repeat)
    _check_row("bundled, 100 drugs", bundled, rng.sample(drugs, min(100, len(drugs))), args.repeat)

    for size in (1_000, 10_000):
        directory = GENERATED / f"kb-{size}"
        if not (directory / "meta.yaml").exists():
            generate(directory, size, 10)
        kb = _load_row(f"generated, {size} drugs, {size * 10} role edges", directory, args.load_repeat)
        sample = random.Random(11).sample(sorted(kb.records.drugs), 100)
        _check_row(f"generated {size}, 100 drugs", kb, sample, max(20, args.repeat // 4))


if __name__ == "__main__":
    main()
