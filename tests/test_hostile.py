"""Issue 12's reproducers, one test each: the specific code and location, or the exit status and message.

The slow shapes (long fullUrl, contained references, NaN tokens, duplicate keys) are measured by
scripts/benchmark_hostile.py; here they are checked for their findings and, where an index replaced
a scan, for the index being built once.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

import journalloft
from journalloft import cli
from journalloft.fhir import fhirpath_scope
from journalloft.guard import cap_issues
from journalloft.inputs import InputError, Source, read_documents
from journalloft.issues import Issue, Severity, error, warning
from journalloft.limits import MAX_DEPTH_CEILING, Limits
from journalloft.report import Report, Result
from journalloft.reporters import json_reporter, junit, operationoutcome, text
from journalloft.validation import Checker

EXE = Path(sys.executable).with_name("journalloft")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import benchmark_hostile as shapes  # noqa: E402


def found(report: Report) -> list[tuple[str, str, str]]:
    return [(i.severity.value, i.code, i.expression) for i in report.issues]


def run(args: list[str | bytes], **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    proc = subprocess.run([os.fsencode(EXE), *args], capture_output=True, timeout=120, **kwargs)  # type: ignore[call-overload]
    assert b"Traceback" not in proc.stderr + proc.stdout, proc.stderr
    return proc


# -- numbers ---------------------------------------------------------------------------------------


def test_an_integer_beyond_pythons_digit_limit_is_an_issue_not_a_valueerror() -> None:
    report = journalloft.validate(shapes.long_integer(5_000))
    assert found(report) == [("error", "json-number-too-large", "$.multipleBirthInteger")]
    assert "5,000 characters" in report.issues[0].message


def test_a_huge_exponent_is_refused_before_it_is_converted() -> None:
    report = journalloft.validate(shapes.big_exponent(1_000_000))
    assert found(report) == [("error", "json-number-too-large", "$.multipleBirthInteger")]
    assert "exponent" in report.issues[0].message


def test_number_limits_are_configurable_and_ordinary_numbers_pass() -> None:
    data = b'{"resourceType": "Observation", "x": [1e5, 123456, -0.5E-3]}'
    assert not [i for i in journalloft.validate(data).issues if i.code == "json-number-too-large"]
    tight = Limits(max_number_length=5, max_number_exponent=2)
    assert found(journalloft.validate(data, limits=tight)) == [
        ("error", "json-number-too-large", "$.x[0]"),
        ("error", "json-number-too-large", "$.x[1]"),
        ("error", "json-number-too-large", "$.x[2]"),
    ]


def test_a_directory_run_goes_on_past_a_huge_integer(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.json").write_bytes(shapes.long_integer(5_000))
    (tmp_path / "b.json").write_text('{"resourceType": "Patient", "active": true}')
    assert cli.main(["validate", "--format", "json", str(tmp_path)]) == 1
    results = json.loads(capsys.readouterr().out)["results"]
    assert [(Path(r["path"]).name, r["valid"]) for r in results] == [("a.json", False), ("b.json", True)]


# -- strings ---------------------------------------------------------------------------------------


def test_a_lone_surrogate_is_an_error_at_its_path_and_every_format_still_writes() -> None:
    data = b'{"resourceType": "Patient", "name": [{"text": "x\\ud800"}]}'
    report = journalloft.validate(data)
    assert ("error", "json-lone-surrogate", "Patient.name[0].text") in found(report)
    for module in (json_reporter, operationoutcome):
        json.loads(module.render(report).encode("utf-8"))  # encodable, and parses
    ET.fromstring(junit.render(report).encode("utf-8"))
    assert "\ud800" not in text.render(report)


def test_a_surrogate_pair_is_one_character_and_fine() -> None:
    report = journalloft.validate(b'{"resourceType": "Patient", "name": [{"text": "\\ud83d\\ude00"}]}')
    assert not [i for i in report.issues if i.code.startswith("json-")]


def test_control_characters_in_strings_and_keys_are_warnings() -> None:
    report = journalloft.validate(b'{"resourceType": "Patient", "name": [{"text": "a\\u0001b"}]}')
    assert ("warning", "json-control-character", "Patient.name[0].text") in found(report)
    assert report.valid
    report = journalloft.validate(b'{"resourceType": "Patient", "\\u000b": 1}')
    assert ("warning", "json-control-character", '$["\\u000b"]') in found(report)


def test_our_operationoutcome_for_a_control_character_key_passes_our_own_validation() -> None:
    report = journalloft.validate(b'{"resourceType":"Patient","\\u000b":1}')
    outcome = operationoutcome.render(report).encode("utf-8")
    again = journalloft.validate(outcome)
    assert again.valid, found(again)
    assert not [i for i in again.issues if i.code.startswith("json-")]


# -- output that a payload cannot forge ------------------------------------------------------------


def test_text_output_escapes_terminal_controls_and_newlines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    reference = "Patient/1\n1 checked: 1 valid\u001b[2J\u202e"
    payload = {
        "resourceType": "Observation",
        "status": "final",
        "code": {"text": "x"},
        "subject": {"reference": reference},
    }
    path = tmp_path / "forged.json"
    path.write_text(json.dumps(payload))
    assert cli.main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\u202e" not in out
    assert [line for line in out.splitlines() if "checked:" in line][-1].startswith("1 checked: 0 valid, 1 invalid")
    assert not any(line.startswith("1 checked: 1 valid") for line in out.splitlines())
    assert "\\x0a1 checked: 1 valid\\x1b[2J\\u202e" in out


def test_junit_output_parses_with_characters_xml_cannot_hold() -> None:
    report = journalloft.validate(b'{"resourceType": "Patient", "\\u0001": "\\u0002", "x\\ud800": 1}')
    root = ET.fromstring(junit.render(report).encode("utf-8"))
    assert root.find(".//failure") is not None


def test_file_names_that_are_not_utf8_are_shown_escaped(tmp_path: Path) -> None:
    name = os.fsencode(tmp_path) + b"/p\xff\x1b[2J.json"
    with open(name, "wb") as handle:
        handle.write(b'{"resourceType": "Patient", "active": true}')
    proc = run([b"validate", name])
    assert proc.returncode == 0
    out = proc.stdout.decode("utf-8")
    assert "p\\udcff\\x1b[2J.json" in out and "\x1b" not in out
    proc = run([b"validate", b"--format", b"json", name])
    assert json.loads(proc.stdout.decode("utf-8"))["results"][0]["path"].endswith("p\udcff\x1b[2J.json")


# -- exit status and usage -------------------------------------------------------------------------


def test_an_internal_error_is_an_issue_on_that_input_and_exit_3(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.json").write_text('{"resourceType": "Patient"}')
    (tmp_path / "b.json").write_text('{"resourceType": "Patient", "active": true}')
    original = Checker.start  # the detect stage, inside the pipeline's guard

    def failing(self: Checker, value: dict[str, Any], name: str, prior: Sequence[Issue]) -> Any:
        if name.endswith("a.json"):
            raise RuntimeError("boom")
        return original(self, value, name, prior)

    monkeypatch.setattr(Checker, "start", failing)
    assert cli.main(["validate", "--format", "json", str(tmp_path)]) == 3
    results = json.loads(capsys.readouterr().out)["results"]
    assert (Path(results[0]["path"]).name, [i["code"] for i in results[0]["issues"]]) == ("a.json", ["internal-error"])
    assert results[1]["valid"] is True
    report = journalloft.validate(tmp_path)
    assert report.internal_error and [r.internal_error for r in report.results] == [True, False]


def test_an_empty_path_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["validate", ""]) == 2
    assert "empty path" in capsys.readouterr().err
    with pytest.raises(InputError, match="empty path"):
        journalloft.validate("")


def test_closed_stdin_and_a_full_disk_are_clean_usage_errors(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_text('{"resourceType": "Patient", "active": true}')
    proc = run([b"validate", b"-"], stdin=subprocess.DEVNULL)
    assert proc.returncode == 1 and b"input-empty" in proc.stdout  # empty, but open: a finding
    closed = subprocess.run(["sh", "-c", f'exec "{EXE}" validate - <&-'], capture_output=True, timeout=120)
    assert closed.returncode == 2 and b"standard input is closed" in closed.stderr, closed.stderr
    assert b"Traceback" not in closed.stderr
    with open("/dev/full", "wb") as full:
        proc = subprocess.run([EXE, "validate", str(path)], stdout=full, stderr=subprocess.PIPE, timeout=120)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.decode().strip() == "journalloft: standard output: cannot be written (No space left on device)"


def test_max_depth_above_the_ceiling_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["validate", "--max-depth", "100010", "x.json"])
    assert exit_info.value.code == 2
    assert f"at most {MAX_DEPTH_CEILING}" in capsys.readouterr().err
    with pytest.raises(ValueError, match="above what the validator can hold"):
        Limits(max_depth=10**12)


def test_nesting_at_the_ceiling_is_validated_without_a_crash(tmp_path: Path) -> None:
    levels = MAX_DEPTH_CEILING // 2 - 5  # each extension level is an object inside an array
    node = '{"url": "http://example.org/e", "valueString": "v"}'
    text = '{"url": "http://example.org/e", "extension": [' * levels + node + "]}" * levels
    path = tmp_path / "deep.json"
    path.write_text('{"resourceType": "Patient", "extension": [' + text + "]}")
    proc = run([b"validate", b"--format", b"json", b"--max-depth", str(MAX_DEPTH_CEILING).encode(), os.fsencode(path)])
    assert proc.returncode in (0, 1)
    codes = {i["code"] for i in json.loads(proc.stdout)["results"][0]["issues"]}
    assert "json-too-deep" not in codes and "internal-error" not in codes
    proc = run([b"validate", b"--format", b"json", b"--max-depth", b"50", os.fsencode(path)])
    assert [i["code"] for i in json.loads(proc.stdout)["results"][0]["issues"]] == ["json-too-deep"]


# -- bounded memory --------------------------------------------------------------------------------


def test_the_issue_list_is_capped_with_a_count_of_the_rest() -> None:
    report = journalloft.validate(shapes.many_issues(50), limits=Limits(max_issues=10))
    issues = report.issues
    assert len(issues) == 11
    last = issues[-1]
    assert (last.severity, last.code, last.expression) == (Severity.ERROR, "input-too-many-issues", "$")
    assert last.message.startswith("41 more issues were found and are not listed (40 error, 1 warning)")


def test_a_cap_over_warnings_only_keeps_the_input_valid() -> None:
    result = Result("x", None, [warning("fhir-display", "$", "w")] * 5)
    capped = cap_issues(result, 2)
    assert capped.valid and capped.issues[-1].severity is Severity.WARNING
    assert (
        cap_issues(Result("x", None, [error("fhir-null", "$", "e")] * 2), 2).issues
        == [error("fhir-null", "$", "e")] * 2
    )


def test_max_bytes_is_enforced_while_reading_stdin_and_ndjson(tmp_path: Path) -> None:
    stream = io.BytesIO(b"x" * 10_000_000)
    documents = list(read_documents(Source("-", None), stdin=stream, max_bytes=1_000))
    assert len(documents[0].data) == 1_001 and stream.tell() == 1_001
    path = tmp_path / "lines.ndjson"
    path.write_bytes(
        b'{"resourceType": "Patient"}\n' + b'{"a": "' + b"y" * 5_000 + b'"}\n\n{"resourceType": "Patient"}\r\n'
    )
    documents = list(read_documents(Source(str(path), path), max_bytes=1_000))
    assert [(d.name.rsplit(":", 1)[1], len(d.data)) for d in documents] == [("1", 27), ("2", 1_001), ("4", 27)]
    report = journalloft.validate(path, limits=Limits(max_bytes=1_000))
    assert [r.issues[0].code if not r.valid else None for r in report.results] == [None, "input-too-large", None]


def test_streamed_json_and_operationoutcome_match_the_documented_shapes() -> None:
    report = Report()
    for data in (b'{"resourceType": "Patient"}', b"[1]", b'{"resourceType": "Patient", "x": 1}'):
        report.results.extend(journalloft.validate(data).results)
    assert json_reporter.render(report) == json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"
    assert json_reporter.render(Report()) == json.dumps(Report().to_dict(), ensure_ascii=False, indent=2) + "\n"
    bundle = json.loads(operationoutcome.render(report))
    assert bundle["resourceType"] == "Bundle" and len(bundle["entry"]) == 3
    single = Report(report.results[:1])
    assert json.loads(operationoutcome.render(single))["resourceType"] == "OperationOutcome"
    suite = ET.fromstring(junit.render(report)).find("testsuite")
    assert suite is not None and (suite.get("tests"), suite.get("failures")) == ("3", "2")


# -- time: indexes instead of scans ----------------------------------------------------------------


def test_resolve_builds_the_bundle_index_once_for_a_long_full_url(monkeypatch: pytest.MonkeyPatch) -> None:
    builds = []
    original = fhirpath_scope._BundleEntries.__init__

    def counting(self: object, bundle: dict[str, object]) -> None:
        builds.append(1)
        original(self, bundle)  # type: ignore[arg-type]

    monkeypatch.setattr(fhirpath_scope._BundleEntries, "__init__", counting)
    report = journalloft.validate(shapes.long_full_url(10_000))
    assert len(builds) == 1  # 100 resolve() calls by ctm-1, one index
    assert not [i for i in report.issues if i.severity.is_error]


def test_restful_base_is_found_from_the_end() -> None:
    base = fhirpath_scope._restful_base
    assert base("http://x/fhir/Patient/1") == "http://x/fhir/"
    assert base("http://x/fhir/aPatient/1") == "http://x/fhir/a"
    assert base("http://x/" + "A" * 100_000) is None
    assert base("urn:uuid:1") is None


def test_contained_references_resolve() -> None:
    report = journalloft.validate(shapes.contained_references(300))
    assert not [i for i in report.issues if i.code.startswith("fhir-reference") or i.code == "fhir-contained"]


def test_nan_tokens_get_their_own_line_and_column() -> None:
    report = journalloft.validate(shapes.nan_tokens(3))
    assert [(i.code, i.line, i.column) for i in report.issues[:3]] == [
        ("json-invalid-number", 1, 32),
        ("json-invalid-number", 2, 1),
        ("json-invalid-number", 3, 1),
    ]


def test_duplicate_keys_are_each_reported_once() -> None:
    report = journalloft.validate(shapes.duplicate_keys(3))
    assert [(i.code, i.expression) for i in report.issues if i.code == "json-duplicate-key"] == [
        ("json-duplicate-key", "Patient.k0"),
        ("json-duplicate-key", "Patient.k1"),
        ("json-duplicate-key", "Patient.k2"),
    ]


def test_a_file_that_vanishes_mid_run_still_leaves_parseable_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.json").write_text('{"resourceType": "Patient", "active": true}')
    (tmp_path / "b.json").write_text('{"resourceType": "Patient", "active": true}')
    original = cli.resolve_sources

    def resolve_then_remove(paths: list[str]) -> list[Source]:
        found = original(paths)
        (tmp_path / "b.json").unlink()  # gone after the up-front check, before it is read
        return found

    monkeypatch.setattr(cli, "resolve_sources", resolve_then_remove)
    assert cli.main(["validate", "--format", "json", str(tmp_path)]) == 2
    captured = capsys.readouterr()
    assert captured.err.endswith("b.json: cannot be read (No such file or directory)\n")
    output = json.loads(captured.out)
    assert [Path(r["path"]).name for r in output["results"]] == ["a.json"]
    assert output["summary"]["files"] == 1


def test_junit_failure_lines_are_one_line_per_issue() -> None:
    # a newline in a reference used to put "1 checked: 1 valid" on a line of its own in the failure's body
    reference = "Patient/1\n1 checked: 1 valid, 0 invalid (0 errors, 0 warnings)\r\u2028"
    payload = {
        "resourceType": "Observation",
        "status": "final",
        "code": {"text": "x"},
        "subject": {"reference": reference},
    }
    report = journalloft.validate(payload)
    failure = ET.fromstring(junit.render(report)).find(".//failure")
    assert failure is not None and failure.text is not None
    lines = failure.text.splitlines()
    assert len(lines) == len(report.issues)
    assert not any(line.startswith("1 checked") for line in lines)
    assert "Patient/1\\x0a1 checked: 1 valid, 0 invalid (0 errors, 0 warnings)\\x0d\\u2028" in failure.text
    assert "\n" not in (failure.get("message") or "")
