"""Read and check `knowledge/pk/`: contribution and perpetrator ratios, and the clinical studies.

Kept apart from the main loader because these lists have no ids of their own (a ratio is named by
its drug and pathway) and because their rules span files: every `fitted_from` names a study, every
drug and enzyme exists, every reference resolves.
"""

from __future__ import annotations

from pathlib import Path

from marshmallow import ValidationError

from service.kb.errors import KnowledgeIssue
from service.kb.pk_schema import PK_SCHEMAS, pk_kind
from service.kb.records import KnowledgeRecords
from service.kb.yaml_files import list_items


def record_label(kind: str, record: dict) -> str:
    """Return how an issue names a record: a study by its id, a ratio by its drug and pathway.

    >>> record_label("contribution-ratios", {"drug": "simvastatin", "enzyme": "cyp3a4"})
    '[simvastatin/cyp3a4]'
    """
    if kind == "studies":
        return f"[{record['id']}]"
    return f"[{record['drug']}/{record['enzyme']}]"


def load_pk(root: Path, records: KnowledgeRecords, issues: list[KnowledgeIssue], messages_to_issues) -> None:
    """Validate every file of `root/pk/` into `records.pk`, adding an issue for each problem."""
    records.pk = {kind: [] for kind in PK_SCHEMAS}
    for path in sorted((root / "pk").glob("*.yaml")):
        rel = path.relative_to(root).as_posix()
        kind = pk_kind(path.stem)
        if kind is None:
            issues.append(KnowledgeIssue(rel, "", f"unknown pk file: name it one of {', '.join(PK_SCHEMAS)}"))
            continue
        for index, item in list_items(root, path, issues):
            try:
                record = PK_SCHEMAS[kind].load(item)
            except ValidationError as exc:
                issues.extend(messages_to_issues(rel, f"[{index}]", exc.messages))
                if kind == "studies" and isinstance(item.get("id"), str):
                    records.invalid.add(item["id"])  # reported here, not again where it is named
                continue
            label = record_label(kind, record)
            if (kind, label) in records.sources:
                first = records.sources[(kind, label)]
                if kind == "studies":
                    issues.append(KnowledgeIssue(rel, label, f"duplicate study id (first in {first})"))
                    continue
            else:
                records.sources[(kind, label)] = rel
            records.pk[kind].append(record)


def check_pk_references(records: KnowledgeRecords) -> list[KnowledgeIssue]:
    """Return every unknown drug, enzyme, study or reference named in `records.pk`."""
    studies = {study["id"] for study in records.pk.get("studies", [])}
    found: list[KnowledgeIssue] = []
    for kind, items in records.pk.items():
        for record in items:
            label = record_label(kind, record)
            file = records.sources.get((kind, label), f"pk/{kind}.yaml")

            def issue(location: str, message: str, unknown: str, file=file, label=label) -> None:
                found.append(KnowledgeIssue(file, f"{label}.{location}", message, unknown))

            for field in ("drug", "victim", "perpetrator"):
                if field in record and record[field] not in records.drugs:
                    issue(field, f"unknown drug '{record[field]}'", record[field])
            if "enzyme" in record and record["enzyme"] not in records.enzymes:
                issue("enzyme", f"unknown enzyme '{record['enzyme']}'", record["enzyme"])
            for index, study in enumerate(record.get("fitted_from", [])):
                if study not in studies:
                    issue(f"fitted_from[{index}]", f"unknown study '{study}'", study)
            for index, ref in enumerate(record["refs"]):
                if ref not in records.references:
                    issue(f"refs[{index}]", f"unknown reference '{ref}'", ref)
    return found
