"""Lookup tables derived once from the graph, so that a check never walks or scans the graph.

- `roles[drug][(enzyme, role)]`: the drug's effective roles (class roles, overridden by its own)
- `effects[drug][effect]`: the drug's effective pharmacodynamic effects
- `curated[(a, b)]`: curated interactions between two drugs, classes expanded to members
- `compatibility[(a, b)]`: IV observations for a pair of drugs
- `vehicles[drug][vehicle]`: IV observations of a drug in a diluent or container
- `precautions[drug]`: drug-condition precautions
- `pk`: contribution, inhibition and induction ratios and clinical studies (`PkIndex`)
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import networkx as nx

from service.kb.graph import (
    CAUSES,
    CAUTION,
    CLASS,
    CLEARED_BY,
    DRUG,
    EFFECT,
    INDUCES,
    INHIBITS,
    INTERACTS,
    IV_RELATIONS,
    MEMBER_OF,
    PK_INDUCES,
    PK_INHIBITS,
    STUDIED_WITH,
    SUBSTRATE_OF,
    VEHICLE,
)
from service.kb.pk_index import PkIndex, Ratio

ROLE_OF_RELATION = {SUBSTRATE_OF: "substrate", INHIBITS: "inhibitor", INDUCES: "inducer"}
_IV_RELATIONS = frozenset(IV_RELATIONS.values())
_PK_RELATIONS = frozenset((CLEARED_BY, PK_INHIBITS, PK_INDUCES, STUDIED_WITH))


class RoleFact(NamedTuple):
    """One effective enzyme role of a drug, with where it came from."""

    enzyme: str
    role: str
    strength: str
    refs: tuple[str, ...]
    source: str  # "drug" or "class:<id>"
    fm: float | None = None
    auc_ratio: float | None = None
    activates: bool = False
    note: str | None = None
    label: dict[str, Any] | None = None
    """How the drug's label grades a class of partners on this route (`LabelRuleSchema`)."""


class EffectFact(NamedTuple):
    effect: str
    level: str
    refs: tuple[str, ...]
    source: str
    label: dict[str, Any] | None = None
    """How the drug's label grades partners that share (or pair with) this effect."""


@dataclass(frozen=True)
class CuratedFact:
    """A curated interaction as it applies to one concrete pair of drugs."""

    record: dict[str, Any]
    perpetrator: str | None  # None for a symmetric ("between") interaction
    victim: str | None
    specificity: int = 2
    """How many of the two sides name the drug itself rather than its class."""


@dataclass
class Indices:
    roles: dict[str, dict[tuple[str, str], RoleFact]] = field(default_factory=dict)
    effects: dict[str, dict[str, EffectFact]] = field(default_factory=dict)
    curated: dict[tuple[str, str], list[CuratedFact]] = field(default_factory=lambda: defaultdict(list))
    compatibility: dict[tuple[str, str], list[dict]] = field(default_factory=lambda: defaultdict(list))
    vehicles: dict[str, dict[str, list[dict]]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(list)))
    precautions: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))
    members: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    substrates: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    perpetrators: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    partners: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    """Drugs each drug has a curated interaction or an IV observation with."""
    effect_pairings: list[tuple[str, str]] = field(default_factory=list)
    """(effect, other effect) for every effect that acts with another (`pairs_with`)."""
    pk: PkIndex = field(default_factory=PkIndex)


def split_node(key: str) -> tuple[str, str]:
    """Return (kind, id) of a graph node key.

    >>> split_node("class:azole-antifungals")
    ('class', 'azole-antifungals')
    """
    kind, _, record_id = key.partition(":")
    return kind, record_id


def _edges(G: nx.MultiDiGraph):
    """Yield (source, target, data) straight from the adjacency dicts.

    `G._adj` is NetworkX's own storage; reading it directly skips the view objects, which cost
    more than the rest of building the indices of a large knowledge base.
    """
    for source, neighbours in G._adj.items():
        for target, keyed in neighbours.items():
            for data in keyed.values():
                yield source, target, data


def pair_key(a: str, b: str) -> tuple[str, str]:
    """Return an unordered pair as a sorted tuple.

    >>> pair_key("warfarin", "aspirin")
    ('aspirin', 'warfarin')
    """
    return (a, b) if a <= b else (b, a)


