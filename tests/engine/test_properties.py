"""Properties that must hold for any list: order does not matter, more drugs never hide findings,
precomputed pairs answer as computing them would."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.engine import check_medications
from service.engine.pairs import PairCache, candidate_pairs, compute_pair, rank
from service.kb import load_knowledge
from tests.conftest import FIXTURE_KNOWLEDGE

KB = load_knowledge(FIXTURE_KNOWLEDGE)
DRUGS = sorted(KB.records.drugs)
lists = st.lists(st.sampled_from(DRUGS), min_size=0, max_size=len(DRUGS), unique=True)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _findings(result):
    return {
        (i["id"], i["severity"], tuple(sorted(m.get("curated_id", "") for m in i["mechanisms"])))
        for i in result["interactions"]
    }


@SETTINGS
@given(lists, st.randoms())
def test_order_of_the_list_does_not_change_the_answer(drugs, rng):
    shuffled = list(drugs)
    rng.shuffle(shuffled)
    first, second = check_medications(KB, drugs), check_medications(KB, shuffled)
    assert first["interactions"] == second["interactions"]
    assert first["cumulative"] == sorted(second["cumulative"], key=lambda n: drugs.index(n["victim"]))


@SETTINGS
@given(lists, st.sampled_from(DRUGS))
def test_adding_a_drug_never_removes_a_finding_between_the_others(drugs, extra):
    before = _findings(check_medications(KB, drugs))
    after = _findings(check_medications(KB, [*drugs, extra]))
    assert before <= after


@SETTINGS
@given(st.lists(st.text(max_size=60), max_size=8))
def test_arbitrary_strings_never_crash_resolution_and_are_all_accounted_for(texts):
    result = check_medications(KB, texts)
    assert len(result["medications"]) + len(result["unrecognized"]) == len(texts)
    assert result["complete"] == (len(result["unrecognized"]) == 0)


PRECOMPUTED = PairCache()
PRECOMPUTED.precompute(KB, sorted(candidate_pairs(KB, DRUGS)))


@SETTINGS
@given(lists)
def test_the_precomputed_table_finds_exactly_what_pair_by_pair_computation_finds(drugs):
    """The shortcut taken after start-up (partner sets) must neither miss nor invent a pair."""
    by_key = lambda entry: entry[1]  # noqa: E731
    fast = sorted(PRECOMPUTED.among(KB, drugs), key=by_key)
    slow = sorted((entry for pair in candidate_pairs(KB, drugs) for entry in rank(compute_pair(KB, *pair))), key=by_key)
    assert fast == slow
