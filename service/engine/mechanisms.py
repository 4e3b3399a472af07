"""Find every mechanism by which two drugs interact, each with its path and references.

Each finder looks at one pair through the precomputed indices: the cost of a check grows with the
list and its findings, never with the size of the knowledge.
"""

from __future__ import annotations

from typing import Any

from service.engine.explain import enzyme_management, enzyme_summary
from service.engine.labels import apply_label, effect_label_grades, role_label_grades
from service.engine.prediction import mechanism_prediction, model_severity, observed
from service.engine.references import cited
from service.engine.severity import predicted_severity, severity_basis
from service.kb.indices import pair_key
from service.kb.infusion import OBSERVATION_CONDITIONS
from service.kb.knowledge import Knowledge
from service.kb.vocabulary import EFFECT_LEVELS

Mechanism = dict[str, Any]


def enzyme_mechanisms(kb: Knowledge, perpetrator: str, victim: str) -> list[Mechanism]:
    """Return predicted pharmacokinetic mechanisms: `perpetrator` acting on an enzyme `victim` depends on."""
    victim_roles = kb.indices.roles.get(victim, {})
    found = []
    for (enzyme, role), fact in kb.indices.roles.get(perpetrator, {}).items():
        if role == "substrate":
            continue
        substrate = victim_roles.get((enzyme, "substrate"))
        if substrate is not None:
            found.append(_enzyme_mechanism(kb, perpetrator, victim, enzyme, role, fact, substrate))
    return found


def therapeutic_index(drug: dict[str, Any]) -> str:
    """Return `narrow`, `wide` or `standard` from a drug record's flags."""
    if drug["narrow_therapeutic_index"]:
        return "narrow"
    return "wide" if drug["wide_therapeutic_index"] else "standard"


def _enzyme_mechanism(kb: Knowledge, perpetrator, victim, enzyme, role, fact, substrate) -> Mechanism:
    enzyme_record = kb.records.enzymes[enzyme]
    transporter = enzyme_record["kind"] == "transporter"
    victim_record = kb.records.drugs[victim]
    rises = role == "inhibitor"
    if substrate.activates:  # a prodrug: blocking its activation lowers the active drug
        rises = not rises
    index = therapeutic_index(victim_record)
    prediction = None if substrate.activates else mechanism_prediction(kb, perpetrator, victim, enzyme, role)
    predicted, model_refs = prediction if prediction is not None else (None, [])
    if predicted is None:
        severity = predicted_severity(fact.strength, substrate.strength, index, rises)
        basis = severity_basis(fact.strength, role, substrate.strength, index, rises)
    else:
        severity, basis = model_severity(predicted, index)
    direction = "increases" if rises else "decreases"
    kind = "transporter" if transporter else "enzyme"
    names = kb.drug_name(perpetrator), kb.drug_name(victim), enzyme_record["name"]
    mechanism = {
        "type": f"{kind}-{'inhibition' if role == 'inhibitor' else 'induction'}",
        "source": "predicted",
        "enzyme": enzyme_record["name"],
        "enzyme_id": enzyme,
        "perpetrator": perpetrator,
        "victim": victim,
        "direction": direction,
        "path": [perpetrator, enzyme_record["name"], victim],
        "edges": [
            {
                "from": perpetrator,
                "relation": "inhibits" if role == "inhibitor" else "induces",
                "to": enzyme_record["name"],
                "strength": fact.strength,
                "via": fact.source,
            },
            {
                "from": victim,
                "relation": "substrate_of",
                "to": enzyme_record["name"],
                "strength": substrate.strength,
                "via": substrate.source,
            },
        ],
        "severity": severity,
        "severity_basis": basis,
        "basis": "class-matrix" if predicted is None else "model",
        "evidence": "predicted",
        "summary": enzyme_summary(
            names[0], names[1], names[2], role, fact.strength, substrate.strength, transporter, substrate.activates
        ),
        "management": enzyme_management(names[0], names[1], direction, severity),
        "refs": cited(fact.refs, substrate.refs),
    }
    if predicted is not None:
        mechanism["predicted_auc_ratio"] = predicted.as_dict()
    seen = observed(kb, perpetrator, victim)
    if seen is not None:
        mechanism["observed_auc_ratio"] = seen
    mechanism["refs"] = cited(mechanism["refs"], model_refs, seen["refs"] if seen else ())
    return apply_label(mechanism, role_label_grades(perpetrator, fact, victim, substrate, role), kb.drug_name)


