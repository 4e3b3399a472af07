"""How well the exposure model predicts published clinical studies: the accuracy report of a knowledge release.

Every study in `knowledge/pk/studies*.yaml` is predicted from the knowledge's CRs and IRs/ICs and
compared with its observed AUC ratio. A study that a CR or IR/IC was fitted from (`fitted_from`)
cannot judge the model (it would be predicted from itself), so those are reported apart; the
headline figures are over the others. Nothing here is tuned per study.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from service.engine.exposure import AucRatio, fold_error
from service.engine.prediction import format_ratio, pair_prediction
from service.kb.knowledge import Knowledge


@dataclass(frozen=True)
class Judged:
    """One study and its prediction."""

    study: dict[str, Any]
    predicted: AucRatio
    pathways: list[str]
    fitted: bool

    @property
    def fold(self) -> float:
        return fold_error(self.predicted.value, self.study["auc_ratio"])


def judge_studies(kb: Knowledge) -> tuple[list[Judged], list[tuple[dict[str, Any], str]]]:
    """Return the predicted studies, and the studies the model cannot predict with the reason."""
    pk = kb.indices.pk
    judged, unpredicted = [], []
    for study in kb.records.pk.get("studies", []):
        victim, perpetrator = study["victim"], study["perpetrator"]
        found = pair_prediction(kb, perpetrator, victim)
        if found is None:
            unpredicted.append((study, _why_unpredicted(kb, victim, perpetrator)))
            continue
        predicted, pathways = found
        used = [pk.contribution[victim][e] for e in pathways]
        used += [r for e in pathways for r in (pk.inhibition.get(perpetrator, {}).get(e),) if r]
        used += [r for e in pathways for r in (pk.induction.get(perpetrator, {}).get(e),) if r]
        fitted = any(study["id"] in ratio.fitted_from for ratio in used)
        judged.append(Judged(study, predicted, pathways, fitted))
    return judged, unpredicted


def _why_unpredicted(kb: Knowledge, victim: str, perpetrator: str) -> str:
    pk = kb.indices.pk
    if not pk.contribution.get(victim):
        return f"no contribution ratio for {victim}"
    if not (pk.inhibition.get(perpetrator) or pk.induction.get(perpetrator)):
        return f"no inhibition or induction ratio for {perpetrator}"
    return f"{perpetrator} has no ratio on a pathway of {victim} ({', '.join(sorted(pk.contribution[victim]))})"


def figures(judged: list[Judged]) -> dict[str, Any]:
    """Return count, share within 1.5- and 2-fold, and the geometric mean fold error.

    >>> exact = Judged({"auc_ratio": 2.0}, AucRatio(2.0, 2, 2), [], False)
    >>> fourfold = Judged({"auc_ratio": 1.0}, AucRatio(4.0, 4, 4), [], False)
    >>> figures([exact, fourfold])
    {'count': 2, 'within_1_5_fold': 0.5, 'within_2_fold': 0.5, 'gmfe': 2.0}
    """
    if not judged:
        return {"count": 0, "within_1_5_fold": None, "within_2_fold": None, "gmfe": None}
    folds = [j.fold for j in judged]
    return {
        "count": len(folds),
        "within_1_5_fold": round(sum(f <= 1.5 for f in folds) / len(folds), 3),
        "within_2_fold": round(sum(f <= 2.0 for f in folds) / len(folds), 3),
        "gmfe": round(math.exp(sum(math.log(f) for f in folds) / len(folds)), 2),
    }


def reason(kb: Knowledge, judged: Judged) -> str:
    """Return what may explain a poor prediction, from facts the knowledge holds (never tuned)."""
    study, pk = judged.study, kb.indices.pk
    victim, perpetrator = study["victim"], study["perpetrator"]
    words = ["over-predicted" if judged.predicted.value > study["auc_ratio"] else "under-predicted"]
    for enzyme in judged.pathways:
        cr = pk.contribution[victim][enzyme]
        ratio = pk.inhibition.get(perpetrator, {}).get(enzyme) or pk.induction[perpetrator][enzyme]
        kind = "IR" if enzyme in pk.inhibition.get(perpetrator, {}) else "IC"
        words.append(f"{enzyme}: CR {cr.value:g} ({cr.low:g}-{cr.high:g}), {kind} {ratio.value:g}")
    others = sorted(set(pk.contribution.get(victim, {})) - set(judged.pathways))
    if others:
        words.append(f"{perpetrator} has no ratio on {', '.join(others)}")
    if study.get("measured", "parent") != "parent":
        words.append(f"measured: {study['measured']}")
    if study.get("note"):
        words.append(f"study note: {study['note']}")
    return "; ".join(words)


def accuracy_report(kb: Knowledge, worst: int = 10) -> dict[str, Any]:
    """Return the accuracy figures of the knowledge's studies: held-out, fitted, unpredicted and the worst."""
    judged, unpredicted = judge_studies(kb)
    held_out = [j for j in judged if not j.fitted]
    ranked = sorted(held_out, key=lambda j: (-j.fold, j.study["id"]))[:worst]
    return {
        "released": str(kb.records.meta.get("released", "unreleased")),
        "studies": len(judged) + len(unpredicted),
        "held_out": figures(held_out),
        "fitted": figures([j for j in judged if j.fitted]),
        "all_predicted": figures(judged),
        "targets": {"within_2_fold": 0.8, "within_1_5_fold": 0.6},
        "worst": [
            {
                "study": j.study["id"],
                "victim": j.study["victim"],
                "perpetrator": j.study["perpetrator"],
                "observed": j.study["auc_ratio"],
                "predicted": j.predicted.as_dict(),
                "fold_error": round(j.fold, 2),
                "reason": reason(kb, j),
            }
            for j in ranked
        ],
        "unpredicted": [{"study": s["id"], "reason": why} for s, why in unpredicted],
    }


