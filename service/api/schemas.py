"""Request schemas for every endpoint, and the shape of their validation errors.

All schemas refuse unknown fields: a misspelt `min_severty` silently ignored would hide findings.
Responses are the engine's and catalogue's dicts, checked against openapi.yaml by the tests.
"""

from __future__ import annotations

import re
from typing import Any

from flask import current_app
from marshmallow import RAISE, Schema, ValidationError, fields, missing, pre_load, validate, validates, validates_schema

from service.kb.infusion import CONCENTRATION_UNITS
from service.kb.vocabulary import CONDITION_CODE_SYSTEMS, SEVERITIES

MAX_TEXT = 200
"""Longest name, code or id accepted: longer than any real drug name, short enough to bound fuzzy search."""

CODE_SYSTEMS = ("rxnorm", "atc", "cas")

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def check_text(value: str) -> None:
    """Raise unless `value` is 1 to 200 characters, not blank, without control characters or lone surrogates."""
    if len(value) > MAX_TEXT:
        raise ValidationError(f"Longer than the limit of {MAX_TEXT} characters.")
    if not value.strip():
        raise ValidationError("Must not be blank.")
    if _CONTROL.search(value):
        raise ValidationError("Must not contain control characters.")


def Text(**kwargs: Any) -> fields.String:
    """Return a string field checked by `check_text`."""
    return fields.String(validate=check_text, **kwargs)


class StrictSchema(Schema):
    """Base schema: unknown fields are an error, never ignored."""

    class Meta:
        unknown = RAISE


class NamedSchema(StrictSchema):
    name = Text(required=True)


class CodedMedicationSchema(StrictSchema):
    system = fields.String(required=True, validate=validate.OneOf(CODE_SYSTEMS))
    code = Text(required=True)


class CodedConditionSchema(StrictSchema):
    system = fields.String(required=True, validate=validate.OneOf(CONDITION_CODE_SYSTEMS))
    code = Text(required=True)


class NameOrCode(fields.Field):
    """A string (any name, code or recorded text), `{"name": ...}` or `{"system": ..., "code": ...}`."""

    coded_schema: type[Schema]
    systems: str

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._named, self._coded = NamedSchema(), self.coded_schema()
        self.error_messages["invalid"] = (
            f'Must be a string, {{{{"name": ...}}}} or {{{{"system": "{self.systems}", "code": ...}}}}.'
        )

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str | dict[str, str]:
        if isinstance(value, str):
            check_text(value)
            return value
        if isinstance(value, dict):
            return (self._named if "name" in value else self._coded).load(value)
        raise self.make_error("invalid")


class Medication(NameOrCode):
    """A medication: any name or code, `{"name": ...}` or `{"system": "rxnorm|atc|cas", "code": ...}`."""

    coded_schema, systems = CodedMedicationSchema, "rxnorm|atc|cas"


class Condition(NameOrCode):
    """A patient condition: a name or the text an EHR records, `{"name": ...}` or a SNOMED CT / ICD-10 code."""

    coded_schema, systems = CodedConditionSchema, "snomed|icd10"


class NameOrCodeList(fields.List):
    """A list of names or codes (`NameOrCode` items), each item checked by its field's `_deserialize` directly.

    marshmallow's per-item wrapper (missing values, nulls, validators) cost as much as checking the
    name itself. Items here have no validators of their own, and a null is refused with marshmallow's
    own message, so the answers and errors are the same, for half the time.
    """

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> list[Any]:
        if not isinstance(value, list):
            raise self.make_error("invalid")
        items: list[Any] = []
        errors: dict[int, Any] = {}
        inner = self.inner
        for index, item in enumerate(value):
            try:
                if type(item) is str:  # the usual item: a name, checked as `NameOrCode` checks it, without the call
                    check_text(item)
                    items.append(item)
                    continue
                if item is None:
                    raise inner.make_error("null")
                items.append(inner._deserialize(item, attr, data, **kwargs))
            except ValidationError as error:
                errors[index] = error.messages
        if errors:
            raise ValidationError(errors, valid_data=items)
        return items


