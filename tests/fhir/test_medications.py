"""Reading medications out of FHIR content of every version and shape."""

from __future__ import annotations

from service.fhir.medications import extract_medications
from service.fhir.resolution import resolve_medication


def test_r5_medication_concept_and_reference_display():
    r5 = {"resourceType": "MedicationRequest", "id": "a", "medication": {"concept": {"text": "Warfarin"}}}
    by_display = {"resourceType": "MedicationStatement", "medicationReference": {"display": "Ibuprofen 200 MG"}}
    found = extract_medications([r5, by_display])
    assert [(m.reference, m.texts) for m in found] == [
        ("MedicationRequest/a", ["Warfarin"]),
        (None, ["Ibuprofen 200 MG"]),
    ]


def test_absolute_reference_to_a_bundled_medication():
    request = {
        "resourceType": "MedicationRequest",
        "id": "r",
        "medicationReference": {"reference": "https://fhir.example.org/Medication/m1"},
    }
    medication = {
        "resourceType": "Medication",
        "id": "m1",
        "ingredient": [{"itemCodeableConcept": {"text": "Fluconazole"}}],
    }
    found = extract_medications({"resourceType": "Bundle", "entry": [{"resource": request}, {"resource": medication}]})
    assert found[0].texts == ["Fluconazole"]


def test_dstu3_not_taken_statement_is_inactive():
    statement = {
        "resourceType": "MedicationStatement",
        "status": "active",
        "taken": "n",
        "medicationCodeableConcept": {"text": "Warfarin"},
    }
    assert extract_medications(statement)[0].is_active is False


def test_nested_bundles_are_followed():
    inner = {"resourceType": "Bundle", "entry": [{"resource": {"resourceType": "MedicationRequest", "id": "x"}}]}
    outer = {"resourceType": "Bundle", "type": "transaction-response", "entry": [{"resource": inner}]}
    assert [m.reference for m in extract_medications(outer)] == ["MedicationRequest/x"]


def test_partly_recognised_combination_keeps_the_known_ingredient(fixture_kb):
    found = extract_medications(
        {
            "resourceType": "MedicationRequest",
            "medicationCodeableConcept": {"text": "Warfarin 5 MG / Zorblaxin 10 MG Oral Tablet"},
        }
    )
    resolved = resolve_medication(fixture_kb, found[0])
    assert (resolved.drugs, resolved.missing, resolved.recognised) == (["warf"], ["Zorblaxin 10 MG Oral Tablet"], False)
