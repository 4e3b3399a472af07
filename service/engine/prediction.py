"""A pair's predicted and observed exposure change, and the severity a prediction grades.

`exposure` holds the model; this module finds its inputs in the knowledge (the victim's CR and the
perpetrator's IR or IC on each pathway) and the clinical study of the pair, if one was published.

Severity from a predicted AUC ratio follows the FDA's thresholds for clinical DDI classes:

=========================  ==========
predicted AUC ratio        severity
=========================  ==========
>= 5 (or <= 0.2)           major
>= 2 (or <= 0.5)           moderate
otherwise                  minor
=========================  ==========

(1.25-fold and a 20 % fall mark a weak effect; below them the finding stays minor.) The grade is
taken at the point estimate; the narrow and wide therapeutic index steps of the class matrix apply
on top. Labels stay floors (`labels.apply_label`) and curated records keep their own grade.
"""

from __future__ import annotations

from typing import Any

from service.engine.exposure import AucRatio, Pathway, predict
from service.engine.severity import lower_one_step, raise_one_step
from service.kb.knowledge import Knowledge

THRESHOLDS = ((5.0, "major"), (2.0, "moderate"), (1.25, "minor"))
"""Fold change (rise, or 1/ratio for a fall) at or above which a prediction grades a severity."""


def pathway(kb: Knowledge, victim: str, enzyme: str, inhibitors=(), inducers=()) -> Pathway | None:
    """Return the victim's pathway with the ratios of the perpetrators on it, or None when any is unknown."""
    pk = kb.indices.pk
    cr = pk.contribution.get(victim, {}).get(enzyme)
    if cr is None:
        return None
    inhibiting = [pk.inhibition.get(d, {}).get(enzyme) for d in inhibitors]
    inducing = [pk.induction.get(d, {}).get(enzyme) for d in inducers]
    if any(r is None for r in (*inhibiting, *inducing)):
        return None
    return Pathway(cr, tuple(inhibiting), tuple(inducing))


def mechanism_prediction(
    kb: Knowledge, perpetrator: str, victim: str, enzyme: str, role: str
) -> tuple[AucRatio, list[str]] | None:
    """Return the predicted AUC ratio of one mechanism (one pathway) and the references of its CR and IR/IC.

    None when CR or IR/IC is unknown.
    """
    acting = {"inhibitors": (perpetrator,)} if role == "inhibitor" else {"inducers": (perpetrator,)}
    found = pathway(kb, victim, enzyme, **acting)
    if found is None:
        return None
    refs = [*found.cr.refs, *(ref for ratio in (*found.inhibitors, *found.inducers) for ref in ratio.refs)]
    return predict([found]), list(dict.fromkeys(refs))


def pair_prediction(kb: Knowledge, perpetrator: str, victim: str) -> tuple[AucRatio, list[str]] | None:
    """Return the AUC ratio over every pathway the perpetrator acts on with known ratios, and those pathways."""
    pk = kb.indices.pk
    pathways, names = [], []
    for enzyme, cr in sorted(pk.contribution.get(victim, {}).items()):
        inhibition = pk.inhibition.get(perpetrator, {}).get(enzyme)
        induction = pk.induction.get(perpetrator, {}).get(enzyme)
        if inhibition is None and induction is None:
            continue
        pathways.append(
            Pathway(cr, (inhibition,) if inhibition else (), (induction,) if induction and not inhibition else ())
        )
        names.append(enzyme)
    return (predict(pathways), names) if pathways else None


def observed(kb: Knowledge, perpetrator: str, victim: str) -> dict[str, Any] | None:
    """Return the first published study of the pair as `{value, refs, study}`, or None."""
    studies = kb.indices.pk.studies.get((perpetrator, victim))
    if not studies:
        return None
    study = studies[0]
    return {"value": study["auc_ratio"], "refs": list(study["refs"]), "study": study["id"]}


def fold_band(auc_ratio: float) -> tuple[float, str | None]:
    """Return the FDA threshold an AUC ratio reaches (as a fold change) and its severity, or (1, None).

    >>> fold_band(6.0), fold_band(0.4), fold_band(1.1)
    ((5.0, 'major'), (2.0, 'moderate'), (1.0, None))
    """
    fold = auc_ratio if auc_ratio >= 1 else 1.0 / auc_ratio
    for threshold, severity in THRESHOLDS:
        if fold >= threshold:
            return threshold, severity
    return 1.0, None


def describe_threshold(threshold: float, rises: bool) -> str:
    """Return an FDA threshold in words.

    >>> describe_threshold(2.0, True), describe_threshold(5.0, False)
    ('2-fold rise', '80% fall')
    """
    if rises:
        return f"{threshold:g}-fold rise"
    return f"{round(100 * (1 - 1 / threshold)):d}% fall"


