"""The line planner's colouring is the fewest colours: checked against brute force on random small graphs."""

from __future__ import annotations

import itertools

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from service.engine.colouring import EXACT_LIMIT, minimum_colouring


def _brute_force(G: nx.Graph, fits=None) -> int:
    """Return the chromatic number (with the class rule `fits`) by trying every assignment."""
    nodes = list(G.nodes)
    for k in range(1, len(nodes) + 1):
        for colours in itertools.product(range(k), repeat=len(nodes)):
            if colours[0] != 0:
                continue
            if any(colours[nodes.index(a)] == colours[nodes.index(b)] for a, b in G.edges):
                continue
            classes = [[n for n, c in zip(nodes, colours, strict=True) if c == i] for i in range(k)]
            if fits is None or all(fits(members) for members in classes if members):
                return k
    return 0


def _valid(G: nx.Graph, classes, fits=None) -> bool:
    placed = [v for members in classes for v in members]
    if sorted(placed) != sorted(G.nodes):
        return False
    if any(G.has_edge(a, b) for members in classes for a, b in itertools.combinations(members, 2)):
        return False
    return fits is None or all(fits(members) for members in classes)


graphs = st.integers(min_value=1, max_value=7).flatmap(
    lambda n: st.lists(st.booleans(), min_size=n * (n - 1) // 2, max_size=n * (n - 1) // 2).map(
        lambda bits: (
            nx.Graph([pair for pair, bit in zip(itertools.combinations(range(n), 2), bits, strict=True) if bit])
            if any(bits)
            else nx.empty_graph(n)
        )
    )
)


@given(graphs)
@settings(max_examples=150, deadline=None)
def test_colouring_matches_brute_force_and_its_proof_holds(G):
    G.add_nodes_from(range(max(G.nodes, default=-1) + 1))
    result = minimum_colouring(G)
    assert _valid(G, result.classes)
    assert len(result.classes) == _brute_force(G)
    assert result.optimal and result.method == "exact"
    assert all(G.has_edge(a, b) for a, b in itertools.combinations(result.clique, 2))
    assert result.proof == ("clique" if len(result.clique) == len(result.classes) else "search")


@given(graphs, st.sets(st.frozensets(st.integers(0, 6), min_size=2, max_size=3), max_size=4))
@settings(max_examples=100, deadline=None)
def test_a_rule_on_whole_lines_is_honoured_and_still_minimal(G, forbidden):
    G.add_nodes_from(range(max(G.nodes, default=-1) + 1))

    def fits(members) -> bool:
        return not any(group <= set(members) for group in forbidden)

    result = minimum_colouring(G, fits=fits)
    assert _valid(G, result.classes, fits)
    assert len(result.classes) == _brute_force(G, fits)


def test_odd_cycle_needs_three_though_its_largest_clique_is_two():
    result = minimum_colouring(nx.cycle_graph(7))
    assert (len(result.classes), len(result.clique), result.proof) == (3, 2, "search")


def test_classes_follow_the_input_order():
    G = nx.Graph([("b", "a")])
    G.add_node("c")
    assert minimum_colouring(G, ["a", "b", "c"]).classes == [["a", "c"], ["b"]]


def test_beyond_the_exact_limit_the_greedy_answer_carries_a_lower_bound():
    G = nx.gnp_random_graph(EXACT_LIMIT + 15, 0.5, seed=7)
    result = minimum_colouring(G)
    assert result.method == "greedy" and _valid(G, result.classes)
    assert len(result.clique) <= len(result.classes)
    assert all(G.has_edge(a, b) for a, b in itertools.combinations(result.clique, 2))
    assert result.optimal == (len(result.clique) == len(result.classes))


def test_a_spent_search_budget_keeps_the_best_colouring_found_and_says_so():
    G = nx.mycielski_graph(5)  # clique 2, needs 5: the bound cannot close the gap
    result = minimum_colouring(G, budget=10)
    assert _valid(G, result.classes)
    assert (result.optimal, result.proof) == (False, "none")


def test_no_vertices_no_lines():
    assert minimum_colouring(nx.Graph()).classes == []
