"""Rules that span records: every id a record names must exist, and no name may mean two drugs."""

from __future__ import annotations

from collections.abc import Iterator

from service.kb.errors import KnowledgeIssue
from service.kb.identifiers import normalise_name
from service.kb.records import KnowledgeRecords


def check_cross_references(records: KnowledgeRecords) -> list[KnowledgeIssue]:
    """Return every cross-record problem: unknown ids, ambiguous names, self-interactions.

    An id whose own record failed validation is not reported again wherever it is named: the
    record's own error is the one to fix.
    """
    found = [
        *_check_references(records),
        *_check_drug_links(records),
        *_check_interactions(records),
        *_check_compatibility(records),
        *_check_names(records),
        *_check_products(records),
        *_check_condition_names(records),
        *_check_retired(records),
    ]
    return [issue for issue in found if not _names_invalid_record(issue, records.invalid)]


def _names_invalid_record(issue: KnowledgeIssue, invalid: set[str]) -> bool:
    return issue.unknown_id is not None and issue.unknown_id in invalid


def _issue(
    records: KnowledgeRecords, kind: str, record_id: str, location: str, message: str, unknown: str | None = None
) -> KnowledgeIssue:
    file = records.sources.get((kind, record_id), kind)
    label = "" if kind == "drugs" else f"[{record_id}]"
    return KnowledgeIssue(file, f"{label}.{location}" if label else location, message, unknown)


def _refs_in(record: dict, path: str = "") -> Iterator[tuple[str, int, str]]:
    """Yield (field path, index, reference id) for every `refs` list anywhere in a record."""
    for key, value in record.items():
        here = f"{path}.{key}" if path else key
        if key == "refs" and isinstance(value, list):
            for index, ref in enumerate(value):
                yield here, index, ref
        elif isinstance(value, dict):
            yield from _refs_in(value, here)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, dict):
                    yield from _refs_in(item, f"{here}[{index}]")


def _check_references(records: KnowledgeRecords) -> Iterator[KnowledgeIssue]:
    for kind in ("drugs", "enzymes", "classes", "effects", "conditions", "interactions", "compatibility", "products"):
        for record_id, record in getattr(records, kind).items():
            for path, index, ref in _refs_in(record):
                if ref not in records.references:
                    yield _issue(records, kind, record_id, f"{path}[{index}]", f"unknown reference '{ref}'", ref)
    for index, claim in enumerate(records.rejected):
        for ref in claim["refs"]:
            if ref not in records.references:
                yield KnowledgeIssue("rejected.yaml", f"[{index}].refs", f"unknown reference '{ref}'", ref)


def _check_roles(records, kind, record_id, roles) -> Iterator[KnowledgeIssue]:
    for index, role in enumerate(roles):
        if role["enzyme"] not in records.enzymes:
            yield _issue(
                records,
                kind,
                record_id,
                f"enzymes[{index}].enzyme",
                f"unknown enzyme '{role['enzyme']}'",
                role["enzyme"],
            )


def _check_effects(records, kind, record_id, effects) -> Iterator[KnowledgeIssue]:
    for index, effect in enumerate(effects):
        paired = effect.get("label", {}).get("with_effect")
        if paired is not None and paired not in records.effects:
            yield _issue(
                records, kind, record_id, f"effects[{index}].label.with_effect", f"unknown effect '{paired}'", paired
            )
        if effect["effect"] not in records.effects:
            yield _issue(
                records,
                kind,
                record_id,
                f"effects[{index}].effect",
                f"unknown effect '{effect['effect']}'",
                effect["effect"],
            )


def _check_drug_links(records: KnowledgeRecords) -> Iterator[KnowledgeIssue]:
    for drug_id, drug in records.drugs.items():
        yield from _check_roles(records, "drugs", drug_id, drug["enzymes"])
        yield from _check_effects(records, "drugs", drug_id, drug["effects"])
        for index, class_id in enumerate(drug["classes"]):
            if class_id not in records.classes:
                yield _issue(records, "drugs", drug_id, f"classes[{index}]", f"unknown class '{class_id}'", class_id)
        for index, precaution in enumerate(drug["precautions"]):
            if precaution["condition"] not in records.conditions:
                yield _issue(
                    records,
                    "drugs",
                    drug_id,
                    f"precautions[{index}].condition",
                    f"unknown condition '{precaution['condition']}'",
                    precaution["condition"],
                )
    for class_id, klass in records.classes.items():
        yield from _check_roles(records, "classes", class_id, klass["enzymes"])
        yield from _check_effects(records, "classes", class_id, klass["effects"])
    for effect_id, effect in records.effects.items():
        for index, pairing in enumerate(effect["pairs_with"]):
            if pairing["effect"] not in records.effects or pairing["effect"] == effect_id:
                yield _issue(
                    records,
                    "effects",
                    effect_id,
                    f"pairs_with[{index}].effect",
                    f"unknown effect '{pairing['effect']}'"
                    if pairing["effect"] != effect_id
                    else "an effect cannot pair with itself",
                    pairing["effect"],
                )


