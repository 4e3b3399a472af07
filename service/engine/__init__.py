"""Inference over the knowledge graph: resolution, findings, severity and explanations."""

from service.engine.check import check_medications, find_interactions, find_precautions
from service.engine.resolve import resolve_medications

__all__ = ["check_medications", "find_interactions", "find_precautions", "resolve_medications"]
