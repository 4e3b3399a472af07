"""Same-class alternatives: exact shapes on the extended fixture knowledge; the clinical examples on the real one."""

from __future__ import annotations

from service.engine import check_medications
from service.engine.alternatives import CAVEAT, atc_level4, find_alternatives

PRAVA = {
    "replaces": "simva",
    "drug": "prava",
    "name": "Pravastatin",
    "atc_class": "C10AA",
    "enzyme_profile": "assessed",
    "findings": [],
}
LOVA = {
    "replaces": "simva",
    "drug": "lova",
    "name": "Lovastatin",
    "atc_class": "C10AA",
    "enzyme_profile": "not-assessed",
    "findings": [],
    "note": "Lovastatin's enzyme profile is not assessed: no finding with it does not mean it is safe.",
}


def test_each_side_gets_candidates_labelled_by_the_drug_they_replace(extended_kb):
    answer = check_medications(extended_kb, ["simva", "clari"])
    assert answer["alternatives"] == {
        "caveat": CAVEAT,
        "findings": [
            {
                "finding": "clari+simva:pharmacokinetic",
                "severity": "contraindicated",
                "options": [
                    {
                        "replaces": "clari",
                        "drug": "roxi",
                        "name": "Roxithromycin",
                        "atc_class": "J01FA",
                        "enzyme_profile": "assessed",
                        "findings": [{"id": "roxi+simva:pharmacokinetic", "severity": "minor"}],
                    },
                    PRAVA,
                    LOVA,
                ],
            }
        ],
    }


def test_a_candidate_is_checked_against_the_whole_list_not_only_the_partner(extended_kb):
    """Atorvastatin avoids nothing with clarithromycin (moderate): it is never proposed; with rifampicin
    on the list as well, no candidate may bring a moderate finding with it either."""
    answer = check_medications(extended_kb, ["simva", "keto", "rifa"])
    options = answer["alternatives"]["findings"][0]["options"]
    assert [o["drug"] for o in options] == ["prava", "lova"]
    for option in options:
        assert all(f["severity"] == "minor" for f in option["findings"])


def test_a_not_assessed_candidate_comes_after_assessed_ones_and_is_never_called_clean(extended_kb):
    options = check_medications(extended_kb, ["simva", "keto"])["alternatives"]["findings"][0]["options"]
    assert options == [PRAVA, LOVA]


def test_minor_findings_and_drugs_without_a_class_get_no_alternatives(extended_kb, fixture_kb):
    assert check_medications(extended_kb, ["simva", "roxi"])["alternatives"]["findings"] == []
    # ketoconazole and digoxin are major, but neither has a same-class drug in the fixture knowledge
    assert check_medications(fixture_kb, ["keto", "digo"])["alternatives"]["findings"] == []


def test_alternatives_can_be_turned_off(extended_kb):
    assert "alternatives" not in check_medications(extended_kb, ["simva", "keto"], alternatives=False)


def test_atc_level4_uses_current_codes_only(fixture_kb):
    assert atc_level4(fixture_kb, "imat") == ["L01EA"]
    assert atc_level4(fixture_kb, "warf") == []


def test_azithromycin_instead_of_clarithromycin_with_simvastatin(bundled_kb):
    answer = check_medications(bundled_kb, ["simvastatin", "clarithromycin"])
    (entry,) = answer["alternatives"]["findings"]
    assert entry["finding"] == "clarithromycin+simvastatin:pharmacokinetic"
    macrolides = [o for o in entry["options"] if o["replaces"] == "clarithromycin"]
    assert macrolides[0]["drug"] == "azithromycin"
    assert macrolides[0]["atc_class"] == "J01FA"
    assert all(f["severity"] == "minor" for o in entry["options"] for f in o["findings"])


def test_pravastatin_or_rosuvastatin_instead_of_simvastatin_with_itraconazole(bundled_kb):
    answer = check_medications(bundled_kb, ["simvastatin", "itraconazole"])
    (entry,) = answer["alternatives"]["findings"]
    statins = {o["drug"] for o in entry["options"] if o["replaces"] == "simvastatin"}
    assert {"pravastatin", "rosuvastatin"} <= statins
    assert not statins & {"atorvastatin", "lovastatin"}  # both CYP3A4 substrates


def test_every_option_brings_no_moderate_finding_with_any_drug_on_a_long_list(bundled_kb):
    drugs = ["simvastatin", "itraconazole", "warfarin", "amiodarone", "clarithromycin", "digoxin", "ciclosporin"]
    answer = check_medications(bundled_kb, drugs)
    for entry in answer["alternatives"]["findings"]:
        for option in entry["options"]:
            rest = [d for d in drugs if d != option["replaces"]] + [option["drug"]]
            found = check_medications(bundled_kb, rest, alternatives=False)["interactions"]
            worst = [f for f in found if option["drug"] in f["drugs"] and f["severity"] != "minor"]
            assert worst == [], (option, worst)
    assert find_alternatives(bundled_kb, drugs, []) == []


def test_the_index_of_possible_partners_and_the_walk_over_roles_offer_the_same_options(bundled_kb, monkeypatch):
    """With the pairs indexed (as the service runs) or not (a base too large to index), options are equal."""
    import random

    from service.engine import alternatives
    from service.engine.pairs import PairCache, precompute_pairs

    rng = random.Random(7)
    lists = [rng.sample(sorted(bundled_kb.records.drugs), 12) for _ in range(20)]
    walked, indexed = PairCache(), PairCache(max_pairs=2)
    precompute_pairs(bundled_kb, indexed)
    answers = []
    for cache in (walked, indexed):
        monkeypatch.setattr(alternatives, "PAIRS", cache)
        answers.append([check_medications(bundled_kb, drugs)["alternatives"] for drugs in lists])
    assert answers[0] == answers[1]
    assert sum(len(a["findings"]) for a in answers[0]) > 10


def test_the_text_answer_lists_the_alternatives_and_the_caveat(extended_kb):
    from service.textreport import render_check

    text = render_check(check_medications(extended_kb, ["simva", "keto"]))
    assert text.endswith(
        "ALTERNATIVES (same ATC class, checked against the whole list)\n"
        "- keto+simva:pharmacokinetic: Pravastatin for Simvastatin, Lovastatin for Simvastatin (profile not assessed)\n"
        f"  {CAVEAT}\n"
    )
