"""Build the knowledge graph: drugs, enzymes, classes, effects and conditions as nodes, facts as edges.

Every edge is added through `add_fact`, which requires its references: provenance cannot be
forgotten. Node keys are prefixed by kind (`drug:imatinib`, `enzyme:cyp3a4`) so ids of different
kinds never collide.
"""

from __future__ import annotations

import itertools

import networkx as nx

from service.kb.infusion import VEHICLES
from service.kb.records import KnowledgeRecords

# Edge relations.
SUBSTRATE_OF = "substrate_of"
INHIBITS = "inhibits"
INDUCES = "induces"
MEMBER_OF = "member_of"
CAUSES = "causes"
INTERACTS = "interacts"
INCOMPATIBLE = "incompatible"
COMPATIBLE = "compatible"
CONDITIONAL = "conditional"
CAUTION = "caution"
CLEARED_BY = "cleared_by"  # victim -> pathway, with its contribution ratio (CR)
PK_INHIBITS = "pk_inhibits"  # perpetrator -> pathway, with its inhibition ratio (IR)
PK_INDUCES = "pk_induces"  # perpetrator -> pathway, with its induction ratio (IC)
STUDIED_WITH = "studied_with"  # perpetrator -> victim, one edge per clinical study

IV_RELATIONS = {"compatible": COMPATIBLE, "incompatible": INCOMPATIBLE, "conditional": CONDITIONAL}
"""An IV observation's result and the edge relation that carries it (drug - drug, or drug -> diluent/container)."""

ROLE_RELATIONS = {"substrate": SUBSTRATE_OF, "inhibitor": INHIBITS, "inducer": INDUCES}
"""A role in the knowledge files and the edge relation that carries it."""

# Node kinds.
DRUG, ENZYME, CLASS, EFFECT, CONDITION, VEHICLE = "drug", "enzyme", "class", "effect", "condition", "vehicle"


def node(kind: str, record_id: str) -> str:
    """Return the graph key of a record.

    >>> node("enzyme", "cyp3a4")
    'enzyme:cyp3a4'
    """
    return f"{kind}:{record_id}"


def add_fact(
    G: nx.MultiDiGraph, source: str, target: str, relation: str, *, refs: list[str], key: str | None = None, **attrs
) -> None:
    """Add one referenced fact as an edge; a fact without references is refused.

    The key defaults to the relation: one fact of a kind per pair of nodes (giving it spares
    NetworkX searching for a free key, which dominates building a large graph).
    """
    if not refs:
        raise ValueError(f"{relation} edge {source} -> {target} has no reference")
    G.add_edge(source, target, key=relation if key is None else key, relation=relation, refs=list(refs), **attrs)


def build_graph(records: KnowledgeRecords) -> nx.MultiDiGraph:
    """Return the graph of all validated records."""
    G = nx.MultiDiGraph(version=records.version)
    for kind, table in (
        (ENZYME, records.enzymes),
        (CLASS, records.classes),
        (EFFECT, records.effects),
        (CONDITION, records.conditions),
    ):
        for record_id, record in table.items():
            G.add_node(node(kind, record_id), kind=kind, id=record_id, name=record["name"], record=record)
    for drug_id, drug in records.drugs.items():
        G.add_node(node(DRUG, drug_id), kind=DRUG, id=drug_id, name=drug["name"], record=drug)
    for vehicle in VEHICLES.values():
        G.add_node(node(VEHICLE, vehicle.id), kind=VEHICLE, id=vehicle.id, name=vehicle.name, record=vehicle)
    for class_id, klass in records.classes.items():
        _add_roles_and_effects(G, node(CLASS, class_id), klass)
    for drug_id, drug in records.drugs.items():
        here = node(DRUG, drug_id)
        _add_roles_and_effects(G, here, drug)
        for class_id in drug["classes"]:
            add_fact(G, here, node(CLASS, class_id), MEMBER_OF, refs=drug["refs"])
        for precaution in drug["precautions"]:
            add_fact(
                G,
                here,
                node(CONDITION, precaution["condition"]),
                CAUTION,
                refs=precaution["refs"],
                severity=precaution["severity"],
                advice=precaution["advice"],
            )
    for record_id, record in records.interactions.items():
        _add_interaction(G, records, record_id, record)
    for record_id, record in records.compatibility.items():
        _add_observation(G, record_id, record)
    _add_pk(G, records)
    return G


def _add_pk(G: nx.MultiDiGraph, records: KnowledgeRecords) -> None:
    """Add the quantitative facts: CR, IR and IC as edges to pathways (the first listed per pair wins), studies."""
    pk = records.pk
    for record in [*pk.get("index-substrates", []), *pk.get("contribution-ratios", [])]:
        source, target = node(DRUG, record["drug"]), node(ENZYME, record["enzyme"])
        if not G.has_edge(source, target, key=CLEARED_BY):
            add_fact(G, source, target, CLEARED_BY, refs=record["refs"], value=record["cr"], record=record)
    for record in pk.get("perpetrator-ratios", []):
        relation = PK_INHIBITS if record["effect"] == "inhibition" else PK_INDUCES
        value = record["ir"] if relation == PK_INHIBITS else record["ic"]
        source, target = node(DRUG, record["drug"]), node(ENZYME, record["enzyme"])
        if not G.has_edge(source, target, key=relation):
            add_fact(G, source, target, relation, refs=record["refs"], value=value, record=record)
    for study in pk.get("studies", []):
        source, target = node(DRUG, study["perpetrator"]), node(DRUG, study["victim"])
        add_fact(G, source, target, STUDIED_WITH, refs=study["refs"], key=study["id"], record=study)


def _add_roles_and_effects(G: nx.MultiDiGraph, here: str, record: dict) -> None:
    for role in record["enzymes"]:
        attrs = {k: role[k] for k in ("strength", "fm", "auc_ratio", "activates", "label", "note") if k in role}
        add_fact(G, here, node(ENZYME, role["enzyme"]), ROLE_RELATIONS[role["role"]], refs=role["refs"], **attrs)
    for effect in record["effects"]:
        attrs = {"label": effect["label"]} if "label" in effect else {}
        add_fact(G, here, node(EFFECT, effect["effect"]), CAUSES, refs=effect["refs"], level=effect["level"], **attrs)


def _add_observation(G: nx.MultiDiGraph, record_id: str, record: dict) -> None:
    """Add an IV observation: drug - drug for a mixture, drug -> each diluent or container it was tested in."""
    relation = IV_RELATIONS[record["result"]]
    if len(record["drugs"]) == 2:
        first, second = (node(DRUG, d) for d in record["drugs"])
        add_fact(G, first, second, relation, refs=record["refs"], key=record_id, record=record)
        return
    subjects = record["diluents"] if record["type"] == "diluent" else record["containers"]
    for vehicle in subjects:
        add_fact(
            G,
            node(DRUG, record["drugs"][0]),
            node(VEHICLE, vehicle),
            relation,
            refs=record["refs"],
            key=record_id,
            record=record,
        )


def _side_nodes(records: KnowledgeRecords, side: list[str]) -> list[str]:
    return [node(DRUG if member in records.drugs else CLASS, member) for member in side]


def _add_interaction(G: nx.MultiDiGraph, records: KnowledgeRecords, record_id: str, record: dict) -> None:
    if "between" in record:
        sides, directional = record["between"], False
    else:
        sides, directional = [record["perpetrator"], record["victim"]], True
    first, second = (_side_nodes(records, side) for side in sides)
    for a, b in itertools.product(first, second):
        add_fact(G, a, b, INTERACTS, refs=record["refs"], key=record_id, record=record, directional=directional)
