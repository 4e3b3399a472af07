"""Predicted change in a victim's exposure (AUC ratio) from the static mechanistic model.

The model (Ohno et al. 2007, Hisaka et al. 2009; induction: Ohno et al. 2008) describes a victim's
oral clearance as the sum of pathways, each removing a fraction CR (contribution ratio) of it.
A perpetrator leaves a pathway a remaining activity f: inhibition f = 1 - IR, induction f = 1 + IC.
Then

    AUCR = 1 / ( sum_i CR_i * f_i + (1 - sum_i CR_i) )

With one pathway this is 1 / (1 - CR * IR) for inhibition and 1 / (1 + CR * IC) for induction.
Several perpetrators on one pathway multiply their remaining activities (two inhibitors each
leaving half the activity leave a quarter); an inhibitor and an inducer of one pathway give a net f.

**Interval.** CR, IR and IC each carry a documented interval. The denominator is linear in every
CR and in every f, and f is monotone in every IR (falling) and IC (rising), so the extremes of the
AUC ratio over the box of intervals lie at its corners: the highest AUCR takes each f at its
lowest (IR high, IC low) and each CR at its high end where that f < 1 (at its low end where
f > 1); the lowest AUCR the opposite. `predict` evaluates exactly those two corners, so the
interval is exact for the box, not an approximation.

**Ceiling.** Where a pathway clearing (nearly) everything is (nearly) fully blocked, the model's
ratio grows without bound; it is reported as at most `MAX_AUC_RATIO` (50-fold), beyond which no
clinical study reaches and the number would only suggest false precision.
"""

from __future__ import annotations

from typing import NamedTuple

from service.kb.pk_index import Ratio

MAX_AUC_RATIO = 50.0


class AucRatio(NamedTuple):
    """A predicted AUC ratio with its interval."""

    value: float
    low: float
    high: float

    def as_dict(self) -> dict[str, float]:
        return {"value": round(self.value, 2), "low": round(self.low, 2), "high": round(self.high, 2)}


class Pathway(NamedTuple):
    """One pathway of a victim: its CR and the perpetrators acting on it."""

    cr: Ratio
    inhibitors: tuple[Ratio, ...] = ()
    inducers: tuple[Ratio, ...] = ()


def inhibition_auc_ratio(cr: float, ir: float) -> float:
    """Return the AUC ratio of a victim whose pathway `cr` is inhibited by `ir` (Ohno 2007).

    >>> inhibition_auc_ratio(0.93, 1.0)   # midazolam with ketoconazole: about 14-fold
    14.285714285714295
    >>> round(inhibition_auc_ratio(0.5, 0.5), 4)
    1.3333
    >>> inhibition_auc_ratio(1.0, 1.0)    # a pathway fully shut that clears everything: the ceiling
    50.0
    """
    return combined_auc_ratio([(cr, 1.0 - ir)])


def induction_auc_ratio(cr: float, ic: float) -> float:
    """Return the AUC ratio of a victim whose pathway `cr` is induced by `ic` (Ohno 2008).

    >>> round(induction_auc_ratio(0.9, 9.0), 4)   # rifampicin-like: about a ninth remains
    0.1099
    >>> induction_auc_ratio(0.5, 0.0)
    1.0
    """
    return combined_auc_ratio([(cr, 1.0 + ic)])


def combined_auc_ratio(pathways: list[tuple[float, float]]) -> float:
    """Return the AUC ratio for (CR, remaining activity f) of each affected pathway.

    A victim whose CRs add up to more than 1 (a transporter and an enzyme in series) is treated as
    cleared entirely by those pathways.

    >>> round(combined_auc_ratio([(0.5, 0.0), (0.3, 0.5)]), 4)   # two pathways, both inhibited
    2.8571
    >>> round(combined_auc_ratio([(0.8, 0.5 * 0.5)]), 4)          # two inhibitors, one pathway
    2.5
    >>> round(combined_auc_ratio([(0.8, 0.1 * 2.0)]), 4)          # an inhibitor and an inducer
    2.7778
    """
    total = sum(cr for cr, _ in pathways)
    rest = max(0.0, 1.0 - total)
    denominator = sum(cr * f for cr, f in pathways) + rest
    return MAX_AUC_RATIO if denominator <= 1.0 / MAX_AUC_RATIO else 1.0 / denominator


def predict(pathways: list[Pathway]) -> AucRatio:
    """Return the predicted AUC ratio of a victim and its interval (the corners, see the module).

    >>> cr = Ratio(0.9, 0.8, 1.0, ("r",))
    >>> ir = Ratio(0.9, 0.8, 1.0, ("r",))
    >>> got = predict([Pathway(cr, inhibitors=(ir,))])
    >>> [round(x, 2) for x in got]
    [5.26, 2.78, 50.0]
    >>> ic = Ratio(4.0, 3.0, 5.0, ("r",))
    >>> [round(x, 3) for x in predict([Pathway(cr, inducers=(ic,))])]
    [0.217, 0.167, 0.294]
    """
    value, highest, lowest = [], [], []
    for cr, inhibitors, inducers in pathways:
        # f at the point estimate, at the highest-AUCR corner (IR high, IC low), at the lowest
        f = f_high = f_low = 1.0
        for ratio in inhibitors:  # validated: 0 <= IR <= 1 at every point of its interval
            f *= 1.0 - ratio.value
            f_high *= 1.0 - ratio.high
            f_low *= 1.0 - ratio.low
        for ratio in inducers:
            f *= 1.0 + ratio.value
            f_high *= 1.0 + ratio.low
            f_low *= 1.0 + ratio.high
        value.append((cr.value, f))
        highest.append((cr.high if f_high < 1.0 else cr.low, f_high))  # a larger CR weighs a blocked path more
        lowest.append((cr.high if f_low >= 1.0 else cr.low, f_low))
    point, high, low = combined_auc_ratio(value), combined_auc_ratio(highest), combined_auc_ratio(lowest)
    return AucRatio(point, min(low, point), max(high, point))


def fold_error(predicted: float, observed: float) -> float:
    """Return how many fold a prediction is off, always >= 1.

    >>> fold_error(2.0, 4.0), fold_error(0.5, 0.25)
    (2.0, 2.0)
    """
    return max(predicted / observed, observed / predicted)
