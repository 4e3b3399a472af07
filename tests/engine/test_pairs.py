"""Candidate pairs and the per-pair cache: the cache changes the cost of a check, never its answer."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from service.engine.check import find_interactions
from service.engine.pairs import (
    PAIRS,
    PairCache,
    candidate_bound,
    candidate_pairs,
    compute_pair,
    precompute_pairs,
    rank,
)
from service.kb import load_knowledge
from service.kb.vocabulary import ID_PATTERN, SEVERITIES
from tests.conftest import FIXTURE_KNOWLEDGE


def test_candidates_are_pairs_sharing_a_route_an_effect_or_a_record(fixture_kb):
    pairs = candidate_pairs(fixture_kb, ["imat", "keto", "warf", "ibu", "alde", "ganci", "newdrug"])
    assert ("imat", "keto") in pairs  # CYP3A4, hepatotoxicity and curated
    assert ("ibu", "warf") in pairs  # bleeding and curated
    assert ("alde", "ganci") in pairs  # IV observation only
    assert not any("newdrug" in pair for pair in pairs)


def test_a_cached_answer_equals_a_fresh_computation(fixture_kb):
    drugs = sorted(fixture_kb.records.drugs)
    PAIRS.clear()
    first = find_interactions(fixture_kb, drugs)
    second = find_interactions(fixture_kb, drugs)
    fresh = sorted(
        (i for pair in candidate_pairs(fixture_kb, drugs) for i in compute_pair(fixture_kb, *pair)),
        key=lambda i: (("contraindicated", "major", "moderate", "minor").index(i["severity"]), i["drugs"], i["kind"]),
    )
    assert first == second == fresh
    assert PAIRS.hits >= len(candidate_pairs(fixture_kb, drugs))


def test_the_cache_is_bounded_and_drops_the_oldest_pairs_first(fixture_kb):
    cache = PairCache(max_pairs=2)
    cache.ranked(fixture_kb, "imat", "keto")
    cache.ranked(fixture_kb, "ibu", "warf")
    cache.ranked(fixture_kb, "imat", "keto")  # a hit: reading never reorders
    assert (cache.hits, cache.misses) == (1, 2)
    cache.ranked(fixture_kb, "flucon", "warf")  # evicts imat+keto, the oldest
    cache.ranked(fixture_kb, "ibu", "warf")
    assert (cache.hits, cache.misses) == (2, 3)
    cache.ranked(fixture_kb, "imat", "keto")
    assert (cache.hits, cache.misses) == (2, 4)


@given(
    st.lists(
        st.tuples(
            st.sampled_from(SEVERITIES),
            st.from_regex(ID_PATTERN, fullmatch=True),
            st.from_regex(ID_PATTERN, fullmatch=True),
            st.sampled_from(["pharmacokinetic", "pharmacodynamic", "iv-incompatibility", "other"]),
        ),
        max_size=30,
    )
)
def test_the_one_string_sort_key_orders_as_severity_then_drugs_then_kind(fields):
    interactions = tuple({"severity": s, "drugs": [a, b], "kind": k} for s, a, b, k in fields)
    by_string = [i for _, _, i in sorted(rank(interactions), key=lambda entry: entry[1])]
    by_tuple = sorted(interactions, key=lambda i: (SEVERITIES.index(i["severity"]), *i["drugs"], i["kind"]))
    assert by_string == by_tuple


def test_a_reloaded_knowledge_never_gets_answers_cached_for_another(fixture_kb):
    cache = PairCache()
    reloaded = load_knowledge(FIXTURE_KNOWLEDGE)
    cache.ranked(fixture_kb, "imat", "keto")
    cache.ranked(reloaded, "imat", "keto")
    assert cache.misses == 2


def test_precomputing_fills_the_cache_with_every_pair_that_can_interact(fixture_kb):
    cache = PairCache()
    count = precompute_pairs(fixture_kb, cache)
    assert count == len(candidate_pairs(fixture_kb, list(fixture_kb.records.drugs))) == cache.misses
    for pair in candidate_pairs(fixture_kb, ["imat", "keto", "warf", "ibu"]):
        cache.ranked(fixture_kb, *pair)
    assert cache.misses == count  # every later lookup is a hit


def test_beyond_the_bound_only_each_drugs_partners_are_kept(fixture_kb):
    cache = PairCache(max_pairs=2)
    assert precompute_pairs(fixture_kb, cache) == 0  # no pair kept
    every = fixture_kb.records.drugs
    interacting = {pair for pair in candidate_pairs(fixture_kb, list(every)) if compute_pair(fixture_kb, *pair)}
    assert cache.partners_on(fixture_kb, "keto", set(every)) == {
        b if a == "keto" else a for a, b in interacting if "keto" in (a, b)
    }
    severe = {
        pair
        for pair in interacting
        if any(i["severity"] in ("contraindicated", "major", "moderate") for i in compute_pair(fixture_kb, *pair))
    }

    def severe_partners(drug: str) -> set[str]:
        return {other for other in every if cache.any_severe(fixture_kb, drug, {other})}

    assert severe_partners("keto") == {b if a == "keto" else a for a, b in severe if "keto" in (a, b)}
    assert all(severe_partners(d) <= cache.partners_on(fixture_kb, d, set(every)) for d in every)
    assert cache.any_severe(fixture_kb, "keto", set(every)) is True
    assert cache.any_severe(fixture_kb, "keto", set()) is False
    misses = cache.misses
    cache.ranked(fixture_kb, "imat", "keto")
    assert cache.misses == misses + 1  # computed again on first use


def test_the_bound_counted_without_listing_is_never_below_the_candidates(fixture_kb, bundled_kb):
    for kb in (fixture_kb, bundled_kb):
        assert candidate_bound(kb) >= len(candidate_pairs(kb, list(kb.records.drugs)))


def test_without_any_index_partners_are_not_offered(fixture_kb):
    cache = PairCache(max_pairs=2, max_indexed=2)
    assert precompute_pairs(fixture_kb, cache) == 0
    assert cache.partners_on(fixture_kb, "keto", {"imat"}) is None
    assert cache.any_severe(fixture_kb, "keto", {"imat"}) is None


LISTS_OF = [
    lambda drugs: drugs,
    lambda drugs: drugs[::2],
    lambda drugs: drugs[1::3],
    lambda drugs: ["imat", "keto", "rifa", "warf", "ibu"],
    lambda drugs: ["alde", "ganci"],
    lambda drugs: ["imat"],
]


@pytest.mark.parametrize("max_pairs", [50_000, 2], ids=["every pair computed", "partners indexed only"])
def test_a_precomputed_knowledge_answers_every_list_as_the_pair_by_pair_path(fixture_kb, max_pairs):
    """The partner-set shortcut taken after precomputing must find exactly the pairs computed one by one."""
    drugs = sorted(fixture_kb.records.drugs)
    lists = [make(drugs) for make in LISTS_OF]
    plain, indexed = PairCache(), PairCache(max_pairs=max_pairs)
    pair_by_pair = [sorted(plain.among(fixture_kb, drugs_)) for drugs_ in lists]
    precompute_pairs(fixture_kb, indexed)
    misses = indexed.misses
    assert [sorted(indexed.among(fixture_kb, drugs_)) for drugs_ in lists] == pair_by_pair
    if max_pairs > 2:
        assert indexed.misses == misses  # answered from the precomputed table alone
    assert any(pair_by_pair)


def test_min_severity_keeps_only_findings_that_severe_or_worse(fixture_kb):
    drugs = sorted(fixture_kb.records.drugs)
    every = find_interactions(fixture_kb, drugs)
    major = find_interactions(fixture_kb, drugs, min_severity="major")
    assert major == [i for i in every if i["severity"] in ("contraindicated", "major")]
    assert 0 < len(major) < len(every)
