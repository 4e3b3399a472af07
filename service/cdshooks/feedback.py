"""Validate a CDS Hooks feedback body: which cards were accepted or overridden, and why.

Unknown members are ignored rather than refused: clients add `extension` and vendor fields, and
losing a whole batch of feedback over one of them would help no one.
"""

from __future__ import annotations

from typing import Any

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate, validates_schema

from service.api.problems import Problem
from service.api.schemas import Text, flatten_errors

MAX_ITEMS = 500


class LenientSchema(Schema):
    class Meta:
        unknown = EXCLUDE


class CodingSchema(LenientSchema):
    system = Text()
    code = Text(required=True)
    display = Text()


class OverrideReasonSchema(LenientSchema):
    reason = fields.Nested(CodingSchema)
    userComment = fields.String(validate=validate.Length(max=2000))


class AcceptedSuggestionSchema(LenientSchema):
    id = Text(required=True)


class FeedbackItemSchema(LenientSchema):
    """One feedback entry; field names are the specification's camelCase."""

    card = Text(required=True)
    outcome = fields.String(required=True, validate=validate.OneOf(["accepted", "overridden"]))
    acceptedSuggestions = fields.List(fields.Nested(AcceptedSuggestionSchema))
    overrideReason = fields.Nested(OverrideReasonSchema)
    outcomeTimestamp = Text(required=True)

    @validates_schema
    def _accepted_names_suggestions(self, data: dict[str, Any], **kwargs: Any) -> None:
        if data.get("outcome") == "accepted" and not data.get("acceptedSuggestions"):
            raise ValidationError("Required for an accepted outcome.", "acceptedSuggestions")


class FeedbackSchema(LenientSchema):
    feedback = fields.List(
        fields.Nested(FeedbackItemSchema), required=True, validate=validate.Length(min=1, max=MAX_ITEMS)
    )


feedback_schema = FeedbackSchema()


def load_feedback(body: Any) -> list[dict[str, Any]]:
    """Return the feedback items, or raise a 422 problem pointing at every bad field."""
    if isinstance(body, dict):
        try:
            return feedback_schema.load(body)["feedback"]
        except ValidationError as exc:
            errors = [
                {"pointer": "#/" + "/".join(path), "detail": message} for path, message in flatten_errors(exc.messages)
            ]
    else:
        errors = [{"pointer": "#", "detail": "The request body must be a JSON object."}]
    more = f" (and {len(errors) - 1} more in errors)" if len(errors) > 1 else ""
    raise Problem(422, "invalid-fields", f"{errors[0]['pointer']}: {errors[0]['detail']}{more}", errors=errors)
