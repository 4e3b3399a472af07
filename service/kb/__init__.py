"""Knowledge: read and validate the curated files, build the graph, its indices and the name index."""

from service.kb.errors import KnowledgeError, KnowledgeIssue
from service.kb.knowledge import Knowledge, build_knowledge, load_knowledge

__all__ = ["Knowledge", "KnowledgeError", "KnowledgeIssue", "build_knowledge", "load_knowledge"]
