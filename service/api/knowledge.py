"""`/v1/knowledge`: which knowledge answers, what it covers and where it has gaps."""

from __future__ import annotations

from flask import Blueprint, Response

from service.api.responses import json_response, knowledge
from service.kb.catalogue import knowledge_stats

bp = Blueprint("knowledge", __name__, url_prefix="/v1/knowledge")


@bp.get("")
def stats() -> Response:
    return json_response(knowledge_stats(knowledge()))
