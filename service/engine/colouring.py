"""Colour a conflict graph with the fewest colours, and say why no fewer will do.

Planning IV lines is graph colouring: drugs are vertices, an edge joins two that must not share a
lumen, and a colour is a lumen. The chromatic number is NP-hard in general, but a medication list
is small: DSATUR branch and bound (Brélaz 1979) settles 25 drugs exactly in milliseconds for the
graphs that arise. The proof that no fewer colours exist is the largest clique (drugs that are
pairwise incompatible each need their own lumen) when it is as large as the colouring, and the
exhausted search otherwise. Beyond `EXACT_LIMIT` vertices, or when the search budget runs out, the
answer is DSATUR's greedy colouring with the clique as a lower bound, and says it may not be optimal.

`fits`, when given, is a further rule on a whole colour class (the drugs on one line must share a
diluent); the search honours it, and the clique stays a valid lower bound.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass

import networkx as nx

EXACT_LIMIT = 25
"""Most vertices coloured exactly; larger lists get the greedy colouring and a bound."""

SEARCH_BUDGET = 2_000_000
"""Most search steps before the exact search gives up and keeps its best colouring (counted, never timed)."""

Fits = Callable[[Sequence[Hashable]], bool]


@dataclass(frozen=True)
class Colouring:
    """Colour classes (each a list of vertices, in input order), and the evidence for their number."""

    classes: list[list[Hashable]]
    clique: list[Hashable]
    """A largest set of pairwise-conflicting vertices found: no colouring needs fewer colours."""
    optimal: bool
    proof: str
    """`clique` (as many colours as the clique), `search` (exhaustive search found no fewer), or `none`."""
    method: str
    """`exact` or `greedy`."""


def minimum_colouring(
    G: nx.Graph, order: Iterable[Hashable] | None = None, *, fits: Fits | None = None, budget: int = SEARCH_BUDGET
) -> Colouring:
    """Return a colouring of `G` with the fewest colours, or the best found with a lower bound.

    >>> G = nx.Graph([("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")])
    >>> result = minimum_colouring(G)
    >>> len(result.classes), sorted(result.clique), result.proof
    (3, ['a', 'b', 'c'], 'clique')
    >>> C5 = nx.cycle_graph(5)          # an odd cycle: clique 2, needs 3
    >>> r = minimum_colouring(C5); len(r.classes), len(r.clique), r.proof
    (3, 2, 'search')
    """
    vertices = list(order) if order is not None else list(G.nodes)
    if not vertices:
        return Colouring([], [], True, "clique", "exact")
    index = {v: i for i, v in enumerate(vertices)}
    neighbours = [{index[u] for u in G.adj[v] if u in index and u != v} for v in vertices]
    exact = len(vertices) <= EXACT_LIMIT
    clique = _largest_clique(G.subgraph(vertices), exact)
    check = None if fits is None else (lambda members: fits([vertices[i] for i in members]))
    best = _dsatur(neighbours, check)
    optimal, proof = len(best) == len(clique), "clique"
    if exact and not optimal:
        search = _Search(neighbours, check, budget)
        found = search.run(len(best), len(clique))
        if found is not None:
            best = found
        optimal = not search.exhausted_budget or len(best) == len(clique)
        proof = "clique" if len(best) == len(clique) else "search"
    if not optimal:
        proof = "none"
    classes = sorted(([vertices[i] for i in sorted(members)] for members in best), key=lambda c: index[c[0]])
    return Colouring(classes, sorted(clique, key=index.__getitem__), optimal, proof, "exact" if exact else "greedy")


def _largest_clique(G: nx.Graph, exact: bool) -> list[Hashable]:
    """Return a maximum clique (exact for small graphs), else a greedy one: either is a lower bound."""
    if G.number_of_nodes() == 0:
        return []
    if exact:
        return list(nx.max_weight_clique(G, weight=None)[0])
    clique: list[Hashable] = []
    candidates = set(G.nodes)
    while candidates:
        pick = max(candidates, key=lambda v: (len(candidates & set(G.adj[v])), -list(G.nodes).index(v)))
        clique.append(pick)
        candidates &= set(G.adj[pick])
    return clique


def _can_join(members: set[int], vertex: int, neighbours: list[set[int]], check) -> bool:
    if members & neighbours[vertex]:
        return False
    return check is None or check(sorted(members | {vertex}))


def _dsatur(neighbours: list[set[int]], check) -> list[set[int]]:
    """Return DSATUR's greedy colouring: next the vertex seeing the most colours, into the first class it fits."""
    classes: list[set[int]] = []
    colour_of: dict[int, int] = {}
    uncoloured = set(range(len(neighbours)))
    while uncoloured:
        vertex = max(
            uncoloured,
            key=lambda v: (len({colour_of[u] for u in neighbours[v] if u in colour_of}), len(neighbours[v]), -v),
        )
        for c, members in enumerate(classes):
            if _can_join(members, vertex, neighbours, check):
                members.add(vertex)
                colour_of[vertex] = c
                break
        else:
            classes.append({vertex})
            colour_of[vertex] = len(classes) - 1
        uncoloured.discard(vertex)
    return classes


class _Search:
    """DSATUR branch and bound: find a colouring with fewer colours than the best known, down to the bound."""

    def __init__(self, neighbours: list[set[int]], check, budget: int) -> None:
        self.neighbours, self.check, self.budget = neighbours, check, budget
        self.steps = 0
        self.exhausted_budget = False

    def run(self, upper: int, lower: int) -> list[set[int]] | None:
        """Return the best colouring with fewer than `upper` colours, or None if none exists (or the budget ran out)."""
        best: list[set[int]] | None = None
        limit = upper - 1
        while limit >= lower:
            found = self._colour(limit)
            if found is None:
                break
            best, limit = found, len(found) - 1
        return best

    def _colour(self, limit: int) -> list[set[int]] | None:
        classes: list[set[int]] = []
        colour_of: dict[int, int] = {}
        return classes if self._extend(classes, colour_of, limit) else None

    def _extend(self, classes: list[set[int]], colour_of: dict[int, int], limit: int) -> bool:
        if len(colour_of) == len(self.neighbours):
            return True
        self.steps += 1
        if self.steps > self.budget:
            self.exhausted_budget = True
            return False
        vertex = max(
            (v for v in range(len(self.neighbours)) if v not in colour_of),
            key=lambda v: (
                len({colour_of[u] for u in self.neighbours[v] if u in colour_of}),
                len(self.neighbours[v]),
                -v,
            ),
        )
        for c, members in enumerate(classes):
            if _can_join(members, vertex, self.neighbours, self.check):
                members.add(vertex)
                colour_of[vertex] = c
                if self._extend(classes, colour_of, limit):
                    return True
                members.discard(vertex)
                del colour_of[vertex]
                if self.exhausted_budget:
                    return False
        if len(classes) < limit:  # a new colour; opening one is symmetric, so one try suffices
            classes.append({vertex})
            colour_of[vertex] = len(classes) - 1
            if self._extend(classes, colour_of, limit):
                return True
            classes.pop()
            del colour_of[vertex]
        return False
