"""`ddi accuracy`: the exposure model judged against studies, held-out and fitted apart (fixture figures by hand)."""

from __future__ import annotations

import json

from service.accuracy import accuracy_report
from service.cli import main


def test_held_out_and_fitted_studies_are_reported_apart(pk_kb):
    report = accuracy_report(pk_kb)
    # imat-keto: x1.82 against 1.4 (1.30-fold); imat-rifa: x0.18 against 0.26 (1.43-fold).
    assert report["held_out"] == {"count": 2, "within_1_5_fold": 1.0, "within_2_fold": 1.0, "gmfe": 1.36}
    # warf-flucon fitted warfarin's CR: x2.99 against 2.9.
    assert report["fitted"] == {"count": 1, "within_1_5_fold": 1.0, "within_2_fold": 1.0, "gmfe": 1.03}
    assert [w["study"] for w in report["worst"]] == ["imat-rifa-study", "imat-keto-study"]
    assert report["worst"][0]["reason"] == "under-predicted; cyp3a4: CR 0.5 (0.4-0.6), IC 9"
    assert report["unpredicted"] == [
        {"study": "warf-keto-study", "reason": "keto has no ratio on a pathway of warf (cyp2c9)"}
    ]


def test_the_command_prints_the_figures(pk_knowledge_dir, capsys):
    assert main(["--knowledge", str(pk_knowledge_dir), "accuracy"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Knowledge released 2026-01-01; 4 studies.")
    assert "| held out (not used for fitting) | 2 | 100% | 100% | 1.36 |" in out
    assert main(["--knowledge", str(pk_knowledge_dir), "accuracy", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["studies"] == 4


def test_the_check_command_shows_the_predicted_change(pk_knowledge_dir, capsys):
    assert main(["--knowledge", str(pk_knowledge_dir), "check", "warf", "flucon"]) == 0
    assert "  AUC:   Warfarin AUC x3 (2.2-5) predicted, observed x2.9 [study-b]" in capsys.readouterr().out


def test_validate_counts_the_quantitative_records(pk_knowledge_dir, capsys):
    assert main(["validate", str(pk_knowledge_dir)]) == 0
    assert "2 contribution ratios, 4 perpetrator ratios, 4 studies" in capsys.readouterr().out
