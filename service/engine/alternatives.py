"""Same-class drugs that avoid a finding with the rest of the list: suggestions to consider, never substitutions.

A candidate shares the replaced drug's ATC level 4 (the chemical subgroup, such as C10AA statins or
J01FA macrolides): the closest standard notion of "does the same job" that every drug record
carries. Each candidate is checked against every other drug on the list, not only the partner, and
is proposed only if it brings no moderate-or-worse finding. A candidate whose enzyme profile is not
assessed is never shown as clean: it is ranked last and says that its lack of findings means nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Set as AbstractSet
from typing import Any
from weakref import WeakKeyDictionary

from service.engine.pairs import PAIRS, SEVERE
from service.kb.knowledge import Knowledge
from service.kb.vocabulary import SEVERITIES, severity_rank

CAVEAT = (
    "Alternatives are suggestions to consider, not substitutions: the indication, dose and the "
    "patient's other conditions must be checked by the prescriber."
)
MAX_PER_SIDE = 4
"""Candidates offered for each drug of a finding."""

ACT_ON = SEVERE
"""Findings at this severity or worse get alternatives, and candidates must bring none."""

ACT_ON_RANK = severity_rank(ACT_ON)

_CLASSES: WeakKeyDictionary[Knowledge, tuple[dict[str, list[str]], dict[str, list[str]]]] = WeakKeyDictionary()


def atc_level4(kb: Knowledge, drug: str) -> list[str]:
    """Return the drug's current ATC level-4 codes (the first five characters), each once."""
    return _classes(kb)[0].get(drug, [])


def members_by_atc(kb: Knowledge) -> dict[str, list[str]]:
    """Return, per ATC level-4 code, the drugs carrying it (sorted)."""
    return _classes(kb)[1]


def _classes(kb: Knowledge) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Return each drug's level-4 codes and each code's members, built once per knowledge."""
    tables = _CLASSES.get(kb)
    if tables is None:
        codes_of: dict[str, list[str]] = {}
        members: dict[str, list[str]] = defaultdict(list)
        for drug in sorted(kb.records.drugs):
            atc = kb.records.drugs[drug].get("atc", ())
            current = (a["code"] for a in atc if a.get("status", "current") == "current")
            codes_of[drug] = list(dict.fromkeys(code[:5] for code in current if len(code) >= 5))
            for code in codes_of[drug]:
                members[code].append(drug)
        tables = _CLASSES[kb] = (codes_of, dict(members))
    return tables


class ListRoutes:
    """Which drugs on a list a candidate may interact with.

    The pair cache's index of possible partners answers when it is kept; otherwise who on the list
    carries each enzyme role and each effect is gathered once, on first need.
    """

    def __init__(self, kb: Knowledge, drugs: list[str]):
        self.kb, self.present = kb, set(drugs)
        self._roles: dict[tuple[str, str], set[str]] | None = None
        self._effects: dict[str, set[str]] = defaultdict(set)

    def partners(self, drug: str) -> AbstractSet[str]:
        """Return the drugs on the list that share a route, an effect or a record with `drug` (a superset of
        those it interacts with, as `candidate_pairs` finds them)."""
        indexed = PAIRS.partners_on(self.kb, drug, self.present)
        if indexed is not None:
            return indexed - {drug}
        kb, found, roles, effects = self.kb, set(), self._list_roles(), self._effects
        for enzyme, role in kb.indices.roles.get(drug, {}):
            if role == "substrate":
                found |= roles.get((enzyme, "inhibitor"), set()) | roles.get((enzyme, "inducer"), set())
            else:
                found |= roles.get((enzyme, "substrate"), set())
        pairings = effect_partners(kb)
        for effect in kb.indices.effects.get(drug, {}):
            for partner_effect in (effect, *pairings.get(effect, ())):
                found |= effects.get(partner_effect, set())
        found |= kb.indices.partners.get(drug, set()) & self.present
        found.discard(drug)
        return found

    def _list_roles(self) -> dict[tuple[str, str], set[str]]:
        if self._roles is None:
            self._roles = defaultdict(set)
            for drug in self.present:
                for key in self.kb.indices.roles.get(drug, {}):
                    self._roles[key].add(drug)
                for effect in self.kb.indices.effects.get(drug, {}):
                    self._effects[effect].add(drug)
        return self._roles


_PAIRINGS: WeakKeyDictionary[Knowledge, dict[str, set[str]]] = WeakKeyDictionary()


def effect_partners(kb: Knowledge) -> dict[str, set[str]]:
    """Return, per effect, the other effects it acts with (both ways), built once per knowledge."""
    table = _PAIRINGS.get(kb)
    if table is None:
        table = defaultdict(set)
        for effect, partner in kb.indices.effect_pairings:
            table[effect].add(partner)
            table[partner].add(effect)
        _PAIRINGS[kb] = table = dict(table)
    return table


def find_alternatives(kb: Knowledge, drugs: list[str], interactions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return, per moderate-or-worse finding, same-class candidates for each of its drugs, best first."""
    routes: ListRoutes | None = None  # built only when some finding needs alternatives
    by_replaced: dict[str, list[dict[str, Any]]] = {}  # a drug's options depend on the list, not the finding
    severe = [f for f in interactions if severity_rank(f["severity"]) <= ACT_ON_RANK]
    rivals: dict[str, set[str]] = defaultdict(set)  # a candidate most likely fails with its drug's own partners
    if severe and not PAIRS.is_indexed(kb):  # with the index, one set test decides instead
        for finding in severe:
            first, second = finding["drugs"]
            rivals[first].add(second)
            rivals[second].add(first)
    entries = []
    for finding in severe:
        options = []
        for replaced in finding["drugs"]:
            if replaced not in by_replaced:
                routes = routes or ListRoutes(kb, drugs)
                by_replaced[replaced] = _options(kb, replaced, routes, rivals[replaced])
            options += by_replaced[replaced]
        if options:
            entries.append({"finding": finding["id"], "severity": finding["severity"], "options": options})
    return entries


