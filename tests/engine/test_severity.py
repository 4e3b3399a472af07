"""The severity basis says in words how each predicted grade was reached: the FDA class, then any step."""

from __future__ import annotations

import itertools
import re

import pytest

from service.engine.severity import SEVERITY_MATRIX, predicted_severity, severity_basis


@pytest.mark.parametrize(
    ("args", "basis"),
    [
        (
            ("weak", "inhibitor", "minor", "narrow"),
            "weak inhibitor × minor substrate: minor (FDA classes); narrow therapeutic index, but a minor route: "
            "no step up",
        ),
        (
            ("strong", "inhibitor", "sensitive", "narrow"),
            "strong inhibitor × sensitive substrate: major (FDA classes); narrow therapeutic index: stays major "
            "(a prediction is never contraindicated)",
        ),
        (
            ("weak", "inhibitor", "sensitive", "wide"),
            "weak inhibitor × sensitive substrate: minor (FDA classes); wide therapeutic index, exposure rises: "
            "stays minor",
        ),
        (
            ("strong", "inducer", "sensitive", "wide", False),
            "strong inducer × sensitive substrate: major (FDA classes); wide therapeutic index, but exposure falls: "
            "no step down",
        ),
    ],
)
def test_the_basis_names_the_class_and_each_step_the_grade_took(args, basis):
    assert severity_basis(*args) == basis


@pytest.mark.parametrize(
    ("strength", "sensitivity", "index", "rises"),
    list(
        itertools.product(
            ("strong", "moderate", "weak"),
            ("sensitive", "moderate", "minor"),
            ("standard", "narrow", "wide"),
            (True, False),
        )
    ),
)
def test_the_basis_ends_on_the_grade_given(strength, sensitivity, index, rises):
    basis = severity_basis(strength, "inhibitor", sensitivity, index, rises)
    cell = SEVERITY_MATRIX[strength, sensitivity]
    assert basis.startswith(f"{strength} inhibitor × {sensitivity} substrate: {cell} (FDA classes)")
    step = re.search(r"(?:to|stays) (\w+)", basis.split("; ")[-1])
    assert (step.group(1) if step else cell) == predicted_severity(strength, sensitivity, index, rises)
