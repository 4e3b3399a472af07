"""Build CDS Hooks cards: one per interacting pair, and one naming the medications not recognised.

The specification forbids `null` and empty values anywhere in a card, so optional members are
added only when they have content.
"""

from __future__ import annotations

import uuid
from typing import Any

from service.cdshooks.alternatives import alternative_lines, alternative_suggestions, pair_options
from service.cdshooks.findings import HookFindings
from service.cdshooks.markdown import escape, mechanism_path, reference_lines
from service.engine.prediction import describe_exposure
from service.fhir.detectedissue import detected_issue
from service.fhir.medications import MedicationResource
from service.fhir.pairs import PairFinding
from service.fhir.resolution import ResolvedMedication
from service.kb.knowledge import Knowledge

INDICATOR = {"contraindicated": "critical", "major": "critical", "moderate": "warning", "minor": "info"}
MAX_SUMMARY = 139
TOPIC = {"system": "urn:ddi:cds-hooks:topic", "code": "drug-interaction", "display": "Drug-drug interaction"}
OVERRIDE_SYSTEM = "urn:ddi:cds-hooks:override-reason"
OVERRIDE_REASONS = [
    {"system": OVERRIDE_SYSTEM, "code": "benefit-outweighs-risk", "display": "Benefit outweighs the risk"},
    {"system": OVERRIDE_SYSTEM, "code": "will-monitor", "display": "Will monitor or adjust the dose"},
    {"system": OVERRIDE_SYSTEM, "code": "tolerated-before", "display": "Patient has tolerated the combination"},
    {"system": OVERRIDE_SYSTEM, "code": "short-course", "display": "Short course only"},
    {"system": OVERRIDE_SYSTEM, "code": "not-relevant", "display": "Not clinically relevant for this patient"},
]


def card_source(kb: Knowledge, topic: dict[str, str] = TOPIC) -> dict[str, Any]:
    """Return the card source: the service and the knowledge version behind the advice."""
    return {"label": f"DDI service, knowledge {kb.version}", "topic": dict(topic)}


def _summary(kb: Knowledge, pair: PairFinding) -> str:
    lead = pair.lead["mechanisms"][0]
    names = " + ".join(kb.drug_name(d) for d in pair.drugs)
    effect = lead.get("effect")
    if not effect and lead.get("enzyme") and lead.get("victim"):
        change = "rises" if lead.get("direction") == "increases" else "falls"
        effect = f"{kb.drug_name(lead['victim'])} exposure {change} ({lead['enzyme']})"
    text = f"{pair.severity.capitalize()} interaction: {names}" + (f": {effect}" if effect else "")
    return text if len(text) <= MAX_SUMMARY else text[: MAX_SUMMARY - 1] + "…"


def order_line(kind: str, medication: MedicationResource) -> str:
    where = f" ({escape(medication.reference)})" if medication.reference else ""
    return f"- {kind}: {escape(medication.label)}{where}"


def _mechanism_line(kb: Knowledge, mechanism: dict[str, Any]) -> str:
    """Return a mechanism's path; a predicted one also says how its severity was graded."""
    line = f"- `{mechanism_path(kb, mechanism)}`"
    if mechanism["source"] == "predicted":
        line += f" ({mechanism['severity_basis']})"
    victim = mechanism.get("victim")
    exposure = describe_exposure(mechanism, kb.drug_name(victim)) if victim else None
    return f"{line}; {escape(exposure)}" if exposure else line


def _detail(
    kb: Knowledge,
    pair: PairFinding,
    new: list[MedicationResource],
    old: list[MedicationResource],
    options: list[dict[str, Any]] | None = None,
) -> str:
    names = " + ".join(kb.drug_name(d) for d in pair.drugs)
    kinds = ", ".join(dict.fromkeys(i["kind"] for i in pair.interactions))
    lines = [f"**{names}: {pair.severity} interaction** ({kinds}; evidence: {pair.evidence})", ""]
    lines += [i["summary"] for i in pair.interactions]
    lines += ["", "**Mechanism**"]
    lines += [_mechanism_line(kb, m) for i in pair.interactions for m in i["mechanisms"]]
    if pair.management:
        lines += ["", "**What to do**", *(f"- {text}" for text in pair.management)]
    lines += alternative_lines(kb, options or [])
    lines += ["", "**Orders**", *(order_line("New", m) for m in new), *(order_line("Current", m) for m in old)]
    lines += reference_lines(kb, pair.refs)
    lines += ["", f"Knowledge version {kb.version}."]
    return "\n".join(lines)


