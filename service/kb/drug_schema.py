"""The shape of a drug record: names, salts, codes, enzyme roles, effects, label rules and label review."""

from __future__ import annotations

from marshmallow import ValidationError, fields, validate, validates_schema

from service.kb import vocabulary as v
from service.kb.identifiers import ATC_PATTERN
from service.kb.schema_fields import (
    CasNumber,
    DatedSchema,
    Id,
    Refs,
    SeverityBy,
    StrictSchema,
    Text,
    YamlDate,
)


class NameSchema(StrictSchema):
    name = Text(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(v.NAME_KINDS))
    salt = Text()
    countries = fields.List(Text())
    lang = fields.String(validate=validate.Length(min=2, max=8))
    script = Text()


class BaseEquivalenceSchema(StrictSchema):
    salt_mg = fields.Float(required=True, validate=validate.Range(min=0, min_inclusive=False))
    base_mg = fields.Float(required=True, validate=validate.Range(min=0, min_inclusive=False))


class SaltSchema(StrictSchema):
    name = Text(required=True)
    cas = CasNumber()
    formula = Text()
    molecular_weight = fields.Float(validate=validate.Range(min=0, min_inclusive=False))
    base_equivalence = fields.Nested(BaseEquivalenceSchema)
    refs = Refs()


class AtcSchema(StrictSchema):
    code = fields.String(
        required=True, validate=validate.Regexp(ATC_PATTERN, error="'{input}' is not a full ATC code such as L01EA01")
    )
    status = fields.String(required=True, validate=validate.OneOf(v.ATC_STATUSES))


class LabelRuleSchema(StrictSchema):
    """How a product label grades a whole class of partners, e.g. "avoid strong CYP3A4 inducers"."""

    inhibitors = SeverityBy(v.PERPETRATOR_GRADES)
    inducers = SeverityBy(v.PERPETRATOR_GRADES)
    substrates = SeverityBy(v.SUBSTRATE_GRADES)
    partners = SeverityBy(v.EFFECT_LEVELS)
    with_effect = Id()
    """On an effect's rule: grade only partners carrying this (paired) effect, not those sharing the drug's own."""
    advice = Text(required=True)
    note = Text()
    refs = Refs()


class LabelReviewSchema(StrictSchema):
    """When a drug's labels were last read in full for interactions, and which."""

    date = YamlDate(required=True)
    refs = Refs()
    note = Text()


class RoleSchema(StrictSchema):
    enzyme = Id(required=True)
    role = fields.String(required=True, validate=validate.OneOf(v.ROLES))
    strength = fields.String(required=True)
    fm = fields.Float(validate=validate.Range(min=0, max=1))
    auc_ratio = fields.Float(validate=validate.Range(min=0, min_inclusive=False))
    activates = fields.Boolean()
    label = fields.Nested(LabelRuleSchema)
    note = Text()
    refs = Refs()

    @validates_schema
    def label_fits_role(self, data, **kwargs):
        label, role = data.get("label"), data.get("role")
        if label is None or role not in v.ROLES:
            return
        allowed = ("inhibitors", "inducers") if role == "substrate" else ("substrates",)
        given = [key for key in ("inhibitors", "inducers", "substrates", "partners", "with_effect") if key in label]
        wrong = [key for key in given if key not in allowed]
        if wrong or not given:
            raise ValidationError(f"a {role} role's label rule grades {' or '.join(allowed)}", "label")

    @validates_schema
    def strength_fits_role(self, data, **kwargs):
        allowed = v.SUBSTRATE_STRENGTHS if data.get("role") == "substrate" else v.PERPETRATOR_STRENGTHS
        if data.get("role") in v.ROLES and data.get("strength") not in allowed:
            raise ValidationError(f"must be one of: {', '.join(allowed)}", "strength")
        if data.get("activates") and data.get("role") != "substrate":
            raise ValidationError("only a substrate role can be an activation step", "activates")


class DrugEffectSchema(StrictSchema):
    effect = Id(required=True)
    level = fields.String(required=True, validate=validate.OneOf(v.EFFECT_LEVELS))
    label = fields.Nested(LabelRuleSchema)
    note = Text()
    refs = Refs()

    @validates_schema
    def label_grades_partners(self, data, **kwargs):
        label = data.get("label")
        if label is not None and (set(label) & {"inhibitors", "inducers", "substrates"} or "partners" not in label):
            raise ValidationError("an effect's label rule grades partners by their level", "label")


class PharmacokineticsSchema(StrictSchema):
    absorption = Text()
    bioavailability = Text()
    protein_binding = Text()
    half_life = fields.List(Text())
    metabolism = Text()
    elimination = Text()
    refs = Refs()


class DosingSchema(StrictSchema):
    indication = Text(required=True)
    population = fields.String(validate=validate.OneOf(("adults", "children", "elderly")), load_default="adults")
    region = fields.String(validate=validate.OneOf(("UK", "US", "EU", "international")))
    route = Text()
    dose = Text(required=True)
    note = Text()
    refs = Refs()


class PrecautionSchema(StrictSchema):
    condition = Id(required=True)
    severity = fields.String(required=True, validate=validate.OneOf(v.SEVERITIES))
    advice = Text(required=True)
    refs = Refs()


class DrugSchema(DatedSchema):
    id = Id(required=True)
    name = Text(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(v.DRUG_KINDS))
    description = Text()
    names = fields.List(fields.Nested(NameSchema), load_default=list)
    salts = fields.List(fields.Nested(SaltSchema), load_default=list)
    cas = fields.List(CasNumber(), load_default=list)
    atc = fields.List(fields.Nested(AtcSchema), load_default=list)
    rxcui = fields.List(
        fields.String(validate=validate.Regexp(r"^\d{1,9}$", error="an RxCUI is a string of digits")), load_default=list
    )
    classes = fields.List(Id(), load_default=list)
    narrow_therapeutic_index = fields.Boolean(load_default=False)
    wide_therapeutic_index = fields.Boolean(load_default=False)
    enzyme_profile = fields.String(required=True, validate=validate.OneOf(v.ENZYME_PROFILES))
    enzymes = fields.List(fields.Nested(RoleSchema), load_default=list)
    effects = fields.List(fields.Nested(DrugEffectSchema), load_default=list)
    pharmacokinetics = fields.Nested(PharmacokineticsSchema)
    dosing = fields.List(fields.Nested(DosingSchema), load_default=list)
    precautions = fields.List(fields.Nested(PrecautionSchema), load_default=list)
    label_review = fields.Nested(LabelReviewSchema)
    note = Text()
    refs = Refs()

    @validates_schema
    def one_therapeutic_index(self, data, **kwargs):
        if data.get("narrow_therapeutic_index") and data.get("wide_therapeutic_index"):
            raise ValidationError(
                "a drug cannot have both a narrow and a wide therapeutic index", "wide_therapeutic_index"
            )

    @validates_schema
    def salts_named_exist(self, data, **kwargs):
        salts = {salt["name"].casefold() for salt in data.get("salts", [])}
        for index, entry in enumerate(data.get("names", [])):
            if "salt" in entry and entry["salt"].casefold() not in salts:
                raise ValidationError({index: {"salt": [f"no salt named '{entry['salt']}' in salts"]}}, "names")
        seen = set()
        for index, role in enumerate(data.get("enzymes", [])):
            key = (role["enzyme"], role["role"])
            if key in seen:
                raise ValidationError(
                    {index: {"enzyme": [f"{role['role']} role for '{role['enzyme']}' given twice"]}}, "enzymes"
                )
            seen.add(key)
