"""IV compatibility in a hook call: a card when an intravenous draft order may not share a line with another IV order.

Only orders whose route is stated intravenous are compared: a Y-site incompatibility means nothing
for a tablet. Incompatible pairs become cards (critical for major or contraindicated, else
warning), and pairs compatible only within limits become info cards saying the limits, since an
order rarely carries the final concentration. Pairs without data make no card: an alert for every
unstudied pair would be clicked away, and the pharmacist's line plan says so instead.
"""

from __future__ import annotations

import uuid
from itertools import product
from typing import Any

from service.cdshooks.cards import INDICATOR, MAX_SUMMARY, card_source, order_line
from service.cdshooks.context import HookRequest
from service.cdshooks.findings import HookFindings
from service.cdshooks.markdown import escape, reference_lines
from service.engine.compatibility import assess_pair
from service.engine.infusions import Infusion, Setting
from service.fhir.medications import MedicationResource
from service.kb.knowledge import Knowledge

TOPIC = {"system": "urn:ddi:cds-hooks:topic", "code": "iv-compatibility", "display": "IV compatibility (Y-site)"}


def iv_pairs(kb: Knowledge, hook: HookRequest, findings: HookFindings) -> list[tuple[dict[str, Any], list, list]]:
    """Return (verdict, draft orders, other orders) for each IV pair with a new IV order that may not share a line."""
    new_iv = [m for m in findings.new_orders if m.intravenous]
    if not new_iv:
        return []
    others = [m for m in [*hook.draft, *hook.active] if m.intravenous]
    drugs_of = {id(r.medication): r.drugs for r in findings.check.resolved}
    seen: dict[tuple[str, str], tuple[dict[str, Any], list, list]] = {}
    for new, other in product(new_iv, others):
        if new is other:
            continue
        for a, b in product(drugs_of.get(id(new), ()), drugs_of.get(id(other), ())):
            key = tuple(sorted((a, b)))
            if a == b or key in seen:
                continue
            verdict = assess_pair(kb, Infusion(a), Infusion(b), Setting())
            if verdict["result"] in ("incompatible", "conditional"):
                seen[key] = (verdict, [new], [other])
    return sorted(seen.values(), key=lambda found: (found[0]["result"] != "incompatible", found[0]["drugs"]))


def iv_card(
    kb: Knowledge, verdict: dict[str, Any], new: list[MedicationResource], old: list[MedicationResource]
) -> dict[str, Any]:
    """Return the card for one IV pair."""
    names = " and ".join(kb.drug_name(d) for d in verdict["drugs"])
    incompatible = verdict["result"] == "incompatible"
    summary = (
        f"IV: {names} must not share a line" if incompatible else f"IV: {names} may share a line only within limits"
    )
    lines = [*(order_line("New IV order", m) for m in new), *(order_line("Other IV order", m) for m in old), ""]
    for observation in verdict["observations"]:
        if observation["result"] == "compatible":
            continue
        seen = f" Seen: {', '.join(observation['seen'])}." if observation.get("seen") else ""
        limits = f" Compatible only with {observation['limits']['text']}." if "limits" in observation else ""
        lines.append(
            f"- **{observation['type']}** ({observation['result']}): {escape(observation['observation'])}{seen}{limits}"
        )
    lines += ["", f"**What to do:** {escape(verdict['advice'])}", ""]
    refs = [ref for o in verdict["observations"] for ref in o["refs"]]
    lines += reference_lines(kb, list(dict.fromkeys(refs)))
    return {
        "uuid": str(uuid.uuid4()),
        "summary": summary if len(summary) <= MAX_SUMMARY else summary[: MAX_SUMMARY - 1] + "…",
        "detail": "\n".join(lines),
        "indicator": INDICATOR[verdict.get("severity", "moderate")] if incompatible else "info",
        "source": card_source(kb, TOPIC),
    }
