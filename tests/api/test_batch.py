"""`/v1/interactions/check-batch`: many lists, each answered under the caller's id."""

from __future__ import annotations


def test_batch_answers_each_list_in_order_with_its_id(client):
    response = client.post(
        "/v1/interactions/check-batch",
        json={
            "min_severity": "moderate",
            "lists": [
                {"id": "bed-2", "medications": ["warf", "ibu"], "min_severity": "major"},
                {"id": "bed-1", "medications": ["imat", "keto"]},
                {"id": "bed-3", "medications": ["imat", "nothing-like-it"], "conditions": ["liver disease"]},
            ],
        },
    )
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    body = response.get_json()
    assert body["knowledge_version"] == response.headers["X-Knowledge-Version"]
    assert [r["id"] for r in body["results"]] == ["bed-2", "bed-1", "bed-3"]
    assert [r["min_severity"] for r in body["results"]] == ["major", "moderate", "moderate"]
    assert [[i["id"] for i in r["interactions"]] for r in body["results"]] == [
        ["ibu+warf:pharmacodynamic"],
        ["imat+keto:pharmacodynamic", "imat+keto:pharmacokinetic"],
        [],
    ]
    assert [r["complete"] for r in body["results"]] == [True, True, False]
    assert body["results"][2]["precautions"][0]["condition"] == "hepatic-impairment"


def test_batch_result_equals_single_checks(client):
    single = client.post("/v1/interactions/check", json={"medications": ["imat", "keto", "rifa"]}).get_json()
    batch = client.post(
        "/v1/interactions/check-batch", json={"lists": [{"id": "x", "medications": ["imat", "keto", "rifa"]}]}
    ).get_json()
    assert batch["results"] == [{"id": "x", **single}]


def test_batch_rejects_duplicate_ids(client):
    response = client.post(
        "/v1/interactions/check-batch",
        json={"lists": [{"id": "a", "medications": ["imat"]}, {"id": "a", "medications": ["keto"]}]},
    )
    assert response.status_code == 422
    assert response.get_json()["errors"] == [
        {"pointer": "#/lists/1/id", "detail": "Duplicate id: each list needs its own."}
    ]


def test_batch_list_limit(make_app):
    client = make_app(MAX_BATCH_LISTS=2).test_client()
    lists = [{"id": str(n), "medications": ["imat"]} for n in range(3)]
    response = client.post("/v1/interactions/check-batch", json={"lists": lists})
    assert response.status_code == 422
    assert response.get_json()["errors"] == [{"pointer": "#/lists", "detail": "Longer than the limit of 2 items."}]


def test_batch_errors_point_into_the_lists(client):
    response = client.post(
        "/v1/interactions/check-batch",
        json={"lists": [{"id": "a", "medications": []}, {"medications": ["imat"], "extra": 1}]},
    )
    assert response.status_code == 422
    assert response.get_json()["errors"] == [
        {"pointer": "#/lists/0/medications", "detail": "Shorter than minimum length 1."},
        {"pointer": "#/lists/1/extra", "detail": "Unknown field."},
        {"pointer": "#/lists/1/id", "detail": "Missing data for required field."},
    ]
