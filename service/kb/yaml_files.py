"""Read knowledge YAML files for both loaders, turning a file that cannot be read into an issue.

The main loader and the pk loader read lists of records the same way: a file that is not YAML,
not a list, or holds an item that is not a mapping is reported, and the other items still load.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from service.kb.errors import KnowledgeIssue

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(root: Path, path: Path, issues: list[KnowledgeIssue]) -> Any:
    """Return the parsed content of `path`, or None (with an issue if it is not valid YAML)."""
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        message = f"not valid YAML: {exc}".replace("\n", " ")
        issues.append(KnowledgeIssue(path.relative_to(root).as_posix(), "", message))
        return None


def list_items(root: Path, path: Path, issues: list[KnowledgeIssue]) -> Iterator[tuple[int, dict]]:
    """Yield each mapping of a file that holds a list of records, with its index; report what is not one."""
    raw = read_yaml(root, path, issues)
    if raw is None:
        return
    rel = path.relative_to(root).as_posix()
    if not isinstance(raw, list):
        issues.append(KnowledgeIssue(rel, "", "must be a list of records"))
        return
    for index, item in enumerate(raw):
        if not isinstance(item, dict):
            issues.append(KnowledgeIssue(rel, f"[{index}]", "must be a mapping"))
            continue
        yield index, item
