"""marshmallow schemas for every knowledge file: the shape of each record, checked field by field.

Cross-record rules (ids that must resolve, names claimed twice) live in `crossref`.
"""

from __future__ import annotations

import datetime as dt
import re

from marshmallow import (
    RAISE,
    Schema,
    ValidationError,
    fields,
    validate,
    validates,
    validates_schema,
)

from service.kb import vocabulary as v
from service.kb.identifiers import ATC_PATTERN, cas_check_digit_ok


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


def SeverityBy(keys: tuple[str, ...]) -> fields.Dict:
    """A map from a partner's grade (strength or effect level) to the severity a label gives the pair."""
    return fields.Dict(
        keys=fields.String(validate=validate.OneOf(keys)),
        values=fields.String(validate=validate.OneOf(v.SEVERITIES)),
        validate=validate.Length(min=1, error="name at least one grade"),
    )


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
from service.kb.compatibility_schema import CompatibilitySchema  # noqa: E402

LIST_SCHEMAS: dict[str, Schema] = {
    "enzymes": EnzymeSchema(),
    "classes": ClassSchema(),
    "effects": EffectSchema(),
    "conditions": ConditionSchema(),
    "interactions": InteractionSchema(),
    "compatibility": CompatibilitySchema(),
    "references": ReferenceSchema(),
    "retired": RetiredSchema(),
    "rejected": RejectedSchema(),
}
"""Each list kind of the knowledge and the schema of one of its records."""

DRUG_SCHEMA = DrugSchema()
META_SCHEMA = MetaSchema()
