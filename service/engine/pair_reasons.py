"""Say why a pair of drugs was or was not flagged: every reason, structured, with a sentence each.

A prescriber who sees no alert needs to know whether the knowledge looked and found nothing, found
something too small to flag, cannot look (a profile not assessed), or found a documented record
that replaced the prediction. The reasons are read from the same finders the check uses, so the
explanation never disagrees with the check.
"""

from __future__ import annotations

from typing import Any

from service.engine.mechanisms import curated_mechanisms, effect_mechanisms, enzyme_mechanisms
from service.engine.pairs import PAIRS, _mechanism_key
from service.engine.severity import SEVERITY_MATRIX, at_least
from service.kb.indices import pair_key
from service.kb.knowledge import Knowledge
from service.kb.vocabulary import EFFECT_LEVELS

FLAG_THRESHOLD = "moderate"
"""The least severity a prescriber is asked to act on; a minor finding is below it."""

REASON_KINDS = (
    "finding",
    "superseded",
    "filtered",
    "below-threshold",
    "shared-route-only",
    "no-shared-pathway",
    "not-assessed",
)


def grade_route(mechanism: dict[str, Any]) -> str:
    """Return what graded a mechanism: a curated record, a label rule, the class matrix or an effect policy."""
    if mechanism["source"] == "curated":
        return "curated-record"
    if mechanism["source"] == "compatibility":
        return "iv-record"
    basis = mechanism["severity_basis"]
    if "; label of " in basis and "kept at the more cautious" not in basis:
        return "label-rule"
    return "effect-policy" if mechanism["type"] == "additive-effect" else "class-matrix"


_ROUTE_WORDS = {
    "curated-record": "a curated record",
    "iv-record": "a recorded IV observation",
    "label-rule": "a product label's rule",
    "class-matrix": "the FDA class matrix",
    "effect-policy": "the shared effect's policy",
}


def explain_pair(kb: Knowledge, first: str, second: str, min_severity: str = "minor") -> dict[str, Any]:
    """Return the reasons two resolved drugs (distinct ids) were or were not flagged at `min_severity`."""
    a, b = pair_key(first, second)
    findings = [finding for _, _, finding in PAIRS.ranked(kb, a, b)]
    reasons: list[dict[str, Any]] = []
    for finding in findings:
        reasons += [_finding_reason(kb, finding, m) for m in finding["mechanisms"]]
    reasons += _superseded(kb, a, b)
    reasons += [_filtered(kb, f, min_severity) for f in findings if not at_least(f["severity"], min_severity)]
    reasons += _below_threshold(kb, a, b, findings)
    shared = _shared_routes(kb, a, b)
    reasons += [_shared_route_only(kb, a, b, enzyme) for enzyme in shared["inert"]]
    if not findings and not shared["any"]:
        reasons.append(_no_shared_pathway(kb, a, b))
    reasons += [_not_assessed(kb, d) for d in (a, b) if kb.records.drugs[d]["enzyme_profile"] == "not-assessed"]
    shown = [f for f in findings if at_least(f["severity"], min_severity)]
    return {
        "knowledge_version": kb.version,
        "drugs": [a, b],
        "min_severity": min_severity,
        "flagged": bool(shown),
        "severity": shown[0]["severity"] if shown else None,
        "reasons": reasons,
    }


def _finding_reason(kb: Knowledge, finding: dict[str, Any], mechanism: dict[str, Any]) -> dict[str, Any]:
    route = grade_route(mechanism)
    path = " -> ".join(_label(kb, step) for step in mechanism["path"])
    reason = {
        "kind": "finding",
        "finding": finding["id"],
        "severity": mechanism["severity"],
        "grade_route": route,
        "path": list(mechanism["path"]),
        "severity_basis": mechanism["severity_basis"],
        "sentence": f"Flagged {mechanism['severity']} ({path}), graded by {_ROUTE_WORDS[route]}: "
        f"{mechanism['severity_basis']}.",
    }
    if "curated_id" in mechanism:
        reason["curated_id"] = mechanism["curated_id"]
    if "perpetrator" in mechanism and mechanism["source"] == "predicted":
        reason["predicted_auc_ratio"] = mechanism.get("predicted_auc_ratio")
    return reason


