"""Turn a caller's infusions (drug, concentration, diluent) and intended vehicles into ids, keeping what failed.

An infusion is a medication as the interaction check takes it, or `{"drug": ..., "concentration":
{"value", "unit"}, "diluent": ...}`. A diluent or container the vocabulary does not hold is reported
with suggestions, like an unknown drug: it is never silently dropped, since "in Hartmann's" and "in
saline" decide ceftriaxone's answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz, process

from service.engine.resolve import resolve_medications, resolve_one
from service.kb.infusion import VEHICLES, Vehicle, find_vehicle
from service.kb.knowledge import Knowledge


@dataclass(frozen=True)
class Infusion:
    """One drug as it will run: its id, and the concentration and diluent when the caller gave them."""

    drug: str
    concentration: tuple[float, str] | None = None
    diluent: str | None = None


@dataclass(frozen=True)
class Setting:
    """What the caller intends for every line: carrier diluents, containers, and how long drugs stay in contact."""

    diluents: tuple[str, ...] = ()
    containers: tuple[str, ...] = ()
    contact_hours: float | None = None


@dataclass
class InfusionList:
    """The resolved infusions (one per distinct drug, in input order), how each input resolved, and what did not."""

    infusions: list[Infusion] = field(default_factory=list)
    medications: list[dict[str, Any]] = field(default_factory=list)
    unrecognized: list[dict[str, Any]] = field(default_factory=list)
    setting: Setting = field(default_factory=Setting)


_VEHICLE_NAMES = {name: vehicle.id for vehicle in VEHICLES.values() for name in (vehicle.name, *vehicle.synonyms)}


def _vehicle(text: str, kind: str, where: str, unrecognized: list[dict[str, Any]]) -> Vehicle | None:
    """Return the vehicle `text` names if it is of `kind`; otherwise note it as unrecognised and return None."""
    vehicle = find_vehicle(text)
    if vehicle is not None and vehicle.kind == kind:
        return vehicle
    candidates = process.extract(text, list(_VEHICLE_NAMES), scorer=fuzz.WRatio, limit=6, score_cutoff=70)
    suggestions = [
        vehicle_id
        for vehicle_id in dict.fromkeys(_VEHICLE_NAMES[name] for name, _, _ in candidates)
        if VEHICLES[vehicle_id].kind == kind
    ][:3]
    detail = f"not a {kind} the knowledge holds" if vehicle is None else f"a {vehicle.kind}, not a {kind}"
    unrecognized.append(
        {"input": text, "reason": "unknown", "detail": f"{where}: {detail}", "suggestions": suggestions}
    )
    return None


def resolve_infusions(
    kb: Knowledge,
    items: list[Any],
    diluents: Sequence[str] = (),
    containers: Sequence[str] = (),
    contact_hours: float | None = None,
) -> InfusionList:
    """Return every infusion and vehicle resolved; none dropped, none guessed; a repeated drug counts once."""
    result = InfusionList()
    seen: set[str] = set()
    for item in items:
        name = item["drug"] if isinstance(item, dict) and "drug" in item else item
        resolved = resolve_medications(kb, [name])
        if resolved.unrecognized:
            result.unrecognized.extend(resolved.unrecognized)
            continue
        if len(resolved.medications) > 1:  # a combination product: infused as one ingredient, or ask which
            lead = _infused_as(kb, name)
            if lead is None:
                result.unrecognized.append(_combination_without_iv_data(name, resolved.drugs))
                continue
            resolved.medications = [m for m in resolved.medications if m["drug"] == lead]
        entry = dict(resolved.medications[0])
        concentration = diluent = None
        if isinstance(item, dict) and "drug" in item:
            if "concentration" in item:
                concentration = (float(item["concentration"]["value"]), item["concentration"]["unit"])
                entry["concentration"] = item["concentration"]
            if "diluent" in item:
                found = _vehicle(item["diluent"], "diluent", f"diluent of {entry['name']}", result.unrecognized)
                diluent = found.id if found else None
                entry["diluent"] = diluent
        result.medications.append(entry)
        if entry["drug"] not in seen:
            seen.add(entry["drug"])
            result.infusions.append(Infusion(entry["drug"], concentration, diluent))
    kept_diluents = [v.id for text in diluents if (v := _vehicle(text, "diluent", "diluents", result.unrecognized))]
    kept_containers = [
        v.id for text in containers if (v := _vehicle(text, "container", "containers", result.unrecognized))
    ]
    result.setting = Setting(tuple(dict.fromkeys(kept_diluents)), tuple(dict.fromkeys(kept_containers)), contact_hours)
    return result


def _infused_as(kb: Knowledge, name: Any) -> str | None:
    """Return the ingredient a combination product's IV observations are recorded under, if any."""
    product_id = resolve_one(kb, name).product_id
    return kb.records.products[product_id].get("infused_as") if product_id else None


def _combination_without_iv_data(name: Any, ingredients: list[str]) -> dict[str, Any]:
    return {
        "input": name,
        "reason": "ambiguous",
        "detail": "a combination product whose IV compatibility is not recorded as one drug; name the ingredient",
        "suggestions": ingredients,
    }
