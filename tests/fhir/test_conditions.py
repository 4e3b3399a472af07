"""Reading the patient's current Conditions out of FHIR content of every version, and resolving them."""

from __future__ import annotations

import pytest

from service.fhir.conditions import extract_conditions, read_condition, resolve_condition

SNOMED = "http://snomed.info/sct"
R4_STATUS = "http://terminology.hl7.org/CodeSystem/condition-clinical"


def condition(rid="c1", *, status=None, verification=None, code=None, text=None, **extra):
    """Return a Condition: an R4 CodeableConcept status when given as a tuple, a DSTU3 string otherwise."""
    resource = {"resourceType": "Condition", "id": rid, "code": {}, **extra}
    if code:
        resource["code"]["coding"] = [{"system": SNOMED, "code": code, "display": "Coded display"}]
    if text:
        resource["code"]["text"] = text
    if isinstance(status, tuple):
        resource["clinicalStatus"] = {"coding": [{"system": R4_STATUS, "code": status[0]}]}
    elif status:
        resource["clinicalStatus"] = status
    if verification:
        resource["verificationStatus"] = verification
    return resource


@pytest.mark.parametrize(
    ("resource", "active"),
    [
        (condition(status="active"), True),
        (condition(status=("recurrence",)), True),
        (condition(status=("relapse",)), True),
        (condition(), True),  # no status: recorded, so taken as current
        (condition(status=("resolved",)), False),
        (condition(status="inactive"), False),
        (condition(status=("remission",)), False),
        (condition(status="active", verification="entered-in-error"), False),
        (condition(status=("active",), verification={"coding": [{"code": "refuted"}]}), False),
        (condition(status="active", verification="differential"), True),
        (condition(abatementDateTime="2020-01-01"), False),
    ],
)
def test_only_current_conditions_are_active(resource, active):
    assert read_condition(resource).is_active is active


def test_conditions_are_found_in_bundles_lists_and_among_other_resources():
    bundle = {
        "resourceType": "Bundle",
        "entry": [
            {"resource": condition("a", text="Heart failure")},
            {"resource": {"resourceType": "MedicationRequest", "id": "m"}},
            {"fullUrl": "urn:uuid:1", "resource": {"resourceType": "Condition", "code": {"text": "Epilepsy"}}},
        ],
    }
    found = extract_conditions([bundle, condition("b", code="84757009"), None, "junk"])
    assert [(c.reference, c.label) for c in found] == [
        ("Condition/a", "Heart failure"),
        ("urn:uuid:1", "Epilepsy"),
        ("Condition/b", "Coded display"),
    ]


def test_codes_are_read_by_system_and_other_systems_ignored():
    resource = condition(text="Duodenal ulcer")
    resource["code"]["coding"] = [
        {"system": SNOMED, "code": "12847006"},
        {"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "K26.0"},
        {"system": "http://example.org/local", "code": "X1"},
    ]
    assert read_condition(resource).codes == [
        {"system": "snomed", "code": "12847006"},
        {"system": "icd10", "code": "K26.0"},
    ]


@pytest.mark.parametrize(
    ("resource", "expected"),
    [
        (condition(code="12847006"), ["peptic-ulcer-bleeding"]),  # the code decides, whatever the text
        (condition(code="12847006", text="Something else"), ["peptic-ulcer-bleeding"]),
        (condition(text="Acute duodenal ulcer with haemorrhage"), ["peptic-ulcer-bleeding"]),
        (condition(code="999999999", text="Chronic kidney disease stage 3"), ["renal-impairment"]),  # code not listed
        (condition(text="Sprained ankle"), []),
        ({"resourceType": "Condition"}, []),
    ],
)
def test_coded_conditions_resolve_by_code_and_the_rest_by_text(bundled_kb, resource, expected):
    assert resolve_condition(bundled_kb, read_condition(resource)) == expected
