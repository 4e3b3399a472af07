"""Field types and base schemas shared by every knowledge schema: ids, texts, references, dates, CAS numbers."""

from __future__ import annotations

import datetime as dt

from marshmallow import RAISE, Schema, ValidationError, fields, validate

from service.kb import vocabulary as v
from service.kb.identifiers import cas_check_digit_ok


def Id(**kwargs) -> fields.String:
    """A lowercase kebab-case id field."""
    return fields.String(validate=validate.Regexp(v.ID_PATTERN, error="must be a lowercase kebab-case id"), **kwargs)


def Text(**kwargs) -> fields.String:
    """A non-empty text field of reasonable length."""
    return fields.String(validate=validate.Length(min=1, max=4000), **kwargs)


def Refs() -> fields.List:
    """The reference ids every fact must carry: at least one."""
    return fields.List(
        Id(), required=True, validate=validate.Length(min=1, error="every fact needs at least one reference")
    )


class CasNumber(fields.String):
    """A CAS registry number whose check digit is right."""

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        if not cas_check_digit_ok(text):
            raise ValidationError(f"'{text}' is not a valid CAS number (format or check digit)")
        return text


class YamlDate(fields.Date):
    """A date that YAML may already have parsed into a `datetime.date`."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, dt.date):
            return value
        return super()._deserialize(value, attr, data, **kwargs)


class StrictSchema(Schema):
    """Base schema: unknown fields are errors, so a misspelt field never passes silently."""

    class Meta:
        unknown = RAISE


class DatedSchema(StrictSchema):
    added = YamlDate(required=True)
    changed = YamlDate()


def SeverityBy(keys: tuple[str, ...]) -> fields.Dict:
    """A map from a partner's grade (strength or effect level) to the severity a label gives the pair."""
    return fields.Dict(
        keys=fields.String(validate=validate.OneOf(keys)),
        values=fields.String(validate=validate.OneOf(v.SEVERITIES)),
        validate=validate.Length(min=1, error="name at least one grade"),
    )
