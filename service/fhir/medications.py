"""Find the medications in FHIR content as real clients send it, across FHIR versions.

Clients send a Bundle with or without `type`, a bare resource, or a list; the medication as
`medicationCodeableConcept`, `medicationReference` (to a contained Medication or to a Medication
elsewhere in the bundle) or R5's `medication: {concept, reference}`; DSTU2 `MedicationOrder` and
DSTU3 `MedicationStatement.taken`. Reading all of them costs little; missing one would hide a drug.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from service.fhir.routes import is_intravenous

MEDICATION_TYPES = frozenset(
    {"MedicationRequest", "MedicationStatement", "MedicationOrder", "MedicationAdministration"}
)
"""Resources that say a patient takes, or is about to take, a medication."""

INACTIVE_STATUSES = frozenset(
    {"entered-in-error", "cancelled", "stopped", "completed", "not-taken", "revoked", "ended", "superseded"}
)
"""Statuses of medications the patient no longer takes (R4, DSTU3 and DSTU2 spellings)."""

RXNORM_HINT = "rxnorm"
ATC_HINT = "atc"
MAX_BUNDLE_DEPTH = 3
"""Bundles inside bundles (a prefetch of a transaction response) are followed this deep and no deeper."""


@dataclass
class MedicationResource:
    """One medication statement or order, reduced to what resolving and reporting it needs."""

    resource_type: str
    id: str | None
    reference: str | None
    label: str
    codes: list[dict[str, str]] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    status: str | None = None
    intravenous: bool = False
    """Whether a dosage gives an intravenous route (IV compatibility applies only then)."""

    @property
    def is_active(self) -> bool:
        """Whether the patient still takes it; an unknown status counts as taken (the safe side)."""
        return (self.status or "").lower() not in INACTIVE_STATUSES

    def fhir_reference(self) -> dict[str, str]:
        """Return a FHIR Reference to the resource: literal when it has an id or fullUrl, else by display."""
        if self.reference:
            return {"reference": self.reference, "display": self.label}
        return {"display": self.label}


def as_list(value: Any) -> list[Any]:
    """Return `value` if it is a list, else an empty one: hostile or odd input never raises."""
    return value if isinstance(value, list) else []


def iter_resources(value: Any, depth: int = 0) -> Iterator[tuple[dict[str, Any], str | None]]:
    """Yield (resource, fullUrl) for every resource in a Bundle, a list of resources, or one resource."""
    if isinstance(value, list):
        for item in value:
            yield from iter_resources(item, depth)
        return
    if not isinstance(value, dict):
        return
    if value.get("resourceType") == "Bundle":
        if depth >= MAX_BUNDLE_DEPTH:
            return
        for entry in as_list(value.get("entry")):
            if not isinstance(entry, dict):
                continue
            resource = entry.get("resource")
            full_url = entry.get("fullUrl") if isinstance(entry.get("fullUrl"), str) else None
            if isinstance(resource, dict) and resource.get("resourceType") == "Bundle":
                yield from iter_resources(resource, depth + 1)
            elif isinstance(resource, dict):
                yield resource, full_url
        return
    if isinstance(value.get("resourceType"), str):
        yield value, None


def index_medications(resources: list[tuple[dict[str, Any], str | None]]) -> dict[str, dict[str, Any]]:
    """Return the Medication resources by every key a reference may use (`Medication/id`, fullUrl)."""
    index: dict[str, dict[str, Any]] = {}
    for resource, full_url in resources:
        if resource.get("resourceType") != "Medication":
            continue
        if isinstance(resource.get("id"), str):
            index[f"Medication/{resource['id']}"] = resource
        if full_url:
            index[full_url] = resource
    return index


def extract_medications(
    value: Any, extra_medications: dict[str, dict[str, Any]] | None = None
) -> list[MedicationResource]:
    """Return the medication resources in `value` (any shape), with referenced Medications looked up."""
    resources = list(iter_resources(value))
    medications = index_medications(resources)
    if extra_medications:
        medications = {**extra_medications, **medications}
    found = []
    for resource, full_url in resources:
        if resource.get("resourceType") in MEDICATION_TYPES:
            found.append(read_medication(resource, full_url, medications))
    return found


def read_medication(
    resource: dict[str, Any], full_url: str | None, medications: dict[str, dict[str, Any]]
) -> MedicationResource:
    """Return one medication resource's identity, codes and texts."""
    kind = resource["resourceType"]
    rid = resource.get("id") if isinstance(resource.get("id"), str) and resource.get("id") else None
    reference = f"{kind}/{rid}" if rid else full_url
    codes: list[dict[str, str]] = []
    texts: list[str] = []
    for concept in _concepts(resource, medications):
        _read_concept(concept, codes, texts)
    status = resource.get("status") if isinstance(resource.get("status"), str) else None
    if kind == "MedicationStatement" and resource.get("taken") == "n":  # DSTU3: recorded as not taken
        status = "not-taken"
    label = texts[0] if texts else (codes[0]["code"] if codes else f"{kind} without a medication")
    return MedicationResource(
        kind, rid, reference, label, codes, list(dict.fromkeys(texts)), status, is_intravenous(resource)
    )


def _concepts(resource: dict[str, Any], medications: dict[str, dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Yield every CodeableConcept naming the medication, the most specific first."""
    r5 = resource.get("medication") if isinstance(resource.get("medication"), dict) else {}
    concept = resource.get("medicationCodeableConcept") or r5.get("concept")
    if isinstance(concept, dict):
        yield concept
    ref = resource.get("medicationReference") or r5.get("reference")
    if isinstance(ref, dict):
        medication = _follow(ref.get("reference"), resource, medications)
        if medication is not None:
            yield from _medication_concepts(medication)
        if isinstance(ref.get("display"), str):
            yield {"text": ref["display"]}


def _follow(target: Any, resource: dict[str, Any], medications: dict[str, dict[str, Any]]) -> dict[str, Any] | None:
    if not isinstance(target, str):
        return None
    if target.startswith("#"):
        for contained in as_list(resource.get("contained")):
            if isinstance(contained, dict) and contained.get("id") == target[1:]:
                return contained
        return None
    if target in medications:
        return medications[target]
    tail = "/".join(target.rstrip("/").split("/")[-2:])  # an absolute URL to the same Medication
    return medications.get(tail)


def _medication_concepts(medication: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Yield a Medication's code, then its ingredients' (used when it has no code of its own)."""
    if isinstance(medication.get("code"), dict):
        yield medication["code"]
        return
    for ingredient in as_list(medication.get("ingredient")):
        if not isinstance(ingredient, dict):
            continue
        item = ingredient.get("itemCodeableConcept")
        if item is None and isinstance(ingredient.get("item"), dict):
            item = ingredient["item"].get("concept")
        if isinstance(item, dict):
            yield item


def _read_concept(concept: dict[str, Any], codes: list[dict[str, str]], texts: list[str]) -> None:
    for coding in as_list(concept.get("coding")):
        if not isinstance(coding, dict):
            continue
        system = str(coding.get("system") or "").lower()
        code = coding.get("code")
        if isinstance(code, str) and code.strip():
            if RXNORM_HINT in system:
                codes.append({"system": "rxnorm", "code": code.strip()})
            elif ATC_HINT in system:
                codes.append({"system": "atc", "code": code.strip()})
        if isinstance(coding.get("display"), str) and coding["display"].strip():
            texts.append(coding["display"].strip())
    if isinstance(concept.get("text"), str) and concept["text"].strip():
        texts.insert(0, concept["text"].strip())
