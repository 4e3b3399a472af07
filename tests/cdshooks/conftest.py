"""Fixtures for the CDS Hooks tests: apps on the fixture or bundled knowledge, and request builders."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from service import DEFAULT_KNOWLEDGE_DIR, create_app
from tests.api.contract import ContractClient

FIXTURE_KNOWLEDGE = Path(__file__).resolve().parents[1] / "fixtures" / "knowledge"
CDS_FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "cds-hooks"
"""The HL7 PDDI guide's requests, kept in the project so the suite stands alone."""
SHARED_FIXTURES = Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "cds-hooks"
"""The same requests as handed to the project beside it, checked too when present."""
RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"


@pytest.fixture
def make_app(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """Return a factory for apps with a scratch feedback file, untouched by the caller's DDI_* variables."""
    for name in list(os.environ):
        if name.startswith("DDI_"):
            monkeypatch.delenv(name)

    def make(knowledge: Path = FIXTURE_KNOWLEDGE, **config: Any) -> Flask:
        # Pairs are computed on demand here: the same answers (tests/engine/test_pairs.py), a faster suite.
        settings = {
            "KNOWLEDGE_DIR": str(knowledge),
            "TESTING": True,
            "FEEDBACK_DB": str(tmp_path / "fb.sqlite3"),
            "PRECOMPUTE_PAIRS": False,
        }
        app = create_app({**settings, **config})
        app.test_client_class = ContractClient  # every answer is checked against openapi.yaml
        return app

    return make


@pytest.fixture
def client(make_app):
    return make_app().test_client()


@pytest.fixture
def bundled_client(make_app):
    return make_app(DEFAULT_KNOWLEDGE_DIR).test_client()


def shared_fixture(name: str, directory: Path = CDS_FIXTURES) -> dict[str, Any]:
    return json.loads((directory / name).read_text())


def med(rid: str | None, text: str, status: str = "active", kind: str = "MedicationRequest", code: str | None = None):
    """Return a medication resource coded by text (and an RxNorm code when given)."""
    concept: dict[str, Any] = {"text": text}
    if code:
        concept["coding"] = [{"system": RXNORM, "code": code, "display": text}]
    resource: dict[str, Any] = {"resourceType": kind, "status": status, "medicationCodeableConcept": concept}
    if rid:
        resource["id"] = rid
    return resource


def bundle(*resources: dict[str, Any], kind: str | None = "searchset") -> dict[str, Any]:
    result: dict[str, Any] = {"resourceType": "Bundle", "entry": [{"resource": r} for r in resources]}
    if kind:
        result["type"] = kind
    return result


def hook_call(hook: str, drafts: list[dict], active: list[dict] | None, selections: list[str] | None = None) -> dict:
    """Return a CDS Hooks 2.0 request as the CDS Hooks sandbox shapes it."""
    context: dict[str, Any] = {"userId": "Practitioner/example", "patientId": "p1", "draftOrders": bundle(*drafts)}
    if selections is not None:
        context["selections"] = selections
    body: dict[str, Any] = {
        "hookInstance": "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
        "hook": hook,
        "fhirServer": "https://fhir.example.org/r4",
        "context": context,
    }
    if active is not None:
        body["prefetch"] = {"medicationRequests": bundle(*active), "medicationStatements": None}
    return body


def walk_empty(value: Any, path: str = "$") -> list[str]:
    """Return the paths of every null or empty value (forbidden anywhere in a CDS Hooks answer)."""
    if value is None or value == "" or value == [] or value == {}:
        return [path]
    if isinstance(value, dict):
        return [p for key, item in value.items() for p in walk_empty(item, f"{path}.{key}")]
    if isinstance(value, list):
        return [p for n, item in enumerate(value) for p in walk_empty(item, f"{path}[{n}]")]
    return []
