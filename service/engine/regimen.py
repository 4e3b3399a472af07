"""Each victim's net predicted exposure change across the whole list, not pair by pair.

Several inhibitors of one pathway multiply their remaining activities; an inhibitor and an inducer
of one pathway give a net activity; a victim cleared by several affected pathways combines them
(`exposure.predict`). A combination may cross an FDA threshold (5-, 2-, 1.25-fold rise; 80, 50,
20 % fall) that no single pair reaches: the entry then grades the higher severity and says so.
Computed per check from per-drug tables (a few lookups per drug on the list); never cached by list.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from service.engine.exposure import AucRatio, Pathway, predict
from service.engine.mechanisms import therapeutic_index
from service.engine.pairs import PAIRS, RolesOnList, roles_on_list
from service.engine.prediction import describe_threshold, fold_band, format_ratio, model_severity, pair_prediction
from service.kb.indices import pair_key
from service.kb.knowledge import Knowledge
from service.kb.vocabulary import severity_rank


def regimen_exposure(kb: Knowledge, drugs: list[str], on_list: RolesOnList | None = None) -> list[dict[str, Any]]:
    """Return, for each victim on the list that a perpetrator on it acts on with known ratios, the net change.

    Entries follow the list's order. Perpetrators on the list whose ratio on one of the victim's
    routes is unknown are named in `not_quantified`: the net leaves them out.
    """
    pk = kb.indices.pk
    unique = list(dict.fromkeys(drugs))
    inhibitors: dict[str, list[str]] = defaultdict(list)
    inducers: dict[str, list[str]] = defaultdict(list)
    for drug in unique:
        for enzyme in pk.inhibition.get(drug, ()):
            inhibitors[enzyme].append(drug)
        for enzyme in pk.induction.get(drug, ()):
            if enzyme not in pk.inhibition.get(drug, ()):  # a drug that does both is counted as inhibiting
                inducers[enzyme].append(drug)
    if not inhibitors and not inducers:
        return []
    on_list = roles_on_list(kb, unique) if on_list is None else on_list
    entries = []
    for victim in unique:
        acting = _acting_on(pk.contribution.get(victim, {}), victim, inhibitors, inducers)
        if acting:
            entry = _entry(kb, victim, acting)
            missing = _not_quantified(kb, victim, acting, on_list)
            entry["not_quantified"] = missing
            if missing:
                names = ", ".join(f"{kb.drug_name(d)} ({kb.enzyme_name(e)})" for d, e in missing_pairs(missing))
                entry["summary"] = entry["summary"][:-1] + f"; not quantified, left out: {names}."
            entries.append(entry)
    return entries


def missing_pairs(missing: list[dict[str, str]]) -> list[tuple[str, str]]:
    return [(m["drug"], m["enzyme_id"]) for m in missing]


def _not_quantified(kb: Knowledge, victim: str, acting, on_list: RolesOnList) -> list[dict[str, str]]:
    """Return the perpetrators on the list acting on a route of the victim without a known ratio on it."""
    found = []
    for enzyme, role in kb.indices.roles.get(victim, {}):
        if role != "substrate":
            continue
        quantified = {d for side in acting.get(enzyme, ((), ())) for d in side}
        for relation in ("inhibitor", "inducer"):
            for drug in on_list.get((enzyme, relation), ()):
                if drug != victim and drug not in quantified:
                    found.append({"drug": drug, "enzyme_id": enzyme, "role": relation})
    found.sort(key=lambda m: (m["enzyme_id"], m["drug"]))
    return found


def _acting_on(contribution, victim, inhibitors, inducers) -> dict[str, tuple[list[str], list[str]]]:
    """Return pathway -> (inhibitors, inducers) on the list, for the victim's pathways with any."""
    acting = {}
    for enzyme in sorted(contribution):
        inhibiting = [d for d in inhibitors.get(enzyme, ()) if d != victim]
        inducing = [d for d in inducers.get(enzyme, ()) if d != victim]
        if inhibiting or inducing:
            acting[enzyme] = (inhibiting, inducing)
    return acting


