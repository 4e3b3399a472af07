"""Which pairs on a list can interact, and what each pair's interactions are (computed once per pair).

A pair's interactions depend on the two drugs and the knowledge only, never on the rest of the
list, so they are computed once per knowledge and pair and then reused: a ward re-checked every
few minutes, or warfarin with aspirin on a thousand lists, costs a dictionary lookup after the
first time. The cache is bounded (least recently used pairs are dropped) and keyed by the
knowledge object, so a reload never serves stale answers.
"""

from __future__ import annotations

import itertools
from collections import OrderedDict, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from threading import Lock

from service.engine.findings import Finding
from service.engine.labels import keep_label_floor
from service.engine.mechanisms import (
    Mechanism,
    compatibility_mechanisms,
    curated_mechanisms,
    effect_mechanisms,
    enzyme_mechanisms,
)
from service.engine.prediction import with_exposure
from service.engine.references import cited
from service.engine.severity import most_severe
from service.kb.indices import pair_key
from service.kb.knowledge import Knowledge
from service.kb.vocabulary import evidence_rank, severity_rank

KIND_OF_TYPE = {
    "enzyme-inhibition": "pharmacokinetic",
    "enzyme-induction": "pharmacokinetic",
    "transporter-inhibition": "pharmacokinetic",
    "transporter-induction": "pharmacokinetic",
    "absorption": "pharmacokinetic",
    "additive-effect": "pharmacodynamic",
    "other": "other",
}

Interaction = Finding
RolesOnList = dict[tuple[str, str], list[str]]
"""Per (enzyme, role), the drugs on a list that have it."""


def roles_on_list(kb: Knowledge, drugs: list[str]) -> RolesOnList:
    """Return, per (enzyme, role), the drugs on the list that have it, each once and sorted."""
    on_list: dict[tuple[str, str], list[str]] = defaultdict(list)
    for drug in sorted(set(drugs)):
        for key in kb.indices.roles.get(drug, {}):
            on_list[key].append(drug)
    return on_list


def candidate_pairs(kb: Knowledge, drugs: list[str], on_list: RolesOnList | None = None) -> set[tuple[str, str]]:
    """Return the pairs on the list that share a route, an effect, or a curated or IV record.

    `on_list` is `roles_on_list(kb, drugs)`, when the caller already has it.
    """
    on_list = roles_on_list(kb, drugs) if on_list is None else on_list
    pairs: set[tuple[str, str]] = set()
    for (enzyme, role), perpetrators in on_list.items():
        if role != "substrate":
            for victim in on_list.get((enzyme, "substrate"), ()):
                pairs.update(pair_key(p, victim) for p in perpetrators if p != victim)
    unique = list(dict.fromkeys(drugs))
    carriers: dict[str, list[str]] = defaultdict(list)
    for drug in unique:
        for effect in kb.indices.effects.get(drug, {}):
            carriers[effect].append(drug)
    for sharing in carriers.values():
        pairs.update(pair_key(a, b) for a, b in itertools.combinations(sharing, 2))
    for effect, partner_effect in kb.indices.effect_pairings:
        pairs.update(
            pair_key(a, b) for a in carriers.get(effect, ()) for b in carriers.get(partner_effect, ()) if a != b
        )
    present = set(unique)
    for drug in unique:
        pairs.update(pair_key(drug, other) for other in kb.indices.partners.get(drug, ()) if other in present)
    return pairs


