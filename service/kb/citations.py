"""Render references in the short Vancouver style used by drug compendia."""

from __future__ import annotations

from typing import Any


def format_citation(ref: dict[str, Any]) -> str:
    """Return a one-line citation.

    >>> format_citation({"authors": ["Dutreix C", "Peng B", "Mehring G", "Hayes M"],
    ...     "title": "Ketoconazole and imatinib", "journal": "Cancer Chemother Pharmacol",
    ...     "year": 2004, "volume": "54", "pages": "290-4"})
    'Dutreix C, et al. Ketoconazole and imatinib. Cancer Chemother Pharmacol 2004; 54: 290-4.'
    """
    authors = list(ref.get("authors") or [])
    if len(authors) > 3:
        who = f"{authors[0]}, et al."
    elif authors:
        who = ", ".join(a for a in authors if a != "et al.") + (", et al." if "et al." in authors else ".")
    else:
        who = ""
    title = ref["title"].rstrip(".")
    parts = [p for p in (who, f"{title}.") if p]
    if ref.get("journal"):
        where = f"{ref['journal']} {ref['year']}"
        if ref.get("volume"):
            where += f"; {ref['volume']}"
            if ref.get("issue"):
                where += f"({ref['issue']})"
        if ref.get("pages"):
            where += f": {ref['pages']}"
        parts.append(where + ".")
    else:
        publisher = f"{ref['publisher']}, " if ref.get("publisher") else ""
        parts.append(f"{publisher}{ref['year']}.")
    if ref.get("pmid"):
        parts.append(f"PMID {ref['pmid']}.")
    elif ref.get("doi"):
        parts.append(f"doi:{ref['doi']}.")
    elif ref.get("url"):
        parts.append(ref["url"])
    return " ".join(parts)
