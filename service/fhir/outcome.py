"""Say, as a FHIR OperationOutcome, which medications were not recognised or not checked."""

from __future__ import annotations

import uuid
from typing import Any

from service.fhir.medications import MedicationResource
from service.fhir.resolution import ResolvedMedication


def _where(medication: MedicationResource) -> str:
    if medication.reference and medication.reference != medication.label:
        return f"{medication.reference} ({medication.label})"
    return medication.label


def operation_outcome(
    unrecognised: list[ResolvedMedication], inactive: list[MedicationResource]
) -> dict[str, Any] | None:
    """Return an OperationOutcome listing what was not checked, or None when everything was."""
    issues: list[dict[str, Any]] = []
    for item in unrecognised:
        text = f"{_where(item.medication)}: not recognised ({', '.join(item.missing)}); interactions not checked."
        if item.suggestions:
            text += f" Did you mean: {', '.join(item.suggestions)}?"
        issues.append({"severity": "warning", "code": "not-found", "diagnostics": text})
    for medication in inactive:
        issues.append(
            {
                "severity": "information",
                "code": "informational",
                "diagnostics": f"{_where(medication)}: not checked, its status is {medication.status}.",
            }
        )
    if not issues:
        return None
    return {"resourceType": "OperationOutcome", "id": str(uuid.uuid4()), "issue": issues}