class JsonBoolean(fields.Boolean):
    """`true` or `false` only: marshmallow's Boolean also takes "yes", 1 and 0 (and `0 in {False}` is true)."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> bool:
        if not isinstance(value, bool):
            raise self.make_error("invalid")
        return value


def _limit(name: str) -> int:
    return current_app.config[name]


def _check_length(data: Any, key: str, limit: int) -> None:
    """Refuse an over-long list before its items are deserialised one by one."""
    if isinstance(data, dict) and isinstance(data.get(key), list) and len(data[key]) > limit:
        raise ValidationError({key: [f"Longer than the limit of {limit} items."]})


class CheckRequestSchema(StrictSchema):
    """Body of `POST /v1/interactions/check`."""

    medications = NameOrCodeList(Medication(), required=True, validate=validate.Length(min=1))
    min_severity = fields.String(load_default="minor", validate=validate.OneOf(SEVERITIES))
    conditions = NameOrCodeList(Condition())
    alternatives = JsonBoolean(load_default=True)
    compact = JsonBoolean(load_default=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        hooks = {tag: [name for name, *_ in names] for tag, names in type(self).resolve_hooks().items() if names}
        # Whether `{"medications": [...]}` alone is a whole body here, loaded by no hook but the limit check:
        # only then is the shortcut in `load` what marshmallow would do (a batch's lists need their id).
        self._usual_body_alone = (
            not self.many
            and all(not field.required for name, field in self.load_fields.items() if name != "medications")
            and {tag: names for tag, names in hooks.items() if "load" in tag or "validates" in tag}
            == {"pre_load": ["_bounded"]}
        )

    @pre_load
    def _bounded(self, data: Any, **kwargs: Any) -> Any:
        limit = _limit("MAX_MEDICATIONS")
        _check_length(data, "medications", limit)
        _check_length(data, "conditions", limit)
        return data

    def load(self, data: Any, *, many: bool | None = None, partial: Any = None, unknown: Any = None) -> Any:
        """Load as marshmallow does; the usual body, `{"medications": [...]}` alone, by its field directly.

        For that body marshmallow's answer is the field's value and every other field's default; its
        hooks and loops around the one field cost as much again as checking the names. The same field
        and the same limit check it here; anything else, and any error, goes through marshmallow, so
        results and error messages are the same (a property test holds the two to it).
        """
        usual = type(data) is dict and len(data) == 1 and type(data.get("medications")) is list
        if usual and self._usual_body_alone and not (many or partial or unknown):
            try:
                return self._load_usual_body(data)
            except ValidationError:
                pass  # marshmallow says it, in its own words
        return super().load(data, many=many, partial=partial, unknown=unknown)

    def _load_usual_body(self, data: dict[str, Any]) -> dict[str, Any]:
        _check_length(data, "medications", _limit("MAX_MEDICATIONS"))
        loaded = {}
        for name, field in self.load_fields.items():
            if name == "medications":
                loaded[name] = field.deserialize(data[name])
            elif field.load_default is not missing:
                loaded[name] = field.load_default() if callable(field.load_default) else field.load_default
        return loaded


class BatchListSchema(CheckRequestSchema):
    """One list of a batch: the caller's id, and the same fields as a single check (but `compact`)."""

    class Meta:
        exclude = ("compact",)

    id = Text(required=True)
    min_severity = fields.String(validate=validate.OneOf(SEVERITIES))


class BatchRequestSchema(StrictSchema):
    """Body of `POST /v1/interactions/check-batch`."""

    lists = fields.List(fields.Nested(BatchListSchema), required=True, validate=validate.Length(min=1))
    min_severity = fields.String(load_default="minor", validate=validate.OneOf(SEVERITIES))

    @pre_load
    def _bounded(self, data: Any, **kwargs: Any) -> Any:
        _check_length(data, "lists", _limit("MAX_BATCH_LISTS"))
        return data

    @validates_schema
    def _unique_ids(self, data: dict[str, Any], **kwargs: Any) -> None:
        seen: set[str] = set()
        errors: dict[int, dict[str, list[str]]] = {}
        for index, entry in enumerate(data["lists"]):
            if entry["id"] in seen:
                errors[index] = {"id": ["Duplicate id: each list needs its own."]}
            seen.add(entry["id"])
        if errors:
            raise ValidationError({"lists": errors})


MAX_QUERY_LIST = 400
"""Longest comma-separated query list: room for 200 one-letter names, or 10 long ones, in one URL."""


class CommaList(fields.List):
    """A query parameter holding a comma-separated list (`?drugs=imatinib, ketoconazole`).

    Spaces around items and empty items are dropped: curl users type `a, b,`.
    """

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> list[Any]:
        if not isinstance(value, str):
            raise self.make_error("invalid")
        if len(value) > MAX_QUERY_LIST:
            raise ValidationError(f"Longer than the limit of {MAX_QUERY_LIST} characters.")
        if _CONTROL.search(value):
            raise ValidationError("Must not contain control characters.")
        items = [item.strip() for item in value.split(",")]
        return super()._deserialize([item for item in items if item], attr, data, **kwargs)


