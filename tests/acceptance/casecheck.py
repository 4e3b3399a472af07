"""Compare a check result with an expected case from a cases file (shared by engine and HTTP tests)."""

from __future__ import annotations

from typing import Any


def _mechanism_matches(mechanism: dict[str, Any], expected: dict[str, Any]) -> bool:
    if "enzyme" in expected and mechanism.get("enzyme") != expected["enzyme"]:
        return False
    if "direction" in expected and mechanism.get("direction") != expected["direction"]:
        return False
    return not ("victim" in expected and mechanism.get("victim") != expected["victim"])


def _interaction_matches(item: dict[str, Any], expected: dict[str, Any], citations: dict[str, str]) -> bool:
    if item["drugs"] != sorted(expected["drugs"]):
        return False
    if "kind" in expected and item["kind"] != expected["kind"]:
        return False
    if not any(_mechanism_matches(m, expected) for m in item["mechanisms"]):
        return False
    if "refs_include" in expected and not any(expected["refs_include"] in citations[r] for r in item["refs"]):
        return False
    if "management_mentions" in expected:
        texts = [item["management"], *(m["management"] for m in item["mechanisms"])]
        return any(expected["management_mentions"] in text for text in texts)
    return True


def case_failures(result: dict[str, Any], expect: dict[str, Any]) -> list[str]:
    """Return what in `result` contradicts `expect` (an empty list when the case holds)."""
    failures = []
    wanted = expect.get("interactions")
    citations = {ref["id"]: ref["citation"] for ref in result["references"]}
    if wanted == [] and result["interactions"]:
        failures.append(f"expected no interactions, got {[i['id'] for i in result['interactions']]}")
    for expected in wanted or []:
        if not any(_interaction_matches(item, expected, citations) for item in result["interactions"]):
            failures.append(f"missing {expected}; got {[i['id'] for i in result['interactions']]}")
    for pair in expect.get("absent", []):
        present = [i["id"] for i in result["interactions"] if i["drugs"] == sorted(pair)]
        if present:
            failures.append(f"{pair} must not interact, got {present}")
    if "complete" in expect and result["complete"] != expect["complete"]:
        failures.append(f"complete is {result['complete']}")
    if "unrecognized" in expect:
        got = [u["input"] for u in result["unrecognized"]]
        if got != expect["unrecognized"]:
            failures.append(f"unrecognized {got}")
    return failures
