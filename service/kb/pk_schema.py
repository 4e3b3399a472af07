"""marshmallow schemas for the quantitative pharmacokinetic files in `knowledge/pk/`.

Contribution ratios (CR) of victims, inhibition (IR) and induction (IC) ratios of perpetrators,
and the published clinical studies they are judged against. Each file is a list; which schema
reads it follows from the file's name. Ranges: 0 <= CR <= 1, 0 <= IR <= 1, IC >= 0, and every
interval holds its best estimate (low <= value <= high).
"""

from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from service.kb.schema_fields import Id, Refs, StrictSchema, Text

_UNIT = validate.Range(min=0, max=1, error="must be between 0 and 1")
_NON_NEGATIVE = validate.Range(min=0, error="must be 0 or more")


def _check_interval(data: dict, key: str) -> None:
    """Raise when the interval around `data[key]` does not hold it."""
    value = data.get(key)
    low, high = data.get("low"), data.get("high")
    if value is None:
        return
    if low is not None and low > value:
        raise ValidationError(f"low ({low}) is above {key} ({value})", "low")
    if high is not None and high < value:
        raise ValidationError(f"high ({high}) is below {key} ({value})", "high")


class IndexSubstrateSchema(StrictSchema):
    """A victim whose CR is fixed by convention (midazolam for CYP3A4), the anchor of every IR."""

    drug = Id(required=True)
    enzyme = Id(required=True)
    cr = fields.Float(required=True, validate=_UNIT)
    low = fields.Float(validate=_UNIT)
    high = fields.Float(validate=_UNIT)
    fitted_from = fields.List(Id(), load_default=list)
    refs = Refs()
    note = Text()

    @validates_schema
    def interval_holds_value(self, data, **kwargs):
        _check_interval(data, "cr")


class ContributionRatioSchema(IndexSubstrateSchema):
    """The fraction of a victim's oral clearance one enzyme or transporter removes."""

    basis = fields.String(required=True, validate=validate.OneOf(("inhibitor-study", "poor-metaboliser", "fm")))


class PerpetratorRatioSchema(StrictSchema):
    """How far a perpetrator inhibits (IR) or induces (IC) one pathway at a stated dose."""

    drug = Id(required=True)
    enzyme = Id(required=True)
    effect = fields.String(required=True, validate=validate.OneOf(("inhibition", "induction")))
    ir = fields.Float(validate=_UNIT)
    ic = fields.Float(validate=_NON_NEGATIVE)
    low = fields.Float(validate=_NON_NEGATIVE)
    high = fields.Float(validate=_NON_NEGATIVE)
    dose = Text()
    fitted_from = fields.List(Id(), load_default=list)
    refs = Refs()
    note = Text()

    @validates_schema
    def ratio_fits_effect(self, data, **kwargs):
        key = "ir" if data.get("effect") == "inhibition" else "ic"
        other = "ic" if key == "ir" else "ir"
        if key not in data:
            raise ValidationError(f"{data.get('effect')} needs {key}", key)
        if other in data:
            raise ValidationError(f"{data.get('effect')} gives {key}, not {other}", other)
        if key == "ir":
            for bound in ("low", "high"):
                if data.get(bound, 0) > 1:
                    raise ValidationError("must be between 0 and 1", bound)
        _check_interval(data, key)


class StudySchema(StrictSchema):
    """One published clinical DDI study: the victim's AUC ratio with the perpetrator."""

    id = Id(required=True)
    victim = Id(required=True)
    perpetrator = Id(required=True)
    victim_dose = Text()
    perpetrator_dose = Text()
    auc_ratio = fields.Float(required=True, validate=validate.Range(min=0, min_inclusive=False))
    measured = Text()
    subjects = fields.Integer(validate=validate.Range(min=1))
    design = Text()
    refs = Refs()
    note = Text()


PK_SCHEMAS: dict[str, Schema] = {
    "index-substrates": IndexSubstrateSchema(),
    "contribution-ratios": ContributionRatioSchema(),
    "perpetrator-ratios": PerpetratorRatioSchema(),
    "studies": StudySchema(),
}
"""Each file of `knowledge/pk/` (by stem; a topic split `studies-*.yaml` reads as `studies`) and its schema."""


def pk_kind(stem: str) -> str | None:
    """Return the kind of a `knowledge/pk/` file from its name, or None when the name is unknown.

    >>> pk_kind("studies"), pk_kind("studies-statins"), pk_kind("notes")
    ('studies', 'studies', None)
    """
    for kind in PK_SCHEMAS:
        if stem == kind or stem.startswith(kind + "-"):
            return kind
    return None