def _label(kb: Knowledge, step: str) -> str:
    return kb.drug_name(step) if step in kb.records.drugs else step


def _superseded(kb: Knowledge, a: str, b: str) -> list[dict[str, Any]]:
    """Return the predictions a curated record for the same route replaced, naming the record."""
    predicted = [*enzyme_mechanisms(kb, a, b), *enzyme_mechanisms(kb, b, a), *effect_mechanisms(kb, a, b)]
    curated = {_mechanism_key(m): m for m in curated_mechanisms(kb, a, b)}
    reasons = []
    for mechanism in predicted:
        record = curated.get(_mechanism_key(mechanism))
        if record is None:
            continue
        path = " -> ".join(_label(kb, step) for step in mechanism["path"])
        reasons.append(
            {
                "kind": "superseded",
                "path": list(mechanism["path"]),
                "predicted_severity": mechanism["severity"],
                "severity_basis": mechanism["severity_basis"],
                "curated_id": record["curated_id"],
                "severity": record["severity"],
                "predicted_auc_ratio": mechanism.get("predicted_auc_ratio"),
                "sentence": f"The prediction {path} ({mechanism['severity']}: {mechanism['severity_basis']}) is "
                f"replaced by curated record {record['curated_id']}, which grades it {record['severity']}.",
            }
        )
    return reasons


def _filtered(kb: Knowledge, finding: dict[str, Any], min_severity: str) -> dict[str, Any]:
    return {
        "kind": "filtered",
        "finding": finding["id"],
        "severity": finding["severity"],
        "min_severity": min_severity,
        "sentence": f"The {finding['severity']} {finding['kind']} finding {finding['id']} is hidden at "
        f"min_severity={min_severity}; ask with min_severity={finding['severity']} or lower to see it.",
    }


