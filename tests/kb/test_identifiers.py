import pytest

from service.kb.identifiers import cas_check_digit_ok, looks_like_atc, looks_like_cas, normalise_name


@pytest.mark.parametrize(
    "cas, valid",
    [
        ("152459-95-5", True),  # imatinib
        ("220127-57-1", True),  # imatinib mesilate
        ("110942-02-4", True),  # aldesleukin
        ("59643-91-3", True),  # imexon
        ("50-78-2", True),  # acetylsalicylic acid
        ("12345-67-8", False),  # wrong check digit
        ("152459-95-4", False),
        ("152459955", False),  # no hyphens
        ("1-23-4", False),  # first group too short
    ],
)
def test_cas_check_digit(cas, valid):
    assert cas_check_digit_ok(cas) is valid


def test_shapes_are_recognised_independently_of_check_digit():
    assert looks_like_cas("12345-67-8")
    assert not looks_like_cas("imatinib")
    assert looks_like_atc("l01xe01")
    assert not looks_like_atc("L01XE")


@pytest.mark.parametrize(
    "variants",
    [
        ["STI-571", "STI571", "sti 571", "Sti–571", "ＳＴＩ５７１"],  # en dash, full-width forms
        ["St John's wort", "St John’s Wort", "st johns wort", "St. John's-wort"],
        ["Imatinib Mesilate", "imatinib  mesilate", "IMATINIB-MESILATE"],
        ["Иматиниба Мезилат", "иматиниба мезилат"],
        # invisible characters pasted from documents: soft hyphen, zero-width space, BOM, direction marks
        ["imatinib", "ima\u00adtinib", "imatinib\u200b", "\ufeffimatinib", "\u200eImatinib\u200f"],
    ],
)
def test_normalisation_folds_case_spacing_hyphens_and_unicode(variants):
    assert len({normalise_name(v) for v in variants}) == 1


def test_normalisation_keeps_distinct_names_distinct():
    assert normalise_name("imatinib") != normalise_name("imatinibb")
    assert normalise_name("interleukin-2") != normalise_name("interleukin-12")
