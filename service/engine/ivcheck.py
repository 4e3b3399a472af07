"""Check a caller's IV infusions: every pair of drugs, and every drug in every diluent and container named.

`check_compatibility` returns the answer the API serialises as it is.
"""

from __future__ import annotations

from itertools import chain, combinations
from typing import Any

from service.engine.compatibility import assess_pair, assess_vehicle, sort_key
from service.engine.infusions import InfusionList
from service.kb.compatibility import vehicles_observed
from service.kb.knowledge import Knowledge


def check_compatibility(kb: Knowledge, resolved: InfusionList) -> dict[str, Any]:
    """Return every pair's verdict and every drug-vehicle verdict, the most worrying first, with references.

    `resolved` comes from `resolve_infusions`, which keeps every input that did not resolve.
    """
    pairs = [assess_pair(kb, a, b, resolved.setting) for a, b in combinations(resolved.infusions, 2)]
    pairs.sort(key=sort_key)
    vehicles = vehicle_verdicts(kb, resolved)
    vehicles.sort(key=sort_key)
    return {
        **answer_head(kb, resolved),
        "pairs": pairs,
        "vehicles": vehicles,
        "summary": {
            result: sum(p["result"] == result for p in pairs)
            for result in ("incompatible", "no-data", "conditional", "compatible")
        },
        "references": references_of(kb, pairs, vehicles),
    }


def answer_head(kb: Knowledge, resolved: InfusionList) -> dict[str, Any]:
    """Return what every IV answer starts with: version, completeness, how the inputs resolved, the setting."""
    setting = resolved.setting
    return {
        "knowledge_version": kb.version,
        "complete": not resolved.unrecognized,
        "medications": resolved.medications,
        "unrecognized": resolved.unrecognized,
        "setting": {
            "diluents": list(setting.diluents),
            "containers": list(setting.containers),
            "contact_hours": setting.contact_hours,
        },
    }


def vehicle_verdicts(kb: Knowledge, resolved: InfusionList) -> list[dict[str, Any]]:
    """Return each drug's verdict in its own diluent and in every diluent and container the caller intends.

    A caller who names no diluent or container gets every one the knowledge has observations for,
    rather than a wall of "no data".
    """
    setting, verdicts = resolved.setting, []
    for infusion in resolved.infusions:
        own = [infusion.diluent] if infusion.diluent else []
        intended = [*setting.diluents, *setting.containers]
        if not intended:
            intended = vehicles_observed(kb, infusion.drug)
        for vehicle in dict.fromkeys([*own, *intended]):
            verdicts.append(assess_vehicle(kb, infusion, vehicle, resolved.setting))
    return verdicts


def references_of(kb: Knowledge, *groups: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Return every reference the verdicts' observations cite, once each, in first-seen order."""
    return kb.references(
        chain.from_iterable(o["refs"] for verdict in chain.from_iterable(groups) for o in verdict["observations"])
    )
