"""marshmallow schemas for every knowledge file: the shape of each record, checked field by field.

Field types live in `schema_fields`, the drug record in `drug_schema`, IV observations in
`compatibility_schema`; cross-record rules (ids that must resolve, names claimed twice) in `crossref`.
"""

from __future__ import annotations

import re

from marshmallow import Schema, ValidationError, fields, validate, validates, validates_schema

from service.kb import vocabulary as v
from service.kb.compatibility_schema import CompatibilitySchema
from service.kb.drug_schema import DrugEffectSchema, DrugSchema, NameSchema, RoleSchema
from service.kb.schema_fields import DatedSchema, Id, Refs, StrictSchema, Text, YamlDate


class EnzymeSchema(DatedSchema):
    id = Id(required=True)
    name = Text(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(v.ENZYME_KINDS))
    family = Id()
    synonyms = fields.List(Text(), load_default=list)
    note = Text()
    refs = Refs()


class ClassSchema(DatedSchema):
    id = Id(required=True)
    name = Text(required=True)
    description = Text()
    enzymes = fields.List(fields.Nested(RoleSchema), load_default=list)
    effects = fields.List(fields.Nested(DrugEffectSchema), load_default=list)
    note = Text()
    refs = Refs()


class SeverityPolicySchema(StrictSchema):
    high = fields.String(validate=validate.OneOf(v.SEVERITIES))
    moderate = fields.String(validate=validate.OneOf(v.SEVERITIES))
    low = fields.String(validate=validate.OneOf(v.SEVERITIES))


class EffectPairingSchema(StrictSchema):
    """Another effect this one acts with: one drug causing each is a finding (an agonist and its antagonist)."""

    effect = Id(required=True)
    severity = fields.Nested(SeverityPolicySchema, required=True)
    summary = Text(required=True)
    management = Text(required=True)
    refs = Refs()


class EffectSchema(DatedSchema):
    id = Id(required=True)
    name = Text(required=True)
    summary = Text(required=True)
    management = Text(required=True)
    severity = fields.Nested(SeverityPolicySchema, required=True)
    pairs_with = fields.List(fields.Nested(EffectPairingSchema), load_default=list)
    note = Text()
    refs = Refs()


CONDITION_CODE_PATTERNS = {
    "snomed": (re.compile(r"^\d{6,18}$"), "a SNOMED CT concept id is 6 to 18 digits"),
    "icd10": (re.compile(r"^[A-Z]\d{2}(\.[0-9A-Z]{1,4})?$"), "an ICD-10 code looks like K92.2"),
}


class ConditionCodeSchema(StrictSchema):
    system = fields.String(required=True, validate=validate.OneOf(v.CONDITION_CODE_SYSTEMS))
    code = fields.String(required=True)
    display = Text(required=True)

    @validates_schema
    def code_fits_system(self, data, **kwargs):
        pattern, message = CONDITION_CODE_PATTERNS.get(data.get("system"), (None, ""))
        if pattern is not None and not pattern.match(str(data.get("code", ""))):
            raise ValidationError(f"'{data.get('code')}' does not fit: {message}", "code")


class ConditionSchema(DatedSchema):
    id = Id(required=True)
    name = Text(required=True)
    synonyms = fields.List(Text(), load_default=list)
    codes = fields.List(fields.Nested(ConditionCodeSchema), load_default=list)
    note = Text()
    refs = Refs()


_ID_RE = re.compile(v.ID_PATTERN)


class Side(fields.Field):
    """One side of an interaction: an id or a non-empty list of ids."""

    def _deserialize(self, value, attr, data, **kwargs):
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not items or not all(isinstance(i, str) for i in items):
            raise ValidationError("must be an id or a non-empty list of ids")
        bad = [i for i in items if not _ID_RE.match(i)]
        if bad:
            raise ValidationError(f"not a kebab-case id: {', '.join(bad)}")
        return items


class MechanismSchema(StrictSchema):
    type = fields.String(required=True, validate=validate.OneOf(v.MECHANISM_TYPES))
    enzyme = Id()
    effect = Id()
    direction = fields.String(validate=validate.OneOf(v.DIRECTIONS))
    note = Text()

    @validates_schema
    def enzyme_when_needed(self, data, **kwargs):
        kind = data.get("type", "")
        if kind.startswith(("enzyme-", "transporter-")) and "enzyme" not in data:
            raise ValidationError(f"a {kind} mechanism names its enzyme", "enzyme")
        if kind == "additive-effect" and "effect" not in data:
            raise ValidationError("an additive-effect mechanism names its effect", "effect")


