"""The check body's shortcut for `{"medications": [...]}` alone: the same result and the same errors as marshmallow."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from marshmallow import Schema, ValidationError, validates_schema

from service.api.schemas import BatchListSchema, CheckRequestSchema

SAME = settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)

items = (
    st.sampled_from(["imatinib", "Nizoral", "", " ", "a\x00b", "x" * 201, "x" * 200, "\ud800", "é"])
    | st.text(max_size=12)
    | st.none()
    | st.integers()
    | st.fixed_dictionaries({"name": st.sampled_from(["imat", "", 3])})
    | st.fixed_dictionaries({"system": st.sampled_from(["rxnorm", "snomed"]), "code": st.sampled_from(["6135", ""])})
)


def marshmallow_load(schema: Schema, body: dict):
    """Return marshmallow's own answer for `body`: ("ok", data) or ("error", messages)."""
    try:
        return "ok", Schema.load(schema, body)
    except ValidationError as error:
        return "error", error.messages


def service_load(schema: Schema, body: dict):
    try:
        return "ok", schema.load(body)
    except ValidationError as error:
        return "error", error.messages


def test_the_shortcut_answers_as_marshmallow_does(make_app):
    app = make_app(MAX_MEDICATIONS=4)  # short lists reach the limit too
    schema = CheckRequestSchema()

    @SAME
    @given(medications=st.lists(items, max_size=6))
    def same(medications):
        body = {"medications": medications}
        assert service_load(schema, body) == marshmallow_load(schema, body)

    with app.app_context():
        same()


def test_the_usual_body_gets_every_default(app):
    with app.app_context():
        assert CheckRequestSchema().load({"medications": ["imatinib", {"name": "keto"}]}) == {
            "medications": ["imatinib", {"name": "keto"}],
            "min_severity": "minor",
            "alternatives": True,
            "compact": False,
        }


def test_no_shortcut_where_the_body_needs_more_than_its_list(app):
    class WithRule(CheckRequestSchema):
        @validates_schema
        def _never(self, data, **kwargs):
            raise ValidationError("refused")

    assert CheckRequestSchema()._usual_body_alone
    assert not BatchListSchema()._usual_body_alone  # a list of a batch needs its id
    assert not WithRule()._usual_body_alone  # a rule of the whole body must run
    with app.app_context(), pytest.raises(ValidationError, match="refused"):
        WithRule().load({"medications": ["imatinib"]})
    with app.app_context(), pytest.raises(ValidationError) as error:
        BatchListSchema().load({"medications": ["imatinib"]})
    assert error.value.messages == {"id": ["Missing data for required field."]}
