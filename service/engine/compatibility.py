"""Judge IV compatibility for a caller's infusions: every pair, and every drug in every diluent or container.

Rules, most cautious first:
- no observation is `no-data`, and no data is never taken as compatible: it may not share a line;
- any incompatible observation makes the pair incompatible, whatever other studies found;
- a `conditional` observation holds only within its limits; the caller's concentrations, diluents
  and contact time are checked against them: met, not met, or unknown (not given) - only met
  lets the drugs share a line.
"""

from __future__ import annotations

from typing import Any

from service.engine.infusions import Infusion, Setting
from service.kb.compatibility import mixture_observations, vehicle_observations
from service.kb.infusion import OBSERVATION_CONDITIONS, VEHICLES
from service.kb.knowledge import Knowledge
from service.kb.vocabulary import severity_rank

_SCALE = {
    "mg/mL": ("mass", 1000.0),
    "micrograms/mL": ("mass", 1.0),
    "mmol/mL": ("amount", 1000.0),
    "mmol/L": ("amount", 1.0),
}
"""Units that convert into each other: (dimension, factor to the smaller unit)."""

RESULT_ORDER = ("incompatible", "no-data", "conditional", "compatible")
"""Most worrying first: the order findings are listed in."""

_ADVICE = {
    "no-data": "No compatibility data: treat as incompatible. Use separate lumens, or flush well between them, "
    "until a reference shows they may meet.",
    "unknown": "Compatible only within the limits shown; give the concentrations, diluent and contact time to check "
    "them. Until then, treat as incompatible.",
    "unmet": "Your conditions are outside those under which this was compatible: treat as incompatible.",
    "met": "Compatible under your conditions, within the limits shown.",
    "compatible": "Compatible under the conditions observed.",
}


def in_unit(value: float, unit: str, wanted: str) -> float | None:
    """Return `value` converted from `unit` to `wanted`, or None if they do not convert.

    >>> in_unit(5, "mg/mL", "micrograms/mL")
    5000.0
    >>> in_unit(1, "units/mL", "mg/mL") is None
    True
    """
    if unit == wanted:
        return float(value)
    have, want = _SCALE.get(unit), _SCALE.get(wanted)
    if have is None or want is None or have[0] != want[0]:
        return None
    return value * have[1] / want[1]


def limits_met(record: dict, infusions: dict[str, Infusion], vehicles: list[str], setting: Setting) -> bool | None:
    """Return whether the caller's conditions meet a conditional record's limits: True, False, or None (not given)."""
    verdicts: list[bool | None] = []
    limits = record["limits"]
    for drug, bound in limits.get("concentrations", {}).items():
        given = infusions.get(drug)
        value = None if given is None or given.concentration is None else in_unit(*given.concentration, bound["unit"])
        verdicts.append(None if value is None else bound.get("min", 0) <= value <= bound.get("max", float("inf")))
    if "diluents" in limits:
        verdicts.append(None if not vehicles else all(v in limits["diluents"] for v in vehicles))
    if "max_contact_hours" in limits:
        hours = setting.contact_hours
        verdicts.append(None if hours is None else hours <= limits["max_contact_hours"])
    if False in verdicts:
        return False
    return None if None in verdicts else True


def describe_limits(kb: Knowledge, limits: dict) -> str:
    """Return the limits in words.

    >>> describe_limits(None, {"max_contact_hours": 4})
    'contact up to 4 hours'
    """
    parts = []
    for drug, bound in limits.get("concentrations", {}).items():
        name = kb.drug_name(drug)
        if "min" in bound and "max" in bound:
            parts.append(f"{name} {bound['min']:g} to {bound['max']:g} {bound['unit']}")
        elif "max" in bound:
            parts.append(f"{name} at most {bound['max']:g} {bound['unit']}")
        else:
            parts.append(f"{name} at least {bound['min']:g} {bound['unit']}")
    if "diluents" in limits:
        parts.append("in " + " or ".join(VEHICLES[d].name for d in limits["diluents"]))
    if "max_contact_hours" in limits:
        parts.append(f"contact up to {limits['max_contact_hours']:g} hours")
    return "; ".join(parts)


def _view(kb: Knowledge, record: dict, met: bool | None) -> dict[str, Any]:
    view = {key: record[key] for key in ("id", "type", "result") if key in record}
    view["conditions"] = {key: record[key] for key in OBSERVATION_CONDITIONS if key in record}
    if "limits" in record:
        view["limits"] = {**record["limits"], "text": describe_limits(kb, record["limits"]), "met": met}
    for key in ("seen", "visible", "observation", "severity", "management", "note", "refs"):
        if key in record:
            view[key] = record[key]
    return view


def _judge(kb: Knowledge, records: list[dict], infusions: dict[str, Infusion], vehicles, setting) -> dict[str, Any]:
    """Return the verdict over several observations of one combination, most cautious first."""
    met = {r["id"]: limits_met(r, infusions, vehicles, setting) for r in records if r["result"] == "conditional"}
    results = {r["result"] for r in records}
    verdict: dict[str, Any]
    if not records:
        verdict = {"result": "no-data", "shares_line": False, "advice": _ADVICE["no-data"]}
    elif "incompatible" in results:
        worst = min(
            (r for r in records if r["result"] == "incompatible"),
            key=lambda r: severity_rank(r.get("severity", "moderate")),
        )
        verdict = {
            "result": "incompatible",
            "shares_line": False,
            "advice": worst.get("management", _ADVICE["no-data"]),
        }
        if "severity" in worst:
            verdict["severity"] = worst["severity"]
    elif met:
        state = False if False in met.values() else None if None in met.values() else True
        key = {True: "met", False: "unmet", None: "unknown"}[state]
        verdict = {
            "result": "conditional",
            "conditions_met": state,
            "shares_line": state is True,
            "advice": _ADVICE[key],
        }
    else:
        verdict = {"result": "compatible", "shares_line": True, "advice": _ADVICE["compatible"]}
    verdict["observations"] = [_view(kb, r, met.get(r["id"])) for r in records]
    return verdict


def assess_pair(kb: Knowledge, first: Infusion, second: Infusion, setting: Setting) -> dict[str, Any]:
    """Return the verdict for two drugs meeting in a line (Y-site, admixture and syringe observations)."""
    records = mixture_observations(kb, first.drug, second.drug)
    vehicles = [i.diluent for i in (first, second) if i.diluent] or list(setting.diluents)
    infusions = {first.drug: first, second.drug: second}
    return {"drugs": [first.drug, second.drug], **_judge(kb, records, infusions, vehicles, setting)}


def assess_vehicle(kb: Knowledge, infusion: Infusion, vehicle: str, setting: Setting) -> dict[str, Any]:
    """Return the verdict for one drug in one diluent or container."""
    records = vehicle_observations(kb, infusion.drug, vehicle)
    judged = _judge(
        kb, records, {infusion.drug: infusion}, [vehicle] if VEHICLES[vehicle].kind == "diluent" else [], setting
    )
    return {"drug": infusion.drug, "vehicle": vehicle, "kind": VEHICLES[vehicle].kind, **judged}


def sort_key(verdict: dict[str, Any]) -> tuple[int, int]:
    """Return a sort key: incompatible (by severity), no data, unmet conditional, compatible."""
    order = RESULT_ORDER.index(verdict["result"])
    if verdict["result"] == "conditional" and verdict["shares_line"]:
        order = RESULT_ORDER.index("compatible")
    return order, severity_rank(verdict.get("severity", "minor"))
