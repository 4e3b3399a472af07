"""How severe a predicted interaction is, from the perpetrator's strength and the victim's sensitivity.

The matrix follows the FDA's clinical classes. A strong inhibitor raises the AUC of a sensitive
substrate at least 5-fold, a moderate one 2- to 5-fold and a weak one 1.25- to 2-fold; a substrate
is sensitive when a strong inhibitor raises its AUC at least 5-fold and moderate at 2- to 5-fold.
Inducers are graded the same way by the fall in AUC.

================  =========  ========  =====
perpetrator       sensitive  moderate  minor
================  =========  ========  =====
strong            major      moderate  minor
moderate          moderate   moderate  minor
weak              minor      minor     minor
================  =========  ========  =====

A victim with a narrow therapeutic index moves one step up (never to contraindicated) when the
enzyme is a real route for it (a sensitive or moderate substrate): a small change in exposure
already matters for warfarin, digoxin or ciclosporin, but a minor pathway stays minor. A victim
with a wide therapeutic index (omeprazole and the other proton pump inhibitors) moves one step down
when its exposure rises, since even a several-fold rise is well tolerated; a fall still counts in
full, because it costs the drug its effect. Curated interactions carry
their own severity and are never graded by this matrix. Where the victim's contribution ratio and
the perpetrator's inhibition or induction ratio are known, the predicted AUC ratio grades instead
(`prediction.model_severity`); this matrix is the fallback.
"""

from __future__ import annotations

from service.kb.vocabulary import SEVERITIES, severity_rank

SEVERITY_MATRIX: dict[tuple[str, str], str] = {
    ("strong", "sensitive"): "major",
    ("strong", "moderate"): "moderate",
    ("strong", "minor"): "minor",
    ("moderate", "sensitive"): "moderate",
    ("moderate", "moderate"): "moderate",
    ("moderate", "minor"): "minor",
    ("weak", "sensitive"): "minor",
    ("weak", "moderate"): "minor",
    ("weak", "minor"): "minor",
}


def predicted_severity(
    perpetrator_strength: str, victim_sensitivity: str, therapeutic_index: str = "standard", rises: bool = True
) -> str:
    """Return the severity of a predicted enzyme or transporter interaction.

    `therapeutic_index` is the victim's: `narrow`, `standard` or `wide`; `rises` says whether the
    victim's (active) exposure goes up.

    >>> predicted_severity("strong", "sensitive")
    'major'
    >>> predicted_severity("weak", "minor")
    'minor'
    >>> predicted_severity("moderate", "moderate", "narrow")
    'major'
    >>> predicted_severity("weak", "minor", "narrow")
    'minor'
    >>> predicted_severity("strong", "sensitive", "wide")  # omeprazole with fluconazole
    'moderate'
    >>> predicted_severity("strong", "sensitive", "wide", rises=False)  # but losing its effect still matters
    'major'
    """
    severity = SEVERITY_MATRIX[(perpetrator_strength, victim_sensitivity)]
    if therapeutic_index == "narrow" and victim_sensitivity != "minor":
        severity = raise_one_step(severity)
    elif therapeutic_index == "wide" and rises:
        severity = lower_one_step(severity)
    return severity


def severity_basis(
    perpetrator_strength: str,
    role: str,
    victim_sensitivity: str,
    therapeutic_index: str = "standard",
    rises: bool = True,
) -> str:
    """Return, in words, how `predicted_severity` graded a predicted interaction: the matrix cell, then any step.

    >>> severity_basis("strong", "inhibitor", "sensitive")
    'strong inhibitor × sensitive substrate: major (FDA classes)'
    >>> severity_basis("moderate", "inhibitor", "moderate", "narrow")
    'moderate inhibitor × moderate substrate: moderate (FDA classes); narrow therapeutic index: one step up, to major'
    >>> severity_basis("strong", "inhibitor", "sensitive", "wide").split("; ")[1]
    'wide therapeutic index, exposure rises: one step down, to moderate'
    """
    base = SEVERITY_MATRIX[(perpetrator_strength, victim_sensitivity)]
    final = predicted_severity(perpetrator_strength, victim_sensitivity, therapeutic_index, rises)
    text = f"{perpetrator_strength} {role} × {victim_sensitivity} substrate: {base} (FDA classes)"
    if therapeutic_index == "narrow":
        if victim_sensitivity == "minor":
            return text + "; narrow therapeutic index, but a minor route: no step up"
        step = f"one step up, to {final}" if final != base else f"stays {final} (a prediction is never contraindicated)"
        return text + f"; narrow therapeutic index: {step}"
    if therapeutic_index == "wide":
        if not rises:
            return text + "; wide therapeutic index, but exposure falls: no step down"
        step = f"one step down, to {final}" if final != base else f"stays {final}"
        return text + f"; wide therapeutic index, exposure rises: {step}"
    return text


def lower_one_step(severity: str) -> str:
    """Return the next less severe level, stopping at minor."""
    return SEVERITIES[min(len(SEVERITIES) - 1, severity_rank(severity) + 1)]


def raise_one_step(severity: str) -> str:
    """Return the next more severe level, stopping below contraindicated."""
    return SEVERITIES[max(1, severity_rank(severity) - 1)]


def most_severe(severities) -> str:
    """Return the most severe of several severities.

    >>> most_severe(["minor", "major", "moderate"])
    'major'
    """
    return min(severities, key=severity_rank)


def at_least(severity: str, threshold: str) -> bool:
    """Return whether `severity` is as severe as `threshold` or more."""
    return severity_rank(severity) <= severity_rank(threshold)
