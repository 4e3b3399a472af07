"""`/metrics` in one process: Prometheus text, requests by URL rule, findings, cards and feedback, no patient data."""

from __future__ import annotations

from prometheus_client.parser import text_string_to_metric_families

from tests.cdshooks.conftest import hook_call, med


def samples(client) -> dict[tuple[str, frozenset], float]:
    """Return `/metrics` as {(sample name, labels): value}."""
    response = client.get("/metrics")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(response.get_data(as_text=True))
        for sample in family.samples
    }


def value(metrics: dict, name: str, **labels: str) -> float:
    return metrics.get((name, frozenset(labels.items())), 0.0)


def test_requests_are_counted_by_url_rule_and_status_never_by_path(client):
    before = samples(client)
    client.get("/v1/drugs/imat")
    client.get("/v1/drugs/imat")
    client.get("/v1/drugs/no-such-drug-zzq")
    client.get("/nowhere/warfarin")
    after = samples(client)
    route = "/v1/drugs/<drug_id>"
    requests = "ddi_http_requests_total"
    assert (
        value(after, requests, route=route, method="GET", status="200")
        - value(before, requests, route=route, method="GET", status="200")
        == 2
    )
    assert (
        value(after, requests, route=route, method="GET", status="404")
        - value(before, requests, route=route, method="GET", status="404")
        == 1
    )
    assert (
        value(after, requests, route="<unmatched>", method="GET", status="404")
        - value(before, requests, route="<unmatched>", method="GET", status="404")
        == 1
    )
    latency = "ddi_http_request_duration_seconds_count"
    assert value(after, latency, route=route) - value(before, latency, route=route) == 3
    assert value(after, "ddi_http_request_duration_seconds_bucket", route=route, le="+Inf") >= 3


def test_findings_by_severity_and_unrecognised_inputs_as_a_count(client):
    before = samples(client)
    answer = client.post("/v1/interactions/check", json={"medications": ["imat", "keto", "zzq-unknown"]}).get_json()
    after = samples(client)
    by_severity: dict[str, int] = {}
    for finding in answer["interactions"]:
        by_severity[finding["severity"]] = by_severity.get(finding["severity"], 0) + 1
    assert by_severity
    for severity, count in by_severity.items():
        name = "ddi_findings_total"
        assert value(after, name, severity=severity) - value(before, name, severity=severity) == count
    name = "ddi_unrecognized_inputs_total"
    assert value(after, name) - value(before, name) == 1


def test_the_knowledge_version_is_an_info_metric(client):
    version = client.get("/livez").get_json()["knowledge_version"]
    assert value(samples(client), "ddi_knowledge_info", version=version) == 1


def test_cds_cards_by_indicator_and_feedback_by_outcome(make_app):
    from tests.cdshooks.test_feedback import _override

    client = make_app().test_client()
    before = samples(client)
    body = hook_call("order-sign", [med("i", "Ibuprofen", "draft")], [med("w", "Warfarin")])
    cards = client.post("/cds-services/ddi-order-sign", json=body).get_json()["cards"]
    feedback = {"feedback": [_override(cards[0]["uuid"])]}
    assert client.post("/cds-services/ddi-order-sign/feedback", json=feedback).status_code == 200
    after = samples(client)
    indicator = cards[0]["indicator"]
    issued = sum(card["indicator"] == indicator for card in cards)
    name = "ddi_cds_cards_total"
    assert value(after, name, indicator=indicator) - value(before, name, indicator=indicator) == issued
    name = "ddi_cds_feedback_total"
    assert value(after, name, outcome="overridden") - value(before, name, outcome="overridden") == 1


def test_no_medication_name_reaches_the_metrics(client):
    distinctive = ["Qzxvelumab", "imatinib-zzq-trial", "Warfarin Sodium 5 MG Oral Tablet", "keto"]
    client.post("/v1/interactions/check", json={"medications": distinctive})
    client.get("/v1/interactions/check?drugs=Qzxvelumab,imat")
    client.get("/v1/drugs/Qzxvelumab")
    text = client.get("/metrics").get_data(as_text=True).lower()
    for name in ["qzxvelumab", "zzq", "warfarin", "ketoconazole", "imatinib", 'imat"', 'keto"']:
        assert name not in text


def test_a_method_the_api_does_not_know_is_labelled_other(client):
    before = samples(client)
    assert client.open("/livez", method="BREW").status_code == 405
    after = samples(client)
    labels = {"route": "<unmatched>", "method": "other", "status": "405"}  # no rule matched the method
    assert value(after, "ddi_http_requests_total", **labels) - value(before, "ddi_http_requests_total", **labels) == 1
