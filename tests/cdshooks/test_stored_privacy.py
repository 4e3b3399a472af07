"""What the store keeps of a hook call and its feedback: nothing that identifies the patient or their medicines.

Every column of every row is read back, on both back-ends. The issued card is stored under the
knowledge's interaction id (what the override report counts), never under the names, codes or
resource ids the EHR sent.
"""

from __future__ import annotations

import sqlite3

import pytest

from tests.cdshooks.conftest import hook_call, med

PATIENT, ENCOUNTER, USER = "Patient/pt-73914", "Encounter/enc-55120", "Practitioner/dr-2207"
SENT = [
    PATIENT.split("/")[1],
    ENCOUNTER.split("/")[1],
    "Ibuprofen",
    "Warfarin",
    "197806",  # the RxNorm codes sent
    "855332",
    "medreq-ibu-31",  # the FHIR resource ids sent
    "medreq-warf-47",
    "fhir.example.org",
]


def _every_value(backend: str, app) -> list[str]:
    """Return every stored text value, of every column of every row of every table (times are numbers)."""
    tables = ["issued_card", "feedback", "seen_token"]
    if backend == "sqlite":
        with sqlite3.connect(app.config["FEEDBACK_DB"]) as db:
            rows = [row for table in tables for row in db.execute(f"SELECT * FROM {table}")]
    else:
        import psycopg

        with psycopg.connect(app.config["DATABASE_URL"]) as db:
            rows = [row for table in tables for row in db.execute(f"SELECT * FROM {table}")]
    assert all(isinstance(value, str | float | type(None)) for row in rows for value in row)
    return [value for row in rows for value in row if isinstance(value, str)]


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_stored_feedback_holds_no_patient_or_medication_identifiers(backend, make_app, request):
    config = {"DATABASE_URL": request.getfixturevalue("pg_url")} if backend == "postgresql" else {}
    app = make_app(**config)
    client = app.test_client()
    body = hook_call(
        "order-sign",
        [med("medreq-ibu-31", "Ibuprofen", "draft", code="197806")],
        [med("medreq-warf-47", "Warfarin", code="855332")],
    )
    body["context"].update(patientId=PATIENT.split("/")[1], encounterId=ENCOUNTER.split("/")[1], userId=USER)
    cards = client.post("/cds-services/ddi-order-sign", json=body).get_json()["cards"]
    assert len(cards) == 1
    reason = {"system": "urn:ddi:cds-hooks:override-reason", "code": "will-monitor", "display": "Will monitor"}
    feedback = {
        "card": cards[0]["uuid"],
        "outcome": "overridden",
        "overrideReason": {"reason": reason, "userComment": "INR in three days"},
        "outcomeTimestamp": "2026-11-25T10:00:00Z",
    }
    assert client.post("/cds-services/ddi-order-sign/feedback", json={"feedback": [feedback]}).status_code == 200

    stored = _every_value(backend, app)
    assert cards[0]["uuid"] in stored and "ibu+warf" in stored  # the rows were read
    leaks = [(sent, value) for sent in [*SENT, USER.split("/")[1]] for value in stored if sent.lower() in value.lower()]
    assert leaks == []
