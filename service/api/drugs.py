"""`/v1/drugs`: search drugs by any name or code, and show one drug's whole record."""

from __future__ import annotations

from flask import Blueprint, Response

from service.api.inputs import load_query
from service.api.responses import json_response, knowledge, with_version
from service.api.schemas import DrugSearchQuerySchema
from service.kb.catalogue import drug_view, search_drugs

bp = Blueprint("drugs", __name__, url_prefix="/v1/drugs")
search_query = DrugSearchQuerySchema()


@bp.get("")
def search() -> Response:
    query = load_query(search_query)
    results = search_drugs(knowledge(), query["q"], query["limit"])
    return json_response(with_version({"query": query["q"], "results": results}))


@bp.get("/<drug_id>")
def show(drug_id: str) -> Response:
    return json_response(with_version(drug_view(knowledge(), drug_id)))
