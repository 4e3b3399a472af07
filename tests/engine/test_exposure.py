"""The static exposure model: hand-computed cases, monotonicity, and the interval around each value."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from service.engine.exposure import (
    MAX_AUC_RATIO,
    AucRatio,
    Pathway,
    combined_auc_ratio,
    induction_auc_ratio,
    inhibition_auc_ratio,
    predict,
)
from service.kb.pk_index import Ratio

unit = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
fold = st.floats(min_value=0.0, max_value=20.0, allow_nan=False)


def ratio(value: float, low: float | None = None, high: float | None = None) -> Ratio:
    return Ratio(value, value if low is None else low, value if high is None else high, ("ref",))


@pytest.mark.parametrize(
    ("cr", "ir", "expected"),
    [
        (0.5, 0.9, 1 / 0.55),  # 1 / (1 - 0.45)
        (0.93, 1.0, 1 / 0.07),  # midazolam with ketoconazole, about 14-fold
        (0.0, 1.0, 1.0),  # a victim not cleared by the pathway
        (0.8, 0.0, 1.0),  # no inhibition
        (1.0, 1.0, MAX_AUC_RATIO),  # the ceiling
    ],
)
def test_inhibition_by_hand(cr, ir, expected):
    assert inhibition_auc_ratio(cr, ir) == pytest.approx(expected)


@pytest.mark.parametrize(("cr", "ic", "expected"), [(0.5, 9.0, 1 / 5.5), (0.9, 0.0, 1.0), (1.0, 3.0, 0.25)])
def test_induction_by_hand(cr, ic, expected):
    assert induction_auc_ratio(cr, ic) == pytest.approx(expected)


def test_two_pathways_and_two_perpetrators_by_hand():
    # CYP3A4 (CR 0.6) left at 0.5 * 0.2 by two inhibitors, CYP2C9 (CR 0.3) doubled by an inducer.
    assert combined_auc_ratio([(0.6, 0.1), (0.3, 2.0)]) == pytest.approx(1 / (0.06 + 0.6 + 0.1))


def test_interval_is_the_corners():
    # CR 0.5 (0.4-0.6), IR 0.9 (0.8-1.0): low at CR 0.4 and IR 0.8, high at CR 0.6 and IR 1.0.
    got = predict([Pathway(ratio(0.5, 0.4, 0.6), inhibitors=(ratio(0.9, 0.8, 1.0),))])
    assert got == pytest.approx(AucRatio(1 / 0.55, 1 / 0.68, 2.5))
    # An inducer: the lowest ratio takes the high CR and the high IC.
    got = predict([Pathway(ratio(0.5, 0.4, 0.6), inducers=(ratio(9.0, 7.0, 11.0),))])
    assert got == pytest.approx(AucRatio(1 / 5.5, 1 / 7.6, 1 / 3.8))


@given(cr=unit, weaker=unit, stronger=unit)
def test_a_stronger_inhibitor_never_predicts_a_smaller_change(cr, weaker, stronger):
    weaker, stronger = sorted((weaker, stronger))
    assert inhibition_auc_ratio(cr, stronger) >= inhibition_auc_ratio(cr, weaker)


@given(ir=unit, smaller=unit, larger=unit)
def test_a_larger_cr_never_predicts_a_smaller_change(ir, smaller, larger):
    smaller, larger = sorted((smaller, larger))
    assert inhibition_auc_ratio(larger, ir) >= inhibition_auc_ratio(smaller, ir)


@given(cr=unit, weaker=fold, stronger=fold)
def test_a_stronger_inducer_never_predicts_a_smaller_fall(cr, weaker, stronger):
    weaker, stronger = sorted((weaker, stronger))
    assert induction_auc_ratio(cr, stronger) <= induction_auc_ratio(cr, weaker)


@st.composite
def ratios(draw, bounded: bool):
    values = sorted(draw(st.lists(unit if bounded else fold, min_size=3, max_size=3)))
    return Ratio(values[1], values[0], values[2], ("ref",))


@st.composite
def regimens(draw):
    """A victim's pathways (CRs adding up to at most 1), each with some inhibitors and inducers."""
    count = draw(st.integers(min_value=1, max_value=3))
    pathways = []
    for _ in range(count):
        cr = draw(ratios(bounded=True))
        scale = 1.0 / count  # keeps the CRs' sum within 1
        cr = Ratio(cr.value * scale, cr.low * scale, cr.high * scale, cr.refs)
        inhibitors = tuple(draw(st.lists(ratios(bounded=True), max_size=2)))
        inducers = tuple(draw(st.lists(ratios(bounded=False), max_size=2)))
        pathways.append(Pathway(cr, inhibitors, inducers))
    return pathways


@given(pathways=regimens(), added=ratios(bounded=True), where=st.integers(min_value=0, max_value=2))
def test_adding_an_inhibitor_never_lowers_the_predicted_exposure(pathways, added, where):
    index = where % len(pathways)
    before = predict(pathways)
    changed = list(pathways)
    changed[index] = Pathway(changed[index].cr, (*changed[index].inhibitors, added), changed[index].inducers)
    after = predict(changed)
    for old, new in zip(before, after, strict=True):
        assert new >= old - 1e-9


@given(pathways=regimens(), added=ratios(bounded=False), where=st.integers(min_value=0, max_value=2))
def test_adding_an_inducer_never_raises_the_predicted_exposure(pathways, added, where):
    index = where % len(pathways)
    before = predict(pathways)
    changed = list(pathways)
    changed[index] = Pathway(changed[index].cr, changed[index].inhibitors, (*changed[index].inducers, added))
    after = predict(changed)
    for old, new in zip(before, after, strict=True):
        assert new <= old + 1e-9


@given(pathways=regimens())
def test_the_interval_holds_the_value(pathways):
    got = predict(pathways)
    assert got.low <= got.value <= got.high


@given(pathways=regimens(), data=st.data())
def test_every_point_of_the_box_lies_within_the_interval(pathways, data):
    """The corners bound the model: any CR, IR and IC drawn inside their intervals predicts within them."""

    def inside(r: Ratio) -> Ratio:
        x = data.draw(st.floats(min_value=r.low, max_value=r.high, allow_nan=False))
        return Ratio(x, x, x, r.refs)

    point = [
        Pathway(inside(p.cr), tuple(inside(r) for r in p.inhibitors), tuple(inside(r) for r in p.inducers))
        for p in pathways
    ]
    got, box = predict(point).value, predict(pathways)
    assert box.low - 1e-9 <= got <= box.high + 1e-9
