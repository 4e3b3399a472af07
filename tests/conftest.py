"""Shared fixtures: the tiny fixture knowledge, the bundled knowledge, and a scratch copy to break."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from service import DEFAULT_KNOWLEDGE_DIR
from service.kb import Knowledge, load_knowledge

FIXTURE_KNOWLEDGE = Path(__file__).parent / "fixtures" / "knowledge"
FIXTURE_PK = Path(__file__).parent / "fixtures" / "pk"
SHARED_DIR = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="session")
def fixture_kb() -> Knowledge:
    """The small, hand-checked knowledge that unit tests assert exact answers against."""
    return load_knowledge(FIXTURE_KNOWLEDGE)


@pytest.fixture(scope="session")
def bundled_kb() -> Knowledge:
    """The knowledge the service ships with."""
    return load_knowledge(DEFAULT_KNOWLEDGE_DIR)


@pytest.fixture
def knowledge_copy(tmp_path: Path) -> Path:
    """A writable copy of the fixture knowledge, for tests that break it on purpose."""
    target = tmp_path / "knowledge"
    shutil.copytree(FIXTURE_KNOWLEDGE, target)
    return target


@pytest.fixture(scope="session")
def pk_knowledge_dir(tmp_path_factory) -> Path:
    """The fixture knowledge with hand-checkable contribution and perpetrator ratios and studies (`fixtures/pk`)."""
    target = tmp_path_factory.mktemp("pk") / "knowledge"
    shutil.copytree(FIXTURE_KNOWLEDGE, target)
    shutil.copytree(FIXTURE_PK, target / "pk")
    return target


@pytest.fixture(scope="session")
def pk_kb(pk_knowledge_dir: Path) -> Knowledge:
    """The fixture knowledge with its quantitative files."""
    return load_knowledge(pk_knowledge_dir)
