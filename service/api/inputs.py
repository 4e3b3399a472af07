"""Validate a request's body or query against its schema; a failure becomes one 422 listing every field."""

from __future__ import annotations

from typing import Any

from flask import request
from marshmallow import Schema, ValidationError

from service.api.jsonbody import read_json_body
from service.api.problems import Problem
from service.api.schemas import flatten_errors


def load_body(schema: Schema) -> dict[str, Any]:
    """Return the validated JSON body; errors point into it with JSON Pointers (`#/medications/0`)."""
    body = read_json_body(request)
    if not isinstance(body, dict):
        raise _invalid([{"pointer": "#", "detail": "The request body must be a JSON object."}])
    try:
        return schema.load(body)
    except ValidationError as exc:
        raise _invalid(
            [{"pointer": "#/" + "/".join(path), "detail": message} for path, message in flatten_errors(exc.messages)]
        ) from None


def load_query(schema: Schema) -> dict[str, Any]:
    """Return the validated query parameters; each error names its `parameter`."""
    args: dict[str, str] = {}
    errors = []
    for name, values in request.args.lists():
        if len(values) > 1:
            errors.append({"parameter": name, "detail": "Given more than once; give it once."})
        args[name] = values[0]
    if not errors:
        try:
            return schema.load(args)
        except ValidationError as exc:
            errors = [_query_error(path, message) for path, message in flatten_errors(exc.messages)]
    raise _invalid(errors)


def _query_error(path: tuple[str, ...], message: str) -> dict[str, str]:
    if len(path) > 1:  # an item of a comma-separated list: say which one
        return {"parameter": path[0], "detail": f"Item {int(path[1]) + 1}: {message}"}
    return {"parameter": path[0] if path else "", "detail": message}


def _invalid(errors: list[dict[str, str]]) -> Problem:
    """Return the 422 problem; its detail quotes the first error so a curl user sees it at once."""
    first = errors[0]
    where = first.get("pointer") or first.get("parameter")
    more = f" (and {len(errors) - 1} more in errors)" if len(errors) > 1 else ""
    return Problem(422, "invalid-fields", f"{where}: {first['detail']}{more}", errors=errors)
