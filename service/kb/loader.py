"""Read a knowledge directory: parse every file, validate every record, collect every error.

A knowledge base with any error raises `KnowledgeError` listing all of them; it never half-loads.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from marshmallow import ValidationError

from service.kb.cache import read_cached, write_cached
from service.kb.crossref import check_cross_references
from service.kb.errors import KnowledgeError, KnowledgeIssue
from service.kb.pk_loader import check_pk_references, load_pk
from service.kb.records import KnowledgeRecords
from service.kb.schemas import DRUG_SCHEMA, LIST_SCHEMAS, META_SCHEMA
from service.kb.yaml_files import list_items, read_yaml

PARALLEL_THRESHOLD = 2000
"""Drug files beyond which parsing and validation are spread over the cores."""


def load_records(directory: str | Path, cache_dir: str | Path | None = None) -> KnowledgeRecords:
    """Return the validated records of a knowledge directory, or raise `KnowledgeError`.

    With `cache_dir`, records already validated for this exact content (and validating code) are
    read from the cache instead, and freshly validated ones are stored there.
    """
    root = Path(directory)
    if not root.is_dir():
        raise KnowledgeError([KnowledgeIssue(str(root), "", "knowledge directory not found")])
    issues: list[KnowledgeIssue] = []
    files = sorted(p for p in root.rglob("*.yaml") if p.is_file())
    meta = _load_meta(root, issues)
    version = knowledge_version(root, files, meta)
    if cache_dir is not None and not issues:
        cached = read_cached(Path(cache_dir), version)
        if cached is not None:
            return cached
    records = KnowledgeRecords(version=version, meta=meta or {})
    for kind, schema in LIST_SCHEMAS.items():
        for path in _files_of(root, kind):
            _load_list(root, path, kind, schema, records, issues)
    for rel, record, found in _read_drugs(root, sorted((root / "drugs").glob("*.yaml"))):
        issues.extend(found)
        if record is None:
            records.invalid.add(Path(rel).stem)
        else:
            _store(records, "drugs", record, rel, "", issues)
    load_pk(root, records, issues, _issues_from)
    issues.extend(check_cross_references(records))
    issues.extend(issue for issue in check_pk_references(records) if issue.unknown_id not in records.invalid)
    if issues:
        raise KnowledgeError(issues)
    if cache_dir is not None:
        write_cached(Path(cache_dir), records)
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


def _load_meta(root: Path, issues: list[KnowledgeIssue]) -> dict[str, Any] | None:
    path = root / "meta.yaml"
    if not path.is_file():
        issues.append(KnowledgeIssue("meta.yaml", "", "missing: the knowledge needs its name and release date"))
        return None
    raw = read_yaml(root, path, issues)
    try:
        return META_SCHEMA.load(raw if isinstance(raw, dict) else {})
    except ValidationError as exc:
        issues.extend(_issues_from(_rel(root, path), "", exc.messages))
        return None


def _load_list(root, path, kind, schema, records, issues) -> None:
    rel = _rel(root, path)
    for index, item in list_items(root, path, issues):
        label = f"[{item['id']}]" if isinstance(item.get("id"), str) else f"[{index}]"
        try:
            record = schema.load(item)
        except ValidationError as exc:
            issues.extend(_issues_from(rel, label, exc.messages))
            if isinstance(item.get("id"), str):
                records.invalid.add(item["id"])
            continue
        if kind == "rejected":
            records.rejected.append(record)
            continue
        _store(records, kind, record, rel, label, issues)


def _read_drugs(root: Path, paths: list[Path]) -> list[tuple[str, dict | None, list[KnowledgeIssue]]]:
    """Parse and validate drug files, on every core when there are many (a large knowledge base)."""
    workers = min(os.cpu_count() or 1, 8)
    if len(paths) < PARALLEL_THRESHOLD or workers < 2:
        return [_read_drug(root, path) for path in paths]
    chunk = -(-len(paths) // (workers * 4))
    batches = [paths[i : i + chunk] for i in range(0, len(paths), chunk)]
    context = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        results = pool.map(_read_drug_batch, [root] * len(batches), batches)
        return [item for batch in results for item in batch]


def _read_drug_batch(root: Path, paths: list[Path]) -> list[tuple[str, dict | None, list[KnowledgeIssue]]]:
    return [_read_drug(root, path) for path in paths]


def _read_drug(root: Path, path: Path) -> tuple[str, dict | None, list[KnowledgeIssue]]:
    rel, issues = _rel(root, path), []
    raw = read_yaml(root, path, issues)
    if raw is None:
        return rel, None, issues
    if not isinstance(raw, dict):
        return rel, None, [KnowledgeIssue(rel, "", "a drug file holds one mapping")]
    try:
        record = DRUG_SCHEMA.load(raw)
    except ValidationError as exc:
        return rel, None, _issues_from(rel, "", exc.messages)
    if record["id"] != path.stem:
        return rel, None, [KnowledgeIssue(rel, "id", f"'{record['id']}' does not match the file name '{path.stem}'")]
    return rel, record, []


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
