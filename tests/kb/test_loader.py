"""The loader accepts good knowledge, and for broken knowledge names the file, record and field of every error."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from service.kb import KnowledgeError
from service.kb.loader import load_records


def _edit_yaml(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _errors(directory: Path) -> list[str]:
    with pytest.raises(KnowledgeError) as caught:
        load_records(directory)
    return [str(issue) for issue in caught.value.issues]


def test_fixture_knowledge_loads_with_a_dated_content_version(knowledge_copy):
    records = load_records(knowledge_copy)
    assert re.fullmatch(r"2026-01-01\+[0-9a-f]{12}", records.version)
    assert set(records.drugs) >= {"keto", "imat", "warf", "azith"}
    assert records.sources[("interactions", "imat-keto")] == "interactions/curated.yaml"


def test_version_changes_when_any_file_changes(knowledge_copy):
    before = load_records(knowledge_copy).version
    _edit_yaml(knowledge_copy / "drugs" / "ibu.yaml", lambda d: d.update(description="An NSAID."))
    assert load_records(knowledge_copy).version != before


def _drug(name):
    return lambda root: root / "drugs" / f"{name}.yaml"


def _give_liver_code_twice(conditions: list[dict]) -> None:
    liver = {"system": "snomed", "code": "235856003", "display": "Disorder of liver"}
    conditions[0]["codes"] = [liver]
    conditions.append(
        {
            "id": "renal-impairment",
            "name": "Renal impairment",
            "codes": [liver],
            "refs": ["fda-table"],
            "added": "2026-01-01",
        }
    )


BROKEN = [
    pytest.param(
        _drug("imat"),
        lambda d: d["enzymes"][0].update(strength="strong"),
        "drugs/imat.yaml: enzymes[0].strength: must be one of: sensitive, moderate, minor, none",
        id="substrate-strength",
    ),
    pytest.param(
        _drug("keto"),
        lambda d: d["enzymes"][1].update(strength="very strong"),
        "drugs/keto.yaml: enzymes[1].strength: must be one of: strong, moderate, weak, none",
        id="inhibitor-strength",
    ),
    pytest.param(
        _drug("keto"),
        lambda d: d["enzymes"][0].update(enzyme="cyp9z9"),
        "drugs/keto.yaml: enzymes[0].enzyme: unknown enzyme 'cyp9z9'",
        id="unknown-enzyme",
    ),
    pytest.param(
        _drug("keto"),
        lambda d: d.update(classes=["triazoles"]),
        "drugs/keto.yaml: classes[0]: unknown class 'triazoles'",
        id="unknown-class",
    ),
    pytest.param(
        _drug("warf"),
        lambda d: d["effects"][0].update(effect="bruising"),
        "drugs/warf.yaml: effects[0].effect: unknown effect 'bruising'",
        id="unknown-effect",
    ),
    pytest.param(
        _drug("warf"),
        lambda d: d["effects"][0].update(refs=["nobody-1999"]),
        "drugs/warf.yaml: effects[0].refs[0]: unknown reference 'nobody-1999'",
        id="unknown-reference",
    ),
    pytest.param(
        _drug("warf"),
        lambda d: d["enzymes"][0].update(refs=[]),
        "drugs/warf.yaml: enzymes[0].refs: every fact needs at least one reference",
        id="fact-without-reference",
    ),
    pytest.param(
        _drug("warf"),
        lambda d: d["enzymes"][0].pop("refs"),
        "drugs/warf.yaml: enzymes[0].refs: Missing data for required field",
        id="fact-with-no-refs-field",
    ),
    pytest.param(
        _drug("imat"),
        lambda d: d.update(cas=["152459-95-4"]),
        "drugs/imat.yaml: cas[0]: '152459-95-4' is not a valid CAS number (format or check digit)",
        id="cas-check-digit",
    ),
    pytest.param(
        _drug("imat"),
        lambda d: d["atc"][0].update(code="L1EA01"),
        "drugs/imat.yaml: atc[0].code: 'L1EA01' is not a full ATC code such as L01EA01",
        id="malformed-atc",
    ),
    pytest.param(
        _drug("ibu"),
        lambda d: d.update(names=[{"name": "Nizoral", "kind": "brand"}]),
        "drugs/keto.yaml: names: name 'nizoral' is also a name of 'ibu' (ambiguous)",
        id="ambiguous-name",
    ),
    pytest.param(
        _drug("ibu"),
        lambda d: d.update(id="ibuprofen"),
        "drugs/ibu.yaml: id: 'ibuprofen' does not match the file name 'ibu'",
        id="file-name-mismatch",
    ),
    pytest.param(
        _drug("warf"),
        lambda d: d.update(wide_therapeutic_index=True),
        "drugs/warf.yaml: wide_therapeutic_index: a drug cannot have both a narrow and a wide therapeutic index",
        id="narrow-and-wide",
    ),
    pytest.param(
        _drug("ibu"),
        lambda d: d.update(dose="400 mg"),
        "drugs/ibu.yaml: dose: Unknown field",
        id="unknown-field",
    ),
    pytest.param(
        lambda root: root / "interactions" / "curated.yaml",
        lambda d: d[0].update(victim="keto"),
        "interactions/curated.yaml: [imat-keto].victim: a drug cannot interact with itself: keto",
        id="self-interaction",
    ),
    pytest.param(
        lambda root: root / "interactions" / "curated.yaml",
        lambda d: d[2].update(between=["warf", "coxibs"]),
        "interactions/curated.yaml: [warf-nsaids].between[1]: unknown drug or class 'coxibs'",
        id="unknown-interaction-side",
    ),
    pytest.param(
        lambda root: root / "interactions" / "curated.yaml",
        lambda d: d.append(dict(d[0])),
        "interactions/curated.yaml: [imat-keto]: duplicate id 'imat-keto' (first in interactions/curated.yaml)",
        id="duplicate-id",
    ),
    pytest.param(
        lambda root: root / "interactions" / "curated.yaml",
        lambda d: d[0]["mechanism"].pop("enzyme"),
        "interactions/curated.yaml: [imat-keto].mechanism.enzyme: a enzyme-inhibition mechanism names its enzyme",
        id="mechanism-without-enzyme",
    ),
    pytest.param(
        lambda root: root / "conditions.yaml",
        lambda d: d[0].update(codes=[{"system": "icd9", "code": "571.5", "display": "Cirrhosis of liver"}]),
        "conditions.yaml: [hepatic-impairment].codes[0].system: Must be one of: snomed, icd10",
        id="condition-code-system",
    ),
    pytest.param(
        lambda root: root / "conditions.yaml",
        lambda d: d[0].update(codes=[{"system": "snomed", "code": "K92.2", "display": "GI haemorrhage"}]),
        "conditions.yaml: [hepatic-impairment].codes[0].code: 'K92.2' does not fit: "
        "a SNOMED CT concept id is 6 to 18 digits",
        id="condition-code-shape",
    ),
    pytest.param(
        lambda root: root / "conditions.yaml",
        lambda d: _give_liver_code_twice(d),
        "conditions.yaml: [renal-impairment].codes[0].code: snomed 235856003 is also given for 'hepatic-impairment'",
        id="condition-code-twice",
    ),
    pytest.param(
        lambda root: root / "conditions.yaml",
        lambda d: d.append({"id": "cirrhosis", "name": "Liver disease", "refs": ["fda-table"], "added": "2026-01-01"}),
        "conditions.yaml: [hepatic-impairment].synonyms: name 'liverdisease' is also a name of 'cirrhosis'",
        id="condition-name-twice",
    ),
    pytest.param(
        lambda root: root / "compatibility.yaml",
        lambda d: d[0].update(drugs=["alde", "ganci", "keto"]),
        "compatibility.yaml: [alde-ganci-y-site].drugs: Length must be between 1 and 2",
        id="compatibility-three-drugs",
    ),
]


@pytest.mark.parametrize("locate, change, expected", BROKEN)
def test_each_kind_of_error_names_file_record_and_field(knowledge_copy, locate, change, expected):
    _edit_yaml(locate(knowledge_copy), change)
    errors = _errors(knowledge_copy)
    assert expected in errors, errors


def test_every_error_is_collected_not_just_the_first(knowledge_copy):
    _edit_yaml(knowledge_copy / "drugs" / "imat.yaml", lambda d: d["enzymes"][0].update(strength="huge"))
    _edit_yaml(knowledge_copy / "drugs" / "keto.yaml", lambda d: d.update(classes=["nope"]))
    _edit_yaml(knowledge_copy / "enzymes.yaml", lambda d: d[0].update(kind="protein"))
    errors = _errors(knowledge_copy)
    assert "drugs/imat.yaml: enzymes[0].strength: must be one of: sensitive, moderate, minor, none" in errors
    assert "drugs/keto.yaml: classes[0]: unknown class 'nope'" in errors
    assert "enzymes.yaml: [cyp3a4].kind: Must be one of: enzyme, transporter" in errors


def test_invalid_yaml_is_reported_with_its_file(knowledge_copy):
    (knowledge_copy / "drugs" / "ibu.yaml").write_text("id: ibu\nname: [unclosed\n", encoding="utf-8")
    errors = _errors(knowledge_copy)
    assert any(e.startswith("drugs/ibu.yaml: not valid YAML") for e in errors), errors


def test_a_list_file_must_hold_a_list(knowledge_copy):
    (knowledge_copy / "effects.yaml").write_text("id: bleeding\n", encoding="utf-8")
    assert "effects.yaml: must be a list of records" in _errors(knowledge_copy)


def test_missing_meta_is_an_error(knowledge_copy):
    (knowledge_copy / "meta.yaml").unlink()
    assert "meta.yaml: missing: the knowledge needs its name and release date" in _errors(knowledge_copy)


def test_retired_ids_are_never_reused(knowledge_copy):
    (knowledge_copy / "retired.yaml").write_text(
        "- {id: ibu, retired: 2026-01-01, reason: merged into another record}\n", encoding="utf-8"
    )
    assert "drugs/ibu.yaml: id: 'ibu' is a retired id and may not be reused" in _errors(knowledge_copy)


def test_topic_files_in_a_folder_are_merged_with_the_single_file(knowledge_copy):
    (knowledge_copy / "references").mkdir()
    (knowledge_copy / "references" / "extra.yaml").write_text(
        "- {id: extra-2020, type: website, title: Extra, year: 2020}\n", encoding="utf-8"
    )
    records = load_records(knowledge_copy)
    assert "extra-2020" in records.references and "study-a" in records.references


def test_missing_directory_is_a_knowledge_error(tmp_path):
    errors = _errors(tmp_path / "nowhere")
    assert errors == [f"{tmp_path / 'nowhere'}: knowledge directory not found"]
