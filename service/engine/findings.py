"""An interaction as the engine answers it: a plain dict to every reader, turned into JSON once.

A pair's interactions never change for a given knowledge, and every list holding the pair repeats
them; serialising each one once and reusing the bytes saves most of the cost of writing an answer
(for a 10-drug answer, 19 µs become 5 µs). The bytes are kept beside the cached pair, so they
cost memory only for pairs that have been answered.
"""

from __future__ import annotations

import hashlib

import orjson

TEXT_FIELDS = ("summary", "management", "severity_basis", "figures")
"""The explanations a compact answer gives once, in its `texts` table, and cites by id everywhere else."""


class Finding(dict):
    """One interaction; read-only once made (its JSON is kept)."""

    __slots__ = ("_compact", "_json")

    def json(self) -> bytes:
        """Return the finding as compact JSON, the same bytes `orjson.dumps` gives for it.

        >>> Finding(id="a+b:pharmacokinetic", refs=["x"]).json()
        b'{"id":"a+b:pharmacokinetic","refs":["x"]}'
        """
        try:
            return self._json
        except AttributeError:
            # A copy: orjson's own result holds on to the memory of its write buffer, five times the
            # JSON's size once every finding of the bundled knowledge is kept (210 MB against 40 MB).
            self._json = bytes(memoryview(orjson.dumps(self)))
            return self._json

    def compact_json(self) -> tuple[bytes, dict[str, str]]:
        """Return the finding as JSON with its explanations replaced by text ids, and those texts by id.

        >>> compact, texts = Finding(id="a+b", summary="Up.", mechanisms=[{"summary": "Up."}]).compact_json()
        >>> compact, texts
        (b'{"id":"a+b","summary":"xdcb5c287574c","mechanisms":[{"summary":"xdcb5c287574c"}]}', {'xdcb5c287574c': 'Up.'})
        """
        try:
            return self._compact
        except AttributeError:
            texts: dict[str, str] = {}
            compact = _cite_texts(self, texts)
            compact["mechanisms"] = [_cite_texts(mechanism, texts) for mechanism in self.get("mechanisms", ())]
            self._compact = (bytes(memoryview(orjson.dumps(compact))), texts)
            return self._compact


def text_id(text: str) -> str:
    """Return the id a compact answer gives a text: the same text has the same id in every answer."""
    return "x" + hashlib.blake2b(text.encode(), digest_size=6).hexdigest()


def _cite_texts(record: dict, texts: dict[str, str]) -> dict:
    cited = dict(record)
    for name in TEXT_FIELDS:
        text = record.get(name)
        if isinstance(text, str):
            cited[name] = key = text_id(text)
            texts[key] = text
    return cited


def with_compact_findings(answer: dict) -> dict:
    """Return a check answer whose interactions cite their explanations by id, with a `texts` table giving each once."""
    texts: dict[str, str] = {}
    interactions = []
    for finding in answer["interactions"]:
        compact, cited = finding.compact_json()
        interactions.append(orjson.Fragment(compact))
        texts.update(cited)
    return {**answer, "interactions": interactions, "texts": texts}


def with_findings_as_json(answer: dict) -> dict:
    """Return a check answer whose interactions are their kept JSON, for `orjson.dumps` to copy as they are."""
    return {**answer, "interactions": [orjson.Fragment(finding.json()) for finding in answer["interactions"]]}
