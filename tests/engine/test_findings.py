"""Findings keep their JSON: reusing it must give exactly the bytes serialising the answer would."""

from __future__ import annotations

import json

import orjson

from service.engine import check_medications
from service.engine.findings import Finding, with_findings_as_json


def test_an_answer_written_from_kept_json_is_byte_for_byte_the_serialised_answer(fixture_kb):
    result = check_medications(fixture_kb, sorted(fixture_kb.records.drugs), conditions=["liver disease"])
    plain = json.loads(json.dumps(result))  # the same answer as plain dicts and lists
    assert result["interactions"] and all(isinstance(i, Finding) for i in result["interactions"])
    first = orjson.dumps(with_findings_as_json(result))
    again = orjson.dumps(with_findings_as_json(check_medications(fixture_kb, sorted(fixture_kb.records.drugs))))
    assert first == orjson.dumps(plain)
    assert orjson.loads(again)["interactions"] == plain["interactions"]


def test_a_finding_is_still_a_dict_to_its_readers():
    finding = Finding({"id": "a+b:other", "drugs": ["a", "b"]})
    assert finding == {"id": "a+b:other", "drugs": ["a", "b"]} and json.dumps(finding) == json.dumps(dict(finding))
    assert finding.json() is finding.json()  # serialised once
