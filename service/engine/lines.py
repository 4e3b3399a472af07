"""Plan IV lines: the fewest lumens such that no two drugs that may not meet share one, each with a carrier diluent.

Two drugs may share a lumen only if the knowledge shows them compatible (or conditionally so, with
the caller's conditions meeting the limits): no data keeps them apart. The drugs on one lumen must
also share a carrier diluent that suits each of them. A diluent a drug is shown not to suit
(incompatible, or limits not met) never carries its line: if no candidate is left the drug has a line
of its own without a carrier. A drug shown suitable in none of the candidates for want of data does
not otherwise constrain the choice; both are reported so the product information can be checked.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations
from typing import Any

import networkx as nx

from service.engine.colouring import EXACT_LIMIT, minimum_colouring
from service.engine.compatibility import assess_pair, assess_vehicle, sort_key
from service.engine.infusions import InfusionList
from service.engine.ivcheck import answer_head, references_of
from service.kb.infusion import DILUENT_IDS, VEHICLES
from service.kb.knowledge import Knowledge

CARRIERS = tuple(d for d in DILUENT_IDS if d != "water-for-injection")
"""Diluents that may carry a line when the caller names none (water for injection is hypotonic: never a carrier)."""


def plan_lines(kb: Knowledge, resolved: InfusionList) -> dict[str, Any]:
    """Return the fewest lines with an assignment and a diluent per line, the proof of minimality, and the conflicts.

    `resolved` comes from `resolve_infusions`; inputs that did not resolve are reported, not planned.
    """
    setting, infusions = resolved.setting, resolved.infusions
    drugs = [i.drug for i in infusions]
    conflicts = nx.Graph()
    conflicts.add_nodes_from(drugs)
    kept_apart = []
    for a, b in combinations(infusions, 2):
        verdict = assess_pair(kb, a, b, setting)
        if not verdict["shares_line"]:
            conflicts.add_edge(a.drug, b.drug)
            kept_apart.append(verdict)
    kept_apart.sort(key=sort_key)
    candidates = setting.diluents or CARRIERS
    verdicts = {i.drug: {d: assess_vehicle(kb, i, d, setting) for d in candidates} for i in infusions}
    suitable = {drug: [d for d, v in by.items() if v["shares_line"]] for drug, by in verdicts.items()}
    unsuitable = {drug: {d for d, v in by.items() if _shown_unsuitable(v)} for drug, by in verdicts.items()}

    def common_diluents(members: Sequence[str]) -> list[str]:
        constraining = [set(suitable[d]) for d in members if suitable[d]]
        return [
            d
            for d in candidates
            if all(d in allowed for allowed in constraining) and not any(d in unsuitable[m] for m in members)
        ]

    def fits(members: Sequence[str]) -> bool:
        """A drug alone always has a line (perhaps without a carrier); drugs together need a carrier for all."""
        return len(members) == 1 or bool(common_diluents(members))

    colouring = minimum_colouring(conflicts, drugs, fits=fits)
    lines = []
    for number, members in enumerate(colouring.classes, start=1):
        common = common_diluents(members)
        line: dict[str, Any] = {"line": number, "drugs": members, "diluent": common[0] if common else None}
        line["diluent_name"] = VEHICLES[common[0]].name if common else None
        unsuited = [d for d in members if not suitable[d]]
        if unsuited:
            line["no_suitable_diluent"] = unsuited
        lines.append(line)
    return {
        **answer_head(kb, resolved),
        "lines": lines,
        "minimality": _minimality(kb, colouring, len(drugs)),
        "kept_apart": kept_apart,
        "no_suitable_diluent": [d for d in drugs if not suitable[d]],
        "references": references_of(kb, kept_apart),
    }


def _shown_unsuitable(verdict: dict[str, Any]) -> bool:
    """True when the knowledge shows the drug must not be carried by this diluent (incompatible, or limits unmet).

    No data, or limits that could not be checked, leave the diluent possible but unconfirmed (flagged instead).
    """
    return verdict["result"] == "incompatible" or (
        verdict["result"] == "conditional" and verdict.get("conditions_met") is False
    )


def _minimality(kb: Knowledge, colouring, count: int) -> dict[str, Any]:
    lines, clique = len(colouring.classes), colouring.clique
    names = ", ".join(kb.drug_name(d) for d in clique)
    if colouring.proof == "clique":
        why = f"No two of {names} may share a line, so no plan can use fewer than {len(clique)}."
        if len(clique) <= 1:
            why = "Every drug can share one line." if count else "No drugs to plan."
    elif colouring.proof == "search":
        why = (
            f"No two of {names} may share a line, so at least {len(clique)} are needed; an exhaustive search "
            f"found no plan with fewer than {lines} (the diluents, or an odd cycle of conflicts, force more)."
        )
    else:
        why = (
            f"More than {EXACT_LIMIT} drugs (or a search too large): this plan is good but not proven the fewest. "
            f"At least {len(clique)} lines are needed, as no two of {names} may share one."
        )
    return {
        "lines": lines,
        "lower_bound": len(clique),
        "clique": clique,
        "optimal": colouring.optimal,
        "proof": colouring.proof,
        "method": colouring.method,
        "explanation": why,
    }
