"""Render a check result as aligned plain text for terminals: the CLI and `Accept: text/plain`.

One renderer serves both, so a pharmacist sees the same answer whichever way they ask.
"""

from __future__ import annotations

import textwrap
from typing import Any

from service.engine.prediction import describe_exposure

_ARROW = {"increases": "raises", "decreases": "lowers"}


def render_table(rows: list[list[str]]) -> list[str]:
    """Return rows as lines with columns padded to a common width (the first row is the header).

    >>> render_table([["A", "BB"], ["ccc", "d"]])
    ['A    BB', 'ccc  d']
    """
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows]


def shown_input(given: Any) -> str:
    """Return a medication input as the caller wrote it, for a table cell."""
    if isinstance(given, dict):
        return str(given["name"]) if "name" in given else f"{given.get('system')}:{given.get('code')}"
    return str(given)


def mechanism_line(mechanism: dict[str, Any], names: dict[str, str]) -> str:
    """Return the path of a mechanism in words, e.g. `Ketoconazole -> CYP3A4 -> Imatinib (raises Imatinib)`."""
    path = " -> ".join(names.get(step, step) for step in mechanism["path"])
    direction = mechanism.get("direction")
    if direction and "victim" in mechanism:
        path += f" ({_ARROW[direction]} {names.get(mechanism['victim'], mechanism['victim'])})"
    return path


def _wrapped(label: str, text: str, indent: int, width: int) -> list[str]:
    prefix = " " * indent + label
    return textwrap.wrap(text, width, initial_indent=prefix, subsequent_indent=" " * (indent + len(label))) or [prefix]


def render_check(result: dict[str, Any], width: int = 100) -> str:
    """Return the result as text: what was recognised, each finding with why and what to do, then notes.

    A predicted finding also says how its severity was graded; a documented one stands on its record.
    """
    names = {entry["drug"]: entry["name"] for entry in result["medications"]}
    lines = [f"Interaction check - knowledge {result['knowledge_version']} - minimum severity {result['min_severity']}"]
    if not result["complete"]:
        lines.append(f"INCOMPLETE: {len(result['unrecognized'])} medication(s) not recognised were NOT checked.")
    rows = [["MEDICATION", "DRUG", "MATCHED BY"]]
    rows += [[shown_input(m["input"]), m["name"], m["matched_by"]] for m in result["medications"]]
    for entry in result["unrecognized"]:
        hint = f"; did you mean {', '.join(entry['suggestions'])}?" if entry["suggestions"] else ""
        rows.append([shown_input(entry["input"]), "-", f"NOT RECOGNISED: {entry['detail']}{hint}"])
    lines += ["", *render_table(rows), ""]
    if result["interactions"]:
        rows = [["SEVERITY", "DRUGS", "KIND", "EVIDENCE", "MECHANISM"]]
        details = []
        for found in result["interactions"]:
            pair = " + ".join(names.get(d, d) for d in found["drugs"])
            rows.append(
                [
                    found["severity"],
                    pair,
                    found["kind"],
                    found["evidence"],
                    mechanism_line(found["mechanisms"][0], names),
                ]
            )
            lead = found["mechanisms"][0]
            grade = _wrapped("grade: ", lead["severity_basis"], 2, width) if lead["source"] == "predicted" else []
            changes = (describe_exposure(m, names.get(m.get("victim", ""), "")) for m in found["mechanisms"])
            exposure = [
                line for text in dict.fromkeys(filter(None, changes)) for line in _wrapped("AUC:   ", text, 2, width)
            ]
            details.append(
                _wrapped("why:   ", found["summary"], 2, width)
                + exposure
                + grade
                + _wrapped("do:    ", found["management"], 2, width)
            )
        table = render_table(rows)
        lines.append(table[0])
        for row, detail in zip(table[1:], details, strict=True):
            lines += [row, *detail]
    else:
        lines.append(f"No interactions of {result['min_severity']} severity or above found.")
    if result.get("exposure"):
        lines += ["", "PREDICTED EXPOSURE ACROSS THE LIST"]
        for entry in result["exposure"]:
            lines += _wrapped(f"{entry['severity']:<9} ", entry["summary"], 0, width)
    notes = [note["summary"] for note in result.get("cumulative", [])]
    notes += [f"{names.get(n['drug'], n['drug'])}: {n['reason']}." for n in result.get("not_assessed", [])]
    notes += [
        f"{names.get(p['drug'], p['drug'])} in {p['condition']} ({p['severity']}): {p['advice']}"
        for p in result.get("precautions", [])
    ]
    if notes:
        lines += ["", "NOTES", *(f"- {note}" for note in notes)]
    lines += alternatives_lines(result.get("alternatives"), names)
    return "\n".join(lines) + "\n"


def alternatives_lines(section: dict[str, Any] | None, names: dict[str, str]) -> list[str]:
    """Return the ALTERNATIVES block: per finding, each option and the drug it replaces, then the caveat."""
    if not section or not section["findings"]:
        return []
    lines = ["", "ALTERNATIVES (same ATC class, checked against the whole list)"]
    for entry in section["findings"]:
        options = ", ".join(
            f"{o['name']} for {names.get(o['replaces'], o['replaces'])}"
            + (" (profile not assessed)" if o["enzyme_profile"] == "not-assessed" else "")
            for o in entry["options"]
        )
        lines.append(f"- {entry['finding']}: {options}")
    return [*lines, f"  {section['caveat']}"]
