"""Why a pair was or was not flagged: exact reasons for real pairs of the fixture knowledge, one per kind."""

from __future__ import annotations

import pytest

from service.engine.pair_explanation import ExplainError, explain_medications
from service.engine.pair_reasons import REASON_KINDS, explain_pair


def kinds(answer):
    return [(r["kind"], r.get("grade_route")) for r in answer["reasons"]]


def test_curated_record_supersedes_a_prediction_and_an_effect_policy_grades_the_other(fixture_kb):
    answer = explain_pair(fixture_kb, "keto", "imat")
    assert answer["drugs"] == ["imat", "keto"]
    assert answer["knowledge_version"] == fixture_kb.version
    assert (answer["flagged"], answer["severity"]) == (True, "moderate")
    assert answer["reasons"] == [
        {
            "kind": "finding",
            "finding": "imat+keto:pharmacodynamic",
            "severity": "moderate",
            "grade_route": "effect-policy",
            "path": ["imat", "Hepatotoxicity", "keto"],
            "severity_basis": "both cause hepatotoxicity (Imatinib high, Ketoconazole high); at the lower level, "
            "high, the effect is graded moderate",
            "sentence": "Flagged moderate (Imatinib -> Hepatotoxicity -> Ketoconazole), graded by the shared "
            "effect's policy: both cause hepatotoxicity (Imatinib high, Ketoconazole high); at the lower level, "
            "high, the effect is graded moderate.",
        },
        {
            "kind": "finding",
            "finding": "imat+keto:pharmacokinetic",
            "severity": "moderate",
            "grade_route": "curated-record",
            "path": ["keto", "CYP3A4", "imat"],
            "severity_basis": "as documented in curated record imat-keto",
            "sentence": "Flagged moderate (Ketoconazole -> CYP3A4 -> Imatinib), graded by a curated record: "
            "as documented in curated record imat-keto.",
            "curated_id": "imat-keto",
        },
        {
            "kind": "superseded",
            "path": ["keto", "CYP3A4", "imat"],
            "predicted_severity": "moderate",
            "severity_basis": "strong inhibitor × moderate substrate: moderate (FDA classes)",
            "curated_id": "imat-keto",
            "severity": "moderate",
            "predicted_auc_ratio": None,
            "sentence": "The prediction Ketoconazole -> CYP3A4 -> Imatinib (moderate: strong inhibitor × moderate "
            "substrate: moderate (FDA classes)) is replaced by curated record imat-keto, which grades it moderate.",
        },
    ]


def test_class_matrix_finding_carries_the_hook_for_a_predicted_auc_ratio(fixture_kb):
    (reason,) = explain_pair(fixture_kb, "digo", "keto")["reasons"]
    assert reason["grade_route"] == "class-matrix"
    assert reason["severity"] == "major"
    assert "predicted_auc_ratio" in reason


def test_label_rule_grades_a_prediction(extended_kb):
    (reason,) = explain_pair(extended_kb, "keto", "simva")["reasons"]
    assert reason["grade_route"] == "label-rule"
    assert reason["severity"] == "contraindicated"
    assert reason["severity_basis"] == (
        "strong inhibitor × sensitive substrate: major (FDA classes); label of Simvastatin: strong inhibitors "
        "-> contraindicated"
    )


def test_filtered_findings_say_what_min_severity_hides(fixture_kb):
    answer = explain_pair(fixture_kb, "imat", "keto", "major")
    assert (answer["flagged"], answer["severity"], answer["min_severity"]) == (False, None, "major")
    filtered = [r for r in answer["reasons"] if r["kind"] == "filtered"]
    assert filtered[1] == {
        "kind": "filtered",
        "finding": "imat+keto:pharmacokinetic",
        "severity": "moderate",
        "min_severity": "major",
        "sentence": "The moderate pharmacokinetic finding imat+keto:pharmacokinetic is hidden at min_severity=major; "
        "ask with min_severity=moderate or lower to see it.",
    }
    assert len(filtered) == 2


def test_a_minor_prediction_is_below_threshold_with_its_numbers(extended_kb):
    answer = explain_pair(extended_kb, "simva", "roxi")
    assert kinds(answer) == [("finding", "class-matrix"), ("below-threshold", None)]
    assert answer["reasons"][1] == {
        "kind": "below-threshold",
        "route": "enzyme",
        "enzyme": "CYP3A4",
        "perpetrator": {"drug": "roxi", "role": "inhibitor", "strength": "weak"},
        "victim": {"drug": "simva", "role": "substrate", "strength": "sensitive"},
        "matrix_cell": {"perpetrator": "weak", "victim": "sensitive", "severity": "minor"},
        "severity": "minor",
        "predicted_auc_ratio": None,
        "sentence": "Roxithromycin is a weak CYP3A4 inhibitor and Simvastatin a sensitive substrate: the matrix "
        "cell gives minor, below the moderate threshold (weak inhibitor × sensitive substrate: minor (FDA classes)).",
    }


def test_a_shared_effect_the_policy_does_not_grade_is_below_threshold(extended_kb):
    answer = explain_pair(extended_kb, "prava", "keto")
    assert (answer["flagged"], answer["severity"]) == (False, None)
    assert answer["reasons"] == [
        {
            "kind": "below-threshold",
            "route": "effect",
            "effect": "Hepatotoxicity",
            "levels": {"keto": "high", "prava": "low"},
            "policy": {"high": "moderate"},
            "severity": None,
            "sentence": "Both cause hepatotoxicity (Ketoconazole high, Pravastatin low), but the effect's policy "
            "grades nothing at the lower level, low.",
        }
    ]