def model_severity(auc_ratio: AucRatio, therapeutic_index: str = "standard") -> tuple[str, str]:
    """Return the severity a prediction grades and the words saying how.

    >>> model_severity(AucRatio(11.0, 7.0, 16.0))[0]
    'major'
    >>> severity, basis = model_severity(AucRatio(1.4, 1.2, 1.6), "narrow")
    >>> severity
    'moderate'
    >>> for part in basis.split("; "):
    ...     print(part)
    model: AUC x1.4 (1.2-1.6) reaches the 1.25-fold rise threshold: minor
    narrow therapeutic index: one step up, to moderate
    """
    rises = auc_ratio.value >= 1
    threshold, severity = fold_band(auc_ratio.value)
    shown = format_ratio(auc_ratio)
    if severity is None:
        text = f"model: AUC {shown}, below the 1.25-fold (20% fall) threshold: minor"
        severity = "minor"
    else:
        text = f"model: AUC {shown} reaches the {describe_threshold(threshold, rises)} threshold: {severity}"
    if therapeutic_index == "narrow" and threshold > 1:
        stepped = raise_one_step(severity)
        if stepped != severity:
            return stepped, f"{text}; narrow therapeutic index: one step up, to {stepped}"
    if therapeutic_index == "wide" and rises:
        stepped = lower_one_step(severity)
        if stepped != severity:
            return stepped, f"{text}; wide therapeutic index, exposure rises: one step down, to {stepped}"
    return severity, text


def format_ratio(auc_ratio: AucRatio) -> str:
    """Return a ratio as a reader sees it.

    >>> format_ratio(AucRatio(11.04, 7.2, 16.0))
    'x11 (7.2-16)'
    >>> format_ratio(AucRatio(0.26, 0.2, 0.33))
    'x0.26 (0.2-0.33)'
    """
    return f"x{_short(auc_ratio.value)} ({_short(auc_ratio.low)}-{_short(auc_ratio.high)})"


def _short(number: float) -> str:
    number = round(number, 2)  # as the answer's `predicted_auc_ratio` gives it
    return f"{number:.2g}" if number < 10 else f"{number:.0f}"


def with_exposure(kb: Knowledge, mechanism: dict[str, Any]) -> dict[str, Any]:
    """Return a curated pharmacokinetic mechanism with its prediction and observed study beside its own grade.

    The curated record keeps its severity (`basis: curated`); the numbers are shown so it can be judged.
    """
    if "perpetrator" not in mechanism or not mechanism["type"].startswith(("enzyme-", "transporter-", "absorption")):
        return mechanism
    perpetrator, victim = mechanism["perpetrator"], mechanism["victim"]
    found = dict(mechanism, basis="curated")
    refs: list[str] = []
    enzyme = mechanism.get("enzyme_id")
    if enzyme is not None:
        role = "inducer" if mechanism["type"].endswith("induction") else "inhibitor"
        prediction = mechanism_prediction(kb, perpetrator, victim, enzyme, role)
        if prediction is not None:
            found["predicted_auc_ratio"] = prediction[0].as_dict()
            refs += prediction[1]
    seen = observed(kb, perpetrator, victim)
    if seen is not None:
        found["observed_auc_ratio"] = seen
        refs += seen["refs"]
    found["refs"] = list(dict.fromkeys([*mechanism["refs"], *refs]))
    return found


def describe_exposure(mechanism: dict[str, Any], victim_name: str) -> str | None:
    """Return a mechanism's predicted and observed change in words, or None when it has neither.

    >>> m = {"predicted_auc_ratio": {"value": 11.2, "low": 7.0, "high": 16.0},
    ...      "observed_auc_ratio": {"value": 12.0, "refs": ["neuvonen-1998"], "study": "s"}}
    >>> describe_exposure(m, "Simvastatin")
    'Simvastatin AUC x11 (7-16) predicted, observed x12 [neuvonen-1998]'
    """
    predicted, seen = mechanism.get("predicted_auc_ratio"), mechanism.get("observed_auc_ratio")
    if predicted is None and seen is None:
        return None
    parts = []
    if predicted is not None:
        shown = format_ratio(AucRatio(predicted["value"], predicted["low"], predicted["high"]))
        parts.append(f"{victim_name} AUC {shown} predicted")
    if seen is not None:
        observed_text = f"observed x{_short(seen['value'])} [{', '.join(seen['refs'])}]"
        parts.append(observed_text if predicted is not None else f"{victim_name} AUC {observed_text}")
    return ", ".join(parts)
