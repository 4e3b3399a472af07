"""The `ddi` command line, run in-process against the fixture knowledge."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import yaml

from service.cli import main
from tests.conftest import FIXTURE_KNOWLEDGE

K = ["--knowledge", str(FIXTURE_KNOWLEDGE)]


def test_check_prints_a_table_with_severity_pair_mechanism_and_action(capsys):
    assert main([*K, "check", "Gleevec", "Nizoral"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].startswith("Interaction check - knowledge 2026-01-01+")
    assert lines[2:5] == [
        "MEDICATION  DRUG          MATCHED BY",
        "Gleevec     Imatinib      brand",
        "Nizoral     Ketoconazole  brand",
    ]
    row = lines.index(
        "moderate  Imatinib + Ketoconazole  pharmacokinetic  established  "
        "Ketoconazole -> CYP3A4 -> Imatinib (raises Imatinib)"
    )
    assert lines[row + 1 : row + 3] == ["  why:   Keto raises imat exposure.", "  do:    Watch for imat toxicity."]


def test_a_predicted_finding_says_how_its_severity_was_graded(capsys):
    assert main([*K, "check", "warfarin", "fluconazole"]) == 0
    lines = capsys.readouterr().out.splitlines()
    row = next(n for n, line in enumerate(lines) if line.startswith("major     Fluconazole + Warfarin"))
    assert lines[row + 1 : row + 5] == [
        "  why:   Fluconazole inhibits CYP2C9 (moderate), which metabolises Warfarin (moderate substrate):",
        "         Warfarin exposure is expected to rise.",
        "  grade: moderate inhibitor × moderate substrate: moderate (FDA classes); narrow therapeutic index:",
        "         one step up, to major",
    ]


def test_check_exits_3_and_names_what_it_did_not_recognise(capsys):
    assert main([*K, "check", "imat", "Imatinb"]) == 3
    out = capsys.readouterr().out
    assert "Imatinb     -         NOT RECOGNISED: not found in the knowledge; did you mean imat?" in out
    assert "INCOMPLETE: 1 medication(s) not recognised were NOT checked." in out


def test_check_json_prints_the_engine_result(capsys):
    assert main([*K, "check", "warf", "flucon", "--json", "--min-severity", "major"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert [i["id"] for i in result["interactions"]] == ["flucon+warf:pharmacokinetic"]
    assert result["min_severity"] == "major"


def test_drug_shows_the_record_found_by_any_name(capsys):
    assert main([*K, "drug", "STI571"]) == 0
    view = json.loads(capsys.readouterr().out)
    assert view["id"] == "imat" and view["codes"]["cas"] == ["152459-95-5"]


def test_drug_unknown_exits_2_with_suggestions(capsys):
    assert main([*K, "drug", "imatinb"]) == 2
    assert "no drug with id 'imatinb' (did you mean: imat?)" in capsys.readouterr().err


def test_validate_lists_every_error_and_exits_non_zero(knowledge_copy, capsys):
    path = knowledge_copy / "drugs" / "imat.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["enzymes"][0]["strength"] = "huge"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    path = knowledge_copy / "drugs" / "keto.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["classes"] = ["nope"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert main(["validate", str(knowledge_copy)]) == 1
    err = capsys.readouterr().err
    assert "2 error(s) in the knowledge" in err
    assert "drugs/imat.yaml: enzymes[0].strength: must be one of: sensitive, moderate, minor, none" in err
    assert "drugs/keto.yaml: classes[0]: unknown class 'nope'" in err
    assert "unknown drug or class 'imat'" not in err  # imat's own error is the one to fix


def test_validate_accepts_good_knowledge(capsys):
    assert main(["validate", str(FIXTURE_KNOWLEDGE)]) == 0
    assert "valid, version 2026-01-01+" in capsys.readouterr().out


def test_export_json_is_a_node_link_graph_with_references(tmp_path):
    target = tmp_path / "graph.json"
    assert main([*K, "export", "--format", "json", "--output", str(target)]) == 0
    graph = json.loads(target.read_text(encoding="utf-8"))
    edges = {(e["source"], e["target"], e["relation"]) for e in graph["edges"]}
    assert ("drug:keto", "enzyme:cyp3a4", "inhibits") in edges
    assert all(e["refs"] for e in graph["edges"])


def test_export_graphml_is_valid_xml_with_every_node(tmp_path):
    target = tmp_path / "graph.graphml"
    assert main([*K, "export", "--format", "graphml", "--output", str(target)]) == 0
    root = ET.parse(target).getroot()
    nodes = root.findall(".//{http://graphml.graphdrawing.org/xmlns}node")
    assert {n.get("id") for n in nodes} >= {"drug:imat", "enzyme:cyp3a4", "class:azoles", "effect:bleeding"}


def test_stats_reports_counts_and_gaps(capsys):
    assert main([*K, "stats"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert (stats["counts"]["drugs"], stats["counts"]["combination_products"]) == (11, 0)
    assert stats["drugs_not_assessed"] == ["newdrug"]
    assert stats["pairs_not_assessable"] == 10
    assert stats["roles_by_enzyme"]["cyp3a4"] == {
        "inducer:strong": 1,
        "inhibitor:moderate": 1,
        "inhibitor:strong": 1,
        "substrate:moderate": 1,
    }
