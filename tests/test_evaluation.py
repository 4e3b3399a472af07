"""Judging the knowledge against a table it was not curated from: exact figures on the fixture knowledge."""

from __future__ import annotations

import json

import pytest
import yaml

from service.cli import main
from service.evaluation import evaluate, report
from tests.conftest import FIXTURE_KNOWLEDGE

TABLE = {
    "drugs": [
        {
            "id": "imat",
            "interactions": [
                {"partner": "Nizoral", "severity": "major"},  # found moderate
                {"partner": "rifa", "severity": "major"},  # found moderate
                {"partner": "warf", "severity": "moderate"},  # found moderate
                {"partner": "not-in-the-knowledge", "severity": "contraindicated"},
            ],
            "negatives": [{"partner": "azith"}],  # nothing found
        },
        {
            "id": "keto",
            "interactions": [{"partner": "imat", "severity": "contraindicated"}],  # the same pair, graded higher
        },
        {
            "id": "warf",
            "interactions": [{"partner": "flucon", "severity": "major"}],  # found major
            "negatives": [{"partner": "ibu"}, {"partner": "imat"}],  # ibu: a false alarm; imat: a positive elsewhere
        },
    ]
}


@pytest.fixture
def evaluation(fixture_kb):
    return evaluate(fixture_kb, TABLE)


def test_each_pair_is_judged_once_at_its_most_severe_expectation(evaluation):
    assert [(p.drug, p.partner, p.expected, p.found) for p in evaluation.positives] == [
        ("warf", "flucon", "major", "major"),
        ("keto", "imat", "contraindicated", "moderate"),
        ("imat", "rifa", "major", "moderate"),
        ("imat", "warf", "moderate", "moderate"),
    ]
    assert [(n.drug, n.partner, n.found) for n in evaluation.negatives] == [
        ("imat", "azith", None),
        ("warf", "ibu", "major"),
    ]
    assert evaluation.unjudged == [("imat", "not-in-the-knowledge")]


def test_recall_false_alarms_and_grading_against_the_source(evaluation):
    assert evaluation.summary() == {
        "positives_judged": 4,
        "severe_positives_judged": 3,
        "negatives_judged": 2,
        "pairs_not_judged": 1,
        "recall_moderate_or_worse": 1.0,
        "recall_major_or_worse": 0.25,
        "severe_flagged_moderate_or_worse": 1.0,
        "severe_flagged_major_or_worse": round(1 / 3, 3),
        "graded_at_least_as_the_source": 0.5,
        "false_alarms_moderate_or_worse": 0.5,
    }
    assert [(m.drug, m.partner) for m in evaluation.missed("major")] == [
        ("keto", "imat"),
        ("imat", "rifa"),
        ("imat", "warf"),
    ]


def test_the_report_lists_figures_and_the_worst_misses(evaluation):
    text = report(evaluation, "fixture", misses=1)
    assert text.splitlines()[0] == "fixture:"
    assert "  recall major or worse: 0.25" in text.splitlines()
    assert text.splitlines()[-1] == "  below source: keto + imat (source contraindicated, found moderate)"
    assert [(p.drug, p.partner) for p in evaluation.below_source()] == [("keto", "imat"), ("imat", "rifa")]


def test_ddi_evaluate_prints_the_figures_as_json(tmp_path, capsys):
    table = tmp_path / "table.yaml"
    table.write_text(yaml.safe_dump(TABLE))
    assert main(["--knowledge", str(FIXTURE_KNOWLEDGE), "evaluate", str(table), "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["positives_judged"] == 4 and figures["false_alarms_moderate_or_worse"] == 0.5
