"""Predicted and observed exposure changes in findings, severity from the model, and the whole-regimen net.

The expected numbers are worked by hand from tests/fixtures/pk (see the comments).
"""

from __future__ import annotations

import shutil

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.engine.check import check_medications
from service.engine.pairs import compute_pair
from service.engine.regimen import regimen_exposure
from service.kb import load_knowledge
from tests.conftest import FIXTURE_PK


def pk_mechanism(kb, first: str, second: str, perpetrator: str) -> dict:
    (finding,) = [i for i in compute_pair(kb, first, second) if i["kind"] == "pharmacokinetic"]
    return next(m for m in finding["mechanisms"] if m["perpetrator"] == perpetrator)


def test_a_predicted_mechanism_carries_the_model_and_the_study(pk_kb):
    mechanism = pk_mechanism(pk_kb, "flucon", "warf", "flucon")
    # CR 0.95 (0.9-1.0), IR 0.7 (0.6-0.8): 1/(1-0.665), 1/(1-0.54), 1/(1-0.8)
    assert mechanism["predicted_auc_ratio"] == {"value": 2.99, "low": 2.17, "high": 5.0}
    assert mechanism["observed_auc_ratio"] == {"value": 2.9, "refs": ["study-b"], "study": "warf-flucon-study"}
    assert mechanism["basis"] == "model"
    assert mechanism["severity"] == "major"
    assert mechanism["severity_basis"] == (
        "model: AUC x3 (2.2-5) reaches the 2-fold rise threshold: moderate; "
        "narrow therapeutic index: one step up, to major"
    )


def test_an_induction_is_graded_by_its_fall(pk_kb):
    mechanism = pk_mechanism(pk_kb, "imat", "rifa", "rifa")
    # CR 0.5, IC 9: 1/5.5; the lowest at CR 0.6 and IC 11, the highest at CR 0.4 and IC 7.
    assert mechanism["predicted_auc_ratio"] == {"value": 0.18, "low": 0.13, "high": 0.26}
    assert mechanism["severity"] == "major"
    assert mechanism["severity_basis"] == "model: AUC x0.18 (0.13-0.26) reaches the 80% fall threshold: major"


def test_a_curated_record_keeps_its_grade_beside_the_numbers(pk_kb):
    mechanism = pk_mechanism(pk_kb, "imat", "keto", "keto")
    assert mechanism["source"] == "curated"
    assert mechanism["basis"] == "curated"
    assert mechanism["severity"] == "moderate"  # the record's, though the model says x1.8 (minor)
    assert mechanism["predicted_auc_ratio"] == {"value": 1.82, "low": 1.47, "high": 2.5}
    assert mechanism["observed_auc_ratio"]["value"] == 1.4


def test_without_ratios_the_class_matrix_grades(fixture_kb):
    mechanism = pk_mechanism(fixture_kb, "flucon", "warf", "flucon")
    assert mechanism["basis"] == "class-matrix"
    assert "predicted_auc_ratio" not in mechanism
    assert mechanism["severity_basis"].startswith("moderate inhibitor × moderate substrate")


def test_two_inhibitors_cross_a_threshold_no_pair_reaches(pk_kb):
    (warfarin,) = [e for e in regimen_exposure(pk_kb, ["warf", "flucon", "imat"]) if e["victim"] == "warf"]
    # CYP2C9 left at 0.3 * 0.4 = 0.12: 1/(1 - 0.95 * 0.88) = 6.10; alone x2.99 and x2.33 (2-fold band).
    assert warfarin == {
        "victim": "warf",
        "auc_ratio": {"value": 6.1, "low": 3.57, "high": 16.67},
        "perpetrators": ["flucon", "imat"],
        "pathways": [
            {"enzyme": "CYP2C9", "enzyme_id": "cyp2c9", "cr": 0.95, "inhibitors": ["flucon", "imat"], "inducers": []}
        ],
        "alone": [
            {"drug": "flucon", "auc_ratio": {"value": 2.99, "low": 2.17, "high": 5.0}},
            {"drug": "imat", "auc_ratio": {"value": 2.33, "low": 1.82, "high": 3.33}},
        ],
        "severity": "major",
        "severity_basis": "model: AUC x6.1 (3.6-17) reaches the 5-fold rise threshold: major",
        "crosses_threshold": True,
        "summary": "Warfarin: net predicted AUC x6.1 (3.6-17) with Fluconazole (x3 (2.2-5) alone), "
        "Imatinib (x2.3 (1.8-3.3) alone); together they reach the 5-fold rise threshold, which no single pair "
        "reaches: graded major.",
        "refs": ["study-b"],
        "not_quantified": [],
    }


