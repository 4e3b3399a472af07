"""Closed vocabularies of the knowledge format, in one place for schemas, engine and API."""

from __future__ import annotations

SEVERITIES = ("contraindicated", "major", "moderate", "minor")
"""Most severe first; the order is the ranking."""

EVIDENCE_LEVELS = ("established", "probable", "predicted")
"""Best first."""

DRUG_KINDS = ("drug", "biological", "herb", "food", "exposure")
NAME_KINDS = (
    "inn",
    "rinn",
    "rinnm",
    "ban",
    "banm",
    "usan",
    "jan",
    "brand",
    "research-code",
    "synonym",
    "abbreviation",
    "translation",
    "other-script",
    "chemical",
)
ROLES = ("substrate", "inhibitor", "inducer")
SUBSTRATE_STRENGTHS = ("sensitive", "moderate", "minor", "none")
PERPETRATOR_STRENGTHS = ("strong", "moderate", "weak", "none")
PERPETRATOR_GRADES = PERPETRATOR_STRENGTHS[:-1]
"""The strengths a label rule can grade a perpetrator by (`none` is no role at all)."""
SUBSTRATE_GRADES = SUBSTRATE_STRENGTHS[:-1]
ENZYME_KINDS = ("enzyme", "transporter")
ENZYME_PROFILES = ("assessed", "not-assessed")
EFFECT_LEVELS = ("high", "moderate", "low")
MECHANISM_TYPES = (
    "enzyme-inhibition",
    "enzyme-induction",
    "transporter-inhibition",
    "transporter-induction",
    "additive-effect",
    "absorption",
    "other",
)
DIRECTIONS = ("increases", "decreases")
REFERENCE_TYPES = ("article", "label", "guidance", "book", "monograph", "website", "database")
ATC_STATUSES = ("current", "withdrawn")
CONDITION_CODE_SYSTEMS = ("snomed", "icd10")
"""SNOMED CT, and ICD-10 (WHO or a national modification such as ICD-10-CM, where the code is shared)."""

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"


_SEVERITY_RANK = {severity: rank for rank, severity in enumerate(SEVERITIES)}


def severity_rank(severity: str) -> int:
    """Return a sort key: 0 for the most severe.

    >>> sorted(["minor", "major"], key=severity_rank)
    ['major', 'minor']
    """
    return _SEVERITY_RANK[severity]


def evidence_rank(evidence: str) -> int:
    """Return a sort key: 0 for the best evidence."""
    return EVIDENCE_LEVELS.index(evidence)
