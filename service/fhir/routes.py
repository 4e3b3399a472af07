"""Read the route of a medication order or statement: is it intravenous?

IV compatibility matters only where two drugs share a line, so the CDS Hooks service looks for it
only between intravenous orders. A route is intravenous by a code (SNOMED CT 47625008 Intravenous
route, its common descendants, EDQM 20045000 Intravenous use, HL7 v3 IV* codes) or by its text.
"""

from __future__ import annotations

import re
from typing import Any

INTRAVENOUS_CODES = frozenset({"47625008", "255560000", "20045000", "IV", "IVINJ", "IVINF", "IVINFUS", "IVPUSH"})
_INTRAVENOUS_TEXT = re.compile(r"\b(intravenous(ly)?|i\.?v\.?)\b", re.IGNORECASE)


def _dosages(resource: dict[str, Any]) -> list[Any]:
    """Return the dosage entries: `dosageInstruction` on orders, `dosage` on statements."""
    found = resource.get("dosageInstruction", resource.get("dosage"))
    return found if isinstance(found, list) else []


def is_intravenous(resource: dict[str, Any]) -> bool:
    """Return whether any dosage of the resource gives an intravenous route.

    >>> snomed_iv = {"coding": [{"system": "http://snomed.info/sct", "code": "47625008"}]}
    >>> is_intravenous({"dosageInstruction": [{"route": snomed_iv}]})
    True
    >>> is_intravenous({"dosageInstruction": [{"route": {"text": "oral"}}]}), is_intravenous({})
    (False, False)
    """
    for dosage in _dosages(resource):
        route = dosage.get("route") if isinstance(dosage, dict) else None
        if not isinstance(route, dict):
            continue
        codings = route.get("coding") if isinstance(route.get("coding"), list) else []
        for coding in codings:
            if isinstance(coding, dict) and str(coding.get("code", "")).strip() in INTRAVENOUS_CODES:
                return True
        texts = [route.get("text"), *(c.get("display") for c in codings if isinstance(c, dict))]
        if any(isinstance(t, str) and _INTRAVENOUS_TEXT.search(t) for t in texts):
            return True
    return False
