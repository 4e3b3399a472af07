"""Which pairs on a list can interact, and what each pair's interactions are (computed once per pair).

A pair's interactions depend on the two drugs and the knowledge only, never on the rest of the
list, so they are computed once per knowledge and pair and then reused: a ward re-checked every
few minutes, or warfarin with aspirin on a thousand lists, costs a dictionary lookup after the
first time. The cache is bounded (the oldest pairs are dropped first) and keyed by the knowledge
object, so a reload never serves stale answers.
"""

from __future__ import annotations

import itertools
import logging
from collections import defaultdict
from collections.abc import Iterator
from collections.abc import Set as AbstractSet
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
log = logging.getLogger(__name__)
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


SEVERE = "moderate"
"""Partners at this severity or worse are indexed per drug: the findings alternatives act on."""
SEVERE_RANK = severity_rank(SEVERE)

Ranked = tuple[int, str, Interaction]
"""An interaction with its severity rank and the string answers are sorted by, computed once with it."""


def rank(interactions: tuple[Interaction, ...]) -> tuple[Ranked, ...]:
    """Return each interaction with its severity rank and sort key: most severe first, then drugs, then kind.

    The key is one string, because comparing strings is several times faster than comparing nested
    tuples, and a 100-drug list sorts over a thousand findings. NUL separators keep the order of the
    tuple (severity, first drug, second drug, kind): a drug id sorts before every id it is a prefix of.
    """
    ranked = []
    for interaction in interactions:
        severity = severity_rank(interaction["severity"])
        first, second = interaction["drugs"]
        ranked.append((severity, f"{severity}\0{first}\0{second}\0{interaction['kind']}", interaction))
    return tuple(ranked)


@dataclass(frozen=True)
class _Indexed:
    """One knowledge's pairs, indexed ahead of requests.

    `neighbours` holds each drug's possible partners (the candidate pairs of the whole base), so a
    check intersects sets instead of walking roles, and `severe` those it has a finding at `SEVERE`
    or worse with, so a same-class alternative is ruled in or out by one intersection. With
    `complete`, `pairs` holds every interacting pair and nothing else is ever computed; otherwise
    `pairs` fills as pairs are first used.
    """

    kb: Knowledge
    neighbours: dict[str, frozenset[str]]
    severe: dict[str, frozenset[str]]
    """Each drug's partners with a finding at `SEVERE` or worse."""
    pairs: dict[tuple[str, str], tuple[Ranked, ...]]
    complete: bool


