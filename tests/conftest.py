"""Shared fixtures: the tiny fixture knowledge, the bundled knowledge, and a scratch copy to break."""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from service import DEFAULT_KNOWLEDGE_DIR
from service.kb import Knowledge, load_knowledge
from tests.storage.pgcluster import ThrowawayCluster, started_cluster

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


_database_names = itertools.count()


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[ThrowawayCluster]:
    """A real PostgreSQL server for the session (initdb in a temporary folder); skipped, saying why, if none starts."""
    with started_cluster(pytest.skip) as cluster:
        yield cluster


@pytest.fixture
def pg_url(pg_cluster: ThrowawayCluster) -> str:
    """The URL of a new, empty database on the session's server."""
    return pg_cluster.create_database(f"ddi_test_{next(_database_names)}")


EXTRA_DRUGS = Path(__file__).parent / "fixtures" / "knowledge-extra" / "drugs"


@pytest.fixture(scope="session")
def extended_knowledge_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture knowledge plus the records of `fixtures/knowledge-extra` (statins, macrolides, a label rule)."""
    target = tmp_path_factory.mktemp("extended") / "knowledge"
    shutil.copytree(FIXTURE_KNOWLEDGE, target)
    for record in EXTRA_DRUGS.glob("*.yaml"):
        shutil.copy(record, target / "drugs" / record.name)
    return target


@pytest.fixture(scope="session")
def pk_knowledge_dir(tmp_path_factory) -> Path:
    """The fixture knowledge with hand-checkable contribution and perpetrator ratios and studies (`fixtures/pk`)."""
    target = tmp_path_factory.mktemp("pk") / "knowledge"
    shutil.copytree(FIXTURE_KNOWLEDGE, target)
    shutil.copytree(FIXTURE_PK, target / "pk")
    return target


@pytest.fixture(scope="session")
def extended_kb(extended_knowledge_dir: Path) -> Knowledge:
    return load_knowledge(extended_knowledge_dir)


@pytest.fixture(scope="session")
def pk_kb(pk_knowledge_dir: Path) -> Knowledge:
    """The fixture knowledge with its quantitative files."""
    return load_knowledge(pk_knowledge_dir)
