"""Normalisation and checking of drug names and codes (CAS, ATC, RxCUI)."""

from __future__ import annotations

import re
import unicodedata

CAS_PATTERN = re.compile(r"^(\d{2,7})-(\d{2})-(\d)$")
ATC_PATTERN = re.compile(r"^[A-Z]\d{2}[A-Z]{2}\d{2}$")
ATC_PREFIX_PATTERN = re.compile(r"^[A-Z](\d{2}([A-Z]([A-Z](\d{2})?)?)?)?$")
RXCUI_PATTERN = re.compile(r"^\d{1,9}$")

# Everything that users write differently without meaning something different: spaces,
# hyphens and dashes of every kind, apostrophes, dots, commas, brackets and slashes, and the
# invisible format characters that copying from web pages and documents leaves behind (soft
# hyphen, zero-width space and joiners, byte-order mark, direction marks).
_FOLDED = re.compile(r"[\s\-\u2010-\u2015\u2212'\u2018\u2019`.,()\[\]/\u00ad\u200b-\u200f\u2060\ufeff\u202a-\u202e]+")


def normalise_name(text: str) -> str:
    """Return the key under which a name is indexed: NFKC, casefolded, separators removed.

    >>> normalise_name("STI-571") == normalise_name("sti 571") == normalise_name("STI571")
    True
    >>> normalise_name("St John’s Wort")
    'stjohnswort'
    >>> normalise_name("ima\u00adtinib\u200b") == normalise_name("imatinib")
    True
    """
    return _FOLDED.sub("", unicodedata.normalize("NFKC", text).casefold())


def name_words(text: str) -> list[str]:
    """Return the words of a name as `normalise_name` folds them, split where it removes separators.

    >>> name_words("Acute duodenal ulcer with hemorrhage (disorder)")
    ['acute', 'duodenal', 'ulcer', 'with', 'hemorrhage', 'disorder']
    >>> "".join(name_words("Breast-feeding")) == normalise_name("Breast-feeding")
    True
    """
    return [word for word in _FOLDED.split(unicodedata.normalize("NFKC", text).casefold()) if word]


def cas_check_digit_ok(cas: str) -> bool:
    """Return whether a CAS registry number is well formed and its check digit is right.

    The check digit is the sum of the other digits, each weighted by its position from the
    right, modulo 10.

    >>> cas_check_digit_ok("152459-95-5")
    True
    >>> cas_check_digit_ok("12345-67-8")
    False
    """
    match = CAS_PATTERN.match(cas.strip())
    if not match:
        return False
    digits = (match.group(1) + match.group(2))[::-1]
    total = sum(int(d) * (i + 1) for i, d in enumerate(digits))
    return total % 10 == int(match.group(3))


def looks_like_cas(text: str) -> bool:
    """Return whether text has the shape of a CAS number (whatever its check digit)."""
    return bool(CAS_PATTERN.match(text.strip()))


def looks_like_atc(text: str) -> bool:
    """Return whether text has the shape of a full (level 5) ATC code, in any case.

    >>> looks_like_atc("l01xe01"), looks_like_atc("L01X")
    (True, False)
    """
    return bool(ATC_PATTERN.match(text.strip().upper()))
