"""Measure a CDS Hooks order-sign call with 20 active medications and 2 draft orders (never asserts).

    python bench/cds_bench.py [--repeat 300] [--gunicorn]

In process, with the Flask test client, the figure is the time the app takes to answer (the
test client adds no network). With `--gunicorn`, the same calls go over loopback HTTP to a
gunicorn worker. Each figure is printed beside a trivial endpoint (`GET /livez`) timed in the
same run, so the difference is the cost of the CDS Hooks work itself. The request is shaped as
real EHRs send it: RxNorm clinical-drug product text, a searchset Bundle, a Condition prefetch.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.timing import summary, time_ms
from service import DEFAULT_KNOWLEDGE_DIR, create_app

ACTIVE = [
    "Warfarin Sodium 5 MG Oral Tablet",
    "Amlodipine 10 MG Oral Tablet",
    "Atorvastatin 40 MG Oral Tablet",
    "Metformin Hydrochloride 500 MG Oral Tablet",
    "Lisinopril 10 MG Oral Tablet",
    "Omeprazole 20 MG Delayed Release Oral Capsule",
    "Simvastatin 20 MG Oral Tablet",
    "Digoxin 0.125 MG Oral Tablet",
    "Amiodarone Hydrochloride 200 MG Oral Tablet",
    "Clopidogrel 75 MG Oral Tablet",
    "Sertraline 50 MG Oral Tablet",
    "Levothyroxine Sodium 0.1 MG Oral Tablet",
    "Furosemide 40 MG Oral Tablet",
    "Bisoprolol Fumarate 5 MG Oral Tablet",
    "Ramipril 5 MG Oral Capsule",
    "Tramadol Hydrochloride 50 MG Oral Tablet",
    "Gabapentin 300 MG Oral Capsule",
    "Allopurinol 100 MG Oral Tablet",
    "Prednisolone 5 MG Oral Tablet",
    "Tamsulosin Hydrochloride 0.4 MG Oral Capsule",
]
DRAFTS = ["Ketorolac Tromethamine 10 MG Oral Tablet", "Clarithromycin 500 MG Oral Tablet"]
RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"


def _request(resource_id: str, text: str, status: str) -> dict:
    return {
        "resourceType": "MedicationRequest",
        "id": resource_id,
        "status": status,
        "intent": "order",
        "subject": {"reference": "Patient/p1"},
        "medicationCodeableConcept": {"text": text, "coding": [{"system": RXNORM, "code": "0", "display": text}]},
        "dosageInstruction": [{"timing": {"repeat": {"frequency": 1, "period": 1, "periodUnit": "d"}}}],
    }


def hook_request() -> dict:
    """Return an order-sign call: 2 draft orders, 20 active medications, a Condition prefetch."""
    drafts = [_request(f"draft-{n}", text, "draft") for n, text in enumerate(DRAFTS)]
    active = [_request(f"active-{n}", text, "active") for n, text in enumerate(ACTIVE)]
    return {
        "hookInstance": "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
        "hook": "order-sign",
        "fhirServer": "https://fhir.example.org/r4",
        "context": {
            "userId": "Practitioner/1",
            "patientId": "p1",
            "draftOrders": {"resourceType": "Bundle", "entry": [{"resource": r} for r in drafts]},
        },
        "prefetch": {
            "medicationRequests": {
                "resourceType": "Bundle",
                "type": "searchset",
                "entry": [{"resource": r} for r in active],
            },
            "medicationStatements": None,
            "conditions": {"resourceType": "Bundle", "type": "searchset"},
        },
    }


def in_process(repeat: int, feedback_db: str) -> None:
    app = create_app({"KNOWLEDGE_DIR": str(DEFAULT_KNOWLEDGE_DIR), "LOG_LEVEL": "WARNING", "FEEDBACK_DB": feedback_db})
    client = app.test_client()
    body = hook_request()
    first = client.post("/cds-services/ddi-order-sign", json=body)
    cards = first.get_json()["cards"]
    print(f"in process (Flask test client), knowledge {app.extensions['ddi'].version}: {len(cards)} cards")
    for card in cards:
        print(f"    {card['indicator']:8}  {card['summary']}")
    cds = time_ms(lambda: client.post("/cds-services/ddi-order-sign", json=body), repeat)
    base = time_ms(lambda: client.get("/livez"), repeat)
    print(f"  POST /cds-services/ddi-order-sign  {summary(cds)}")
    print(f"  GET  /livez (baseline)             {summary(base)}")


def over_gunicorn(repeat: int, feedback_db: str) -> None:
    import requests

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "DDI_LOG_LEVEL": "WARNING", "DDI_FEEDBACK_DB": feedback_db}
    command = [sys.executable, "-m", "gunicorn", "-w", "1", "-b", f"127.0.0.1:{port}", "service:create_app()"]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}"
        session = requests.Session()
        for _ in range(300):  # the worker loads the knowledge and precomputes pairs before answering
            try:
                session.get(f"{url}/livez", timeout=2)
                break
            except requests.RequestException:
                time.sleep(0.1)
        body = hook_request()
        cds = time_ms(lambda: session.post(f"{url}/cds-services/ddi-order-sign", json=body, timeout=5), repeat)
        base = time_ms(lambda: session.get(f"{url}/livez", timeout=5), repeat)
        print("over gunicorn (1 sync worker, loopback HTTP, round trip seen by the client):")
        print(f"  POST /cds-services/ddi-order-sign  {summary(cds)}")
        print(f"  GET  /livez (baseline)             {summary(base)}")
    finally:
        server.terminate()
        server.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=300)
    parser.add_argument("--gunicorn", action="store_true", help="also measure over HTTP with a gunicorn worker")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        feedback_db = str(Path(scratch) / "feedback.sqlite3")
        in_process(args.repeat, feedback_db)
        if args.gunicorn:
            over_gunicorn(args.repeat, feedback_db)


if __name__ == "__main__":
    main()
