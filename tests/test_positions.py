"""Line and column of FHIR findings, found in the source text after validation."""

from __future__ import annotations

import journalloft
from journalloft.issues import error, information
from journalloft.jsonparse import parse
from journalloft.limits import Limits
from journalloft.positions import json_path_of, key_offsets, with_positions

BUNDLE = b"""{
  "resourceType": "Bundle",
  "type": "collection",
  "entry": [
    {
      "fullUrl": "urn:uuid:8a1f0ba5-7d36-4e0c-9a5e-0c6b1f2a3b4c",
      "resource": {
        "resourceType": "Observation",
        "status": "final",
        "code": {"text": "puls"},
        "valueQuantity": {"value": "72", "unit": "/min"},
        "merknad": "ukjent"
      }
    }
  ]
}
"""


def test_fhir_findings_carry_the_line_and_column_of_their_element() -> None:
    report = journalloft.validate(BUNDLE)
    found = {(i.code, i.expression): (i.line, i.column) for i in report.issues}
    assert found[("fhir-json-type", "Bundle.entry[0].resource.value.ofType(Quantity).value")] == (11, 27)
    assert found[("fhir-unknown-element", "Bundle.entry[0].resource.merknad")] == (12, 9)


def test_a_missing_element_gets_the_position_of_its_nearest_present_ancestor() -> None:
    text = BUNDLE.decode()
    located = with_positions([error("fhir-cardinality-min", "Bundle.entry[0].resource.subject", "m")], text)
    assert (located[0].line, located[0].column) == (7, 7)  # "resource": the Observation's key


def test_choice_steps_escapes_and_primitive_extensions_map_to_json_keys() -> None:
    assert json_path_of("Observation.value.ofType(Quantity).unit") == ("valueQuantity", "unit")
    assert json_path_of("Patient.name[1].given[0]") == ("name", 1, "given", 0)
    assert json_path_of("$.a") is None
    offsets = key_offsets('{"n\\u0061me": [{"_given": [null]}]}')
    assert offsets[("name", 0, "_given")] == 16
    located = with_positions([error("fhir-null", "Patient.name[0].given", "m")], '{"name": [{"_given": [null]}]}')
    assert (located[0].line, located[0].column) == (1, 12)


def test_information_notes_and_parser_positions_are_left_alone() -> None:
    note = information("fhir-profile-by-code", "Observation", "m")
    assert with_positions([note], '{"resourceType": "Observation"}') == [note]
    parsed = parse(b'{"resourceType": "Patient", "a": 1, "a": 2}')
    assert [i.code for i in parsed.issues] == ["json-duplicate-key"]


def test_the_depth_limit_is_checked_on_the_parsed_tree_and_located_in_the_text() -> None:
    deep = b'{"a": ' + b"[" * 5 + b"1" + b"]" * 5 + b", " + b'"b": {}}'
    parsed = parse(deep, Limits(max_depth=4))
    assert [(i.code, i.line, i.column) for i in parsed.issues] == [("json-too-deep", 1, 10)]
    assert parse(deep, Limits(max_depth=6)).ok
