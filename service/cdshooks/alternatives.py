"""CDS Hooks suggestions to order a same-class alternative instead of a draft order, and the card's words for them.

Each suggestion is a CDS Hooks 2.0 suggestion with two actions: `delete` the draft
MedicationRequest being ordered, and `create` a draft MedicationRequest for the alternative. Only
a draft order with an id, holding that one drug, can be replaced this way; alternatives for a drug
the patient already takes are named in the card's detail, for the prescriber to weigh.
"""

from __future__ import annotations

import uuid
from typing import Any

from service.cdshooks.markdown import escape
from service.engine.alternatives import CAVEAT
from service.fhir.check import ResourceCheck
from service.fhir.medications import MedicationResource
from service.fhir.pairs import PairFinding
from service.kb.knowledge import Knowledge

RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
ATC = "http://www.whocc.no/atc"


def pair_options(check: ResourceCheck, pair: PairFinding) -> list[dict[str, Any]]:
    """Return the alternatives the check found for the pair's findings, each drug once per drug replaced."""
    ids = {i["id"] for i in pair.interactions}
    entries = check.result.get("alternatives", {}).get("findings", [])
    options = [o for e in entries if e["finding"] in ids for o in e["options"]]
    return list({(o["replaces"], o["drug"]): o for o in options}.values())


def alternative_lines(kb: Knowledge, options: list[dict[str, Any]]) -> list[str]:
    """Return the card detail's markdown section naming the alternatives, with the caveat."""
    if not options:
        return []
    lines = ["", "**Alternatives to consider**"]
    for option in options:
        extra = " (enzyme profile not assessed)" if option["enzyme_profile"] == "not-assessed" else ""
        lines.append(
            f"- {escape(option['name'])} instead of {escape(kb.drug_name(option['replaces']))} "
            f"(ATC {option['atc_class']}){extra}"
        )
    return [*lines, "", f"_{CAVEAT}_"]


def alternative_suggestions(
    kb: Knowledge, check: ResourceCheck, options: list[dict[str, Any]], new: list[MedicationResource], patient
) -> list[dict[str, Any]]:
    """Return a replace suggestion (delete the draft, create the alternative) per option for a draft order."""
    single = {id(r.medication): r.drugs[0] for r in check.resolved if len(r.drugs) == 1}
    suggestions = []
    for order in new:
        drug = single.get(id(order))
        if not order.id or drug is None:
            continue
        for option in (o for o in options if o["replaces"] == drug):
            suggestions.append(_replace(kb, order, option, patient))
    return suggestions


def _replace(kb: Knowledge, order: MedicationResource, option: dict[str, Any], patient) -> dict[str, Any]:
    name = option["name"]
    return {
        "label": f"Order {name} instead of {kb.drug_name(option['replaces'])} (check indication and dose)",
        "uuid": str(uuid.uuid4()),
        "actions": [
            {
                "type": "delete",
                "description": f"Remove the draft order for {order.label}.",
                "resourceId": f"{order.resource_type}/{order.id}",
            },
            {
                "type": "create",
                "description": f"Start a draft order for {name}; the dose is for the prescriber to set.",
                "resource": medication_request(kb, option["drug"], patient),
            },
        ],
    }


def medication_request(kb: Knowledge, drug: str, patient: str | None) -> dict[str, Any]:
    """Return a draft MedicationRequest for a drug, coded by RxNorm and ATC where the knowledge has them."""
    record = kb.records.drugs[drug]
    coding = [{"system": RXNORM, "code": code, "display": record["name"]} for code in record.get("rxcui", ())[:1]]
    current = [a["code"] for a in record.get("atc", ()) if a.get("status", "current") == "current"]
    coding += [{"system": ATC, "code": code, "display": record["name"]} for code in current[:1]]
    concept: dict[str, Any] = {"text": record["name"]}
    if coding:
        concept["coding"] = coding
    resource: dict[str, Any] = {
        "resourceType": "MedicationRequest",
        "status": "draft",
        "intent": "order",
        "medicationCodeableConcept": concept,
    }
    if patient:
        resource["subject"] = {"reference": patient if "/" in patient else f"Patient/{patient}"}
    return resource
