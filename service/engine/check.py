"""Check a medication list: resolve it, find every interaction, and explain each one.

`check_medications` returns the result the API serialises as it is.
"""

from __future__ import annotations

from collections import defaultdict
from operator import itemgetter
from typing import Any

from service.engine.alternatives import alternatives_section
from service.engine.pairs import PAIRS, RolesOnList, roles_on_list
from service.engine.references import bibliography
from service.engine.regimen import regimen_exposure
from service.engine.resolve import resolve_medications
from service.kb.knowledge import Knowledge
from service.kb.vocabulary import severity_rank


def check_medications(
    kb: Knowledge,
    medications: list,
    *,
    min_severity: str = "minor",
    conditions: list | None = None,
    alternatives: bool = True,
) -> dict[str, Any]:
    """Return the full answer for a medication list (and optional patient conditions).

    With `alternatives`, each moderate-or-worse finding gets same-class drugs to consider instead.

    A condition is a name or recorded text, `{"name": ...}`, or a code `{"system": "snomed|icd10", "code": ...}`.
    """
    resolved = resolve_medications(kb, medications)
    drugs = resolved.drugs
    on_list = roles_on_list(kb, drugs)
    interactions = find_interactions(kb, drugs, on_list, min_severity)
    exposure = regimen_exposure(kb, drugs, on_list)
    result: dict[str, Any] = {
        "knowledge_version": kb.version,
        "complete": not resolved.unrecognized,
        "medications": resolved.medications,
        "unrecognized": resolved.unrecognized,
        "interactions": interactions,
        "cumulative": cumulative_effects(kb, drugs, on_list),
        "exposure": exposure,
        "duplicates": _duplicates(resolved.medications),
        "not_assessed": _not_assessed(kb, drugs),
        "min_severity": min_severity,
    }
    if conditions is not None:
        result.update(_precautions(kb, drugs, conditions))
    if alternatives:
        result["alternatives"] = alternatives_section(kb, drugs, interactions)
    result["references"] = bibliography(kb, interactions, exposure, result.get("precautions", ()))
    return result


def find_interactions(
    kb: Knowledge, drugs: list[str], on_list: RolesOnList | None = None, min_severity: str = "minor"
) -> list[dict[str, Any]]:
    """Return the interactions among resolved drugs at `min_severity` or above, most severe first."""
    threshold = severity_rank(min_severity)
    found = [entry for entry in PAIRS.among(kb, drugs, on_list) if entry[0] <= threshold]
    found.sort(key=itemgetter(1))
    return [interaction for _, _, interaction in found]


def cumulative_effects(kb: Knowledge, drugs: list[str], on_list: RolesOnList | None = None) -> list[dict[str, Any]]:
    """Return, per victim and enzyme, several perpetrators acting together or against each other.

    Only enzymes that are a real route for the victim (sensitive or moderate substrate) are noted:
    several weak pressures on a minor pathway are noise, not news. Notes follow the list's order,
    then the enzyme's id.
    """
    acting = roles_on_list(kb, drugs) if on_list is None else on_list
    position = {drug: n for n, drug in enumerate(drugs)}
    notes = []
    for (enzyme, role), victims in acting.items():
        if role != "substrate":
            continue
        every_inhibitor, every_inducer = acting.get((enzyme, "inhibitor"), ()), acting.get((enzyme, "inducer"), ())
        if len(every_inhibitor) + len(every_inducer) < 2:
            continue  # fewer than two perpetrators on the list: nothing acts together
        for victim in victims:
            if kb.indices.roles[victim][(enzyme, role)].strength == "minor":
                continue
            inhibitors = [d for d in every_inhibitor if d != victim]
            inducers = [d for d in every_inducer if d != victim]
            if not (inhibitors and inducers) and len(inhibitors) < 2 and len(inducers) < 2:
                continue
            note = {
                "victim": victim,
                "enzyme": kb.enzyme_name(enzyme),
                "type": "opposing" if inhibitors and inducers else "additive",
                "inhibitors": inhibitors,
                "inducers": inducers,
                "summary": _cumulative_summary(kb, victim, enzyme, inhibitors, inducers),
            }
            notes.append((position[victim], enzyme, note))
    notes.sort(key=itemgetter(0, 1))
    return [note for _, _, note in notes]


def _cumulative_summary(kb: Knowledge, victim: str, enzyme: str, inhibitors: list[str], inducers: list[str]) -> str:
    victim_name, enzyme_name = kb.drug_name(victim), kb.enzyme_name(enzyme)

    def acting(ids: list[str], verb: str) -> str:
        return f"{', '.join(kb.drug_name(d) for d in ids)} {verb if len(ids) > 1 else verb + 's'}"

    if inhibitors and inducers:
        return (
            f"{victim_name}: {acting(inhibitors, 'inhibit')} and {acting(inducers, 'induce')} {enzyme_name}; "
            f"the net effect on {victim_name} exposure is hard to predict and may change when either is stopped."
        )
    several, verb, change = (inhibitors, "inhibit", "rise") if inhibitors else (inducers, "induce", "fall")
    return (
        f"{victim_name}: {len(several)} drugs on the list {verb} {enzyme_name} "
        f"({', '.join(kb.drug_name(d) for d in several)}); together they may make {victim_name} exposure "
        f"{change} more than any one pair suggests."
    )


def _duplicates(medications: list[dict[str, Any]]) -> list[dict[str, Any]]:
    inputs: dict[str, list] = defaultdict(list)
    for entry in medications:
        inputs[entry["drug"]].append(entry["input"])
    return [{"drug": drug, "inputs": given} for drug, given in inputs.items() if len(given) > 1]


def _not_assessed(kb: Knowledge, drugs: list[str]) -> list[dict[str, Any]]:
    if len(drugs) < 2:
        return []
    return [
        {
            "drug": drug,
            "reason": "its enzyme and transporter profile has not been assessed: "
            "pharmacokinetic interactions with it cannot be predicted",
        }
        for drug in drugs
        if kb.records.drugs[drug]["enzyme_profile"] == "not-assessed"
    ]


def _precautions(kb: Knowledge, drugs: list[str], conditions: list) -> dict[str, Any]:
    """Return the conditions recognised (one entry per condition an input means), the rest, and the precautions."""
    matched, unrecognized = [], []
    for given in conditions:
        found = kb.condition_resolver.resolve(given)
        matched.extend({"input": given, "condition": condition} for condition in found)
        if not found:
            unrecognized.append({"input": given, "suggestions": []})
    return {
        "conditions": matched,
        "unrecognized_conditions": unrecognized,
        "precautions": find_precautions(kb, drugs, [m["condition"] for m in matched]),
    }


def find_precautions(kb: Knowledge, drugs: list[str], conditions: list[str]) -> list[dict[str, Any]]:
    """Return the precautions of resolved drugs for condition ids, most severe first."""
    wanted = set(conditions)
    precautions = [
        {
            "drug": drug,
            "condition": p["condition"],
            "severity": p["severity"],
            "advice": p["advice"],
            "refs": list(p["refs"]),
        }
        for drug in dict.fromkeys(drugs)
        for p in kb.indices.precautions.get(drug, [])
        if p["condition"] in wanted
    ]
    precautions.sort(key=lambda p: (severity_rank(p["severity"]), p["drug"], p["condition"]))
    return precautions
