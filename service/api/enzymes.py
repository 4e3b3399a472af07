"""`/v1/enzymes`: the enzymes and transporters, and each one's substrates, inhibitors and inducers."""

from __future__ import annotations

from flask import Blueprint, Response

from service.api.responses import json_response, knowledge, with_version
from service.kb.catalogue import enzyme_view

bp = Blueprint("enzymes", __name__, url_prefix="/v1/enzymes")


@bp.get("")
def index() -> Response:
    enzymes = [
        {"id": enzyme_id, "name": record["name"], "kind": record["kind"]}
        for enzyme_id, record in sorted(knowledge().records.enzymes.items())
    ]
    return json_response(with_version({"enzymes": enzymes}))


@bp.get("/<enzyme_id>")
def show(enzyme_id: str) -> Response:
    return json_response(with_version(enzyme_view(knowledge(), enzyme_id)))
