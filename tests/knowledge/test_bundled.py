"""Pedantic checks of the bundled knowledge, beyond what the loader validates."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from service import DEFAULT_KNOWLEDGE_DIR
from service.kb import schemas
from service.kb.catalogue import knowledge_stats

README = (DEFAULT_KNOWLEDGE_DIR / "README.md").read_text(encoding="utf-8")


def test_bundled_knowledge_loads_and_is_versioned(bundled_kb):
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}\+[0-9a-f]{12}", bundled_kb.version)


def test_every_drug_file_is_named_after_its_id():
    for path in (DEFAULT_KNOWLEDGE_DIR / "drugs").glob("*.yaml"):
        assert yaml.safe_load(path.read_text(encoding="utf-8"))["id"] == path.stem


def test_every_field_of_every_schema_is_documented_in_the_readme():
    undocumented = []
    for schema in [*schemas.LIST_SCHEMAS.values(), schemas.DRUG_SCHEMA, schemas.MetaSchema()]:
        for name in schema.fields:
            if not re.search(rf"\b{re.escape(name)}\b", README):
                undocumented.append(f"{type(schema).__name__}.{name}")
    assert undocumented == []


def test_no_drug_lacks_references_and_every_graph_edge_has_them(bundled_kb):
    stats = knowledge_stats(bundled_kb)
    assert stats["drugs_without_references"] == []
    assert all(data["refs"] for _, _, data in bundled_kb.graph.edges(data=True))


def test_every_reference_is_cited_somewhere_or_is_a_shared_source(bundled_kb):
    cited = {ref for _, _, data in bundled_kb.graph.edges(data=True) for ref in data["refs"]}
    tables = ("drugs", "enzymes", "classes", "effects", "conditions", "interactions", "compatibility", "products")
    for table in tables:
        for record in getattr(bundled_kb.records, table).values():
            cited.update(_all_refs(record))
    cited.update(ref for claim in bundled_kb.records.rejected for ref in claim["refs"])
    cited.update(_all_refs(list(bundled_kb.records.pk.values())))  # every dose's ratio, not only the graph's
    # The monographs' bibliographies are kept whole, even where a reference backs no single fact.
    bibliography = {key[1] for key, src in bundled_kb.records.sources.items() if src == "references/monograph.yaml"}
    assert sorted(set(bundled_kb.records.references) - cited - bibliography) == []


def _all_refs(record):
    if isinstance(record, dict):
        for key, value in record.items():
            if key == "refs":
                yield from value
            else:
                yield from _all_refs(value)
    elif isinstance(record, list):
        for item in record:
            yield from _all_refs(item)


def test_the_knowledge_is_broad_enough_for_real_prescribing(bundled_kb):
    stats = knowledge_stats(bundled_kb)
    assert stats["counts"]["drugs"] >= 300
    assert {
        "cyp1a2",
        "cyp2b6",
        "cyp2c8",
        "cyp2c9",
        "cyp2c19",
        "cyp2d6",
        "cyp3a4",
        "pgp",
        "bcrp",
        "oatp1b1",
        "oct2",
        "mate1",
    } <= set(stats["roles_by_enzyme"])


def test_foods_herbs_and_exposures_are_perpetrators(bundled_kb):
    roles = bundled_kb.indices.roles
    assert ("cyp3a4", "inhibitor") in roles["grapefruit-juice"]
    assert ("cyp3a4", "inducer") in roles["st-johns-wort"]
    assert ("cyp1a2", "inducer") in roles["tobacco-smoke"]


def test_national_name_variants_resolve(bundled_kb):
    pairs = {
        "rifampin": "rifampicin",
        "acetaminophen": "paracetamol",
        "cyclosporine": "ciclosporin",
        "glyburide": "glibenclamide",
        "albuterol": "salbutamol",
        "indomethacin": "indometacin",
    }
    resolved = {text: (bundled_kb.resolver.resolve(text).match or type("m", (), {"drug": None})).drug for text in pairs}
    assert resolved == pairs


KNOWLEDGE_FILES = sorted(Path(DEFAULT_KNOWLEDGE_DIR).rglob("*.yaml"))


def test_knowledge_files_are_utf8_yaml_without_tabs():
    for path in KNOWLEDGE_FILES:
        text = path.read_text(encoding="utf-8")
        assert "\t" not in text, path
