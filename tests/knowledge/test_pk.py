"""The bundled quantitative knowledge: consistency, the accuracy document, and the monograph's imatinib studies."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.accuracy import accuracy_report, render_markdown
from service.engine.prediction import pair_prediction

ACCURACY_DOC = Path(__file__).resolve().parents[2] / "docs" / "accuracy.md"


def test_docs_accuracy_is_current(bundled_kb):
    expected = render_markdown(accuracy_report(bundled_kb))
    committed = ACCURACY_DOC.read_text(encoding="utf-8") if ACCURACY_DOC.is_file() else ""
    assert committed == expected, (
        "docs/accuracy.md is out of date with the knowledge or the model; regenerate it with "
        "`.venv/bin/ddi accuracy --markdown > docs/accuracy.md` and commit it"
    )


def test_each_ratio_names_a_route_the_drug_has(bundled_kb):
    """A CR without a substrate role (or an IR without an inhibitor role) would never reach an answer."""
    roles = bundled_kb.indices.roles
    pk = bundled_kb.indices.pk
    missing = [
        f"{drug}/{enzyme}: {role}"
        for table, role in ((pk.contribution, "substrate"), (pk.inhibition, "inhibitor"), (pk.induction, "inducer"))
        for drug, pathways in table.items()
        for enzyme in pathways
        if (enzyme, role) not in roles.get(drug, {})
    ]
    assert missing == []


def test_fitted_studies_are_studies_of_the_same_drug(bundled_kb):
    studies = {s["id"]: s for s in bundled_kb.records.pk["studies"]}
    pk = bundled_kb.indices.pk
    wrong = [
        f"{drug}/{enzyme} fitted from {study}"
        for table, side in ((pk.contribution, "victim"), (pk.inhibition, "perpetrator"), (pk.induction, "perpetrator"))
        for drug, pathways in table.items()
        for enzyme, ratio in pathways.items()
        for study in ratio.fitted_from
        if studies[study][side] != drug
    ]
    assert wrong == []


MONOGRAPH = [("ketoconazole", 1.4), ("rifampicin", 0.26), ("st-johns-wort", 0.7)]
"""Imatinib with each: AUC +40 % (Dutreix 2004), -74 % (Bolton 2004), -30 % (Frye 2004; Smith 2004)."""


@pytest.mark.parametrize(("perpetrator", "observed"), MONOGRAPH)
def test_the_monograph_imatinib_studies_are_predicted_within_two_fold(bundled_kb, perpetrator, observed):
    found = pair_prediction(bundled_kb, perpetrator, "imatinib")
    if found is None and not bundled_kb.indices.pk.contribution:
        pytest.skip("the knowledge holds no contribution ratios yet")
    assert found is not None, f"no prediction for imatinib with {perpetrator}"
    predicted = found[0].value
    assert 0.5 <= predicted / observed <= 2.0, f"predicted x{predicted:.2f}, observed x{observed}"
