"""Read a knowledge directory: parse every file, validate every record, collect every error.

A knowledge base with any error raises `KnowledgeError` listing all of them; it never half-loads.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import yaml
from marshmallow import ValidationError

from service.kb.crossref import check_cross_references
from service.kb.errors import KnowledgeError, KnowledgeIssue
from service.kb.records import KnowledgeRecords
from service.kb.schemas import DRUG_SCHEMA, LIST_SCHEMAS, META_SCHEMA

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_records(directory: str | Path) -> KnowledgeRecords:
    """Return the validated records of a knowledge directory, or raise `KnowledgeError`."""
    root = Path(directory)
    if not root.is_dir():
        raise KnowledgeError([KnowledgeIssue(str(root), "", "knowledge directory not found")])
    issues: list[KnowledgeIssue] = []
    files = sorted(p for p in root.rglob("*.yaml") if p.is_file())
    meta = _load_meta(root, issues)
    records = KnowledgeRecords(version=knowledge_version(root, files, meta), meta=meta or {})
    for kind, schema in LIST_SCHEMAS.items():
        for path in _files_of(root, kind):
            _load_list(root, path, kind, schema, records, issues)
    for path in sorted((root / "drugs").glob("*.yaml")):
        _load_drug(root, path, records, issues)
    issues.extend(check_cross_references(records))
    if issues:
        raise KnowledgeError(issues)
    return records


def knowledge_version(root: Path, files: list[Path], meta: dict[str, Any] | None) -> str:
    """Return `<released>+<12 hex digits>`: any change to any file changes the version."""
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
    released = meta["released"].isoformat() if meta else "unreleased"
    return f"{released}+{digest.hexdigest()[:12]}"


def _files_of(root: Path, kind: str) -> list[Path]:
    single = root / f"{kind}.yaml"
    return ([single] if single.is_file() else []) + sorted((root / kind).glob("*.yaml"))


def _read_yaml(root: Path, path: Path, issues: list[KnowledgeIssue]) -> Any:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        issues.append(KnowledgeIssue(_rel(root, path), "", f"not valid YAML: {exc}".replace("\n", " ")))
        return None


def _load_meta(root: Path, issues: list[KnowledgeIssue]) -> dict[str, Any] | None:
    path = root / "meta.yaml"
    if not path.is_file():
        issues.append(KnowledgeIssue("meta.yaml", "", "missing: the knowledge needs its name and release date"))
        return None
    raw = _read_yaml(root, path, issues)
    try:
        return META_SCHEMA.load(raw if isinstance(raw, dict) else {})
    except ValidationError as exc:
        issues.extend(_issues_from(_rel(root, path), "", exc.messages))
        return None


def _load_list(root, path, kind, schema, records, issues) -> None:
    rel = _rel(root, path)
    raw = _read_yaml(root, path, issues)
    if raw is None:
        return
    if not isinstance(raw, list):
        issues.append(KnowledgeIssue(rel, "", "must be a list of records"))
        return
    for index, item in enumerate(raw):
        label = f"[{item.get('id')}]" if isinstance(item, dict) and isinstance(item.get("id"), str) else f"[{index}]"
        if not isinstance(item, dict):
            issues.append(KnowledgeIssue(rel, label, "must be a mapping"))
            continue
        try:
            record = schema.load(item)
        except ValidationError as exc:
            issues.extend(_issues_from(rel, label, exc.messages))
            continue
        if kind == "rejected":
            records.rejected.append(record)
            continue
        _store(records, kind, record, rel, label, issues)


def _load_drug(root, path, records, issues) -> None:
    rel = _rel(root, path)
    raw = _read_yaml(root, path, issues)
    if raw is None:
        return
    if not isinstance(raw, dict):
        issues.append(KnowledgeIssue(rel, "", "a drug file holds one mapping"))
        return
    try:
        record = DRUG_SCHEMA.load(raw)
    except ValidationError as exc:
        issues.extend(_issues_from(rel, "", exc.messages))
        return
    if record["id"] != path.stem:
        issues.append(KnowledgeIssue(rel, "id", f"'{record['id']}' does not match the file name '{path.stem}'"))
        return
    _store(records, "drugs", record, rel, "", issues)


def _store(records, kind, record, rel, label, issues) -> None:
    record_id = record["id"]
    # Drugs and classes share one namespace: an interaction side may name either.
    namespaces = ("drugs", "classes") if kind in ("drugs", "classes") else (kind,)
    for space in namespaces:
        if record_id in getattr(records, space):
            first = records.sources[(space, record_id)]
            issues.append(KnowledgeIssue(rel, label or "id", f"duplicate id '{record_id}' (first in {first})"))
            return
    getattr(records, kind)[record_id] = record
    records.sources[(kind, record_id)] = rel


def _issues_from(rel: str, label: str, messages: Any, path: str = "") -> list[KnowledgeIssue]:
    """Flatten marshmallow's nested messages into one issue per field path."""
    found: list[KnowledgeIssue] = []
    if isinstance(messages, dict):
        for key, value in messages.items():
            if key == "_schema":
                child = path
            elif isinstance(key, int):
                child = f"{path}[{key}]"
            else:
                child = f"{path}.{key}" if path else str(key)
            found.extend(_issues_from(rel, label, value, child))
    elif isinstance(messages, list) and all(isinstance(m, str) for m in messages):
        location = f"{label}.{path}" if label and path else (label or path)
        found.extend(KnowledgeIssue(rel, location, message.rstrip(".")) for message in messages)
    elif isinstance(messages, list):
        for item in messages:
            found.extend(_issues_from(rel, label, item, path))
    else:
        found.append(KnowledgeIssue(rel, f"{label}.{path}" if label else path, str(messages)))
    return found


def _rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()
