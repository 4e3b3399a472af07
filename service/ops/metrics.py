"""Prometheus metrics at `/metrics`: requests, latency, findings, cards and overrides, the knowledge version.

Under gunicorn each worker is its own process, so the counters live in `prometheus_client`'s
multiprocess files (`PROMETHEUS_MULTIPROC_DIR`, set up by `service.gunicorn_conf`) and `/metrics`
sums every worker's, whichever worker answers. Without that variable (tests, `flask run`) the
process's own registry is read.

Privacy: no label ever holds a medication, a patient or a raw URL. Requests are labelled by the
URL rule (`/v1/drugs/<drug_id>`, never `/v1/drugs/warfarin`), unrecognised inputs are a count,
findings are counted by severity only, cards by indicator, feedback by outcome.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from typing import Any

from flask import Blueprint, Flask, Response, current_app
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    values,
)
from prometheus_client.core import InfoMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

UNMATCHED = "<unmatched>"
"""The route label of a request no URL rule matched: its path is not a label (it may name a drug)."""

REQUESTS = Counter(
    "ddi_http_requests", "HTTP requests answered, by URL rule, method and status.", ["route", "method", "status"]
)
LATENCY = Histogram(
    "ddi_http_request_duration_seconds",
    "Time from the request's start to its answer, by URL rule.",
    ["route"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5),
)
FINDINGS = Counter("ddi_findings", "Interactions reported in check answers, by severity.", ["severity"])
UNRECOGNISED = Counter("ddi_unrecognized_inputs", "Medication inputs the knowledge did not recognise (a count only).")
CARDS = Counter("ddi_cds_cards", "CDS Hooks cards issued, by indicator.", ["indicator"])
FEEDBACK = Counter("ddi_cds_feedback", "CDS Hooks feedback received, by outcome (overridden or accepted).", ["outcome"])

METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
"""Methods labelled as they are; any other token a client sends is `other`, so labels stay few."""

bp = Blueprint("metrics", __name__)

_request_series: dict[tuple[str, str, int], tuple[Any, Any]] = {}
"""The labelled series of each (route, method, status) seen, kept: `labels()` costs more than the count."""


def observe_request(route: str | None, method: str, status: int, seconds: float) -> None:
    """Count one answered request and its latency under its URL rule."""
    key = (route or UNMATCHED, method if method in METHODS else "other", status)
    series = _request_series.get(key)
    if series is None:
        series = _request_series[key] = (REQUESTS.labels(key[0], key[1], str(status)), LATENCY.labels(key[0]))
    series[0].inc()
    series[1].observe(seconds)


_findings_series: dict[str, Any] = {}
"""The findings counter of each severity seen, kept for the same reason."""


def count_check(interactions: Iterable[dict[str, Any]], unrecognised: int) -> None:
    """Count a check answer's findings by severity and its unrecognised inputs."""
    by_severity: dict[str, int] = {}
    for finding in interactions:
        severity = finding["severity"]
        by_severity[severity] = by_severity.get(severity, 0) + 1
    for severity, count in by_severity.items():
        series = _findings_series.get(severity)
        if series is None:
            series = _findings_series[severity] = FINDINGS.labels(severity)
        series.inc(count)
    if unrecognised:
        UNRECOGNISED.inc(unrecognised)


def count_cards(cards: Iterable[dict[str, Any]]) -> None:
    """Count issued CDS Hooks cards by indicator (info, warning, critical)."""
    for card in cards:
        CARDS.labels(card["indicator"]).inc()


def count_feedback(items: Iterable[dict[str, Any]]) -> None:
    """Count CDS Hooks feedback by outcome: the overrides are the alert fatigue to watch."""
    for item in items:
        FEEDBACK.labels(item["outcome"]).inc()


class _ProcessMetrics(Collector):
    """This process's own metrics (the default registry), for an app served by one process."""

    def collect(self) -> Iterator[Any]:
        yield from REGISTRY.collect()


class KnowledgeInfo(Collector):
    """`ddi_knowledge_info{version=...} 1`: the knowledge the answering process serves.

    Read from the process at scrape time, not from the multiprocess files: a reload replaces every
    worker, and a file left by an old worker would keep reporting the old version.
    """

    def __init__(self, app: Flask):
        self.app = app

    def collect(self) -> Iterator[InfoMetricFamily]:
        kb = self.app.extensions.get("ddi")
        info = InfoMetricFamily("ddi_knowledge", "The knowledge version this service answers with.")
        if kb is not None:
            info.add_metric([], {"version": kb.version})
        yield info


def registry_for(app: Flask) -> CollectorRegistry:
    """Return the registry `/metrics` reads: every worker's files under gunicorn, else this process's."""
    registry = CollectorRegistry(auto_describe=False)
    if getattr(values.ValueClass, "_multiprocess", False):  # as prometheus_client chose at import
        MultiProcessCollector(registry, path=os.environ["PROMETHEUS_MULTIPROC_DIR"])
    else:
        registry.register(_ProcessMetrics())
    registry.register(KnowledgeInfo(app))
    return registry


@bp.get("/metrics")
def metrics() -> Response:
    registry = current_app.extensions["ddi.metrics"]
    return Response(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)


def init_app(app: Flask) -> None:
    """Serve `/metrics` for `app`."""
    if "ddi.metrics" in app.extensions:
        return
    app.extensions["ddi.metrics"] = registry_for(app)
    app.register_blueprint(bp)
