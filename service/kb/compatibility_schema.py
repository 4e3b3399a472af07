"""The shape of an IV compatibility observation: what was mixed, under which conditions, what was seen.

A record keeps the conditions of the study it reports (concentrations, diluents, containers,
contact time, temperature), because a result only holds under them: vancomycin and a beta-lactam
that stay clear at low concentration precipitate at high. A `conditional` result states the
`limits` within which the mixture was compatible, so a caller's own conditions can be checked.
"""

from __future__ import annotations

from marshmallow import ValidationError, fields, validate, validates_schema

from service.kb import infusion as iv
from service.kb import vocabulary as v
from service.kb.schema_fields import DatedSchema, Id, Refs, StrictSchema, Text


class LimitSchema(StrictSchema):
    """A concentration window of one drug, in one unit."""

    min = fields.Float(validate=validate.Range(min=0))
    max = fields.Float(validate=validate.Range(min=0, min_inclusive=False))
    unit = fields.String(required=True, validate=validate.OneOf(iv.CONCENTRATION_UNITS))

    @validates_schema
    def bounded(self, data, **kwargs):
        if "min" not in data and "max" not in data:
            raise ValidationError("give min, max or both")
        if data.get("min", 0) > data.get("max", float("inf")):
            raise ValidationError("min is above max", "min")


class LimitsSchema(StrictSchema):
    """When a conditional result holds: concentrations within bounds, one of the diluents, a contact time."""

    concentrations = fields.Dict(keys=Id(), values=fields.Nested(LimitSchema))
    diluents = fields.List(fields.String(validate=validate.OneOf(iv.DILUENT_IDS)), validate=validate.Length(min=1))
    max_contact_hours = fields.Float(validate=validate.Range(min=0, min_inclusive=False))

    @validates_schema
    def not_empty(self, data, **kwargs):
        if not data:
            raise ValidationError("name at least one limit")


class CompatibilitySchema(DatedSchema):
    id = Id(required=True)
    type = fields.String(required=True, validate=validate.OneOf(iv.COMPATIBILITY_TYPES))
    drugs = fields.List(Id(), required=True, validate=validate.Length(min=1, max=2))
    result = fields.String(required=True, validate=validate.OneOf(iv.COMPATIBILITY_RESULTS))
    diluents = fields.List(fields.String(validate=validate.OneOf(iv.DILUENT_IDS)))
    containers = fields.List(fields.String(validate=validate.OneOf(iv.CONTAINER_IDS)))
    detail = Text()
    concentrations = fields.Dict(keys=Id(), values=Text())
    forms = fields.Dict(keys=Id(), values=Text())
    contact_time = Text()
    temperature = Text()
    limits = fields.Nested(LimitsSchema)
    seen = fields.List(fields.String(validate=validate.OneOf(iv.OBSERVED_CHANGES)))
    visible = fields.Boolean()
    observation = Text(required=True)
    severity = fields.String(validate=validate.OneOf(v.SEVERITIES))
    management = Text()
    note = Text()
    refs = Refs()

    @validates_schema
    def consistent(self, data, **kwargs):
        kind, count = data.get("type"), len(data.get("drugs", []))
        if kind in iv.MIXTURE_TYPES and count != 2:
            raise ValidationError(f"a {kind} observation names two drugs", "drugs")
        if kind in ("diluent", "container") and count != 1:
            raise ValidationError(f"a {kind} observation names one drug", "drugs")
        if count == 2 and data["drugs"][0] == data["drugs"][1]:
            raise ValidationError("a drug cannot be mixed with itself", "drugs")
        if kind == "diluent" and not data.get("diluents"):
            raise ValidationError("a diluent observation names its diluent(s)", "diluents")
        if kind == "container" and not data.get("containers"):
            raise ValidationError("a container observation names its container(s)", "containers")
        if data.get("result") != "compatible" and count == 2 and "severity" not in data:
            raise ValidationError(f"an {data.get('result')} mixture needs a severity", "severity")
        if (data.get("result") == "conditional") != ("limits" in data):
            raise ValidationError("a conditional result, and only one, states its limits", "limits")
        for drug_id in data.get("limits", {}).get("concentrations", {}):
            if drug_id not in data.get("drugs", []):
                raise ValidationError(f"names '{drug_id}', not in this observation", "limits")
