"""Label rules: a label's grade for a class of partners raises predicted findings to it, never lowers them."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from service.engine import check_medications
from service.engine.labels import LabelGrade, strongest
from service.kb.errors import KnowledgeError
from service.kb.knowledge import build_knowledge
from service.kb.loader import load_records


def _edit(path: Path, change) -> None:
    record = yaml.safe_load(path.read_text())
    change(record)
    path.write_text(yaml.safe_dump(record, sort_keys=False, allow_unicode=True))


def _kb(directory: Path):
    return build_knowledge(load_records(directory))


def _finding(kb, drugs, kind):
    found = [i for i in check_medications(kb, drugs)["interactions"] if i["kind"] == kind]
    assert len(found) == 1, found
    return found[0]


def _role(record, enzyme, role):
    return next(r for r in record["enzymes"] if r["enzyme"] == enzyme and r["role"] == role)


def _give_label(path: Path, enzyme: str, role: str, rule: dict) -> None:
    """Give the drug file's role on `enzyme` the label rule `rule`."""
    _edit(path, lambda r: _role(r, enzyme, role).update(label=rule))


LABEL_REF = {
    "id": "label-test",
    "type": "label",
    "title": "TESTDRUG prescribing information",
    "publisher": "Test Pharma",
    "year": 2024,
    "added": "2026-12-05",
}


@pytest.fixture
def labelled(knowledge_copy: Path) -> Path:
    references = knowledge_copy / "references.yaml"
    references.write_text(references.read_text() + yaml.safe_dump([LABEL_REF], sort_keys=False))
    return knowledge_copy


def test_the_victims_label_raises_a_predicted_induction_to_its_grade(labelled):
    # Imatinib is a moderate CYP3A4 substrate: rifampicin (strong inducer) alone predicts moderate.
    assert _finding(_kb(labelled), ["imat", "rifa"], "pharmacokinetic")["severity"] == "moderate"
    _give_label(
        labelled / "drugs" / "imat.yaml",
        "cyp3a4",
        "substrate",
        {
            "inducers": {"strong": "major"},
            "advice": "Avoid strong CYP3A4 inducers; if needed raise imatinib by at least 50%.",
            "refs": ["label-test"],
        },
    )
    finding = _finding(_kb(labelled), ["imat", "rifa"], "pharmacokinetic")
    mechanism = finding["mechanisms"][0]
    assert (finding["severity"], finding["evidence"]) == ("major", "established")
    assert mechanism["severity_basis"] == (
        "strong inducer × moderate substrate: moderate (FDA classes); label of Imatinib: strong inducers -> major"
    )
    assert mechanism["management"] == "Avoid strong CYP3A4 inducers; if needed raise imatinib by at least 50%."
    assert mechanism["refs"] == ["fda-table", "study-a", "label-test"]
    assert mechanism["label_refs"] == ["label-test"]
    assert mechanism["path"] == ["rifa", "CYP3A4", "imat"]


def test_the_perpetrators_label_grades_victims_by_their_sensitivity(labelled):
    _give_label(
        labelled / "drugs" / "rifa.yaml",
        "cyp3a4",
        "inducer",
        {"substrates": {"moderate": "contraindicated"}, "advice": "Do not combine.", "refs": ["label-test"]},
    )
    finding = _finding(_kb(labelled), ["imat", "rifa"], "pharmacokinetic")
    assert finding["severity"] == "contraindicated"
    assert finding["mechanisms"][0]["severity_basis"].endswith(
        "label of Rifampicin: moderate substrates -> contraindicated"
    )


def test_a_label_grading_lower_than_the_prediction_leaves_the_more_cautious_grade(labelled):
    # Warfarin (narrow index, moderate CYP2C9 substrate) with imatinib (weak CYP2C9 inhibitor): moderate.
    _give_label(
        labelled / "drugs" / "warf.yaml",
        "cyp2c9",
        "substrate",
        {"inhibitors": {"weak": "minor"}, "advice": "No action.", "refs": ["label-test"]},
    )
    mechanism = _finding(_kb(labelled), ["imat", "warf"], "pharmacokinetic")["mechanisms"][0]
    assert mechanism["severity"] == "moderate" and mechanism["evidence"] == "predicted"
    assert mechanism["severity_basis"].endswith(
        "label of Warfarin: weak inhibitors -> minor, kept at the more cautious moderate"
    )
    assert "label-test" in mechanism["refs"]
    assert mechanism["management"] != "No action."