class InteractionSchema(DatedSchema):
    id = Id(required=True)
    perpetrator = Side()
    victim = Side()
    between = fields.List(Side(), validate=validate.Length(equal=2, error="must hold exactly two sides"))
    severity = fields.String(required=True, validate=validate.OneOf(v.SEVERITIES))
    evidence = fields.String(required=True, validate=validate.OneOf(v.EVIDENCE_LEVELS))
    mechanism = fields.Nested(MechanismSchema, required=True)
    figures = Text()
    summary = Text(required=True)
    management = Text(required=True)
    note = Text()
    refs = Refs()

    @validates_schema
    def directional_or_between(self, data, **kwargs):
        directional = "perpetrator" in data or "victim" in data
        if directional and "between" in data:
            raise ValidationError("give either perpetrator and victim, or between, not both", "between")
        if directional and not ("perpetrator" in data and "victim" in data):
            raise ValidationError("a directional interaction needs both perpetrator and victim", "victim")
        if not directional and "between" not in data:
            raise ValidationError("give perpetrator and victim, or between", "between")


class ReferenceSchema(StrictSchema):
    id = Id(required=True)
    type = fields.String(required=True, validate=validate.OneOf(v.REFERENCE_TYPES))
    authors = fields.List(Text(), load_default=list)
    title = Text(required=True)
    journal = Text()
    publisher = Text()
    year = fields.Integer(required=True, validate=validate.Range(min=1800, max=2100))
    volume = fields.String()
    issue = fields.String()
    pages = fields.String()
    pmid = fields.String(validate=validate.Regexp(r"^\d{1,9}$"))
    doi = Text()
    url = fields.Url()
    accessed = YamlDate()
    note = Text()
    added = YamlDate()
    changed = YamlDate()

    @validates("volume", "issue", "pages")
    def textual(self, value, **kwargs):
        if not str(value).strip():
            raise ValidationError("must not be empty")

    @validates_schema
    def article_fields(self, data, **kwargs):
        if data.get("type") == "article":
            missing = [f for f in ("authors", "journal") if not data.get(f)]
            if missing:
                raise ValidationError(f"an article needs {', '.join(missing)}", missing[0])


class MetaSchema(StrictSchema):
    name = Text(required=True)
    released = YamlDate(required=True)
    licence = Text(required=True)
    description = Text()


class RetiredSchema(StrictSchema):
    id = Id(required=True)
    retired = YamlDate(required=True)
    reason = Text(required=True)
    replaced_by = Id()


class RejectedSchema(StrictSchema):
    claim = Text(required=True)
    reason = Text(required=True)
    refs = Refs()
    added = YamlDate()


# Defined apart, on the fields above; imported here so the loader sees every list kind in one table.


class ProductSchema(DatedSchema):
    """A combination product: one name that stands for several ingredients, each checked in full."""

    id = Id(required=True)
    name = Text(required=True)
    names = fields.List(fields.Nested(NameSchema), load_default=list)
    ingredients = fields.List(
        Id(), required=True, validate=validate.Length(min=2, error="a combination has two or more ingredients")
    )
    infused_as = Id()
    """The ingredient under which IV compatibility observations of the product are recorded."""
    note = Text()
    refs = Refs()

    @validates_schema
    def infused_as_an_ingredient(self, data, **kwargs):
        if "infused_as" in data and data["infused_as"] not in data.get("ingredients", []):
            raise ValidationError("must be one of the ingredients", "infused_as")

    @validates("ingredients")
    def distinct_ingredients(self, value, **kwargs):
        if len(set(value)) != len(value):
            raise ValidationError("an ingredient is listed twice")


LIST_SCHEMAS: dict[str, Schema] = {
    "enzymes": EnzymeSchema(),
    "classes": ClassSchema(),
    "effects": EffectSchema(),
    "conditions": ConditionSchema(),
    "interactions": InteractionSchema(),
    "compatibility": CompatibilitySchema(),
    "products": ProductSchema(),
    "references": ReferenceSchema(),
    "retired": RetiredSchema(),
    "rejected": RejectedSchema(),
}
"""Each list kind of the knowledge and the schema of one of its records."""

DRUG_SCHEMA = DrugSchema()
META_SCHEMA = MetaSchema()
