"""References in answers: each finding cites reference ids, and each answer lists every cited reference once.

A 10-drug answer cites the same dozen papers and labels from hundreds of places; repeating the
full citation at each one made half of the answer's bytes. Ids (`refs`) keep every finding
traceable, and the answer's `references` table says what each id is.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import chain
from typing import Any

from service.kb.knowledge import Knowledge


def cited(*groups: Iterable[str]) -> list[str]:
    """Return the reference ids of several groups, each once, in first-seen order.

    >>> cited(["a", "b"], ("b", "c"))
    ['a', 'b', 'c']
    """
    return list(dict.fromkeys(chain.from_iterable(groups)))


def bibliography(kb: Knowledge, *findings: Iterable[dict[str, Any]]) -> list[dict[str, str]]:
    """Return `{"id", "citation"}` for every reference the findings cite, in first-seen order."""
    return kb.references(chain.from_iterable(finding["refs"] for group in findings for finding in group))