def test_an_effect_label_grades_partners_by_their_level(labelled):
    assert _finding(_kb(labelled), ["imat", "keto"], "pharmacodynamic")["severity"] == "moderate"
    _edit(
        labelled / "drugs" / "keto.yaml",
        lambda r: r["effects"][0].update(
            label={
                "partners": {"high": "contraindicated"},
                "advice": "Never with hepatotoxins.",
                "refs": ["label-test"],
            }
        ),
    )
    finding = _finding(_kb(labelled), ["imat", "keto"], "pharmacodynamic")
    assert finding["severity"] == "contraindicated"
    assert finding["management"] == "Never with hepatotoxins."
    assert finding["mechanisms"][0]["severity_basis"] == (
        "both cause hepatotoxicity (Imatinib high, Ketoconazole high); at the lower level, high, the effect is graded "
        "moderate; label of Ketoconazole: partners with hepatotoxicity (high) -> contraindicated"
    )


PAIRED_EFFECTS = [
    {
        "id": "receptor-block",
        "name": "Receptor block",
        "summary": "Blocks the receptor.",
        "management": "Review.",
        "severity": {},
        "pairs_with": [
            {
                "effect": "receptor-stimulation",
                "severity": {"high": "major"},
                "summary": "One blocks what the other stimulates.",
                "management": "Do not combine.",
                "refs": ["study-b"],
            }
        ],
        "refs": ["study-b"],
        "added": "2026-12-05",
    },
    {
        "id": "receptor-stimulation",
        "name": "Receptor stimulation",
        "summary": "Stimulates the receptor.",
        "management": "Review.",
        "severity": {},
        "refs": ["study-b"],
        "added": "2026-12-05",
    },
]


@pytest.fixture
def paired(labelled: Path) -> Path:
    effects = labelled / "effects.yaml"
    effects.write_text(effects.read_text() + yaml.safe_dump(PAIRED_EFFECTS, sort_keys=False))
    return labelled


def _give_effect(path: Path, effect: str, level: str, **extra) -> None:
    _edit(
        path,
        lambda r: r.setdefault("effects", []).append({"effect": effect, "level": level, "refs": ["study-b"], **extra}),
    )


def test_two_effects_that_act_together_give_a_finding_graded_by_the_pairing(paired):
    _give_effect(paired / "drugs" / "digo.yaml", "receptor-block", "high")
    _give_effect(paired / "drugs" / "rifa.yaml", "receptor-stimulation", "high")
    finding = _finding(_kb(paired), ["rifa", "digo"], "pharmacodynamic")
    mechanism = finding["mechanisms"][0]
    assert finding["severity"] == "major"
    assert mechanism["path"] == ["digo", "Receptor block", "Receptor stimulation", "rifa"]
    assert mechanism["effect_id"] == "receptor-block+receptor-stimulation"
    assert (
        mechanism["summary"]
        == "Digoxin: receptor block; Rifampicin: receptor stimulation. One blocks what the other stimulates."
    )
    assert mechanism["management"] == "Do not combine."


def test_a_pairing_below_its_policy_gives_nothing_unless_a_label_grades_it(paired):
    _give_effect(paired / "drugs" / "digo.yaml", "receptor-block", "moderate")
    _give_effect(paired / "drugs" / "rifa.yaml", "receptor-stimulation", "high")
    assert not [
        i for i in check_medications(_kb(paired), ["rifa", "digo"])["interactions"] if i["kind"] == "pharmacodynamic"
    ]
    _edit(
        paired / "drugs" / "digo.yaml",
        lambda r: r["effects"][-1].update(
            label={"partners": {"high": "major"}, "advice": "Avoid stimulants.", "refs": ["label-test"]}
        ),
    )
    finding = _finding(_kb(paired), ["rifa", "digo"], "pharmacodynamic")
    assert (finding["severity"], finding["management"]) == ("major", "Avoid stimulants.")
    assert finding["mechanisms"][0]["severity_basis"] == (
        "Digoxin causes receptor block (moderate), Rifampicin receptor stimulation (high); the effect alone grades "
        "no finding at the lower level, moderate; label of Digoxin: partners with receptor stimulation (high) -> major"
    )


def test_two_drugs_with_the_same_side_of_a_pairing_do_not_interact_through_it(paired):
    _give_effect(paired / "drugs" / "digo.yaml", "receptor-block", "high")
    _give_effect(paired / "drugs" / "rifa.yaml", "receptor-block", "high")
    assert not [
        i for i in check_medications(_kb(paired), ["rifa", "digo"])["interactions"] if i["kind"] == "pharmacodynamic"
    ]


