"""Plain-language summaries and advice for predicted findings, written from the facts that made them."""

from __future__ import annotations

_ROLE_WORD = {"inhibitor": "inhibits", "inducer": "induces"}


def enzyme_summary(
    perpetrator: str,
    victim: str,
    enzyme: str,
    role: str,
    strength: str,
    sensitivity: str,
    transporter: bool,
    activates: bool,
) -> str:
    """Return one sentence on why the victim's exposure changes."""
    action = f"{perpetrator} {_ROLE_WORD[role]} {enzyme} ({strength})"
    pathway = "which transports" if transporter else "which metabolises"
    if activates:
        effect = "less" if role == "inhibitor" else "more"
        return (
            f"{action}, {pathway} {victim} into its active form ({sensitivity} substrate): "
            f"{effect} active drug is expected."
        )
    change = "rise" if role == "inhibitor" else "fall"
    return f"{action}, {pathway} {victim} ({sensitivity} substrate): {victim} exposure is expected to {change}."


def enzyme_management(perpetrator: str, victim: str, direction: str, severity: str) -> str:
    """Return what to do about a predicted change in exposure, scaled to its severity."""
    if direction == "increases":
        if severity in ("major", "contraindicated"):
            return (
                f"Avoid the combination if an alternative exists; otherwise reduce the {victim} dose "
                f"and monitor closely for {victim} toxicity."
            )
        if severity == "moderate":
            return f"Monitor for increased {victim} effects and adverse effects; adjust the {victim} dose if needed."
        return f"Usually no action is needed; be alert to increased {victim} effects."
    if severity in ("major", "contraindicated"):
        return (
            f"Avoid the combination if an alternative exists; otherwise monitor {victim} response closely, "
            f"expect to need a higher dose, and lower it again after {perpetrator} is stopped."
        )
    if severity == "moderate":
        return (
            f"Monitor for reduced {victim} effect; a dose adjustment may be needed, also when {perpetrator} is stopped."
        )
    return f"Usually no action is needed; be alert to reduced {victim} effect."