def cancel_suggestion(order: MedicationResource, recommended: bool) -> dict[str, Any]:
    """Return the suggestion to delete a draft order (which must have an id)."""
    label = order.label if len(order.label) <= 60 else order.label[:59] + "…"
    suggestion: dict[str, Any] = {
        "label": f"Cancel the new order: {label}",
        "uuid": str(uuid.uuid4()),
        "actions": [
            {
                "type": "delete",
                "description": f"Remove the draft order for {label}.",
                "resourceId": f"{order.resource_type}/{order.id}",
            }
        ],
    }
    if recommended:
        suggestion["isRecommended"] = True
    return suggestion


def _suggestions(
    kb: Knowledge, pair: PairFinding, new: list[MedicationResource], implicated: list[MedicationResource], patient
) -> list[dict[str, Any]]:
    # a draft without an id cannot be named in a delete action
    suggestions = [cancel_suggestion(order, pair.severity == "contraindicated") for order in new if order.id]
    issue = detected_issue(kb, pair, implicated, patient=patient)
    suggestions.append(
        {
            "label": "Record the interaction in the chart",
            "uuid": str(uuid.uuid4()),
            "actions": [
                {"type": "create", "description": "Record a DetectedIssue for this interaction.", "resource": issue}
            ],
        }
    )
    return suggestions


def interaction_card(kb: Knowledge, pair: PairFinding, findings: HookFindings, patient: str | None) -> dict[str, Any]:
    """Return the card for one interacting pair."""
    involved = [m for drug in pair.drugs for m in findings.check.resources_for(drug)]
    involved = list({id(m): m for m in involved}.values())
    focus = {id(m) for m in findings.new_orders}
    new = [m for m in involved if id(m) in focus]
    old = [m for m in involved if id(m) not in focus]
    options = pair_options(findings.check, pair)
    suggestions = _suggestions(kb, pair, new, involved, patient)
    suggestions[len(suggestions) - 1 : len(suggestions) - 1] = alternative_suggestions(
        kb, findings.check, options, new, patient
    )  # after the cancels, before recording the issue
    return {
        "uuid": str(uuid.uuid4()),
        "summary": _summary(kb, pair),
        "detail": _detail(kb, pair, new, old, options),
        "indicator": INDICATOR[pair.severity],
        "source": card_source(kb),
        "suggestions": suggestions,
        "selectionBehavior": "any",
        "overrideReasons": [dict(reason) for reason in OVERRIDE_REASONS],
    }


def unrecognised_card(kb: Knowledge, items: list[ResolvedMedication]) -> dict[str, Any]:
    """Return the info card listing medications whose interactions could not be checked."""
    count = len(items)
    noun = "medication was" if count == 1 else "medications were"
    lines = ["These medications were not recognised, so their interactions were **not checked**:", ""]
    for item in items:
        line = order_line("Not recognised", item.medication)[2:]
        if item.missing and item.missing != [item.medication.label]:
            line += f" (ingredient not recognised: {', '.join(escape(m) for m in item.missing)})"
        if item.suggestions:
            line += f"; did you mean {', '.join(kb.drug_name(s) for s in item.suggestions)}?"
        lines.append(f"- {line}")
    lines += ["", "Check them by hand, or code them with an RxNorm ingredient or ATC code."]
    return {
        "uuid": str(uuid.uuid4()),
        "summary": f"{count} {noun} not recognised: interactions with {'it' if count == 1 else 'them'} not checked",
        "detail": "\n".join(lines),
        "indicator": "info",
        "source": card_source(kb),
    }
