"""Write a synthetic knowledge directory of any size, valid by the real schemas, for benchmarks.

    python bench/generate_kb.py --drugs 10000 --roles-per-drug 10 --out bench/generated/kb-10000

The drugs are fictitious (`synth-00042`); the enzymes, effects and vocabulary are the real ones, so
the loader, graph and engine do exactly the work they do on the bundled knowledge.
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

import yaml

from service.kb.vocabulary import EFFECT_LEVELS, PERPETRATOR_STRENGTHS, SUBSTRATE_STRENGTHS

ENZYMES = [
    "cyp1a2",
    "cyp2b6",
    "cyp2c8",
    "cyp2c9",
    "cyp2c19",
    "cyp2d6",
    "cyp2e1",
    "cyp3a4",
    "ugt1a1",
    "pgp",
    "bcrp",
    "oatp1b1",
    "oatp1b3",
    "oct2",
    "mate1",
    "mate2k",
    "oat1",
    "oat3",
]
EFFECTS = ["qt-prolongation", "bleeding", "serotonergic", "cns-depression", "nephrotoxicity", "hyperkalaemia"]
REFERENCES = 100
CLASSES = 100


def _dump(path: Path, data) -> None:
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def generate(out: Path, drugs: int, roles_per_drug: int, seed: int = 1) -> None:
    """Write a knowledge directory with `drugs` drugs and `drugs * roles_per_drug` role edges."""
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    (out / "drugs").mkdir(parents=True)
    refs = [f"ref-{i:04d}" for i in range(REFERENCES)]
    added = "2026-01-01"
    _dump(out / "meta.yaml", {"name": "synthetic", "released": added, "licence": "CC0-1.0"})
    _dump(
        out / "references.yaml",
        [
            {
                "id": r,
                "type": "article",
                "authors": ["Synth A"],
                "title": f"Study {r}",
                "journal": "J Synth",
                "year": 2020,
                "volume": "1",
                "pages": "1-2",
            }
            for r in refs
        ],
    )
    _dump(
        out / "enzymes.yaml",
        [{"id": e, "name": e.upper(), "kind": "enzyme", "refs": [refs[0]], "added": added} for e in ENZYMES],
    )
    _dump(
        out / "effects.yaml",
        [
            {
                "id": e,
                "name": e.replace("-", " ").title(),
                "summary": "Adds up.",
                "management": "Monitor.",
                "severity": {"high": "major", "moderate": "moderate"},
                "refs": [refs[1]],
                "added": added,
            }
            for e in EFFECTS
        ],
    )
    _dump(out / "conditions.yaml", [])
    _dump(
        out / "classes.yaml",
        [{"id": f"class-{i:03d}", "name": f"Class {i}", "refs": [refs[2]], "added": added} for i in range(CLASSES)],
    )
    interactions = []
    for index in range(drugs):
        drug_id = f"synth-{index:05d}"
        pairs = rng.sample([(e, r) for e in ENZYMES for r in ("substrate", "inhibitor", "inducer")], roles_per_drug)
        roles = []
        for enzyme, role in pairs:
            strengths = SUBSTRATE_STRENGTHS[:3] if role == "substrate" else PERPETRATOR_STRENGTHS[:3]
            roles.append(
                {"enzyme": enzyme, "role": role, "strength": rng.choice(strengths), "refs": [rng.choice(refs)]}
            )
        record = {
            "id": drug_id,
            "name": f"Synthamide {index}",
            "kind": "drug",
            "added": added,
            "refs": [rng.choice(refs)],
            "names": [
                {"name": f"SYN-{index:05d}", "kind": "research-code"},
                {"name": f"Synthabrand {index}", "kind": "brand"},
            ],
            "classes": [f"class-{rng.randrange(CLASSES):03d}"],
            "enzyme_profile": "assessed",
            "enzymes": roles,
            "effects": [
                {"effect": rng.choice(EFFECTS), "level": rng.choice(EFFECT_LEVELS), "refs": [rng.choice(refs)]}
            ],
        }
        _dump(out / "drugs" / f"{drug_id}.yaml", record)
        if index % 10 == 1:
            interactions.append(
                {
                    "id": f"synth-curated-{index:05d}",
                    "perpetrator": drug_id,
                    "victim": f"synth-{index - 1:05d}",
                    "severity": "major",
                    "evidence": "established",
                    "mechanism": {"type": "other"},
                    "summary": "Documented.",
                    "management": "Avoid.",
                    "refs": [rng.choice(refs)],
                    "added": added,
                }
            )
    _dump(out / "interactions.yaml", interactions)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drugs", type=int, default=10_000)
    parser.add_argument("--roles-per-drug", type=int, default=10)
    parser.add_argument("--out", type=Path, default=Path("bench/generated/kb-10000"))
    args = parser.parse_args()
    generate(args.out, args.drugs, args.roles_per_drug)
    print(f"wrote {args.drugs} drugs, {args.drugs * args.roles_per_drug} role edges to {args.out}")


if __name__ == "__main__":
    main()
