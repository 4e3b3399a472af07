"""Render a check result as an aligned plain-text table, for terminals (CLI and `Accept: text/plain`)."""

from __future__ import annotations

import textwrap
from typing import Any

_WIDTHS = {"severity": 15, "pair": 30, "mechanism": 48}


def _mechanism_line(mechanism: dict[str, Any]) -> str:
    path = " -> ".join(str(step) for step in mechanism["path"])
    direction = mechanism.get("direction")
    return f"{path}" + (f" ({direction} {mechanism['victim']})" if direction and "victim" in mechanism else "")


def render_check(result: dict[str, Any], width: int = 120) -> str:
    """Return the result as a readable table followed by what did not resolve."""
    lines = [f"knowledge {result['knowledge_version']}"]
    resolved = ", ".join(
        f"{m['input'] if isinstance(m['input'], str) else m['matched_name']} = {m['drug']}"
        for m in result["medications"]
    )
    lines.append(f"medications: {resolved or '(none recognised)'}")
    header = (
        f"{'SEVERITY':<{_WIDTHS['severity']}} {'PAIR':<{_WIDTHS['pair']}} {'MECHANISM':<{_WIDTHS['mechanism']}} ACTION"
    )
    lines += ["", header, "-" * min(width, len(header) + 40)]
    indent = sum(_WIDTHS.values()) + 3
    for item in result["interactions"]:
        pair = " + ".join(item["drugs"])
        mechanism = _mechanism_line(item["mechanisms"][0])
        action = textwrap.wrap(item["management"], max(20, width - indent)) or [""]
        lines.append(
            f"{item['severity']:<{_WIDTHS['severity']}} {pair[: _WIDTHS['pair']]:<{_WIDTHS['pair']}} "
            f"{mechanism[: _WIDTHS['mechanism']]:<{_WIDTHS['mechanism']}} {action[0]}"
        )
        lines += [" " * indent + more for more in action[1:]]
    if not result["interactions"]:
        lines.append("no interactions found among the recognised medications")
    for note in result.get("cumulative", []):
        lines.append(f"note: {note['summary']}")
    for item in result.get("not_assessed", []):
        lines.append(f"not assessed: {item['drug']}: {item['reason']}")
    for item in result["unrecognized"]:
        hint = f" (did you mean: {', '.join(item['suggestions'])}?)" if item["suggestions"] else ""
        lines.append(f"UNRECOGNISED: {item['input']!s}: {item['detail']}{hint}")
    if not result["complete"]:
        lines.append("INCOMPLETE: some medications were not recognised; they were not checked.")
    return "\n".join(lines) + "\n"