class CheckQuerySchema(StrictSchema):
    """Query of `GET /v1/interactions/check`."""

    drugs = CommaList(fields.String(), required=True, validate=validate.Length(min=1, error="Give at least one name."))
    min_severity = fields.String(load_default="minor", validate=validate.OneOf(SEVERITIES))
    conditions = CommaList(fields.String())
    alternatives = fields.Boolean(load_default=True, truthy={"true"}, falsy={"false"})

    @validates("drugs", "conditions")
    def _bounded(self, value: list[str], data_key: str, **kwargs: Any) -> None:
        limit = _limit("MAX_MEDICATIONS")
        if len(value) > limit:
            raise ValidationError(f"Longer than the limit of {limit} items.")


class ExplainQuerySchema(StrictSchema):
    """Query of `GET /v1/interactions/explain`; the view checks that exactly two drugs are named."""

    drugs = CommaList(fields.String())
    min_severity = fields.String(load_default="minor", validate=validate.OneOf(SEVERITIES))


class DrugSearchQuerySchema(StrictSchema):
    """Query of `GET /v1/drugs`."""

    q = Text(required=True)
    limit = fields.Integer(load_default=20, strict=False, validate=validate.Range(min=1, max=100))


def _error_order(key: Any) -> tuple:
    """Fields by name, list items by index, whole-schema errors last."""
    return (key == "_schema", isinstance(key, str), key if isinstance(key, int) else 0, str(key))


def flatten_errors(messages: Any, prefix: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], str]]:
    """Return marshmallow's nested error messages as (path, message) pairs, in a stable order.

    >>> flatten_errors({"medications": {0: {"system": ["Bad."]}}, "_schema": ["Odd."]})
    [(('medications', '0', 'system'), 'Bad.'), ((), 'Odd.')]
    """
    if isinstance(messages, str):
        return [(prefix, messages)]
    if isinstance(messages, list):
        return [pair for message in messages for pair in flatten_errors(message, prefix)]
    flat = []
    for key in sorted(messages, key=_error_order):
        path = prefix if key == "_schema" else (*prefix, str(key))
        flat.extend(flatten_errors(messages[key], path))
    return flat


MAX_INFUSIONS = 60
"""Most drugs in one IV check or plan: more lumens than any patient has, 1770 pairs at most."""

MAX_VEHICLES = 10
"""Most intended diluents or containers named in one request."""


class ConcentrationSchema(StrictSchema):
    value = fields.Float(required=True, allow_nan=False, validate=validate.Range(min=0, max=1e6, min_inclusive=False))
    unit = fields.String(required=True, validate=validate.OneOf(CONCENTRATION_UNITS))


class InfusionSchema(StrictSchema):
    """One drug as it will run: `{"drug": ..., "concentration": {"value", "unit"}, "diluent": ...}`."""

    drug = Medication(required=True)
    concentration = fields.Nested(ConcentrationSchema)
    diluent = Text()


class InfusionField(Medication):
    """A medication as the interaction check takes it, or an infusion object with concentration and diluent."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._infusion = InfusionSchema()
        self.error_messages["invalid"] = (
            'Must be a medication, or {{"drug": ..., "concentration": ..., "diluent": ...}}.'
        )

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str | dict[str, Any]:
        if isinstance(value, dict) and "drug" in value:
            return self._infusion.load(value)
        return super()._deserialize(value, attr, data, **kwargs)


class CompatibilityRequestSchema(StrictSchema):
    """Body of `POST /v1/compatibility/check` and `/v1/compatibility/plan`."""

    drugs = NameOrCodeList(InfusionField(), required=True, validate=validate.Length(min=1))
    diluents = fields.List(Text(), load_default=list, validate=validate.Length(max=MAX_VEHICLES))
    containers = fields.List(Text(), load_default=list, validate=validate.Length(max=MAX_VEHICLES))
    contact_hours = fields.Float(allow_nan=False, validate=validate.Range(min=0, max=720, min_inclusive=False))

    @pre_load
    def _bounded(self, data: Any, **kwargs: Any) -> Any:
        _check_length(data, "drugs", MAX_INFUSIONS)
        return data
