"""Drug-interaction checking service: knowledge graph, inference engine and HTTP API."""

from __future__ import annotations

from pathlib import Path

DEFAULT_KNOWLEDGE_DIR = Path(__file__).resolve().parent.parent / "knowledge"
"""The bundled knowledge, used when no other directory is configured."""


def create_app(config=None):
    """Return the Flask application (see `service.app`)."""
    from service.app import create_app as factory

    return factory(config)
