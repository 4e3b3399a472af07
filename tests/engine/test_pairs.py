"""Candidate pairs and the per-pair cache: the cache changes the cost of a check, never its answer."""

from __future__ import annotations

from service.engine.check import find_interactions
from service.engine.pairs import PAIRS, PairCache, candidate_pairs, compute_pair, precompute_pairs
from service.kb import load_knowledge
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


def test_the_cache_is_bounded_and_drops_the_least_recently_used(fixture_kb):
    cache = PairCache(max_pairs=2)
    cache.ranked(fixture_kb, "imat", "keto")
    cache.ranked(fixture_kb, "ibu", "warf")
    cache.ranked(fixture_kb, "imat", "keto")  # now most recent
    cache.ranked(fixture_kb, "flucon", "warf")  # evicts ibu+warf
    assert (cache.hits, cache.misses) == (1, 3)
    cache.ranked(fixture_kb, "imat", "keto")
    cache.ranked(fixture_kb, "ibu", "warf")
    assert (cache.hits, cache.misses) == (2, 4)


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


def test_precomputing_is_skipped_when_the_pairs_would_not_fit(fixture_kb):
    cache = PairCache(max_pairs=2)
    assert precompute_pairs(fixture_kb, cache) == 0
    assert cache.misses == 0


def test_a_precomputed_knowledge_answers_every_list_as_the_pair_by_pair_path(fixture_kb):
    """The partner-set shortcut taken after precomputing must find exactly the pairs computed one by one."""
    drugs = sorted(fixture_kb.records.drugs)
    lists = [drugs, drugs[::2], drugs[1::3], ["imat", "keto", "rifa", "warf", "ibu"], ["alde", "ganci"], ["imat"]]
    PAIRS.clear()
    pair_by_pair = [find_interactions(fixture_kb, drugs_) for drugs_ in lists]
    assert precompute_pairs(fixture_kb) > 0
    misses = PAIRS.misses
    assert [find_interactions(fixture_kb, drugs_) for drugs_ in lists] == pair_by_pair
    assert PAIRS.misses == misses  # answered from the precomputed table alone
    assert any(pair_by_pair)


def test_min_severity_keeps_only_findings_that_severe_or_worse(fixture_kb):
    drugs = sorted(fixture_kb.records.drugs)
    every = find_interactions(fixture_kb, drugs)
    major = find_interactions(fixture_kb, drugs, min_severity="major")
    assert major == [i for i in every if i["severity"] in ("contraindicated", "major")]
    assert 0 < len(major) < len(every)