def _options(kb: Knowledge, replaced: str, routes: ListRoutes, rivals: set[str]) -> list[dict[str, Any]]:
    table, present = members_by_atc(kb), routes.present
    rest = present - {replaced}
    found: dict[str, dict[str, Any]] = {}
    for code in atc_level4(kb, replaced):
        for candidate in table.get(code, ()):
            if candidate in present or candidate in found:
                continue
            option = _assess(kb, candidate, replaced, routes, rest, rivals, code)
            if option is not None:
                found[candidate] = option
    found = list(found.values())
    found.sort(key=_rank)
    return found[:MAX_PER_SIDE]


def _assess(
    kb: Knowledge, candidate: str, replaced: str, routes: ListRoutes, rest: set[str], rivals: set[str], code: str
) -> dict[str, Any] | None:
    """Return the option, or None when the candidate brings a moderate-or-worse finding with `rest` of the list.

    With the pair index, one look at the candidate's severe partners decides. Without it, the
    replaced drug's own severe partners are checked first: a same-class drug often shares the
    mechanism, and one severe finding is enough to rule it out.
    """
    ruled_out = PAIRS.any_severe(kb, candidate, rest)
    if ruled_out:
        return None
    others = routes.partners(candidate) & rest
    first = others & rivals if ruled_out is None else others
    findings = []
    for group in (first, others - first):
        for rank, _, finding in PAIRS.with_each(kb, candidate, group):
            if rank <= ACT_ON_RANK:
                return None
            findings.append(finding)
    findings.sort(key=lambda f: (severity_rank(f["severity"]), f["id"]))
    profile = kb.records.drugs[candidate]["enzyme_profile"]
    option = {
        "replaces": replaced,
        "drug": candidate,
        "name": kb.drug_name(candidate),
        "atc_class": code,
        "enzyme_profile": profile,
        "findings": [{"id": f["id"], "severity": f["severity"]} for f in findings],
    }
    if profile == "not-assessed":
        option["note"] = (
            f"{option['name']}'s enzyme profile is not assessed: no finding with it does not mean it is safe."
        )
    return option


def _rank(option: dict[str, Any]) -> tuple:
    """Fewest and least severe findings first, then assessed profiles before not-assessed ones, then by id."""
    worst = min((severity_rank(f["severity"]) for f in option["findings"]), default=len(SEVERITIES))
    return (-worst, len(option["findings"]), option["enzyme_profile"] != "assessed", option["drug"])


def alternatives_section(kb: Knowledge, drugs: list[str], interactions: list[dict[str, Any]]) -> dict[str, Any]:
    """Return the check answer's `alternatives` section: the caveat and the options per finding."""
    return {"caveat": CAVEAT, "findings": find_alternatives(kb, drugs, interactions)}
