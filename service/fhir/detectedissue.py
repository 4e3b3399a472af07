"""Build FHIR R4 DetectedIssue resources for drug pairs: the form EHRs store an interaction alert in."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from service.fhir.medications import MedicationResource
from service.fhir.pairs import PairFinding
from service.kb.knowledge import Knowledge

ACT_CODE_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
DRUG_INTERACTION_CODE = {"system": ACT_CODE_SYSTEM, "code": "DRG", "display": "Drug Interaction Alert"}

FHIR_SEVERITY = {"contraindicated": "high", "major": "high", "moderate": "moderate", "minor": "low"}
"""DetectedIssue.severity has three levels; contraindicated and major are both `high`."""

EVIDENCE_TEXT = {
    "established": "Established: shown in clinical studies or stated in the product label",
    "probable": "Probable: reported in case reports",
    "predicted": "Predicted from the drugs' mechanisms; not yet observed clinically",
}


def reference_url(kb: Knowledge, ref_id: str) -> str | None:
    """Return a resolvable URL for a reference (PubMed, DOI or its own URL), if it has one."""
    record = kb.records.references.get(ref_id, {})
    if record.get("pmid"):
        return f"https://pubmed.ncbi.nlm.nih.gov/{record['pmid']}/"
    if record.get("doi"):
        return f"https://doi.org/{record['doi']}"
    return record.get("url") or None


def detected_issue(
    kb: Knowledge,
    pair: PairFinding,
    implicated: list[MedicationResource],
    *,
    patient: str | None = None,
    identified: datetime | None = None,
) -> dict[str, Any]:
    """Return a DetectedIssue for one pair, implicating the medication resources that contain it."""
    names = " + ".join(kb.drug_name(d) for d in pair.drugs)
    detail = " ".join([f"{names} ({pair.severity}): {pair.lead['summary']}", *pair.management])
    issue: dict[str, Any] = {
        "resourceType": "DetectedIssue",
        "status": "final",
        "code": {"coding": [DRUG_INTERACTION_CODE], "text": "Drug-drug interaction"},
        "severity": FHIR_SEVERITY[pair.severity],
        "identifiedDateTime": (identified or datetime.now(UTC)).isoformat(timespec="seconds"),
        "implicated": [m.fhir_reference() for m in implicated],
        "evidence": [_evidence(kb, pair)],
        "detail": detail,
    }
    if patient:
        issue["patient"] = {"reference": patient if "/" in patient else f"Patient/{patient}"}
    url = next((u for u in (reference_url(kb, ref_id) for ref_id in pair.refs) if u), None)
    if url:
        issue["reference"] = url
    return issue


def _evidence(kb: Knowledge, pair: PairFinding) -> dict[str, Any]:
    evidence: dict[str, Any] = {"code": [{"text": EVIDENCE_TEXT[pair.evidence]}]}
    if pair.refs:
        evidence["detail"] = [{"display": ref["citation"]} for ref in kb.references(pair.refs)]
    return evidence
