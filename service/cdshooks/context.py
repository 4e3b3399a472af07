"""Read a CDS Hooks request: the draft orders, which of them are new, the active medication list, and
the patient's current conditions.

Real clients differ: DSTU3-era requests put `patient` and `user` at the top level, prefetch keys are
whatever the client's own configuration calls them (`item2`), and a key the client could not fill
is `null`. Everything medication-shaped, and every current Condition, in any prefetch value is used.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from service.api.problems import Problem
from service.cdshooks.services import MEDICATION_PREFETCH, SERVICES, CdsService
from service.fhir.conditions import ConditionResource, extract_conditions
from service.fhir.medications import (
    MEDICATION_TYPES,
    MedicationResource,
    as_list,
    extract_medications,
    index_medications,
    iter_resources,
)

HOOKS = frozenset(s.hook for s in SERVICES.values())
"""A call for the other hook is answered as this service's hook: a routing slip is no reason to stay silent."""


@dataclass
class HookRequest:
    """What one hook call says about the patient's medications and current conditions."""

    hook_instance: str | None
    patient: str | None
    draft: list[MedicationResource]
    selections: set[str]
    active: list[MedicationResource] = field(default_factory=list)
    conditions: list[ConditionResource] = field(default_factory=list)
    prefetched: bool = False
    fhir_server: str | None = None
    access_token: str | None = None


def _invalid(pointer: str, detail: str) -> Problem:
    return Problem(422, "invalid-fields", f"{pointer}: {detail}", errors=[{"pointer": pointer, "detail": detail}])


def _text(body: dict[str, Any], key: str) -> str | None:
    value = body.get(key)
    return value if isinstance(value, str) and value.strip() else None


def read_hook_request(service: CdsService, body: Any) -> HookRequest:
    """Return the medications a hook call carries; raise a 422 problem naming the first bad field."""
    if not isinstance(body, dict):
        raise _invalid("#", "The request body must be a JSON object.")
    if not isinstance(body.get("hook"), str) or body["hook"] not in HOOKS:
        raise _invalid("#/hook", f"Must be one of {', '.join(sorted(HOOKS))}; this service is for '{service.hook}'.")
    context = body.get("context")
    if not isinstance(context, dict):
        raise _invalid("#/context", "Required: an object with the hook's context.")
    if "hookInstance" in body and not isinstance(body["hookInstance"], str):
        raise _invalid("#/hookInstance", "Must be a string.")
    for name in ("draftOrders", "medications"):  # `medications`: what older clients send instead
        if name in context and not isinstance(context[name], dict | list):
            raise _invalid(f"#/context/{name}", "Must be a Bundle (or a list) of the draft orders.")
    drafts = context.get("draftOrders", context.get("medications"))
    if drafts is None:
        raise _invalid("#/context/draftOrders", "Required: a Bundle of the draft orders.")
    selections = context.get("selections", [])
    if not isinstance(selections, list) or not all(isinstance(s, str) for s in selections):
        raise _invalid("#/context/selections", "Must be a list of references such as 'MedicationRequest/123'.")
    prefetch = body.get("prefetch")
    if prefetch is not None and not isinstance(prefetch, dict):
        raise _invalid("#/prefetch", "Must be an object of prefetch keys.")
    authorization = body.get("fhirAuthorization")
    prefetch = prefetch or {}
    medication_index = index_medications(list(iter_resources(list(prefetch.values()))))
    draft = extract_medications(drafts, medication_index)
    hook = HookRequest(
        hook_instance=_text(body, "hookInstance"),
        patient=_text(context, "patientId") or _text(body, "patient"),
        draft=draft,
        selections=set(selections),
        fhir_server=_text(body, "fhirServer"),
        access_token=_text(authorization, "access_token") if isinstance(authorization, dict) else None,
    )
    hook.active, hook.prefetched = _prefetched_medications(prefetch, draft)
    hook.conditions = [c for c in extract_conditions(list(prefetch.values())) if c.is_active]
    return hook


def _prefetched_medications(
    prefetch: dict[str, Any], draft: list[MedicationResource]
) -> tuple[list[MedicationResource], bool]:
    """Return the active medications in the prefetch, and whether the prefetch answered the question.

    It did when one of our keys is present (even `null`: the client has no data), or when any value
    holds medication resources, or is `null` or an empty Bundle under a key that names medications.
    """
    answered = any(key in prefetch for key in MEDICATION_PREFETCH)
    found: list[MedicationResource] = []
    for key, value in prefetch.items():
        medications = extract_medications(value)
        found.extend(medications)
        if medications or (_about_medications(key, value) and _empty(value)):
            answered = True
    new = {m.reference for m in draft if m.reference}
    active = [m for m in found if m.is_active and not (m.reference and m.reference in new)]
    return active, answered


def _about_medications(key: str, value: Any) -> bool:
    if "med" in key.lower():
        return True
    links = value.get("link") if isinstance(value, dict) else None
    urls = [link.get("url", "") for link in as_list(links) if isinstance(link, dict)]
    return any(kind in str(url) for url in urls for kind in MEDICATION_TYPES)


def _empty(value: Any) -> bool:
    if value is None:
        return True
    return isinstance(value, dict) and value.get("resourceType") == "Bundle" and not value.get("entry")
