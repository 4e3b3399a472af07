"""The closed vocabulary of IV compatibility: observation types, results, what was seen, diluents, containers.

Diluents and containers are not drugs: they have no enzymes, no names in forty languages, and a
short fixed list covers nearly every infusion given. Each is defined by what it contains (a diluent)
or what it is made of (a container), which is what incompatibilities depend on: calcium in
Ringer's lactate precipitates ceftriaxone, chloride in sodium chloride 0.9% degrades oxaliplatin,
PVC absorbs amiodarone and glyceryl trinitrate.
"""

from __future__ import annotations

from dataclasses import dataclass

from service.kb.identifiers import normalise_name

COMPATIBILITY_TYPES = ("y-site", "admixture", "syringe", "diluent", "container")
MIXTURE_TYPES = ("y-site", "admixture", "syringe")
"""Observations of two drugs meeting; `diluent` and `container` observations name one drug."""

COMPATIBILITY_RESULTS = ("compatible", "incompatible", "conditional")
"""`conditional`: compatible only within the observation's `limits` (concentration, diluent, contact time)."""

OBSERVED_CHANGES = (
    "precipitate",
    "haze",
    "colour-change",
    "gas",
    "emulsion-breakdown",
    "aggregation",
    "activity-loss",
    "degradation",
    "sorption",
    "leaching",
)
"""What was seen (or measured) when a mixture failed."""

OBSERVATION_CONDITIONS = ("diluents", "containers", "detail", "concentrations", "forms", "contact_time", "temperature")
"""The fields of a record that say under which conditions it was observed."""

CONCENTRATION_UNITS = ("mg/mL", "micrograms/mL", "units/mL", "mmol/mL", "mmol/L", "mEq/mL")


@dataclass(frozen=True)
class Vehicle:
    """A diluent or a container, with what matters for compatibility."""

    id: str
    name: str
    kind: str  # "diluent" or "container"
    synonyms: tuple[str, ...] = ()
    contains: tuple[str, ...] = ()
    """Diluents: the ions and solutes that incompatibilities turn on (calcium, chloride, glucose ...)."""


DILUENTS = (
    Vehicle(
        "sodium-chloride-0-9",
        "Sodium chloride 0.9%",
        "diluent",
        ("normal saline", "NS", "NaCl 0.9%", "saline", "0.9% sodium chloride", "sodium chloride 0.9 %"),
        ("sodium", "chloride"),
    ),
    Vehicle(
        "glucose-5",
        "Glucose 5%",
        "diluent",
        ("dextrose 5%", "D5W", "G5", "G5W", "5% dextrose", "5% glucose", "glucose 5 %"),
        ("glucose",),
    ),
    Vehicle("glucose-10", "Glucose 10%", "diluent", ("dextrose 10%", "D10W", "G10", "10% dextrose"), ("glucose",)),
    Vehicle(
        "sodium-chloride-0-45",
        "Sodium chloride 0.45%",
        "diluent",
        ("half-normal saline", "0.45% sodium chloride", "NaCl 0.45%"),
        ("sodium", "chloride"),
    ),
    Vehicle(
        "glucose-5-sodium-chloride-0-9",
        "Glucose 5% in sodium chloride 0.9%",
        "diluent",
        ("D5NS", "dextrose 5% in sodium chloride 0.9%", "D5/NS"),
        ("glucose", "sodium", "chloride"),
    ),
    Vehicle(
        "glucose-5-sodium-chloride-0-45",
        "Glucose 5% in sodium chloride 0.45%",
        "diluent",
        ("D5 1/2NS", "D5/0.45NS", "dextrose 5% in sodium chloride 0.45%"),
        ("glucose", "sodium", "chloride"),
    ),
    Vehicle(
        "ringers-lactate",
        "Ringer's lactate (Hartmann's)",
        "diluent",
        ("lactated Ringer's", "LR", "Hartmann's solution", "Hartmann's", "compound sodium lactate", "Ringer's lactate"),
        ("sodium", "potassium", "calcium", "chloride", "lactate"),
    ),
    Vehicle(
        "ringers",
        "Ringer's solution",
        "diluent",
        ("Ringer's injection",),
        ("sodium", "potassium", "calcium", "chloride"),
    ),
    Vehicle("water-for-injection", "Water for injection", "diluent", ("WFI", "sterile water for injection"), ()),
)

CONTAINERS = (
    Vehicle("pvc", "PVC (polyvinyl chloride, DEHP-plasticised)", "container", ("polyvinyl chloride", "PVC bag")),
    Vehicle("polyolefin", "Polyolefin", "container", ("polyolefin bag", "non-PVC bag")),
    Vehicle("polyethylene", "Polyethylene", "container", ("PE",)),
    Vehicle("polypropylene", "Polypropylene", "container", ("PP", "polypropylene syringe")),
    Vehicle("glass", "Glass", "container", ("glass bottle",)),
    Vehicle("plastic-syringe", "Plastic syringe (material unstated)", "container", ("plastic syringe",)),
)

VEHICLES: dict[str, Vehicle] = {vehicle.id: vehicle for vehicle in (*DILUENTS, *CONTAINERS)}
DILUENT_IDS = tuple(vehicle.id for vehicle in DILUENTS)
CONTAINER_IDS = tuple(vehicle.id for vehicle in CONTAINERS)

_BY_NAME: dict[str, str] = {
    normalise_name(name): vehicle.id
    for vehicle in VEHICLES.values()
    for name in (vehicle.id, vehicle.name, *vehicle.synonyms)
}


def find_vehicle(text: str) -> Vehicle | None:
    """Return the diluent or container a caller's text names, by id, name or synonym; None if none.

    >>> find_vehicle("D5W").id
    'glucose-5'
    >>> find_vehicle("Hartmann's solution").name
    "Ringer's lactate (Hartmann's)"
    >>> find_vehicle("lemonade") is None
    True
    """
    found = _BY_NAME.get(normalise_name(text))
    return VEHICLES[found] if found else None


def vehicle_catalogue() -> dict[str, list[dict[str, object]]]:
    """Return the diluents and containers as plain data, for clients choosing one."""

    def view(vehicle: Vehicle) -> dict[str, object]:
        return {
            "id": vehicle.id,
            "name": vehicle.name,
            "synonyms": list(vehicle.synonyms),
            "contains": list(vehicle.contains),
        }

    return {"diluents": [view(v) for v in DILUENTS], "containers": [view(v) for v in CONTAINERS]}
