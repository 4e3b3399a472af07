"""Read-only views of the knowledge for lookup: a drug, an enzyme, a search, the statistics.

These are what `GET /v1/drugs/...`, `GET /v1/enzymes/...` and `ddi drug` show; they read the
records and indices, never the raw graph.
"""

from __future__ import annotations

import functools
from collections import Counter, defaultdict
from typing import Any

from service.kb.indices import pair_key
from service.kb.knowledge import Knowledge
from service.kb.vocabulary import PERPETRATOR_STRENGTHS, SUBSTRATE_STRENGTHS


class UnknownRecord(LookupError):
    """A drug or enzyme id that the knowledge does not hold."""

    def __init__(self, kind: str, record_id: str, suggestions: list[str] | None = None):
        self.kind, self.record_id, self.suggestions = kind, record_id, suggestions or []
        super().__init__(f"no {kind} with id '{record_id}'")


def _role_view(kb: Knowledge, fact) -> dict[str, Any]:
    view = {
        "enzyme": fact.enzyme,
        "enzyme_name": kb.enzyme_name(fact.enzyme),
        "role": fact.role,
        "strength": fact.strength,
        "source": fact.source,
        "references": kb.references(fact.refs),
    }
    for key in ("fm", "auc_ratio", "note"):
        if getattr(fact, key) is not None:
            view[key] = getattr(fact, key)
    if fact.activates:
        view["activates"] = True
    if fact.label is not None:
        view["label"] = _label_view(kb, fact.label)
    return view


def _label_view(kb: Knowledge, rule: dict[str, Any]) -> dict[str, Any]:
    """Return a label rule (or review) with its references resolved."""
    return {key: value for key, value in rule.items() if key != "refs"} | {"references": kb.references(rule["refs"])}


def label_review_date(drug: dict[str, Any]) -> str | None:
    """Return the ISO date a drug's labels were last reviewed for interactions, or None if never."""
    review = drug.get("label_review")
    return review["date"].isoformat() if review else None


def drug_view(kb: Knowledge, drug_id: str) -> dict[str, Any]:
    """Return everything the knowledge holds on one drug, with references resolved."""
    drug = kb.records.drugs.get(drug_id)
    if drug is None:
        raise UnknownRecord("drug", drug_id, kb.resolver.suggest(drug_id))
    roles = sorted(kb.indices.roles.get(drug_id, {}).values(), key=lambda f: (f.enzyme, f.role))
    effects = sorted(kb.indices.effects.get(drug_id, {}).values(), key=lambda f: f.effect)
    documented = [
        {"id": fact.record["id"], "with": other, "severity": fact.record["severity"], "summary": fact.record["summary"]}
        for other in sorted(kb.indices.partners.get(drug_id, ()))
        for fact in kb.indices.curated.get(pair_key(drug_id, other), ())
    ]
    compatibility = [
        {
            key: record[key]
            for key in (
                "id",
                "type",
                "drugs",
                "result",
                "diluents",
                "containers",
                "detail",
                "concentrations",
                "contact_time",
                "temperature",
                "limits",
                "seen",
                "observation",
                "management",
            )
            if key in record
        }
        | {"references": kb.references(record["refs"])}
        for record in kb.records.compatibility.values()
        if drug_id in record["drugs"]
    ]
    view = {
        "id": drug_id,
        "name": drug["name"],
        "kind": drug["kind"],
        "description": drug.get("description"),
        "names": drug["names"],
        "salts": [
            {k: v for k, v in salt.items() if k != "refs"} | {"references": kb.references(salt["refs"])}
            for salt in drug["salts"]
        ],
        "codes": {"cas": drug["cas"], "atc": drug["atc"], "rxcui": drug["rxcui"]},
        "classes": [{"id": c, "name": kb.records.classes[c]["name"]} for c in drug["classes"]],
        "narrow_therapeutic_index": drug["narrow_therapeutic_index"],
        "wide_therapeutic_index": drug["wide_therapeutic_index"],
        "enzyme_profile": drug["enzyme_profile"],
        "enzymes": [_role_view(kb, fact) for fact in roles],
        "effects": [
            {
                "effect": f.effect,
                "name": kb.records.effects[f.effect]["name"],
                "level": f.level,
                "source": f.source,
                "references": kb.references(f.refs),
            }
            | ({"label": _label_view(kb, f.label)} if f.label is not None else {})
            for f in effects
        ],
        "pharmacokinetics": _with_references(kb, drug.get("pharmacokinetics")),
        "dosing": [_with_references(kb, d) for d in drug["dosing"]],
        "precautions": [_with_references(kb, p) for p in drug["precautions"]],
        "interactions": documented,
        "compatibility": compatibility,
        "references": kb.references(drug["refs"]),
        "label_review": _label_view(kb, drug["label_review"]) | {"date": label_review_date(drug)}
        if "label_review" in drug
        else None,
        "added": drug["added"].isoformat(),
    }
    if "changed" in drug:
        view["changed"] = drug["changed"].isoformat()
    return {key: value for key, value in view.items() if value is not None}


