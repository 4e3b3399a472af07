"""A CDS Hooks card's detail mentions the predicted (and observed) exposure change of each mechanism."""

from __future__ import annotations

from service.cdshooks.cards import _mechanism_line
from service.engine.pairs import compute_pair


def test_the_mechanism_line_gives_the_predicted_and_observed_change(pk_kb):
    (finding,) = compute_pair(pk_kb, "flucon", "warf")
    line = _mechanism_line(pk_kb, finding["mechanisms"][0])
    assert line.endswith("; Warfarin AUC x3 \\(2.2-5\\) predicted, observed x2.9 \\[study-b\\]")
