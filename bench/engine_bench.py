"""Measure the knowledge load and the interaction check, and print the figures (never asserts).

    python bench/engine_bench.py [--repeat 200]

Figures: loading and validating the bundled knowledge; checking 10- and 100-drug lists; loading a
generated knowledge base of 10 000 drugs and 100 000 role edges; and the same 100-drug check
against generated bases of 1 000 and 10 000 drugs, to show that the cost follows the list and its
findings, not the size of the knowledge. Each check is printed beside a baseline from the same run:
resolving the same names without any inference. Loaded knowledge is frozen out of the cycle
collector's sight before the checks, as the service does before gunicorn forks; `--no-freeze`
shows what the collector's full passes over it cost.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.generate_kb import generate
from bench.timing import TEN_DRUGS, summary, time_ms
from service import DEFAULT_KNOWLEDGE_DIR
from service.engine import check_medications, resolve_medications
from service.engine.pairs import PAIRS, precompute_pairs
from service.kb import load_knowledge
from service.kb.knowledge import build_knowledge

GENERATED = Path(__file__).parent / "generated"


def _check_row(label: str, kb, drugs: list[str], repeat: int) -> None:
    """Time a check as the knowledge stands after start-up, then with every pair's answer dropped.

    Start-up (`precompute_pairs`) either keeps every pair's answer or, beyond the cache's bound (the
    bundled knowledge), only the index of each drug's partners: answers are then computed on first
    use, which the "first" row times. Without an index (a base too large), pairs are found per check.
    """
    findings = len(check_medications(kb, drugs)["interactions"])

    def first_time():
        PAIRS.clear(answers_only=True)
        check_medications(kb, drugs)

    warm = time_ms(lambda: check_medications(kb, drugs), repeat)
    bare = time_ms(lambda: check_medications(kb, drugs, alternatives=False), repeat)
    cold = time_ms(first_time, max(5, repeat // 10), warmup=1)
    resolve = time_ms(lambda: resolve_medications(kb, drugs), repeat)
    how = "pair answers cached" + ("" if PAIRS.is_indexed(kb) else ", no index")
    print(f"{label:<44} check   {summary(warm)}   ({findings} findings; {how}; with alternatives)")
    print(f"{'':<44} no alt  {summary(bare)}   (the same check with alternatives=false)")
    print(f"{'':<44} first   {summary(cold)}   (every answer not computed ahead dropped before each run)")
    print(f"{'':<44} resolve {summary(resolve)}   (baseline: names only)")


def _startup_row(label: str, kb) -> None:
    """Time the start-up precompute and say what it kept."""
    start = time.perf_counter()
    kept = precompute_pairs(kb)
    took = time.perf_counter() - start
    what = (
        f"every answer kept ({kept} pairs)" if kept else "index of partners only" if PAIRS.is_indexed(kb) else "nothing"
    )
    print(f"{label:<44} precompute {took:6.2f} s: {what} (start-up)")


def with_every_route_quantified(kb):
    """Return the knowledge rebuilt with a CR for every substrate role and an IR/IC for every perpetrator role.

    The worst case for predictions: every predicted mechanism runs the model and every victim on a
    list gets a whole-regimen net. The numbers are arbitrary (from the role's strength); only the cost counts.
    """
    contribution, perpetrator = [], []
    level = {"sensitive": 0.9, "strong": 0.9, "moderate": 0.6, "weak": 0.3, "minor": 0.2}
    for drug, roles in kb.indices.roles.items():
        for (enzyme, role), fact in roles.items():
            value, refs = level.get(fact.strength, 0.5), list(fact.refs)
            if role == "substrate":
                entry = {"drug": drug, "enzyme": enzyme, "cr": value, "low": value * 0.8, "high": value}
                contribution.append({**entry, "basis": "fm", "fitted_from": [], "refs": refs})
            elif role == "inhibitor":
                entry = {"drug": drug, "enzyme": enzyme, "ir": value, "low": value * 0.8, "high": value}
                perpetrator.append({**entry, "effect": "inhibition", "fitted_from": [], "refs": refs})
            else:
                entry = {"drug": drug, "enzyme": enzyme, "ic": 10 * value, "low": 8 * value, "high": 10 * value}
                perpetrator.append({**entry, "effect": "induction", "fitted_from": [], "refs": refs})
    pk = {"index-substrates": [], "contribution-ratios": contribution, "perpetrator-ratios": perpetrator}
    return build_knowledge(dataclasses.replace(kb.records, pk={**pk, "studies": []}))


def _load_row(label: str, directory: Path, repeat: int):
    """Time full loads (parse, validate, build), then loads whose validated records come from the cache."""
    samples, kb = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        kb = load_knowledge(directory)
        samples.append(time.perf_counter() - start)
    full = f"median {statistics.median(samples):8.2f} s    (min {min(samples):.2f} s; parse+validate+build)"
    print(f"{label:<44} load    {full}")
    with tempfile.TemporaryDirectory() as cache:
        load_knowledge(directory, cache)
        warm = []
        for _ in range(repeat):
            start = time.perf_counter()
            load_knowledge(directory, cache)
            warm.append(time.perf_counter() - start)
    print(
        f"{'':<44} cached  median {statistics.median(warm):8.2f} s    (min {min(warm):.2f} s; validated records cached)"
    )
    return kb


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200, help="timed runs per check")
    parser.add_argument("--load-repeat", type=int, default=3, help="timed runs per load")
    parser.add_argument(
        "--no-freeze",
        action="store_true",
        help="leave loaded knowledge in the cycle collector's sight (the service freezes it before forking)",
    )
    args = parser.parse_args()
    settle = (lambda: None) if args.no_freeze else gc.freeze
    rng = random.Random(7)

    bundled = _load_row(f"bundled knowledge ({DEFAULT_KNOWLEDGE_DIR.name}/)", DEFAULT_KNOWLEDGE_DIR, args.load_repeat)
    print(f"{'':<44} {len(bundled.records.drugs)} drugs, version {bundled.version}")
    PAIRS.clear()
    _startup_row("", bundled)
    settle()
    drugs = sorted(bundled.records.drugs)
    ten = list(TEN_DRUGS)
    ten = [d for d in ten if d in bundled.records.drugs] or drugs[:10]
    _check_row("bundled, 10 drugs", bundled, ten, args.repeat)
    hundred = rng.sample(drugs, min(100, len(drugs)))
    _check_row("bundled, 100 drugs", bundled, hundred, args.repeat)

    quantified = with_every_route_quantified(bundled)
    _startup_row("bundled, every route quantified", quantified)
    settle()
    _check_row("quantified, 100 drugs (predictions on)", quantified, hundred, args.repeat)

    for size in (1_000, 10_000):
        directory = GENERATED / f"kb-{size}"
        if not (directory / "meta.yaml").exists():
            generate(directory, size, 10)
        kb = _load_row(f"generated, {size} drugs, {size * 10} role edges", directory, args.load_repeat)
        _startup_row("", kb)  # far beyond the bound: nothing computed ahead
        settle()
        sample = random.Random(11).sample(sorted(kb.records.drugs), 100)
        _check_row(f"generated {size}, 100 drugs", kb, sample, max(20, args.repeat // 4))


if __name__ == "__main__":
    main()