def _with_references(kb: Knowledge, record: dict | None) -> dict | None:
    if record is None:
        return None
    return {k: v for k, v in record.items() if k != "refs"} | {"references": kb.references(record["refs"])}


def enzyme_view(kb: Knowledge, enzyme_id: str) -> dict[str, Any]:
    """Return an enzyme or transporter with its substrates, inhibitors and inducers by strength."""
    enzyme = kb.records.enzymes.get(enzyme_id)
    if enzyme is None:
        raise UnknownRecord("enzyme", enzyme_id, [e for e in kb.records.enzymes if enzyme_id.lower() in e])
    grouped: dict[str, dict[str, list[str]]] = {
        "substrates": defaultdict(list),
        "inhibitors": defaultdict(list),
        "inducers": defaultdict(list),
    }
    # The per-enzyme lists of the indices name the drugs; their facts give the strengths.
    for drug_id in kb.indices.substrates.get(enzyme_id, ()):
        grouped["substrates"][kb.indices.roles[drug_id][(enzyme_id, "substrate")].strength].append(drug_id)
    for drug_id in dict.fromkeys(kb.indices.perpetrators.get(enzyme_id, ())):
        for role in ("inhibitor", "inducer"):
            fact = kb.indices.roles[drug_id].get((enzyme_id, role))
            if fact is not None:
                grouped[f"{role}s"][fact.strength].append(drug_id)
    order = {"substrates": SUBSTRATE_STRENGTHS, "inhibitors": PERPETRATOR_STRENGTHS, "inducers": PERPETRATOR_STRENGTHS}
    view = {key: value for key, value in enzyme.items() if key not in ("refs", "added", "changed")}
    view["references"] = kb.references(enzyme["refs"])
    for group, by_strength in grouped.items():
        view[group] = {
            strength: sorted(by_strength[strength]) for strength in order[group] if by_strength.get(strength)
        }
    return view


def search_drugs(kb: Knowledge, query: str, limit: int = 20) -> list[dict[str, Any]]:
    """Return drugs and combination products matching a name or code, best first, with the name that matched.

    A combination product comes back under its own name with its `ingredients`: sending that name
    to a check brings in every ingredient.
    """
    results = [
        {"id": drug_id, "name": kb.drug_name(drug_id), "matched_name": matched, "score": round(score, 1)}
        for drug_id, matched, score in kb.resolver.search(query, limit)
    ]
    results += [
        {"name": name, "matched_name": name, "score": round(score, 1), "ingredients": ingredients}
        for name, ingredients, score in kb.resolver.search_products(query, limit)
    ]
    results.sort(key=lambda r: -r["score"])
    return results[:limit]


@functools.lru_cache(maxsize=8)
def knowledge_stats(kb: Knowledge) -> dict[str, Any]:
    """Return counts that show what the knowledge covers, and where it has gaps.

    Computed once per knowledge, which never changes once loaded; the answer is shared and read-only.
    """
    records = kb.records
    by_enzyme: dict[str, Counter] = defaultdict(Counter)
    for roles in kb.indices.roles.values():
        for (enzyme, role), fact in roles.items():
            by_enzyme[enzyme][f"{role}:{fact.strength}"] += 1
    not_assessed = sorted(d for d, r in records.drugs.items() if r["enzyme_profile"] == "not-assessed")
    kinds = Counter(r["kind"] for r in records.drugs.values())
    reviewed = {drug_id: label_review_date(record) for drug_id, record in sorted(records.drugs.items())}
    return {
        "knowledge_version": kb.version,
        "released": records.meta.get("released").isoformat() if records.meta.get("released") else None,
        "counts": {
            "drugs": len(records.drugs),
            "drugs_by_kind": dict(sorted(kinds.items())),
            "enzymes": len(records.enzymes),
            "classes": len(records.classes),
            "effects": len(records.effects),
            "conditions": len(records.conditions),
            "curated_interactions": len(records.interactions),
            "curated_pairs": len(kb.indices.curated),
            "compatibility_observations": len(records.compatibility),
            "combination_products": len(records.products),
            "references": len(records.references),
            "names": sum(len(r["names"]) + len(r["salts"]) + 1 for r in records.drugs.values()),
        },
        "roles_by_enzyme": {e: dict(sorted(c.items())) for e, c in sorted(by_enzyme.items())},
        "drugs_without_references": sorted(d for d, r in records.drugs.items() if not r["refs"]),
        "drugs_not_assessed": not_assessed,
        "pairs_not_assessable": sum(len(records.drugs) - 1 - i for i in range(len(not_assessed))),
        "sources": sorted({r["type"] for r in records.references.values()}),
        "label_review": {
            "reviewed": sum(1 for date in reviewed.values() if date),
            "not_reviewed": sum(1 for date in reviewed.values() if not date),
            "by_drug": reviewed,
        },
    }