def _share(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.0f}%"


def _row(label: str, f: dict[str, Any]) -> str:
    gmfe = "-" if f["gmfe"] is None else f"{f['gmfe']:.2f}"
    return f"| {label} | {f['count']} | {_share(f['within_1_5_fold'])} | {_share(f['within_2_fold'])} | {gmfe} |"


def render_markdown(report: dict[str, Any]) -> str:
    """Return the report as the Markdown of `docs/accuracy.md`."""
    lines = [
        "# Accuracy of the predicted exposure changes",
        "",
        "Generated by `ddi accuracy --markdown > docs/accuracy.md` (a test regenerates it and fails when",
        "this file is out of date). Each published study in `knowledge/pk/studies*.yaml` is predicted by the",
        "static model (`service/engine/exposure.py`) from the knowledge's contribution ratios (CR) and",
        "inhibition/induction ratios (IR/IC), and compared with its observed AUC ratio. Studies that a CR",
        "or IR/IC was fitted from (`fitted_from`) are reported apart: they cannot judge the model.",
        "",
        f"Knowledge released {report['released']}; {report['studies']} studies.",
        "",
        "| set | studies | within 1.5-fold | within 2-fold | geometric mean fold error |",
        "| --- | --- | --- | --- | --- |",
        _row("held out (not used for fitting)", report["held_out"]),
        _row("fitted (used to fit a CR or IR/IC)", report["fitted"]),
        _row("all predicted", report["all_predicted"]),
        "",
        f"Targets (held out): at least {_share(report['targets']['within_2_fold'])} within 2-fold and "
        f"{_share(report['targets']['within_1_5_fold'])} within 1.5-fold.",
        "",
        "## The worst held-out predictions",
        "",
        "| study | observed | predicted | fold error | what may explain it |",
        "| --- | --- | --- | --- | --- |",
    ]
    for w in report["worst"]:
        shown = format_ratio(_as_ratio(w["predicted"]))
        lines.append(f"| {w['study']} | x{w['observed']:g} | {shown} | {w['fold_error']:.2f} | {w['reason']} |")
    lines += ["", f"## Studies the model cannot predict ({len(report['unpredicted'])})", ""]
    lines += [f"- {u['study']}: {u['reason']}" for u in report["unpredicted"]] or ["None."]
    return "\n".join(lines) + "\n"


def _as_ratio(values: dict[str, float]) -> AucRatio:
    return AucRatio(values["value"], values["low"], values["high"])
