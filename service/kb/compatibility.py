"""Look up IV compatibility observations: for two drugs meeting, and for a drug in a diluent or container.

The indices hold them by pair and by drug and vehicle; these look-ups are what the engine asks, so
it never needs to know how the indices are keyed.
"""

from __future__ import annotations

from service.kb.indices import pair_key
from service.kb.infusion import MIXTURE_TYPES
from service.kb.knowledge import Knowledge


def mixture_observations(kb: Knowledge, first: str, second: str) -> list[dict]:
    """Return the observations of two drugs mixed (Y-site, admixture, syringe), in file order."""
    return [r for r in kb.indices.compatibility.get(pair_key(first, second), ()) if r["type"] in MIXTURE_TYPES]


def vehicle_observations(kb: Knowledge, drug: str, vehicle: str) -> list[dict]:
    """Return the observations of one drug in one diluent or container."""
    return list(kb.indices.vehicles.get(drug, {}).get(vehicle, ()))


def vehicles_observed(kb: Knowledge, drug: str) -> list[str]:
    """Return the diluents and containers a drug has any observation in, sorted."""
    return sorted(vehicle for vehicle, found in kb.indices.vehicles.get(drug, {}).items() if found)


def has_iv_data(kb: Knowledge, drug: str) -> bool:
    """Return whether the knowledge holds any IV observation naming the drug."""
    return bool(kb.indices.vehicles.get(drug)) or any(
        kb.indices.compatibility.get(pair_key(drug, other)) for other in kb.indices.partners.get(drug, ())
    )
