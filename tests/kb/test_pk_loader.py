"""Loading knowledge/pk: every rule the schemas and the cross-checks enforce, and the cache."""

from __future__ import annotations

import shutil

import pytest

from service.kb import KnowledgeError
from service.kb.loader import load_records
from tests.conftest import FIXTURE_PK


def issues_of(directory) -> list[str]:
    with pytest.raises(KnowledgeError) as caught:
        load_records(directory)
    return [str(issue) for issue in caught.value.issues]


def with_pk(knowledge_copy, name: str, text: str):
    shutil.copytree(FIXTURE_PK, knowledge_copy / "pk")
    (knowledge_copy / "pk" / name).write_text(text, encoding="utf-8")
    return knowledge_copy


def test_the_fixture_loads_into_records_and_graph(pk_kb):
    assert [r["drug"] for r in pk_kb.records.pk["contribution-ratios"]] == ["imat", "warf"]
    assert len(pk_kb.records.pk["studies"]) == 4
    assert pk_kb.indices.pk.contribution["warf"]["cyp2c9"].fitted_from == ("warf-flucon-study",)
    assert pk_kb.graph.has_edge("drug:keto", "enzyme:cyp3a4", key="pk_inhibits")
    assert pk_kb.graph.has_edge("drug:keto", "drug:imat", key="imat-keto-study")


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (
            "contribution-ratios.yaml",
            "- {drug: imat, enzyme: cyp3a4, cr: 1.2, basis: fm, refs: [study-a]}",
            "pk/contribution-ratios.yaml: [0].cr: must be between 0 and 1",
        ),
        (
            "contribution-ratios.yaml",
            "- {drug: imat, enzyme: cyp3a4, cr: 0.5, low: 0.6, basis: fm, refs: [study-a]}",
            "pk/contribution-ratios.yaml: [0].low: low (0.6) is above cr (0.5)",
        ),
        (
            "contribution-ratios.yaml",
            "- {drug: imat, enzyme: cyp3a4, cr: 0.5, basis: fm, refs: [study-a], colour: red}",
            "pk/contribution-ratios.yaml: [0].colour: Unknown field",
        ),
        (
            "contribution-ratios.yaml",
            "- {drug: nosuch, enzyme: cyp3a4, cr: 0.5, basis: fm, refs: [study-a]}",
            "pk/contribution-ratios.yaml: [nosuch/cyp3a4].drug: unknown drug 'nosuch'",
        ),
        (
            "contribution-ratios.yaml",
            "- {drug: imat, enzyme: cyp9z9, cr: 0.5, basis: fm, refs: [study-a]}",
            "pk/contribution-ratios.yaml: [imat/cyp9z9].enzyme: unknown enzyme 'cyp9z9'",
        ),
        (
            "contribution-ratios.yaml",
            "- {drug: imat, enzyme: cyp3a4, cr: 0.5, basis: fm, refs: [nowhere]}",
            "pk/contribution-ratios.yaml: [imat/cyp3a4].refs[0]: unknown reference 'nowhere'",
        ),
        (
            "contribution-ratios.yaml",
            "- {drug: imat, enzyme: cyp3a4, cr: 0.5, basis: fm, fitted_from: [no-study], refs: [study-a]}",
            "pk/contribution-ratios.yaml: [imat/cyp3a4].fitted_from[0]: unknown study 'no-study'",
        ),
        (
            "perpetrator-ratios.yaml",
            "- {drug: keto, enzyme: cyp3a4, effect: induction, ir: 0.5, refs: [study-a]}",
            "pk/perpetrator-ratios.yaml: [0].ic: induction needs ic",
        ),
        (
            "perpetrator-ratios.yaml",
            "- {drug: keto, enzyme: cyp3a4, effect: inhibition, ir: 0.9, high: 1.5, refs: [study-a]}",
            "pk/perpetrator-ratios.yaml: [0].high: must be between 0 and 1",
        ),
        (
            "perpetrator-ratios.yaml",
            "- {drug: rifa, enzyme: cyp3a4, effect: induction, ic: -1, refs: [study-a]}",
            "pk/perpetrator-ratios.yaml: [0].ic: must be 0 or more",
        ),
        (
            "studies-bad.yaml",
            "- {id: s, victim: imat, perpetrator: keto, auc_ratio: 0, refs: [study-a]}",
            "pk/studies-bad.yaml: [0].auc_ratio: Must be greater than 0",
        ),
        (
            "notes.yaml",
            "[]",
            "pk/notes.yaml: unknown pk file: name it one of index-substrates, contribution-ratios, "
            "perpetrator-ratios, studies",
        ),
    ],
)
def test_bad_pk_records_are_reported(knowledge_copy, name, text, expected):
    assert issues_of(with_pk(knowledge_copy, name, text)) == [expected]


def test_a_study_id_is_unique(knowledge_copy):
    study = "- {id: warf-flucon-study, victim: warf, perpetrator: flucon, auc_ratio: 2.9, refs: [study-b]}"
    found = issues_of(with_pk(knowledge_copy, "studies-extra.yaml", study))
    assert found == ["pk/studies.yaml: [warf-flucon-study]: duplicate study id (first in pk/studies-extra.yaml)"]


def test_the_cache_keeps_the_pk_records(pk_knowledge_dir, tmp_path):
    fresh = load_records(pk_knowledge_dir, tmp_path)
    cached = load_records(pk_knowledge_dir, tmp_path)
    assert cached.pk == fresh.pk
    assert len(list(tmp_path.glob("records-*.json"))) == 1