def effect_mechanisms(kb: Knowledge, first: str, second: str) -> list[Mechanism]:
    """Return pharmacodynamic mechanisms: an effect both drugs share, or two effects that act together."""
    effects_a, effects_b = kb.indices.effects.get(first, {}), kb.indices.effects.get(second, {})
    found: list[Mechanism] = []
    for effect in sorted(effects_a.keys() & effects_b.keys()):
        record = kb.records.effects[effect]
        found += _effect_mechanism(kb, record, record, (first, effects_a[effect]), (second, effects_b[effect]))
    for carrier, partner, carrier_effects, partner_effects in (
        (first, second, effects_a, effects_b),
        (second, first, effects_b, effects_a),
    ):
        for effect, fact in sorted(carrier_effects.items()):
            record = kb.records.effects[effect]
            for pairing in record["pairs_with"]:
                if pairing["effect"] in partner_effects:
                    found += _effect_mechanism(
                        kb, record, pairing, (carrier, fact), (partner, partner_effects[pairing["effect"]])
                    )
    return found


def _effect_mechanism(kb: Knowledge, record: dict, policy: dict, one: tuple, other: tuple) -> list[Mechanism]:
    """Return the finding of two drugs through one effect (`policy` is the effect or its pairing), if graded.

    `one` and `other` are (drug, EffectFact); the drugs' labels may raise the policy's grade.
    """
    (first, fact_a), (second, fact_b) = one, other
    partner_record = kb.records.effects[fact_b.effect]
    lower = max(fact_a.level, fact_b.level, key=EFFECT_LEVELS.index)
    grades = [
        *effect_label_grades(first, fact_a, fact_b.level, partner_record["name"], fact_b.effect),
        *effect_label_grades(second, fact_b, fact_a.level, record["name"], fact_a.effect),
    ]
    severity = policy["severity"].get(lower)
    if severity is None and not grades:
        return []
    shared = fact_a.effect == fact_b.effect
    a_name, b_name = kb.drug_name(first), kb.drug_name(second)
    if shared:
        described = f"both cause {record['name'].lower()} ({a_name} {fact_a.level}, {b_name} {fact_b.level})"
        summary = f"{a_name} and {b_name} both cause {record['name'].lower()}. {record['summary']}"
    else:
        described = (
            f"{a_name} causes {record['name'].lower()} ({fact_a.level}), "
            f"{b_name} {partner_record['name'].lower()} ({fact_b.level})"
        )
        summary = f"{a_name}: {record['name'].lower()}; {b_name}: {partner_record['name'].lower()}. {policy['summary']}"
    basis = (
        f"{described}; at the lower level, {lower}, the effect is graded {severity}"
        if severity is not None
        else f"{described}; the effect alone grades no finding at the lower level, {lower}"
    )
    mechanism = {
        "type": "additive-effect",
        "source": "predicted",
        "effect": record["name"] if shared else f"{record['name']} with {partner_record['name'].lower()}",
        "effect_id": record["id"] if shared else f"{record['id']}+{partner_record['id']}",
        "drugs": [first, second],
        "path": [first, record["name"], second] if shared else [first, record["name"], partner_record["name"], second],
        "edges": [
            {"from": first, "relation": "causes", "to": record["name"], "level": fact_a.level, "via": fact_a.source},
            {
                "from": second,
                "relation": "causes",
                "to": partner_record["name"],
                "level": fact_b.level,
                "via": fact_b.source,
            },
        ],
        "severity": severity or "minor",
        "severity_basis": basis,
        "evidence": "predicted",
        "summary": summary,
        "management": policy["management"],
        "refs": cited(fact_a.refs, fact_b.refs, policy["refs"]),
    }
    if severity is None:  # only a label grades it: the label alone decides
        best = apply_label({**mechanism, "severity": "minor"}, grades, kb.drug_name)
        return [best]
    return [apply_label(mechanism, grades, kb.drug_name)]