def compute_pair(kb: Knowledge, first: str, second: str) -> tuple[Interaction, ...]:
    """Return the interactions of one pair (sorted ids), one per kind, curated findings superseding predictions."""
    predicted = [
        *enzyme_mechanisms(kb, first, second),
        *enzyme_mechanisms(kb, second, first),
        *effect_mechanisms(kb, first, second),
    ]
    twins = {_mechanism_key(m): m for m in predicted}
    curated = [
        with_exposure(kb, keep_label_floor(m, twins[key]) if (key := _mechanism_key(m)) in twins else m)
        for m in curated_mechanisms(kb, first, second)
    ]
    superseded = {_mechanism_key(m) for m in curated}
    mechanisms = [m for m in predicted if _mechanism_key(m) not in superseded]
    mechanisms += curated + compatibility_mechanisms(kb, first, second)
    grouped: dict[str, list[Mechanism]] = defaultdict(list)
    for mechanism in mechanisms:
        kind = "iv-incompatibility" if mechanism["source"] == "compatibility" else KIND_OF_TYPE[mechanism["type"]]
        grouped[kind].append(mechanism)
    return tuple(_interaction(kb, (first, second), kind, found) for kind, found in sorted(grouped.items()))


def _mechanism_key(mechanism: Mechanism) -> tuple:
    """What makes two mechanisms the same: who acts on whom, through what, which way."""
    if "perpetrator" in mechanism:
        return (
            "pk",
            mechanism["perpetrator"],
            mechanism["victim"],
            mechanism.get("enzyme_id"),
            mechanism.get("direction"),
        )
    return ("pd", *pair_key(*mechanism["drugs"]), mechanism.get("effect_id"))


def _interaction(kb: Knowledge, pair: tuple[str, str], kind: str, mechanisms: list[Mechanism]) -> Interaction:
    mechanisms.sort(
        key=lambda m: (
            severity_rank(m["severity"]),
            m["source"] != "curated",
            evidence_rank(m["evidence"]),
            m.get("enzyme", m.get("effect", "")),
            m.get("perpetrator", ""),
        )
    )
    lead = mechanisms[0]
    management = list(dict.fromkeys(m["management"] for m in mechanisms if m["severity"] == lead["severity"]))
    return Finding(
        {
            "id": f"{pair[0]}+{pair[1]}:{kind}",
            "drugs": list(pair),
            "severity": most_severe(m["severity"] for m in mechanisms),
            "kind": kind,
            "evidence": min((m["evidence"] for m in mechanisms), key=evidence_rank),
            "summary": lead["summary"],
            "management": " ".join(management),
            "mechanisms": mechanisms,
            "refs": cited(*(m["refs"] for m in mechanisms)),
        }
    )


Ranked = tuple[tuple[int, tuple[str, str], str], Interaction]
"""An interaction with its sort key: (severity rank, drugs, kind), computed once with the interaction."""


def rank(interactions: tuple[Interaction, ...]) -> tuple[Ranked, ...]:
    """Return each interaction with the key answers are sorted by, most severe first."""
    return tuple(((severity_rank(i["severity"]), tuple(i["drugs"]), i["kind"]), i) for i in interactions)


@dataclass(frozen=True)
class _Complete:
    """Every interacting pair of one knowledge, and each drug's interacting partners."""

    kb: Knowledge
    pairs: dict[tuple[str, str], tuple[Ranked, ...]]
    neighbours: dict[str, frozenset[str]]


