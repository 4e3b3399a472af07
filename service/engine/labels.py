"""What product labels say about a whole class of partners, applied to one concrete pair.

A label rarely names every partner: it says "avoid strong CYP3A4 inducers" or "do not combine with
other drugs that prolong the QT interval". The knowledge records such a statement once, on the
drug's role or effect, and it then grades every partner of that class. A label's grade is a floor:
it can raise a predicted finding, never lower it.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from service.engine.references import cited
from service.engine.severity import at_least


class LabelGrade(NamedTuple):
    """The severity one drug's label gives a pair, with the words and sources behind it."""

    drug: str
    severity: str
    because: str
    advice: str
    refs: tuple[str, ...]


def role_label_grades(
    perpetrator: str, perpetrator_fact, victim: str, substrate_fact, relation: str
) -> list[LabelGrade]:
    """Return the grades the victim's and the perpetrator's labels give a predicted enzyme interaction.

    `relation` is `inhibitor` or `inducer`. The victim's label grades perpetrators by strength
    ("avoid strong CYP3A4 inhibitors"); the perpetrator's grades victims by sensitivity
    ("contraindicated with sensitive CYP3A4 substrates").
    """
    grades = []
    victim_rule = substrate_fact.label or {}
    by_strength = victim_rule.get(f"{relation}s", {})
    if perpetrator_fact.strength in by_strength:
        grades.append(
            _grade(
                victim, victim_rule, by_strength[perpetrator_fact.strength], f"{perpetrator_fact.strength} {relation}s"
            )
        )
    perpetrator_rule = perpetrator_fact.label or {}
    by_sensitivity = perpetrator_rule.get("substrates", {})
    if substrate_fact.strength in by_sensitivity:
        grades.append(
            _grade(
                perpetrator,
                perpetrator_rule,
                by_sensitivity[substrate_fact.strength],
                f"{substrate_fact.strength} substrates",
            )
        )
    return grades


def effect_label_grades(drug: str, fact, partner_level: str, effect_name: str, partner_effect: str) -> list[LabelGrade]:
    """Return the grade `drug`'s label gives a partner carrying `partner_effect` at `partner_level`.

    A rule with `with_effect` speaks of partners with that (paired) effect only: "do not combine
    with MAO inhibitors" on a sympathomimetic says nothing of other sympathomimetics.
    """
    rule = fact.label or {}
    by_level = rule.get("partners", {})
    if partner_level not in by_level or rule.get("with_effect", partner_effect) != partner_effect:
        return []
    return [_grade(drug, rule, by_level[partner_level], f"partners with {effect_name.lower()} ({partner_level})")]


def _grade(drug: str, rule: dict[str, Any], severity: str, partners: str) -> LabelGrade:
    return LabelGrade(drug, severity, partners, rule["advice"], tuple(rule["refs"]))


def strongest(grades: list[LabelGrade]) -> LabelGrade | None:
    """Return the most severe label grade (the first given, among equals), or None."""
    best = None
    for grade in grades:
        if best is None or (grade.severity != best.severity and at_least(grade.severity, best.severity)):
            best = grade
    return best


def apply_label(mechanism: dict[str, Any], grades: list[LabelGrade], drug_name) -> dict[str, Any]:
    """Raise a predicted mechanism to its labels' grade, where that is more severe, and say so.

    A label that grades the pair as the prediction does is still cited, since it confirms it; a
    label that grades it lower leaves the prediction's more cautious grade, noted in the basis.
    """
    best = strongest(grades)
    if best is None:
        return mechanism
    words = f"label of {drug_name(best.drug)}: {best.because} -> {best.severity}"
    label_refs = cited(*(grade.refs for grade in grades))
    refs = cited(mechanism["refs"], label_refs)
    if at_least(mechanism["severity"], best.severity) and mechanism["severity"] != best.severity:
        basis = f"{mechanism['severity_basis']}; {words}, kept at the more cautious {mechanism['severity']}"
        return {**mechanism, "severity_basis": basis, "refs": refs, "label_refs": label_refs}
    return {
        **mechanism,
        "severity": best.severity,
        "severity_basis": f"{mechanism['severity_basis']}; {words}",
        "evidence": "established",
        "management": best.advice,
        "refs": refs,
        "label_refs": list(best.refs),
    }


def keep_label_floor(curated: dict[str, Any], predicted: dict[str, Any]) -> dict[str, Any]:
    """Return a curated mechanism raised to its superseded prediction's label grade, where that is more severe.

    A curated record from a secondary source (a monograph, a study) supersedes the prediction for
    the same route, but never lowers what a product label says: the more cautious grade is kept,
    and the basis says that the sources disagree. A record citing the very label whose class rule
    set the grade is that label's own word on this partner ("avoid grapefruit juice" beside
    "contraindicated with strong CYP3A4 inhibitors"), and stands.
    """
    label_refs = predicted.get("label_refs")
    if not label_refs or predicted["evidence"] != "established" or "label of " not in predicted["severity_basis"]:
        return curated
    if at_least(curated["severity"], predicted["severity"]) or set(label_refs) & set(curated["refs"]):
        return curated
    label_words = predicted["severity_basis"].split("; label of ", 1)[1]
    return {
        **curated,
        "severity": predicted["severity"],
        "severity_basis": f"{curated['severity_basis']} ({curated['severity']}); the label grades it higher "
        f"(label of {label_words}): the more cautious grade is kept",
        "management": f"{predicted['management']} {curated['management']}",
        "refs": cited(curated["refs"], predicted["refs"]),
    }
