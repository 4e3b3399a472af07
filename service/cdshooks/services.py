"""The CDS Services this server offers, and the discovery document that describes them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

MEDICATION_PREFETCH = {
    "medicationRequests": "MedicationRequest?patient={{context.patientId}}&status=active",
    "medicationStatements": "MedicationStatement?patient={{context.patientId}}&status=active",
}
"""The patient's current medications: what new orders are checked against."""

PREFETCH = {
    **MEDICATION_PREFETCH,
    "conditions": "Condition?patient={{context.patientId}}&clinical-status=active,recurrence,relapse",
}
"""Also the patient's current conditions: what new orders are checked for precautions against."""

USAGE = (
    "Send draft MedicationRequests in context.draftOrders and the active medication list by prefetch "
    "(any key) or through fhirServer with fhirAuthorization; codes: RxNorm, ATC or product text. "
    "Conditions (SNOMED CT, ICD-10 or text) are read from the prefetch only."
)


@dataclass(frozen=True)
class CdsService:
    """One CDS Service: its hook, and whether only the newly selected orders are of interest."""

    id: str
    hook: str
    title: str
    description: str
    selected_only: bool

    def describe(self) -> dict[str, Any]:
        """Return this service's entry in the discovery document."""
        return {
            "hook": self.hook,
            "id": self.id,
            "title": self.title,
            "description": self.description,
            "prefetch": dict(PREFETCH),
            "usageRequirements": USAGE,
        }


SERVICES = {
    s.id: s
    for s in (
        CdsService(
            id="ddi-order-select",
            hook="order-select",
            title="Drug interactions of the selected order",
            description=(
                "Checks each newly selected medication against the other draft orders and the patient's "
                "active medications; never repeats interactions between long-standing medications."
            ),
            selected_only=True,
        ),
        CdsService(
            id="ddi-order-sign",
            hook="order-sign",
            title="Drug interactions before signing",
            description=(
                "Checks the draft orders about to be signed against each other and against the patient's "
                "active medications, with suggestions to cancel an order or record the issue."
            ),
            selected_only=False,
        ),
    )
}
"""Every service, by the id in its URL."""


def discovery() -> dict[str, Any]:
    """Return the `GET /cds-services` document."""
    return {"services": [s.describe() for s in SERVICES.values()]}