def _check_interactions(records: KnowledgeRecords) -> Iterator[KnowledgeIssue]:
    for record_id, record in records.interactions.items():
        sides = record["between"] if "between" in record else [record["perpetrator"], record["victim"]]
        names = ("between[0]", "between[1]") if "between" in record else ("perpetrator", "victim")
        for side, name in zip(sides, names, strict=True):
            for member in side:
                if member not in records.drugs and member not in records.classes:
                    yield _issue(records, "interactions", record_id, name, f"unknown drug or class '{member}'", member)
        overlap = set(sides[0]) & set(sides[1])
        if overlap:
            yield _issue(
                records,
                "interactions",
                record_id,
                names[1],
                f"a drug cannot interact with itself: {', '.join(sorted(overlap))}",
            )
        mechanism = record["mechanism"]
        if "enzyme" in mechanism and mechanism["enzyme"] not in records.enzymes:
            yield _issue(
                records,
                "interactions",
                record_id,
                "mechanism.enzyme",
                f"unknown enzyme '{mechanism['enzyme']}'",
                mechanism["enzyme"],
            )
        if "effect" in mechanism and mechanism["effect"] not in records.effects:
            yield _issue(
                records,
                "interactions",
                record_id,
                "mechanism.effect",
                f"unknown effect '{mechanism['effect']}'",
                mechanism["effect"],
            )


def _check_compatibility(records: KnowledgeRecords) -> Iterator[KnowledgeIssue]:
    for record_id, record in records.compatibility.items():
        for index, drug_id in enumerate(record["drugs"]):
            if drug_id not in records.drugs:
                yield _issue(
                    records, "compatibility", record_id, f"drugs[{index}]", f"unknown drug '{drug_id}'", drug_id
                )
        for field in ("concentrations", "forms"):
            for drug_id in record.get(field, {}):
                if drug_id not in record["drugs"]:
                    yield _issue(
                        records,
                        "compatibility",
                        record_id,
                        f"{field}.{drug_id}",
                        "names a drug not in this observation",
                    )


def _check_names(records: KnowledgeRecords) -> Iterator[KnowledgeIssue]:
    """Every name must lead to one drug only: an ambiguous name would have to be guessed."""
    owner: dict[str, str] = {}
    for drug_id, drug in sorted(records.drugs.items()):
        keys = {normalise_name(drug_id), normalise_name(drug["name"])}
        keys |= {normalise_name(entry["name"]) for entry in drug["names"]}
        keys |= {normalise_name(salt["name"]) for salt in drug["salts"]}
        for key in sorted(keys):
            if not key:
                yield _issue(records, "drugs", drug_id, "names", "a name folds to nothing")
            elif key in owner and owner[key] != drug_id:
                yield _issue(
                    records, "drugs", drug_id, "names", f"name '{key}' is also a name of '{owner[key]}' (ambiguous)"
                )
            else:
                owner.setdefault(key, drug_id)
    codes: dict[tuple[str, str], str] = {}
    for drug_id, drug in sorted(records.drugs.items()):
        drug_codes = [("cas", c) for c in drug["cas"]] + [("cas", s["cas"]) for s in drug["salts"] if "cas" in s]
        drug_codes += [("atc", a["code"]) for a in drug["atc"]] + [("rxcui", r) for r in drug["rxcui"]]
        for system, code in drug_codes:
            other = codes.setdefault((system, code), drug_id)
            if other != drug_id:
                yield _issue(records, "drugs", drug_id, system, f"{system} {code} is also given for '{other}'")


def _check_products(records: KnowledgeRecords) -> Iterator[KnowledgeIssue]:
    """Every ingredient must be a drug, and no product name may also name a drug or another product.

    A combination brand listed as a name of one ingredient would silently drop the others, so a
    product's names belong to the product alone.
    """
    owner: dict[str, str] = {}
    for drug_id, drug in records.drugs.items():
        for name in (drug_id, drug["name"], *(e["name"] for e in drug["names"]), *(s["name"] for s in drug["salts"])):
            owner.setdefault(normalise_name(name), f"drug '{drug_id}'")
    for product_id, product in sorted(records.products.items()):
        for index, ingredient in enumerate(product["ingredients"]):
            if ingredient not in records.drugs:
                yield _issue(
                    records,
                    "products",
                    product_id,
                    f"ingredients[{index}]",
                    f"unknown drug '{ingredient}'",
                    ingredient,
                )
        names = (product_id, product["name"], *(e["name"] for e in product["names"]))
        for name in sorted({normalise_name(n) for n in names}):
            other = owner.setdefault(name, f"product '{product_id}'")
            if other != f"product '{product_id}'":
                yield _issue(records, "products", product_id, "names", f"name '{name}' is also a name of {other}")


def _check_condition_names(records: KnowledgeRecords) -> Iterator[KnowledgeIssue]:
    """Every condition code, name and synonym must lead to one condition: an EHR code means one thing."""
    codes: dict[tuple[str, str], str] = {}
    names: dict[str, str] = {}
    for condition_id, condition in sorted(records.conditions.items()):
        for index, entry in enumerate(condition["codes"]):
            key = (entry["system"], entry["code"].upper())
            other = codes.setdefault(key, condition_id)
            if other != condition_id:
                yield _issue(
                    records,
                    "conditions",
                    condition_id,
                    f"codes[{index}].code",
                    f"{entry['system']} {entry['code']} is also given for '{other}'",
                )
        for name in dict.fromkeys(normalise_name(n) for n in (condition_id, condition["name"], *condition["synonyms"])):
            other = names.setdefault(name, condition_id)
            if other != condition_id:
                yield _issue(
                    records, "conditions", condition_id, "synonyms", f"name '{name}' is also a name of '{other}'"
                )


def _check_retired(records: KnowledgeRecords) -> Iterator[KnowledgeIssue]:
    for record_id in records.retired:
        for kind in ("drugs", "classes", "enzymes", "effects", "interactions"):
            if record_id in getattr(records, kind):
                yield _issue(records, kind, record_id, "id", f"'{record_id}' is a retired id and may not be reused")
