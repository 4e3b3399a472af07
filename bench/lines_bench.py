"""Time IV line planning: exact colouring of 25 drugs on random conflict graphs, and whole plans of 25 real IV drugs.

    .venv/bin/python bench/lines_bench.py [--seeds 50]

Prints figures, asserts nothing. The baseline is DSATUR's greedy colouring of the same graphs
(what the exact search improves on), so the search's own cost shows beside it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.timing import summary, time_ms
from service import DEFAULT_KNOWLEDGE_DIR
from service.engine.colouring import EXACT_LIMIT, minimum_colouring
from service.engine.infusions import resolve_infusions
from service.engine.lines import plan_lines
from service.kb import load_knowledge

IV_DRUGS = [
    "ceftriaxone", "calcium gluconate", "vancomycin", "piperacillin", "meropenem", "cefepime", "ceftazidime",
    "daptomycin", "ertapenem", "gentamicin", "fluconazole", "noradrenaline", "dopamine", "dobutamine", "propofol",
    "midazolam", "fentanyl", "morphine", "dexmedetomidine", "heparin", "insulin", "amiodarone", "potassium chloride",
    "furosemide", "pantoprazole",
]  # fmt: skip
"""25 drugs an intensive care patient may have running, with and without data between them."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=50, help="random graphs per density")
    args = parser.parse_args()
    print(f"exact colouring of {EXACT_LIMIT} vertices, {args.seeds} random graphs per edge density")
    for density in (0.1, 0.3, 0.5, 0.7, 0.9):
        graphs = [nx.gnp_random_graph(EXACT_LIMIT, density, seed=seed) for seed in range(args.seeds)]
        results = [minimum_colouring(G) for G in graphs]
        gaps = sum(len(r.classes) > len(r.clique) for r in results)
        exact = [t for G in graphs for t in time_ms(lambda G=G: minimum_colouring(G), repeat=3, warmup=1)]
        greedy = [
            t for G in graphs for t in time_ms(lambda G=G: nx.greedy_color(G, strategy="DSATUR"), repeat=3, warmup=1)
        ]
        print(f"  density {density:.1f}  exact   {summary(exact)}   proven by search (colours > clique): {gaps}")
        print(f"               greedy  {summary(greedy)}")
    kb = load_knowledge(DEFAULT_KNOWLEDGE_DIR)
    plan = plan_lines(kb, resolve_infusions(kb, IV_DRUGS))
    print(f"plan of {len(IV_DRUGS)} real IV drugs: {len(plan['lines'])} lines, proof {plan['minimality']['proof']}")
    timings = time_ms(lambda: plan_lines(kb, resolve_infusions(kb, IV_DRUGS)), 30, 3)
    print(f"  whole plan (resolve, 300 pairs, vehicles, colouring)  {summary(timings)}")


if __name__ == "__main__":
    main()
