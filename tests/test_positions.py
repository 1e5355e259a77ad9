"""Line and column of FHIR findings, found in the source text after validation."""

from __future__ import annotations

import json
import tracemalloc
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pytest

import journalloft
from journalloft.issues import Issue, error, information
from journalloft.jsonparse import parse
from journalloft.limits import Limits
from journalloft.positions import JsonPath, json_path_of, key_offsets, with_positions

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


# -- linear in time and memory (issue 20, item 5) ---------------------------------------------------
# The token regex used to match a whole string with "(?:[^"\\]|\\.)*", which keeps backtracking state
# for every character: about 125 bytes per character, 6.4 GB for a 50 MB payload, whenever a document
# had any finding (dom-6 is enough). Memory is measured with tracemalloc; no clock is read.


def _collect_offsets(text: str, wanted: frozenset[JsonPath], into: dict[JsonPath, int]) -> None:
    into.update(key_offsets(text, wanted))


def _peak_of(call: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        call()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _patient_with_a_long_string(length: int, filler: str) -> str:
    body = filler * (length // len(filler))
    return '{\n  "resourceType": "Patient",\n  "text": {"div": "' + body + '"},\n  "name": [{"family": 1}]\n}\n'


@pytest.mark.parametrize("filler", ["x", "\\u00e6", '\\"', "\\\\", "æ\\n"])
def test_position_lookup_does_not_grow_with_the_strings_it_passes(filler: str) -> None:
    wanted = frozenset({("name", 0, "family")})
    peaks = []
    for length in (500_000, 1_000_000):
        text = _patient_with_a_long_string(length, filler)
        offsets: dict[JsonPath, int] = {}
        peaks.append(_peak_of(partial(_collect_offsets, text, wanted, offsets)))
        assert text[offsets[("name", 0, "family")] :].startswith('"family"')
    # a few kilobytes at any length (the old pattern needed 60 MB and 120 MB here)
    assert max(peaks) < 64 * 1024, peaks
    assert peaks[1] < 2 * peaks[0] + 16 * 1024, peaks


def test_line_and_column_need_no_table_of_line_starts() -> None:
    text = '{"resourceType": "Patient",' + "\n" * 1_000_000 + '"name": [{"family": 1}]}'
    issue = error("fhir-json-type", "Patient.name[0].family", "m")
    located: list[Issue] = []
    peak = _peak_of(lambda: located.extend(with_positions([issue], text)))
    assert (located[0].line, located[0].column) == (1_000_001, 11)
    assert peak < 64 * 1024, peak  # a table would hold a million integers (tens of megabytes)


def test_nesting_costs_nothing_off_the_wanted_path() -> None:
    # 2,000 siblings each 90 deep: paths are built only on the way to the wanted one
    branch = "[" * 90 + "1" + "]" * 90
    text = '{"a": [' + ",".join([branch] * 2_000) + '], "b": {"c": 1}}'
    offsets = key_offsets(text, frozenset({("b", "c")}))
    assert set(offsets) == {(), ("b",), ("b", "c")}
    assert text[offsets[("b", "c")] :].startswith('"c"')


def test_a_string_beyond_the_limit_is_reported_as_too_long_at_its_place() -> None:
    text = _patient_with_a_long_string(2_000_000, "x").replace('"name": [{"family": 1}]', '"gender": "nope"')
    report = journalloft.validate(text.encode(), limits=Limits(max_string_length=1_000))
    found = {(i.code, i.expression): (i.line, i.column) for i in report.issues}
    assert found[("fhir-limit", "Patient.text.div")] == (3, 12)
    assert found[("fhir-binding-required", "Patient.gender")] == (4, 3)


def test_the_new_scan_finds_what_a_full_parse_finds() -> None:
    # every key and item of a real example, at the offset where json.JSONDecoder's scanner sees it
    text = (
        Path(__file__).parents[1] / "examples" / "fhir-r4" / "valid" / "patient-feil-fodselsnummer.json"
    ).read_text(encoding="utf-8")
    offsets = key_offsets(text)
    assert offsets[()] == 0
    for path, offset in offsets.items():
        if path and isinstance(path[-1], str):
            assert json.loads(text[offset:].split(":", 1)[0]) == path[-1]