class PairCache:
    """A bounded, thread-safe memo of `compute_pair`, per knowledge object.

    Reads never take a lock: a pair is looked up in a plain dict (atomic under the GIL), and only
    storing a newly computed pair locks. When a table is over its bound the oldest pairs go first
    (insertion order): a hot pair that is dropped costs one recomputation. A knowledge indexed by
    `precompute` has its own table, keyed by the pair alone, and each drug's possible partners; pairs
    computed there ahead of requests are never evicted. The answers handed out are shared between
    requests and must be treated as read-only.
    """

    max_knowledge = 4
    """Knowledge objects whose index is kept (a reload makes a new one; the oldest goes)."""

    def __init__(self, max_pairs: int = 20_000, max_indexed: int = 250_000):
        self.max_pairs = max_pairs
        """Pairs kept per table (about 3.5 KB each with their JSON: 20 000 take some 70 MB a worker); every
        pair is computed and kept ahead when the base has no more candidates than this."""
        self.max_indexed = max_indexed
        """Candidate pairs up to which every pair is computed at start-up to index each drug's partners
        (some 40 us a pair: the bundled knowledge's 100 000 take about 4 s)."""
        self._entries: dict[tuple[int, str, str], tuple[Knowledge, tuple[Ranked, ...]]] = {}
        self._indexed: dict[int, _Indexed] = {}
        self._lock = Lock()
        self.hits = self.misses = 0

    def _index_of(self, kb: Knowledge) -> _Indexed | None:
        indexed = self._indexed.get(id(kb))
        return indexed if indexed is not None and indexed.kb is kb else None

    def ranked(self, kb: Knowledge, first: str, second: str) -> tuple[Ranked, ...]:
        """Return the pair's interactions with their sort keys, computing them on first use."""
        indexed = self._index_of(kb)
        if indexed is not None:
            return self._indexed_pair(indexed, (first, second))
        key = (id(kb), first, second)
        entry = self._entries.get(key)
        if entry is not None and entry[0] is kb:
            self.hits += 1
            return entry[1]
        return self._store(self._entries, key, (kb, rank(compute_pair(kb, first, second))))[1]

    def _indexed_pair(self, indexed: _Indexed, key: tuple[str, str]) -> tuple[Ranked, ...]:
        """Return a pair of an indexed knowledge, computing and keeping it on first use unless all were kept ahead."""
        found = indexed.pairs.get(key)
        if found is not None:
            self.hits += 1
            return found
        if indexed.complete:  # every interacting pair was kept: this one has no interaction
            return ()
        return self._store(indexed.pairs, key, rank(compute_pair(indexed.kb, *key)))

    def _store(self, table: dict, key: tuple, value):
        with self._lock:
            self.misses += 1
            table[key] = value
            while len(table) > self.max_pairs:
                del table[next(iter(table))]
        return value

    def among(self, kb: Knowledge, drugs: list[str], on_list: RolesOnList | None = None) -> list[Ranked]:
        """Return the interactions among `drugs`, unsorted, each with its sort key."""
        indexed = self._index_of(kb)
        if indexed is None:
            return [found for pair in candidate_pairs(kb, drugs, on_list) for found in self.ranked(kb, *pair)]
        present, neighbours, kept, found = set(drugs), indexed.neighbours, indexed.pairs.get, []
        for drug in present:
            for other in neighbours.get(drug, _NONE) & present:
                if drug < other:  # the hot path: a kept pair is one dict read, without a call
                    ranked = kept((drug, other))
                    found.extend(ranked if ranked is not None else self._indexed_pair(indexed, (drug, other)))
        self.hits += len(found)
        return found

    def partners_on(self, kb: Knowledge, drug: str, present: AbstractSet[str]) -> AbstractSet[str] | None:
        """Return the drugs of `present` that `drug` may interact with, or None when no index is kept."""
        indexed = self._index_of(kb)
        return None if indexed is None else indexed.neighbours.get(drug, _NONE) & present

    def any_severe(self, kb: Knowledge, drug: str, present: AbstractSet[str]) -> bool | None:
        """Return whether `drug` has a finding at `SEVERE` or worse with any of `present` (None: no index).

        Stops at the first such partner: ruling a drug out costs less than listing its partners.
        """
        indexed = self._index_of(kb)
        return None if indexed is None else not indexed.severe.get(drug, _NONE).isdisjoint(present)

    def with_each(self, kb: Knowledge, drug: str, others: AbstractSet[str]) -> Iterator[Ranked]:
        """Yield the interactions of `drug` with each of `others`, unsorted, each with its sort key.

        Lazily, pair by pair: a caller looking for one severe finding stops at the first.
        """
        indexed = self._index_of(kb)
        if indexed is None:
            for other in others:
                if other != drug:
                    yield from self.ranked(kb, *pair_key(drug, other))
            return
        for other in indexed.neighbours.get(drug, _NONE) & others:
            yield from self._indexed_pair(indexed, pair_key(drug, other))

    def precompute(self, kb: Knowledge, pairs: list[tuple[str, str]], *, keep: bool = True) -> None:
        """Compute `pairs` (sorted ids; every pair of `kb` that can interact) and index them; with `keep`,
        keep every pair's interactions too, so that nothing is ever computed again."""
        table: dict[tuple[str, str], tuple[Ranked, ...]] = {}
        neighbours: dict[str, set[str]] = defaultdict(set)
        severe: dict[str, set[str]] = defaultdict(set)
        for first, second in pairs:
            found = rank(compute_pair(kb, first, second))
            self.misses += 1
            if not found:
                continue
            if keep:
                table[(first, second)] = found
            neighbours[first].add(second)
            neighbours[second].add(first)
            if min(severity for severity, _, _ in found) <= SEVERE_RANK:
                severe[first].add(second)
                severe[second].add(first)
        indexed = _Indexed(kb, _frozen(neighbours), _frozen(severe), table, complete=keep)
        with self._lock:
            while len(self._indexed) >= self.max_knowledge:
                del self._indexed[next(iter(self._indexed))]
            self._indexed[id(kb)] = indexed

    def forget(self, kb: Knowledge) -> None:
        """Drop everything kept for `kb` (a reload replaced it), so its memory can go."""
        with self._lock:
            self._indexed.pop(id(kb), None)
            for key in [key for key, (owner, _) in self._entries.items() if owner is kb]:
                del self._entries[key]

    def clear(self, *, answers_only: bool = False) -> None:
        """Drop every kept pair; with `answers_only`, keep each knowledge's index and what was computed ahead."""
        with self._lock:
            self._entries.clear()
            if not answers_only:
                self._indexed.clear()
                self.hits = self.misses = 0
            for indexed in self._indexed.values():
                if not indexed.complete:
                    indexed.pairs.clear()

    def is_indexed(self, kb: Knowledge) -> bool:
        """Return whether `kb`'s pairs were indexed ahead of requests."""
        return self._index_of(kb) is not None


