"""`"compact": true`: each explanation once in `texts`, cited by id; exactly the information of the default answer."""

from __future__ import annotations

import re

import pytest

from service.engine.findings import TEXT_FIELDS

TEXT_ID = re.compile(r"x[0-9a-f]{12}")


def expanded(compact: dict) -> dict:
    """Return a compact answer with every text id replaced by its text, and without the `texts` table."""
    texts = compact["texts"]

    def fill(record: dict) -> dict:
        return {key: texts[value] if key in TEXT_FIELDS else value for key, value in record.items()}

    answer = {key: value for key, value in compact.items() if key != "texts"}
    answer["interactions"] = [
        {**fill(finding), "mechanisms": [fill(m) for m in finding["mechanisms"]]} for finding in compact["interactions"]
    ]
    return answer


@pytest.mark.parametrize(
    "body",
    [
        {"medications": ["imat", "keto", "rifa", "warf", "ibu", "flucon", "digo", "azith", "zzq-unknown"]},
        {"medications": ["imat", "keto"], "min_severity": "major", "conditions": ["hepatic impairment"]},
        {"medications": ["alde", "ganci"]},
    ],
)
def test_a_compact_answer_carries_the_same_information_as_the_default(client, body):
    default = client.post("/v1/interactions/check", json=body).get_json()
    compact = client.post("/v1/interactions/check", json={**body, "compact": True}).get_json()
    assert expanded(compact) == default


def test_a_compact_answer_gives_each_text_once_and_cites_it_by_id(client):
    body = {"medications": ["imat", "keto", "rifa", "warf", "ibu", "flucon", "digo", "azith"], "compact": True}
    compact = client.post("/v1/interactions/check", json=body).get_json()
    assert list(compact) == [
        "knowledge_version",
        "complete",
        "medications",
        "unrecognized",
        "interactions",
        "cumulative",
        "exposure",
        "duplicates",
        "not_assessed",
        "min_severity",
        "alternatives",
        "references",
        "texts",
    ]
    cited = [
        record[name]
        for finding in compact["interactions"]
        for record in (finding, *finding["mechanisms"])
        for name in TEXT_FIELDS
        if name in record
    ]
    assert cited and all(TEXT_ID.fullmatch(value) for value in cited)
    assert set(cited) == set(compact["texts"])  # every id is given, and no text goes uncited
    assert len(set(compact["texts"].values())) == len(compact["texts"])  # each text once
    assert len(cited) > len(compact["texts"])  # the point: texts repeated in the default answer


@pytest.mark.parametrize("value", ["yes", 0, 1, "true", None])
def test_compact_must_be_a_json_boolean(client, value):
    answer = client.post("/v1/interactions/check", json={"medications": ["imat"], "compact": value})
    assert answer.status_code == 422
    detail = "Field may not be null." if value is None else "Not a valid boolean."
    assert answer.get_json()["errors"] == [{"pointer": "#/compact", "detail": detail}]


def test_compact_is_not_a_batch_field(client):
    batch = {"lists": [{"id": "a", "medications": ["imat"], "compact": True}]}
    answer = client.post("/v1/interactions/check-batch", json=batch)
    assert answer.status_code == 422
    assert answer.get_json()["errors"] == [{"pointer": "#/lists/0/compact", "detail": "Unknown field."}]
