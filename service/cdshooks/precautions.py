"""Drug-condition precautions in a hook call: which the prescriber should hear about, and their cards.

Only the orders in focus are checked (the selected ones for `order-select`, every draft for
`order-sign`): a long-standing medication's precaution is old news, as its interactions are.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from service.cdshooks.cards import INDICATOR, MAX_SUMMARY, OVERRIDE_REASONS, cancel_suggestion, card_source, order_line
from service.cdshooks.findings import HookFindings
from service.cdshooks.markdown import escape, reference_lines
from service.engine import find_precautions
from service.engine.severity import at_least
from service.fhir.conditions import ConditionResource, resolve_condition
from service.fhir.medications import MedicationResource
from service.kb.knowledge import Knowledge

TOPIC = {"system": "urn:ddi:cds-hooks:topic", "code": "drug-condition", "display": "Drug-condition precaution"}
REASONS = [r for r in OVERRIDE_REASONS if r["code"] != "tolerated-before"]  # that one is about a pair


@dataclass
class PrecautionFinding:
    """A precaution of a new order's drug for a condition, with the orders and Conditions behind it."""

    precaution: dict[str, Any]
    orders: list[MedicationResource]
    recorded: list[ConditionResource]

    @property
    def severity(self) -> str:
        return self.precaution["severity"]


def find_precaution_findings(
    kb: Knowledge, findings: HookFindings, conditions: list[ConditionResource], min_severity: str
) -> list[PrecautionFinding]:
    """Return the precautions of the focus orders' drugs for the patient's conditions, most severe first."""
    recorded: dict[str, list[ConditionResource]] = {}
    for condition in conditions:
        for condition_id in resolve_condition(kb, condition):
            recorded.setdefault(condition_id, []).append(condition)
    focus = {id(m) for m in findings.new_orders}
    orders: dict[str, list[MedicationResource]] = {}
    for resolved in findings.check.resolved:
        if id(resolved.medication) in focus:
            for drug in resolved.drugs:
                orders.setdefault(drug, []).append(resolved.medication)
    if not recorded or not orders:
        return []
    return [
        PrecautionFinding(p, orders[p["drug"]], recorded[p["condition"]])
        for p in find_precautions(kb, list(orders), list(recorded))
        if at_least(p["severity"], min_severity)
    ]


def _phrase(kb: Knowledge, finding: PrecautionFinding) -> str:
    name = kb.condition_name(finding.precaution["condition"])
    if len(name) > 1 and not name[1].isupper():  # "Peptic ulcer" reads lower-case mid-sentence, "CNS" does not
        name = name[0].lower() + name[1:]
    severity = finding.severity
    return f"{'contraindicated' if severity == 'contraindicated' else severity + ' precaution'} with {name}"


def _summary(kb: Knowledge, finding: PrecautionFinding) -> str:
    text = f"{kb.drug_name(finding.precaution['drug'])}: {_phrase(kb, finding)}"
    return text if len(text) <= MAX_SUMMARY else text[: MAX_SUMMARY - 1] + "…"


def _recorded_line(condition: ConditionResource) -> str:
    where = f" ({escape(condition.reference)})" if condition.reference else ""
    return f"- {escape(condition.label)}{where}"


def _detail(kb: Knowledge, finding: PrecautionFinding) -> str:
    precaution = finding.precaution
    lines = [f"**{kb.drug_name(precaution['drug'])}: {_phrase(kb, finding)}**", "", precaution["advice"]]
    lines += ["", "**The patient's record**", *(_recorded_line(c) for c in finding.recorded)]
    lines += ["", "**Orders**", *(order_line("New", m) for m in finding.orders)]
    lines += reference_lines(kb, precaution["refs"])
    lines += ["", f"Knowledge version {kb.version}."]
    return "\n".join(lines)


def precaution_card(kb: Knowledge, finding: PrecautionFinding) -> dict[str, Any]:
    """Return the card for one drug and condition; a draft order with an id may be cancelled from it."""
    card: dict[str, Any] = {
        "uuid": str(uuid.uuid4()),
        "summary": _summary(kb, finding),
        "detail": _detail(kb, finding),
        "indicator": INDICATOR[finding.severity],
        "source": card_source(kb, TOPIC),
    }
    suggestions = [cancel_suggestion(m, finding.severity == "contraindicated") for m in finding.orders if m.id]
    if suggestions:
        card["suggestions"] = suggestions
        card["selectionBehavior"] = "any"
    card["overrideReasons"] = [dict(reason) for reason in REASONS]
    return card