_NONE: frozenset[str] = frozenset()


def _frozen(partners: dict[str, set[str]]) -> dict[str, frozenset[str]]:
    return {drug: frozenset(found) for drug, found in partners.items()}


PAIRS = PairCache()
"""The process-wide cache used by `find_interactions`."""


def precompute_pairs(kb: Knowledge, cache: PairCache = PAIRS) -> int:
    """Compute every pair of the knowledge that can interact, ahead of any request; return how many are kept.

    Done at start-up, before gunicorn forks, so every worker shares the result. A base with no more
    candidate pairs than the cache's bound keeps them all, and a check is then a matter of lookups.
    Beyond it (the bundled knowledge has about 100 000: some 300 MB of answers) only the index is
    kept, each drug's interacting and severe partners, and each pair is computed again on first use.
    Beyond `max_indexed` nothing is done ahead (listing the pairs alone could take minutes): pairs are
    then found per check.
    """
    if candidate_bound(kb) > cache.max_indexed:
        log.info("more than %d candidate pairs: none computed ahead; pairs are found per check", cache.max_indexed)
        return 0
    pairs = sorted(candidate_pairs(kb, list(kb.records.drugs)))
    keep = len(pairs) <= cache.max_pairs
    cache.precompute(kb, pairs, keep=keep)
    if not keep:
        log.info("%d candidate pairs indexed; each answer is computed again on first use", len(pairs))
    return len(pairs) if keep else 0


def candidate_bound(kb: Knowledge) -> int:
    """Return an upper bound of the knowledge's candidate pairs, counted without listing them."""
    acting = roles_on_list(kb, list(kb.records.drugs))
    bound = sum(
        len(drugs) * len(acting.get((enzyme, "substrate"), ()))
        for (enzyme, role), drugs in acting.items()
        if role != "substrate"
    )
    carriers: dict[str, int] = defaultdict(int)
    for effects in kb.indices.effects.values():
        for effect in effects:
            carriers[effect] += 1
    bound += sum(n * (n - 1) // 2 for n in carriers.values())
    bound += sum(carriers.get(a, 0) * carriers.get(b, 0) for a, b in kb.indices.effect_pairings)
    return bound + sum(len(partners) for partners in kb.indices.partners.values())