def _below_threshold(kb: Knowledge, a: str, b: str, findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return shared routes graded below `FLAG_THRESHOLD`: minor predictions, and effects graded nothing."""
    reasons = []
    for finding in findings:
        for m in finding["mechanisms"]:
            if m["source"] == "predicted" and "perpetrator" in m and not at_least(m["severity"], FLAG_THRESHOLD):
                reasons.append(_minor_enzyme(kb, m))
    effects_a, effects_b = kb.indices.effects.get(a, {}), kb.indices.effects.get(b, {})
    graded = {m.get("effect_id") for f in findings for m in f["mechanisms"]}
    for effect in sorted(effects_a.keys() & effects_b.keys()):
        if effect in graded:
            continue
        record = kb.records.effects[effect]
        levels = effects_a[effect].level, effects_b[effect].level
        lower = max(levels, key=EFFECT_LEVELS.index)
        reasons.append(
            {
                "kind": "below-threshold",
                "route": "effect",
                "effect": record["name"],
                "levels": {a: levels[0], b: levels[1]},
                "policy": dict(record["severity"]),
                "severity": None,
                "sentence": f"Both cause {record['name'].lower()} ({kb.drug_name(a)} {levels[0]}, "
                f"{kb.drug_name(b)} {levels[1]}), but the effect's policy grades nothing at the lower level, {lower}.",
            }
        )
    return reasons


def _minor_enzyme(kb: Knowledge, mechanism: dict[str, Any]) -> dict[str, Any]:
    acting, substrate = mechanism["edges"]
    role = "inhibitor" if acting["relation"] == "inhibits" else "inducer"
    cell = SEVERITY_MATRIX[(acting["strength"], substrate["strength"])]
    perpetrator, victim = kb.drug_name(mechanism["perpetrator"]), kb.drug_name(mechanism["victim"])
    return {
        "kind": "below-threshold",
        "route": "enzyme",
        "enzyme": mechanism["enzyme"],
        "perpetrator": {"drug": mechanism["perpetrator"], "role": role, "strength": acting["strength"]},
        "victim": {"drug": mechanism["victim"], "role": "substrate", "strength": substrate["strength"]},
        "matrix_cell": {"perpetrator": acting["strength"], "victim": substrate["strength"], "severity": cell},
        "severity": mechanism["severity"],
        "predicted_auc_ratio": mechanism.get("predicted_auc_ratio"),
        "sentence": f"{perpetrator} is a {acting['strength']} {mechanism['enzyme']} {role} and {victim} a "
        f"{substrate['strength']} substrate: the matrix cell gives {cell}, below the {FLAG_THRESHOLD} "
        f"threshold ({mechanism['severity_basis']}).",
    }


def _shared_routes(kb: Knowledge, a: str, b: str) -> dict[str, Any]:
    """Return whether the two share any enzyme or effect, and the enzymes where neither acts on the other."""
    roles_a, roles_b = kb.indices.roles.get(a, {}), kb.indices.roles.get(b, {})
    enzymes_a, enzymes_b = {e for e, _ in roles_a}, {e for e, _ in roles_b}
    inert = []
    for enzyme in sorted(enzymes_a & enzymes_b):
        acts = any(
            (enzyme, role) in mine and (enzyme, "substrate") in theirs
            for mine, theirs in ((roles_a, roles_b), (roles_b, roles_a))
            for role in ("inhibitor", "inducer")
        )
        if not acts:
            inert.append(enzyme)
    effects = kb.indices.effects.get(a, {}).keys() & kb.indices.effects.get(b, {}).keys()
    return {"any": bool(enzymes_a & enzymes_b or effects), "inert": inert}


def _shared_route_only(kb: Knowledge, a: str, b: str, enzyme: str) -> dict[str, Any]:
    roles = {
        drug: [
            {"role": role, "strength": fact.strength}
            for (e, role), fact in sorted(kb.indices.roles.get(drug, {}).items())
            if e == enzyme
        ]
        for drug in (a, b)
    }
    words = "; ".join(
        f"{kb.drug_name(d)}: " + ", ".join(f"{r['strength']} {r['role']}" for r in roles[d]) for d in (a, b)
    )
    name = kb.enzyme_name(enzyme)
    return {
        "kind": "shared-route-only",
        "enzyme": name,
        "roles": roles,
        "sentence": f"Both use {name} ({words}), but neither inhibits or induces it while the other depends on it.",
    }


def drug_profile(kb: Knowledge, drug: str) -> dict[str, Any]:
    """Return a drug's enzyme and transporter roles and its effects, as the explanation lists them."""
    return {
        "drug": drug,
        "enzyme_profile": kb.records.drugs[drug]["enzyme_profile"],
        "pathways": [
            {"enzyme": kb.enzyme_name(enzyme), "role": role, "strength": fact.strength}
            for (enzyme, role), fact in sorted(kb.indices.roles.get(drug, {}).items())
        ],
        "effects": [
            {"effect": kb.records.effects[effect]["name"], "level": fact.level}
            for effect, fact in sorted(kb.indices.effects.get(drug, {}).items())
        ],
    }


def _no_shared_pathway(kb: Knowledge, a: str, b: str) -> dict[str, Any]:
    profiles = [drug_profile(kb, d) for d in (a, b)]

    def listed(profile: dict[str, Any]) -> str:
        routes = [f"{p['enzyme']} {p['role']} ({p['strength']})" for p in profile["pathways"]]
        routes += [f"{e['effect'].lower()} ({e['level']})" for e in profile["effects"]]
        return f"{kb.drug_name(profile['drug'])}: {', '.join(routes) or 'none recorded'}"

    return {
        "kind": "no-shared-pathway",
        "profiles": profiles,
        "sentence": "No enzyme, transporter or effect is shared and no record names the pair ("
        + "; ".join(listed(p) for p in profiles)
        + ").",
    }


def _not_assessed(kb: Knowledge, drug: str) -> dict[str, Any]:
    return {
        "kind": "not-assessed",
        "drug": drug,
        "enzyme_profile": "not-assessed",
        "sentence": f"{kb.drug_name(drug)}'s enzyme and transporter profile has not been assessed: the absence "
        "of a pharmacokinetic finding with it means nothing.",
    }