class PairCache:
    """A bounded, thread-safe memo of `compute_pair`, per knowledge object.

    Pairs computed ahead by `precompute` sit in a read-only table with each drug's partners, so a
    check on that knowledge intersects sets and reads a dict, without a lock; any other pair goes
    through a least-recently-used table. The answers handed out are shared between requests and must
    be treated as read-only.
    """

    max_complete = 4
    """Knowledge objects whose pairs are kept in full (a reload makes a new one; the oldest goes)."""

    def __init__(self, max_pairs: int = 50_000):
        self.max_pairs = max_pairs
        self._entries: OrderedDict[tuple[int, str, str], tuple[Knowledge, tuple[Ranked, ...]]] = OrderedDict()
        self._complete: dict[int, _Complete] = {}
        self._lock = Lock()
        self.hits = self.misses = 0

    def ranked(self, kb: Knowledge, first: str, second: str) -> tuple[Ranked, ...]:
        """Return the pair's interactions with their sort keys, computing them on first use."""
        complete = self._complete.get(id(kb))
        if complete is not None and complete.kb is kb:
            self.hits += 1
            return complete.pairs.get((first, second), ())
        key = (id(kb), first, second)
        with self._lock:
            found = self._entries.get(key)
            if found is not None and found[0] is kb:
                self._entries.move_to_end(key)
                self.hits += 1
                return found[1]
        value = rank(compute_pair(kb, first, second))
        with self._lock:
            self.misses += 1
            self._entries[key] = (kb, value)
            if len(self._entries) > self.max_pairs:
                self._entries.popitem(last=False)
        return value

    def among(self, kb: Knowledge, drugs: list[str], on_list: RolesOnList | None = None) -> list[Ranked]:
        """Return the interactions among `drugs`, unsorted, each with its sort key."""
        complete = self._complete.get(id(kb))
        if complete is None or complete.kb is not kb:
            return [found for pair in candidate_pairs(kb, drugs, on_list) for found in self.ranked(kb, *pair)]
        present = set(drugs)
        neighbours, pairs = complete.neighbours, complete.pairs
        found: list[Ranked] = []
        for drug in present:
            for other in neighbours.get(drug, _NONE) & present:
                if drug < other:
                    found.extend(pairs[(drug, other)])
        self.hits += len(found)
        return found

    def with_each(self, kb: Knowledge, drug: str, others: set[str]) -> Iterator[Ranked]:
        """Yield the interactions of `drug` with each of `others`, unsorted, each with its sort key.

        Lazily, pair by pair: a caller looking for one severe finding stops at the first.
        """
        complete = self._complete.get(id(kb))
        if complete is not None and complete.kb is kb:
            for other in complete.neighbours.get(drug, _NONE) & others:
                yield from complete.pairs[pair_key(drug, other)]
            return
        for other in others:
            if other != drug:
                yield from self.ranked(kb, *pair_key(drug, other))

    def precompute(self, kb: Knowledge, pairs: list[tuple[str, str]]) -> None:
        """Compute `pairs` (sorted ids; every pair of `kb` that can interact) into the read-only table."""
        table: dict[tuple[str, str], tuple[Ranked, ...]] = {}
        neighbours: dict[str, set[str]] = defaultdict(set)
        for first, second in pairs:
            found = rank(compute_pair(kb, first, second))
            self.misses += 1
            if found:
                table[(first, second)] = found
                neighbours[first].add(second)
                neighbours[second].add(first)
        frozen = {drug: frozenset(partners) for drug, partners in neighbours.items()}
        with self._lock:
            while len(self._complete) >= self.max_complete:
                del self._complete[next(iter(self._complete))]
            self._complete[id(kb)] = _Complete(kb, table, frozen)

    def forget(self, kb: Knowledge) -> None:
        """Drop everything kept for `kb` (a reload replaced it), so its memory can go."""
        with self._lock:
            self._complete.pop(id(kb), None)
            for key in [key for key, (owner, _) in self._entries.items() if owner is kb]:
                del self._entries[key]

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._complete.clear()
            self.hits = self.misses = 0


_NONE: frozenset[str] = frozenset()

PAIRS = PairCache()
"""The process-wide cache used by `find_interactions`."""


def precompute_pairs(kb: Knowledge, cache: PairCache = PAIRS) -> int:
    """Compute every pair of the knowledge that can interact, ahead of any request; return how many.

    For a knowledge base of a few hundred drugs this takes a fraction of a second at start-up (before
    gunicorn forks, so every worker shares it) and makes each check a matter of lookups. A pair count
    beyond the cache's bound is not precomputed: the cache then fills as requests come.
    """
    pairs = sorted(candidate_pairs(kb, list(kb.records.drugs)))
    if len(pairs) > cache.max_pairs:
        return 0
    cache.precompute(kb, pairs)
    return len(pairs)
