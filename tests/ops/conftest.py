"""Fixtures: apps on the fixture knowledge with their own feedback store (as the CDS Hooks tests make them)."""

from __future__ import annotations

import pytest

from tests.cdshooks.conftest import make_app  # noqa: F401 - a fixture, used by name


@pytest.fixture
def client(make_app):  # noqa: F811 - the fixture above, by name
    return make_app().test_client()
