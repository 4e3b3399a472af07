"""Check FHIR medication resources: resolve each, run the engine once, and keep who contains what.

The engine works on drug ids; the EHR thinks in resources. Keeping the map from drug back to its
resources lets every finding name the orders it implicates (and the draft order a card may cancel).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from service.engine import check_medications
from service.fhir.medications import MedicationResource
from service.fhir.pairs import PairFinding, group_by_pair
from service.fhir.resolution import ResolvedMedication, resolve_medication
from service.kb.knowledge import Knowledge


@dataclass
class ResourceCheck:
    """The outcome of checking a list of medication resources."""

    resolved: list[ResolvedMedication]
    pairs: list[PairFinding]
    result: dict[str, Any]

    @property
    def unrecognised(self) -> list[ResolvedMedication]:
        return [r for r in self.resolved if not r.recognised]

    def resources_for(self, drug: str) -> list[MedicationResource]:
        """Return the medication resources that contain `drug`, in input order."""
        return [r.medication for r in self.resolved if drug in r.drugs]


def check_resources(
    kb: Knowledge, medications: list[MedicationResource], min_severity: str, alternatives: bool = True
) -> ResourceCheck:
    """Return the pair findings among `medications` at or above `min_severity` (and their alternatives)."""
    resolved = [resolve_medication(kb, m) for m in medications]
    drugs = list(dict.fromkeys(d for r in resolved for d in r.drugs))
    result = check_medications(kb, drugs, min_severity=min_severity, alternatives=alternatives)
    return ResourceCheck(resolved, group_by_pair(result["interactions"]), result)