def curated_mechanisms(kb: Knowledge, first: str, second: str) -> list[Mechanism]:
    """Return the documented interactions between two drugs (classes already expanded)."""
    facts = kb.indices.curated.get(pair_key(first, second), ())
    # A record naming the drug itself speaks more precisely than one about its class, so for the
    # same perpetrator, victim and route only the most specific records are kept.
    best: dict[tuple, int] = {}
    for fact in facts:
        key = _curated_route(fact)
        best[key] = max(best.get(key, 0), fact.specificity)
    return [
        _curated_mechanism(kb, fact, first, second) for fact in facts if fact.specificity == best[_curated_route(fact)]
    ]


def _curated_route(fact) -> tuple:
    mechanism = fact.record["mechanism"]
    return (
        fact.perpetrator,
        fact.victim,
        mechanism["type"],
        mechanism.get("enzyme"),
        mechanism.get("effect"),
        mechanism.get("direction"),
    )


def _curated_mechanism(kb: Knowledge, fact, first: str, second: str) -> Mechanism:
    record, mechanism = fact.record, fact.record["mechanism"]
    result: Mechanism = {"type": mechanism["type"], "source": "curated", "curated_id": record["id"]}
    if "enzyme" in mechanism:
        result["enzyme"] = kb.enzyme_name(mechanism["enzyme"])
        result["enzyme_id"] = mechanism["enzyme"]
    if "effect" in mechanism:
        result["effect"] = kb.records.effects[mechanism["effect"]]["name"]
        result["effect_id"] = mechanism["effect"]
    if fact.perpetrator:
        result["perpetrator"], result["victim"] = fact.perpetrator, fact.victim
        middle = result.get("enzyme") or result.get("effect")
        result["path"] = [fact.perpetrator, middle, fact.victim] if middle else [fact.perpetrator, fact.victim]
    else:
        result["drugs"] = [first, second]
        middle = result.get("effect") or result.get("enzyme")
        result["path"] = [first, middle, second] if middle else [first, second]
    if "direction" in mechanism:
        result["direction"] = mechanism["direction"]
    result["severity"] = record["severity"]
    result["severity_basis"] = f"as documented in curated record {record['id']}"
    result.update({key: record[key] for key in ("evidence", "summary", "management", "figures") if key in record})
    if "note" in mechanism:
        result["note"] = mechanism["note"]
    result["refs"] = cited(record["refs"])
    return result


def compatibility_mechanisms(kb: Knowledge, first: str, second: str) -> list[Mechanism]:
    """Return IV incompatibilities, and compatibilities only within limits, recorded for two drugs."""
    found: list[Mechanism] = []
    for record in kb.indices.compatibility.get(pair_key(first, second), ()):
        if record["result"] == "compatible":
            continue
        conditions = {k: record[k] for k in (*OBSERVATION_CONDITIONS, "visible") if k in record}
        found.append(
            {
                "type": f"{record['type']}-incompatibility",
                "source": "compatibility",
                "compatibility_id": record["id"],
                "drugs": [first, second],
                "path": [first, record["type"], second],
                "result": record["result"],
                "conditions": conditions,
                "severity": record.get("severity", "moderate"),
                "severity_basis": f"as recorded for IV observation {record['id']} ({record['result']})",
                "evidence": "established",
                "summary": record["observation"],
                "management": record.get(
                    "management", "Do not mix or co-administer through the same line; flush between."
                ),
                "refs": cited(record["refs"]),
            }
        )
    return found
