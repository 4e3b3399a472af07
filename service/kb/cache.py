"""A cache of validated records, so a large knowledge base is parsed and validated once per content.

Parsing and validating 10 000 YAML files takes seconds; reading one JSON file of the same records
takes a fraction of that. An entry is named by the knowledge version (a hash of every file) and by
a hash of the code that validates it, so an edited file or a changed rule always means a full,
fresh validation. Only records that passed validation are ever written. JSON, not pickle: the
cache directory must never be a way to run code.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from service.kb.records import KnowledgeRecords

_TABLES = (
    "drugs",
    "enzymes",
    "classes",
    "effects",
    "conditions",
    "interactions",
    "compatibility",
    "products",
    "references",
    "retired",
    "pk",
)


def _code_fingerprint() -> str:
    """Return a hash of the modules whose rules decide what is valid."""
    digest = hashlib.sha256()
    here = Path(__file__).parent
    for name in (
        "schemas.py",
        "schema_fields.py",
        "drug_schema.py",
        "compatibility_schema.py",
        "pk_schema.py",
        "pk_loader.py",
        "infusion.py",
        "crossref.py",
        "loader.py",
        "yaml_files.py",
        "vocabulary.py",
        "identifiers.py",
        "records.py",
        "cache.py",
    ):
        digest.update((here / name).read_bytes())
    return digest.hexdigest()[:12]


def cache_path(cache_dir: Path, version: str) -> Path:
    """Return the file that holds (or will hold) the records of one knowledge version."""
    return cache_dir / f"records-{version.replace('+', '-')}-{_code_fingerprint()}.json"


def _encode(value: Any) -> Any:
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if isinstance(value, set):
        return sorted(value)
    raise TypeError(f"cannot cache {type(value).__name__}")


def _decode(obj: dict[str, Any]) -> Any:
    if len(obj) == 1 and "$date" in obj:
        return dt.date.fromisoformat(obj["$date"])
    return obj


def read_cached(cache_dir: Path, version: str) -> KnowledgeRecords | None:
    """Return the cached records of `version`, or None when there are none (or they are unreadable)."""
    path = cache_path(cache_dir, version)
    try:
        data = json.loads(path.read_text(encoding="utf-8"), object_hook=_decode)
    except (OSError, ValueError):
        return None
    if data.get("version") != version:
        return None
    records = KnowledgeRecords(version=version, meta=data["meta"], rejected=data["rejected"])
    for table in _TABLES:
        setattr(records, table, data["tables"][table])
    records.sources = {(kind, record_id): file for kind, record_id, file in data["sources"]}
    return records


def write_cached(cache_dir: Path, records: KnowledgeRecords) -> None:
    """Store validated records atomically; a cache that cannot be written is simply skipped."""
    data = {
        "version": records.version,
        "meta": records.meta,
        "rejected": records.rejected,
        "tables": {table: getattr(records, table) for table in _TABLES},
        "sources": [[kind, record_id, file] for (kind, record_id), file in records.sources.items()],
    }
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=cache_dir, suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(data, out, default=_encode, ensure_ascii=False, separators=(",", ":"))
        os.replace(temporary, cache_path(cache_dir, records.version))
    except OSError:
        return