@pytest.mark.parametrize(
    ("change", "error"),
    [
        (
            lambda r: _role(r, "cyp3a4", "substrate").update(
                label={"substrates": {"sensitive": "major"}, "advice": "x", "refs": ["label-test"]}
            ),
            "enzymes[0].label: a substrate role's label rule grades inhibitors or inducers",
        ),
        (
            lambda r: _role(r, "cyp3a4", "substrate").update(
                label={"inducers": {"strong": "severe"}, "advice": "x", "refs": ["label-test"]}
            ),
            "enzymes[0].label.inducers",
        ),
        (
            lambda r: _role(r, "cyp3a4", "substrate").update(
                label={"inducers": {"strong": "major"}, "refs": ["label-test"]}
            ),
            "enzymes[0].label.advice",
        ),
        (
            lambda r: r["effects"][0].update(
                label={"inhibitors": {"strong": "major"}, "advice": "x", "refs": ["label-test"]}
            ),
            "effects[0].label: an effect's label rule grades partners by their level",
        ),
        (lambda r: r.update(label_review={"refs": ["label-test"]}), "label_review.date"),
    ],
)
def test_malformed_label_rules_are_reported_with_their_field(labelled, change, error):
    _edit(labelled / "drugs" / "imat.yaml", change)
    with pytest.raises(KnowledgeError) as raised:
        load_records(labelled)
    assert any(error in str(issue) for issue in raised.value.issues), raised.value.issues


def test_a_pairing_with_an_unknown_effect_is_reported(paired):
    effects = paired / "effects.yaml"
    effects.write_text(effects.read_text().replace("effect: receptor-stimulation\n", "effect: receptor-stimulus\n"))
    with pytest.raises(KnowledgeError) as raised:
        load_records(paired)
    assert any("unknown effect 'receptor-stimulus'" in str(issue) for issue in raised.value.issues)


def test_the_strongest_label_grade_wins_and_the_first_among_equals():
    grades = [
        LabelGrade("a", "major", "x", "advice a", ("r1",)),
        LabelGrade("b", "contraindicated", "y", "advice b", ("r2",)),
        LabelGrade("c", "contraindicated", "z", "advice c", ("r3",)),
    ]
    assert strongest(grades).drug == "b"
    assert strongest([]) is None


def test_a_curated_record_never_grades_a_pair_below_what_a_label_rule_says(labelled):
    # The curated imat-keto record (a secondary source) grades ketoconazole with imatinib moderate.
    _give_label(
        labelled / "drugs" / "imat.yaml",
        "cyp3a4",
        "substrate",
        {
            "inhibitors": {"strong": "major"},
            "advice": "Avoid strong CYP3A4 inhibitors.",
            "refs": ["label-test"],
        },
    )
    finding = _finding(_kb(labelled), ["imat", "keto"], "pharmacokinetic")
    [mechanism] = finding["mechanisms"]
    assert (mechanism["source"], mechanism["curated_id"]) == ("curated", "imat-keto")
    assert finding["severity"] == mechanism["severity"] == "major"
    assert mechanism["severity_basis"] == (
        "as documented in curated record imat-keto (moderate); the label grades it higher "
        "(label of Imatinib: strong inhibitors -> major): the more cautious grade is kept"
    )
    assert mechanism["management"].startswith("Avoid strong CYP3A4 inhibitors. ")
    assert "label-test" in mechanism["refs"] and "study-a" in mechanism["refs"]


def test_a_curated_record_citing_the_same_label_is_its_own_word_on_the_partner_and_stands(labelled):
    _give_label(
        labelled / "drugs" / "imat.yaml",
        "cyp3a4",
        "substrate",
        {"inhibitors": {"strong": "major"}, "advice": "Avoid strong CYP3A4 inhibitors.", "refs": ["study-a"]},
    )
    [mechanism] = _finding(_kb(labelled), ["imat", "keto"], "pharmacokinetic")["mechanisms"]
    assert (mechanism["curated_id"], mechanism["severity"]) == ("imat-keto", "moderate")
    assert mechanism["severity_basis"] == "as documented in curated record imat-keto"


def test_an_effect_rule_naming_its_paired_effect_leaves_partners_that_share_the_drugs_own(paired):
    rule = {
        "partners": {"high": "contraindicated"},
        "with_effect": "receptor-block",
        "advice": "Never.",
        "refs": ["label-test"],
    }
    _give_effect(paired / "drugs" / "digo.yaml", "receptor-stimulation", "high", label=rule)
    _give_effect(paired / "drugs" / "rifa.yaml", "receptor-stimulation", "high")
    _give_effect(paired / "drugs" / "ibu.yaml", "receptor-block", "high")
    kb = _kb(paired)
    assert not [i for i in check_medications(kb, ["digo", "rifa"])["interactions"] if i["kind"] == "pharmacodynamic"]
    assert _finding(kb, ["digo", "ibu"], "pharmacodynamic")["severity"] == "contraindicated"


def test_an_effect_rule_naming_an_unknown_effect_is_reported(paired):
    rule = {"partners": {"high": "major"}, "with_effect": "receptor-blok", "advice": "x", "refs": ["label-test"]}
    _give_effect(paired / "drugs" / "digo.yaml", "receptor-stimulation", "high", label=rule)
    with pytest.raises(KnowledgeError) as raised:
        load_records(paired)
    assert any("label.with_effect: unknown effect 'receptor-blok'" in str(i) for i in raised.value.issues)
