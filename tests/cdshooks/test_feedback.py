"""Feedback: stored, idempotent, kept across restarts, and counted per interaction."""

from __future__ import annotations

import pytest

from tests.cdshooks.conftest import hook_call, med


def _card_uuid(client) -> str:
    body = hook_call("order-sign", [med("i", "Ibuprofen", "draft")], [med("w", "Warfarin")])
    return client.post("/cds-services/ddi-order-sign", json=body).get_json()["cards"][0]["uuid"]


def _override(card: str, code: str = "will-monitor", when: str = "2026-11-25T10:00:00Z") -> dict:
    reason = {"system": "urn:ddi:cds-hooks:override-reason", "code": code, "display": f"Reason {code}"}
    return {
        "card": card,
        "outcome": "overridden",
        "overrideReason": {"reason": reason, "userComment": "short course"},
        "outcomeTimestamp": when,
    }


def test_feedback_is_idempotent_and_survives_a_restart(make_app):
    client = make_app().test_client()
    first, second = _card_uuid(client), _card_uuid(client)
    body = {"feedback": [_override(first), _override(second, "short-course")]}
    assert client.post("/cds-services/ddi-order-sign/feedback", json=body).get_json() == {"recorded": 2, "repeated": 0}
    assert client.post("/cds-services/ddi-order-sign/feedback", json=body).get_json() == {"recorded": 0, "repeated": 2}
    again = make_app().test_client()  # a new app on the same file: a restart
    accepted = {
        "card": first,
        "outcome": "accepted",
        "acceptedSuggestions": [{"id": "s1"}],
        "outcomeTimestamp": "2026-11-25T10:01:00Z",
    }
    assert again.post("/cds-services/ddi-order-sign/feedback", json={"feedback": [accepted]}).status_code == 200
    counts = again.get("/v1/cds-hooks/overrides").get_json()["interactions"]
    assert counts == [
        {
            "interaction": "ibu+warf",
            "overridden": 2,
            "accepted": 1,
            "reasons": [
                {
                    "code": "short-course",
                    "count": 1,
                    "system": "urn:ddi:cds-hooks:override-reason",
                    "display": "Reason short-course",
                },
                {
                    "code": "will-monitor",
                    "count": 1,
                    "system": "urn:ddi:cds-hooks:override-reason",
                    "display": "Reason will-monitor",
                },
            ],
        }
    ]


def test_the_same_card_overridden_twice_counts_once(make_app):
    client = make_app().test_client()
    card = _card_uuid(client)
    body = {"feedback": [_override(card, when="2026-11-25T10:00:00Z"), _override(card, when="2026-11-25T10:05:00Z")]}
    client.post("/cds-services/ddi-order-sign/feedback", json=body)
    assert client.get("/v1/cds-hooks/overrides").get_json()["interactions"][0]["overridden"] == 1


@pytest.mark.parametrize(
    ("body", "pointer"),
    [
        ({}, "#/feedback"),
        ({"feedback": []}, "#/feedback"),
        ({"feedback": [{"card": "c", "outcome": "ignored", "outcomeTimestamp": "t"}]}, "#/feedback/0/outcome"),
        (
            {"feedback": [{"card": "c", "outcome": "accepted", "outcomeTimestamp": "t"}]},
            "#/feedback/0/acceptedSuggestions",
        ),
        ({"feedback": [{"outcome": "overridden", "outcomeTimestamp": "t"}]}, "#/feedback/0/card"),
        ([], "#"),
    ],
)
def test_bad_feedback_is_422_naming_the_field(client, body, pointer):
    response = client.post("/cds-services/ddi-order-select/feedback", json=body)
    assert response.status_code == 422
    assert response.get_json()["errors"][0]["pointer"] == pointer


def test_no_feedback_file_is_written_until_needed(make_app, tmp_path):
    make_app().test_client().get("/cds-services")
    assert not (tmp_path / "fb.sqlite3").exists()


def test_cards_are_still_answered_when_feedback_storage_fails(make_app, tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    client = make_app(FEEDBACK_DB=str(blocker / "fb.sqlite3")).test_client()
    body = hook_call("order-sign", [med("i", "Ibuprofen", "draft")], [med("w", "Warfarin")])
    response = client.post("/cds-services/ddi-order-sign", json=body)
    assert response.status_code == 200 and len(response.get_json()["cards"]) == 1