def test_an_inhibitor_and_an_inducer_give_a_net_and_unquantified_ones_are_named(pk_kb):
    (imatinib,) = [e for e in regimen_exposure(pk_kb, ["imat", "keto", "rifa", "flucon"]) if e["victim"] == "imat"]
    # CYP3A4 left at (1 - 0.9) * (1 + 9) = 1.0: no net change.
    assert imatinib["auc_ratio"]["value"] == 1.0
    assert imatinib["crosses_threshold"] is False
    assert imatinib["not_quantified"] == [{"drug": "flucon", "enzyme_id": "cyp3a4", "role": "inhibitor"}]
    assert imatinib["summary"].endswith("not quantified, left out: Fluconazole (CYP3A4).")


def test_a_net_never_grades_below_a_documented_pair_it_holds(pk_kb):
    """Rifampicin offsets ketoconazole in the model, but the record grading ketoconazole with imatinib stands."""
    (imatinib,) = [e for e in regimen_exposure(pk_kb, ["imat", "keto", "rifa"]) if e["victim"] == "imat"]
    assert imatinib["auc_ratio"]["value"] == 1.0
    assert imatinib["severity"] == "moderate"
    assert imatinib["severity_basis"] == (
        "model: AUC x1 (0.54-2.5), below the 1.25-fold (20% fall) threshold: minor; "
        "Ketoconazole with Imatinib is graded moderate by its record: the more cautious grade is kept"
    )
    (alone,) = regimen_exposure(pk_kb, ["imat", "rifa"])  # rifampicin's grade is the model's: no floor
    assert alone["severity_basis"] == "model: AUC x0.18 (0.13-0.26) reaches the 80% fall threshold: major"


def test_the_answer_lists_the_regimen_and_cites_its_sources(pk_kb):
    answer = check_medications(pk_kb, ["warf", "flucon", "imat"])
    assert [e["victim"] for e in answer["exposure"]] == ["warf"]
    assert {"study-a", "study-b"} <= {r["id"] for r in answer["references"]}


def test_no_ratios_no_regimen(fixture_kb):
    assert check_medications(fixture_kb, ["warf", "flucon", "imat"])["exposure"] == []


DRUGS = ["imat", "keto", "rifa", "flucon", "warf", "azith", "digo"]
INHIBITORS = ["keto", "flucon", "imat"]


@settings(max_examples=60, deadline=None)
@given(base=st.lists(st.sampled_from(DRUGS), unique=True), added=st.sampled_from(INHIBITORS))
def test_adding_an_inhibitor_to_a_list_never_lowers_a_victims_prediction(pk_kb, base, added):
    before = {e["victim"]: e["auc_ratio"]["value"] for e in regimen_exposure(pk_kb, base)}
    after = {e["victim"]: e["auc_ratio"]["value"] for e in regimen_exposure(pk_kb, [*base, added])}
    for victim, value in before.items():
        assert after[victim] >= value


@settings(max_examples=60, deadline=None)
@given(base=st.lists(st.sampled_from(DRUGS), unique=True))
def test_adding_an_inducer_to_a_list_never_raises_a_victims_prediction(pk_kb, base):
    before = {e["victim"]: e["auc_ratio"]["value"] for e in regimen_exposure(pk_kb, base)}
    after = {e["victim"]: e["auc_ratio"]["value"] for e in regimen_exposure(pk_kb, [*base, "rifa"])}
    for victim, value in before.items():
        assert after.get(victim, value) <= value


@pytest.mark.parametrize("drugs", [["warf"], [], ["keto", "keto"]])
def test_short_lists(pk_kb, drugs):
    assert regimen_exposure(pk_kb, drugs) == []


def test_a_label_stays_a_floor_under_the_model(knowledge_copy):
    """The model grades fluconazole with warfarin major; warfarin's (fixture) label says contraindicated."""
    shutil.copytree(FIXTURE_PK, knowledge_copy / "pk")
    drug = knowledge_copy / "drugs" / "warf.yaml"
    drug.write_text(
        drug.read_text(encoding="utf-8").replace(
            "{enzyme: cyp2c9, role: substrate, strength: moderate, refs: [fda-table]}",
            "{enzyme: cyp2c9, role: substrate, strength: moderate, refs: [fda-table], "
            "label: {inhibitors: {moderate: contraindicated}, advice: Do not combine., refs: [study-b]}}",
        ),
        encoding="utf-8",
    )
    mechanism = pk_mechanism(load_knowledge(knowledge_copy), "flucon", "warf", "flucon")
    assert mechanism["severity"] == "contraindicated"
    assert mechanism["basis"] == "model"
    assert mechanism["predicted_auc_ratio"] == {"value": 2.99, "low": 2.17, "high": 5.0}
    assert mechanism["severity_basis"].endswith("; label of Warfarin: moderate inhibitors -> contraindicated")