def alone(kb: Knowledge, perpetrator: str, victim: str) -> tuple[AucRatio, dict[str, Any], float, Documented]:
    """Return one perpetrator's prediction for a victim, its `alone` entry, the FDA threshold it reaches,
    and the pair's most severe documented grade.

    These depend on the pair and the knowledge only, so they are kept in the knowledge's own PK
    index (gone with it on a reload; bounded by the pairs the ratios allow), never by list. The
    entry is shared and must be treated as read-only.
    """
    memo = kb.indices.pk.alone
    found = memo.get((perpetrator, victim))
    if found is None:
        predicted = pair_prediction(kb, perpetrator, victim)
        ratio = predicted[0] if predicted is not None else AucRatio(1.0, 1.0, 1.0)
        entry = {"drug": perpetrator, "auc_ratio": ratio.as_dict()}
        documented = _documented(kb, perpetrator, victim)
        found = memo[(perpetrator, victim)] = (ratio, entry, fold_band(ratio.value)[0], documented)
    return found


Documented = tuple[str, str, str] | None
"""A pair's most severe documented grade, its perpetrator and what documents it ("record" or "label")."""


def documented_grade(single: list[tuple[AucRatio, dict[str, Any], float, Documented]]) -> Documented:
    """Return the most severe documented grade (curated record or label rule) among the perpetrators'
    `alone` facts; None when only predictions grade them.

    A whole-regimen net is a prediction, and a prediction never grades below a label or a record:
    when an inducer offsets an inhibitor, the pair the label speaks of keeps its grade.
    """
    graded = [found[3] for found in single if found[3] is not None]
    return min(graded, key=lambda found: severity_rank(found[0]), default=None)


def _documented(kb: Knowledge, perpetrator: str, victim: str) -> Documented:
    worst = None
    for _, _, finding in PAIRS.ranked(kb, *pair_key(perpetrator, victim)):
        if finding["kind"] != "pharmacokinetic":
            continue
        for m in finding["mechanisms"]:
            if m.get("victim") != victim or m.get("perpetrator") != perpetrator:
                continue
            source = "record" if m["source"] == "curated" else "label" if m.get("label_refs") else None
            if source and (worst is None or severity_rank(m["severity"]) < severity_rank(worst[0])):
                worst = (m["severity"], perpetrator, source)
    return worst


def _entry(kb: Knowledge, victim: str, acting) -> dict[str, Any]:
    pk = kb.indices.pk
    contribution = pk.contribution[victim]
    pathways, shown, perpetrators, refs = [], [], {}, []
    for enzyme, (inhibiting, inducing) in acting.items():
        cr = contribution[enzyme]
        inhibitions = tuple(pk.inhibition[d][enzyme] for d in inhibiting)
        inductions = tuple(pk.induction[d][enzyme] for d in inducing)
        pathways.append(Pathway(cr, inhibitions, inductions))
        refs += cr.refs
        for ratio in (*inhibitions, *inductions):
            refs += ratio.refs
        perpetrators.update(dict.fromkeys(inhibiting))
        perpetrators.update(dict.fromkeys(inducing))
        pathway = {"enzyme": kb.enzyme_name(enzyme), "enzyme_id": enzyme, "cr": cr.value}
        shown.append({**pathway, "inhibitors": inhibiting, "inducers": inducing})
    net = predict(pathways)
    severity, basis = model_severity(net, therapeutic_index(kb.records.drugs[victim]))
    single = [alone(kb, d, victim) for d in perpetrators]
    documented = documented_grade(single)
    if documented is not None and severity_rank(documented[0]) < severity_rank(severity):
        grade, perpetrator, source = documented
        severity = grade
        basis += (
            f"; {kb.drug_name(perpetrator)} with {kb.drug_name(victim)} is graded {grade} by its {source}: "
            "the more cautious grade is kept"
        )
    threshold, band = fold_band(net.value)
    crosses = len(single) > 1 and band is not None and threshold > max(found[2] for found in single)
    if crosses:  # the single predictions show why it rises
        acting_names = ", ".join(
            f"{kb.drug_name(d)} ({format_ratio(found[0])} alone)" for d, found in zip(perpetrators, single, strict=True)
        )
    else:
        acting_names = ", ".join(kb.drug_name(d) for d in perpetrators)
    text = f"{kb.drug_name(victim)}: net predicted AUC {format_ratio(net)} with {acting_names}"
    if crosses:
        rise = describe_threshold(threshold, net.value >= 1)
        text += f"; together they reach the {rise} threshold, which no single pair reaches: graded {severity}"
    return {
        "victim": victim,
        "auc_ratio": net.as_dict(),
        "perpetrators": list(perpetrators),
        "pathways": shown,
        "alone": [found[1] for found in single],
        "severity": severity,
        "severity_basis": basis,
        "crosses_threshold": crosses,
        "summary": text + ".",
        "refs": list(dict.fromkeys(refs)),
    }
