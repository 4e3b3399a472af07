"""The validated-records cache: same answer as a full load, and never a way around validation."""

from __future__ import annotations

import pytest
import yaml

from service.kb import KnowledgeError
from service.kb.cache import cache_path
from service.kb.loader import load_records


def test_a_cached_load_gives_the_same_records(knowledge_copy, tmp_path):
    cache = tmp_path / "cache"
    fresh = load_records(knowledge_copy, cache)
    assert cache_path(cache, fresh.version).is_file()
    cached = load_records(knowledge_copy, cache)
    assert cached is not fresh
    assert cached.drugs == fresh.drugs
    assert cached.interactions == fresh.interactions
    assert cached.sources == fresh.sources
    assert cached.meta == fresh.meta and cached.version == fresh.version


def test_an_edited_file_is_validated_afresh_not_read_from_the_cache(knowledge_copy, tmp_path):
    cache = tmp_path / "cache"
    load_records(knowledge_copy, cache)
    path = knowledge_copy / "drugs" / "imat.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["enzymes"][0]["strength"] = "huge"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(KnowledgeError):
        load_records(knowledge_copy, cache)


def test_an_unreadable_cache_entry_is_ignored(knowledge_copy, tmp_path):
    cache = tmp_path / "cache"
    version = load_records(knowledge_copy, cache).version
    cache_path(cache, version).write_text("{not json", encoding="utf-8")
    assert load_records(knowledge_copy, cache).version == version


def test_an_unwritable_cache_does_not_stop_loading(knowledge_copy, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    assert load_records(knowledge_copy, blocker / "cache").drugs