def test_a_shared_enzyme_where_neither_acts_on_the_other(fixture_kb):
    assert explain_pair(fixture_kb, "keto", "flucon")["reasons"] == [
        {
            "kind": "shared-route-only",
            "enzyme": "CYP3A4",
            "roles": {
                "flucon": [{"role": "inhibitor", "strength": "moderate"}],
                "keto": [{"role": "inhibitor", "strength": "strong"}],
            },
            "sentence": "Both use CYP3A4 (Fluconazole: moderate inhibitor; Ketoconazole: strong inhibitor), but "
            "neither inhibits or induces it while the other depends on it.",
        }
    ]


def test_no_shared_pathway_lists_each_drugs_routes(fixture_kb):
    answer = explain_pair(fixture_kb, "digo", "alde")
    assert (answer["flagged"], answer["severity"]) == (False, None)
    assert answer["reasons"] == [
        {
            "kind": "no-shared-pathway",
            "profiles": [
                {"drug": "alde", "enzyme_profile": "assessed", "pathways": [], "effects": []},
                {
                    "drug": "digo",
                    "enzyme_profile": "assessed",
                    "pathways": [{"enzyme": "P-glycoprotein", "role": "substrate", "strength": "sensitive"}],
                    "effects": [],
                },
            ],
            "sentence": "No enzyme, transporter or effect is shared and no record names the pair (Aldesleukin: none "
            "recorded; Digoxin: P-glycoprotein substrate (sensitive)).",
        }
    ]


def test_a_profile_not_assessed_says_the_silence_means_nothing(fixture_kb):
    answer = explain_pair(fixture_kb, "newdrug", "imat")
    assert [r["kind"] for r in answer["reasons"]] == ["no-shared-pathway", "not-assessed"]
    assert answer["reasons"][1] == {
        "kind": "not-assessed",
        "drug": "newdrug",
        "enzyme_profile": "not-assessed",
        "sentence": "Newdrug's enzyme and transporter profile has not been assessed: the absence of a "
        "pharmacokinetic finding with it means nothing.",
    }


def test_every_reason_kind_is_exercised_above(fixture_kb, extended_kb):
    seen = set()
    for kb, a, b, level in [
        (fixture_kb, "imat", "keto", "major"),
        (fixture_kb, "keto", "flucon", "minor"),
        (fixture_kb, "newdrug", "imat", "minor"),
        (extended_kb, "roxi", "simva", "minor"),
    ]:
        seen |= {r["kind"] for r in explain_pair(kb, a, b, level)["reasons"]}
    assert seen == set(REASON_KINDS)


def test_names_resolve_as_the_check_resolves_them(fixture_kb):
    answer = explain_medications(fixture_kb, ["Gleevec", {"system": "rxnorm", "code": "6135"}])
    assert answer["drugs"] == ["imat", "keto"]
    assert [m["matched_by"] for m in answer["medications"]] == ["brand", "rxcui"]


@pytest.mark.parametrize(
    ("given", "status", "slug"),
    [
        ([], 400, "two-drugs-required"),
        (["imat"], 400, "two-drugs-required"),
        (["imat", "keto", "warf"], 400, "two-drugs-required"),
        (["imat", "Gleevec"], 400, "two-drugs-required"),
        (["imatinibb", "keto"], 404, "unknown-drug"),
    ],
)
def test_bad_pairs_are_refused(fixture_kb, given, status, slug):
    with pytest.raises(ExplainError) as caught:
        explain_medications(fixture_kb, given)
    assert (caught.value.status, caught.value.slug) == (status, slug)


def test_real_knowledge_superseded_prediction_names_the_record_and_the_label(bundled_kb):
    answer = explain_pair(bundled_kb, "itraconazole", "simvastatin")
    superseded = [r for r in answer["reasons"] if r["kind"] == "superseded"]
    assert [r["curated_id"] for r in superseded] == ["onc-statins-cyp3a4-inhibitors"]
    assert "label of Simvastatin: strong inhibitors -> contraindicated" in superseded[0]["severity_basis"]


def test_real_knowledge_pravastatin_with_itraconazole_shares_nothing(bundled_kb):
    answer = explain_pair(bundled_kb, "pravastatin", "itraconazole")
    assert answer["flagged"] is False
    assert [r["kind"] for r in answer["reasons"]] == ["no-shared-pathway"]


def test_an_iv_observation_is_its_own_grade_route(fixture_kb):
    (reason,) = explain_pair(fixture_kb, "alde", "ganci")["reasons"]
    assert (reason["grade_route"], reason["severity"]) == ("iv-record", "moderate")


@pytest.mark.parametrize("level", ["minor", "moderate", "major"])
def test_the_verdict_agrees_with_the_check_for_every_pair(extended_kb, level):
    """Every pair of the extended fixture knowledge: flagged exactly when the check shows a finding,
    and every pair gets at least one reason."""
    from itertools import combinations

    from service.engine import find_interactions

    for a, b in combinations(sorted(extended_kb.records.drugs), 2):
        answer = explain_pair(extended_kb, a, b, level)
        shown = find_interactions(extended_kb, [a, b], min_severity=level)
        assert answer["flagged"] == bool(shown), (a, b)
        assert answer["severity"] == (shown[0]["severity"] if shown else None)
        assert answer["reasons"], (a, b)
        assert all(r["kind"] in REASON_KINDS and r["sentence"] for r in answer["reasons"])