def build_indices(G: nx.MultiDiGraph) -> Indices:
    """Return every lookup table the engine needs, derived from the graph in one pass per kind."""
    idx = Indices()
    class_roles: dict[str, dict[tuple[str, str], RoleFact]] = defaultdict(dict)
    class_effects: dict[str, dict[str, EffectFact]] = defaultdict(dict)
    own_roles: dict[str, dict[tuple[str, str], RoleFact]] = defaultdict(dict)
    own_effects: dict[str, dict[str, EffectFact]] = defaultdict(dict)
    drug_classes: dict[str, list[str]] = defaultdict(list)

    for source, target, data in _edges(G):
        kind, owner = split_node(source)
        relation = data["relation"]
        if relation in ROLE_OF_RELATION:
            enzyme = split_node(target)[1]
            role = ROLE_OF_RELATION[relation]
            fact = RoleFact(
                enzyme,
                role,
                data["strength"],
                tuple(data["refs"]),
                "drug" if kind == DRUG else f"class:{owner}",
                data.get("fm"),
                data.get("auc_ratio"),
                data.get("activates", False),
                data.get("note"),
                data.get("label"),
            )
            (own_roles if kind == DRUG else class_roles)[owner][(enzyme, role)] = fact
        elif relation == CAUSES:
            effect = split_node(target)[1]
            fact = EffectFact(
                effect,
                data["level"],
                tuple(data["refs"]),
                "drug" if kind == DRUG else f"class:{owner}",
                data.get("label"),
            )
            (own_effects if kind == DRUG else class_effects)[owner][effect] = fact
        elif relation == MEMBER_OF:
            drug_classes[owner].append(split_node(target)[1])
            idx.members[split_node(target)[1]].append(owner)
        elif relation == CAUTION:
            idx.precautions[owner].append(
                {
                    "condition": split_node(target)[1],
                    "severity": data["severity"],
                    "advice": data["advice"],
                    "refs": data["refs"],
                }
            )
        elif relation in _PK_RELATIONS:
            _index_pk(idx.pk, owner, split_node(target)[1], relation, data)
        elif relation in _IV_RELATIONS:
            target_kind, target_id = split_node(target)
            if target_kind == VEHICLE:
                idx.vehicles[owner][target_id].append(data["record"])
            else:
                idx.compatibility[pair_key(owner, target_id)].append(data["record"])

    drugs = [data["id"] for _, data in G.nodes(data=True) if data["kind"] == DRUG]
    for drug in drugs:
        roles: dict[tuple[str, str], RoleFact] = {}
        effects: dict[str, EffectFact] = {}
        for class_id in sorted(drug_classes.get(drug, [])):
            for key, fact in class_roles.get(class_id, {}).items():
                roles.setdefault(key, fact)
            for key, fact in class_effects.get(class_id, {}).items():
                effects.setdefault(key, fact)
        roles.update(own_roles.get(drug, {}))  # a drug's own record wins over its classes
        effects.update(own_effects.get(drug, {}))
        idx.roles[drug] = {key: fact for key, fact in roles.items() if fact.strength != "none"}
        idx.effects[drug] = effects
        for enzyme, role in idx.roles[drug]:
            (idx.substrates if role == "substrate" else idx.perpetrators)[enzyme].append(drug)

    for _, data in G.nodes(data=True):
        if data["kind"] == EFFECT:
            idx.effect_pairings += [(data["id"], pairing["effect"]) for pairing in data["record"]["pairs_with"]]
    _index_curated(G, idx)
    for first, second in [*idx.curated, *idx.compatibility]:
        idx.partners[first].add(second)
        idx.partners[second].add(first)
    return idx


def _index_pk(pk: PkIndex, owner: str, target: str, relation: str, data: dict) -> None:
    record = data["record"]
    if relation == STUDIED_WITH:
        pk.studies[(owner, target)].append(record)
        return
    ratio = Ratio(
        data["value"],
        record.get("low", data["value"]),
        record.get("high", data["value"]),
        tuple(data["refs"]),
        tuple(record.get("fitted_from", ())),
    )
    if relation == CLEARED_BY:
        pk.contribution[owner][target] = ratio
    else:
        (pk.inhibition if relation == PK_INHIBITS else pk.induction)[owner][target] = ratio


def _expand(G: nx.MultiDiGraph, idx: Indices, graph_node: str) -> list[str]:
    data = G.nodes[graph_node]
    return list(idx.members.get(data["id"], [])) if data["kind"] == CLASS else [data["id"]]


def _member_agrees(idx: Indices, drug: str, record: dict, as_perpetrator: bool) -> bool:
    """A class member counts for an enzyme-mediated interaction only if its own role agrees."""
    mechanism = record["mechanism"]
    enzyme = mechanism.get("enzyme")
    if enzyme is None:
        return True
    role = "substrate"
    if as_perpetrator:
        role = "inducer" if mechanism["type"].endswith("induction") else "inhibitor"
    return (enzyme, role) in idx.roles.get(drug, {})


def _index_curated(G: nx.MultiDiGraph, idx: Indices) -> None:
    seen: set[tuple[str, str, str]] = set()
    for source, target, data in G.edges(data=True):
        if data["relation"] != INTERACTS:
            continue
        record = data["record"]
        from_class = G.nodes[source]["kind"] == CLASS
        to_class = G.nodes[target]["kind"] == CLASS
        for first in _expand(G, idx, source):
            if from_class and data["directional"] and not _member_agrees(idx, first, record, True):
                continue
            for second in _expand(G, idx, target):
                if first == second:
                    continue
                if to_class and data["directional"] and not _member_agrees(idx, second, record, False):
                    continue
                marker = (record["id"], *pair_key(first, second))
                if marker in seen:
                    continue
                seen.add(marker)
                perpetrator, victim = (first, second) if data["directional"] else (None, None)
                specificity = 2 - from_class - to_class
                idx.curated[pair_key(first, second)].append(CuratedFact(record, perpetrator, victim, specificity))
