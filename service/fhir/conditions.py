"""Find the patient's current conditions in FHIR content, across FHIR versions, and resolve them.

A Condition's `clinicalStatus` is a CodeableConcept in R4 and R5 and a plain code in DSTU2 and
DSTU3; it may be absent (R4 allows that for a condition recorded without one). Only conditions the
patient has now are kept: `active`, `recurrence`, `relapse`, or no status and no abatement. A
`refuted` or `entered-in-error` verification status means the record is not true of the patient.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from service.fhir.medications import as_list, iter_resources
from service.kb.knowledge import Knowledge

ACTIVE_STATUSES = frozenset({"active", "recurrence", "relapse"})
"""Clinical statuses of a condition the patient has now; `inactive`, `remission`, `resolved` are not."""

UNTRUE_VERIFICATIONS = frozenset({"refuted", "entered-in-error"})


@dataclass
class ConditionResource:
    """One Condition, reduced to what resolving and reporting it needs."""

    id: str | None
    reference: str | None
    label: str
    codes: list[dict[str, str]] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    clinical_status: str | None = None
    verification_status: str | None = None
    abated: bool = False

    @property
    def is_active(self) -> bool:
        """Whether the patient has the condition now, as far as the record says."""
        if self.verification_status in UNTRUE_VERIFICATIONS:
            return False
        if self.clinical_status is None:
            return not self.abated
        return self.clinical_status in ACTIVE_STATUSES


def extract_conditions(value: Any) -> list[ConditionResource]:
    """Return every Condition in `value` (a Bundle, a list, a resource, or a list of those), active or not."""
    return [
        read_condition(resource, full_url)
        for resource, full_url in iter_resources(value)
        if resource.get("resourceType") == "Condition"
    ]


def read_condition(resource: dict[str, Any], full_url: str | None = None) -> ConditionResource:
    """Return one Condition's identity, codes, texts and statuses."""
    rid = resource.get("id") if isinstance(resource.get("id"), str) and resource.get("id") else None
    codes: list[dict[str, str]] = []
    texts: list[str] = []
    concept = resource.get("code") if isinstance(resource.get("code"), dict) else {}
    for coding in as_list(concept.get("coding")):
        if not isinstance(coding, dict):
            continue
        system = _code_system(coding.get("system"))
        code = coding.get("code")
        if system and isinstance(code, str) and code.strip():
            codes.append({"system": system, "code": code.strip()})
        if isinstance(coding.get("display"), str) and coding["display"].strip():
            texts.append(coding["display"].strip())
    if isinstance(concept.get("text"), str) and concept["text"].strip():
        texts.insert(0, concept["text"].strip())
    label = texts[0] if texts else (codes[0]["code"] if codes else "Condition without a code")
    return ConditionResource(
        id=rid,
        reference=f"Condition/{rid}" if rid else full_url,
        label=label,
        codes=codes,
        texts=list(dict.fromkeys(texts)),
        clinical_status=_status(resource.get("clinicalStatus")),
        verification_status=_status(resource.get("verificationStatus")),
        abated=any(key.startswith("abatement") for key in resource),
    )


def resolve_condition(kb: Knowledge, condition: ConditionResource) -> list[str]:
    """Return the condition ids a Condition means: by its codes when any is known, else by its texts."""
    by_code = [kb.condition_resolver.by_code(c["system"], c["code"]) for c in condition.codes]
    found = [c for c in by_code if c]
    if found:
        return list(dict.fromkeys(found))
    for text in condition.texts:
        found = kb.condition_resolver.resolve_text(text[:200])
        if found:
            return found
    return []


def _code_system(system: Any) -> str | None:
    text = str(system or "").lower()
    if "snomed" in text:
        return "snomed"
    if ("icd-10" in text or "icd10" in text) and "pcs" not in text:  # ICD-10-PCS codes procedures
        return "icd10"
    return None


def _status(value: Any) -> str | None:
    """Return a status code from a DSTU3 string or an R4 CodeableConcept, lower-cased; None when absent."""
    if isinstance(value, str) and value.strip():
        return value.strip().lower()
    if isinstance(value, dict):
        for coding in as_list(value.get("coding")):
            if isinstance(coding, dict) and isinstance(coding.get("code"), str) and coding["code"].strip():
                return coding["code"].strip().lower()
        if isinstance(value.get("text"), str) and value["text"].strip():
            return value["text"].strip().lower()
    return None
