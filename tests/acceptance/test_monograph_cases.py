"""Every statement of the monographs holds through the engine, from our own copy of the cases and,
when the shared acceptance file is present beside the project, from that file as well."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from service.engine import check_medications
from tests.acceptance.casecheck import case_failures
from tests.conftest import SHARED_DIR

OWN_CASES = Path(__file__).resolve().parents[1] / "data" / "monograph-cases.yaml"
SHARED_CASES = SHARED_DIR / "acceptance" / "seed-cases.yaml"
SOURCES = [pytest.param(OWN_CASES, id="own")]
if SHARED_CASES.is_file():
    SOURCES.append(pytest.param(SHARED_CASES, id="shared"))


def _load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("source", SOURCES)
def test_names_resolve_to_the_right_drug(bundled_kb, source):
    wrong = []
    for case in _load(source)["resolution"]:
        resolution = bundled_kb.resolver.resolve(case["input"])
        got = resolution.match.drug if resolution.match else f"unresolved ({resolution.reason})"
        if got != case["drug"]:
            wrong.append(f"{case['input']!r} -> {got}, expected {case['drug']}")
    assert wrong == []


@pytest.mark.parametrize("source", SOURCES)
def test_unknown_inputs_are_reported_never_dropped(bundled_kb, source):
    for text in _load(source)["unrecognized"]:
        result = check_medications(bundled_kb, ["imatinib", text])
        assert result["complete"] is False
        assert [u["input"] for u in result["unrecognized"]] == [text]


def _cases(path: Path):
    return [pytest.param(case, id=case["name"]) for case in _load(path)["cases"]]


@pytest.mark.parametrize("case", _cases(OWN_CASES))
def test_monograph_case(bundled_kb, case):
    result = check_medications(bundled_kb, case["medications"])
    assert case_failures(result, case["expect"]) == []


@pytest.mark.skipif(not SHARED_CASES.is_file(), reason="shared acceptance file not beside the project")
def test_shared_acceptance_cases(bundled_kb):
    failures = {}
    for case in _load(SHARED_CASES)["cases"]:
        problems = case_failures(check_medications(bundled_kb, case["medications"]), case["expect"])
        if problems:
            failures[case["name"]] = problems
    assert failures == {}
