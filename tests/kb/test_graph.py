"""The graph carries provenance on every edge; indices apply class roles and member overrides."""

from __future__ import annotations

import networkx as nx
import pytest

from service.kb.graph import INHIBITS, add_fact, node


def test_a_fact_without_references_is_refused():
    G = nx.MultiDiGraph()
    with pytest.raises(ValueError, match="has no reference"):
        add_fact(G, node("drug", "a"), node("enzyme", "cyp3a4"), INHIBITS, refs=[])


def test_every_edge_of_the_graph_has_references(fixture_kb):
    assert all(data["refs"] for _, _, data in fixture_kb.graph.edges(data=True))


def test_class_roles_apply_to_members_unless_their_own_record_differs(fixture_kb):
    roles = fixture_kb.indices.roles
    # fluconazole records no CYP3A4 role of its own: the azole class role applies
    assert roles["flucon"][("cyp3a4", "inhibitor")].source == "class:azoles"
    assert roles["flucon"][("cyp3a4", "inhibitor")].strength == "moderate"
    # ketoconazole's own strong inhibition wins over the class's moderate one
    assert roles["keto"][("cyp3a4", "inhibitor")].strength == "strong"
    assert roles["keto"][("cyp3a4", "inhibitor")].source == "drug"
    # azithromycin says "none": it has no CYP3A4 inhibitor role at all
    assert ("cyp3a4", "inhibitor") not in roles["azith"]


def test_curated_class_interactions_expand_only_to_members_whose_roles_agree(fixture_kb):
    curated = fixture_kb.indices.curated
    assert [f.record["id"] for f in curated[("flucon", "imat")]] == ["imat-azoles"]
    assert ("azith", "imat") not in curated
    assert sorted(f.record["id"] for f in curated[("imat", "keto")]) == ["imat-azoles", "imat-keto"]


def test_enzyme_lookup_indices_list_perpetrators_and_substrates(fixture_kb):
    assert sorted(fixture_kb.indices.perpetrators["cyp3a4"]) == ["flucon", "keto", "rifa"]
    assert fixture_kb.indices.substrates["pgp"] == ["digo"]
