"""Write card details in GitHub Flavored Markdown, escaping what the client sent.

Medication text comes from the EHR and may hold anything; unescaped, `[x](javascript:...)` would
become a link in the prescriber's screen. Knowledge text is curated and is written as it is.
"""

from __future__ import annotations

import re
from typing import Any

from service.kb.knowledge import Knowledge

_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|<>~])")
_SPACE = re.compile(r"\s+")
MAX_TEXT = 200


def escape(text: str) -> str:
    """Return client text safe to place in Markdown: one line, bounded, special characters escaped.

    >>> escape("[click](javascript:alert(1))")
    '\\\\[click\\\\]\\\\(javascript:alert\\\\(1\\\\)\\\\)'
    """
    text = _SPACE.sub(" ", text).strip()
    if len(text) > MAX_TEXT:
        text = text[: MAX_TEXT - 1] + "…"
    return _SPECIAL.sub(r"\\\1", text)


def _name(kb: Knowledge, node: str) -> str:
    drug = kb.records.drugs.get(node)
    return drug["name"] if drug else node


def mechanism_path(kb: Knowledge, mechanism: dict[str, Any]) -> str:
    """Return a mechanism's path through the graph as one line, with the roles on the edges.

    Enzyme findings read `Fluconazole -inhibits (strong)-> CYP2C9 <-substrate (moderate)- Warfarin`;
    shared effects read `Ibuprofen -> Bleeding <- Warfarin`.
    """
    path = [_name(kb, node) for node in mechanism.get("path", [])]
    edges = mechanism.get("edges") or []
    if len(path) == 3 and len(edges) == 2 and edges[1].get("relation") == "substrate_of":
        first, second = edges
        role = f"{first['relation']} ({first['strength']})" if first.get("strength") else first["relation"]
        sub = f"substrate ({second['strength']})" if second.get("strength") else "substrate"
        return f"{path[0]} -{role}-> {path[1]} <-{sub}- {path[2]}"
    if len(path) == 3:
        return f"{path[0]} -> {path[1]} <- {path[2]}"
    return " -> ".join(path)


def reference_lines(kb: Knowledge, ref_ids: list[str]) -> list[str]:
    """Return a numbered References section for a card's detail (nothing when there are none)."""
    if not ref_ids:
        return []
    return ["", "**References**", *(f"{n}. {ref['citation']}" for n, ref in enumerate(kb.references(ref_ids), 1))]
