"""Decide which findings a hook call should hear about.

`order-select` fires as each medication is picked: only pairs with a newly selected order are
news, and pairs among long-standing medications never are (the prescriber has seen them before,
and repeating them trains people to click alerts away). `order-sign` reviews every draft order
against the others and against the active list. IV incompatibilities are left to `ivcards`, which
compares intravenous orders only.
"""

from __future__ import annotations

from dataclasses import dataclass

from service.cdshooks.context import HookRequest
from service.cdshooks.services import CdsService
from service.fhir.check import ResourceCheck, check_resources
from service.fhir.medications import MedicationResource
from service.fhir.pairs import PairFinding
from service.kb.knowledge import Knowledge


@dataclass
class HookFindings:
    """The pairs to report, the orders a card may cancel, and the check they came from."""

    pairs: list[PairFinding]
    new_orders: list[MedicationResource]
    check: ResourceCheck


def focus_orders(service: CdsService, hook: HookRequest) -> list[MedicationResource]:
    """Return the orders whose interactions are news: the selected ones for order-select, else all drafts."""
    if service.selected_only and hook.selections:
        selected = [m for m in hook.draft if m.reference in hook.selections]
        if selected:
            return selected
    return list(hook.draft)


def find_hook_findings(kb: Knowledge, service: CdsService, hook: HookRequest, min_severity: str) -> HookFindings:
    """Return the findings involving at least one focus order, at or above `min_severity`."""
    focus = focus_orders(service, hook)
    check = check_resources(kb, [*hook.draft, *hook.active], min_severity)
    focus_ids = {id(m) for m in focus}
    focus_drugs = {d for r in check.resolved if id(r.medication) in focus_ids for d in r.drugs}
    pairs = [_without_iv(p) for p in check.pairs if focus_drugs.intersection(p.drugs)]
    return HookFindings([p for p in pairs if p.interactions], focus, check)


def _without_iv(pair: PairFinding) -> PairFinding:
    """Drop IV incompatibilities: they matter only between intravenous orders, and `ivcards` judges those by route."""
    return PairFinding(pair.drugs, [i for i in pair.interactions if i["kind"] != "iv-incompatibility"])
