"""The Python API: ``journalloft.validate`` on data, bytes, files and directories."""

from __future__ import annotations

from pathlib import Path

import pytest

import journalloft
from journalloft.inputs import InputError
from journalloft.issues import Issue, Severity, headline


def test_bytes_are_parsed_strictly() -> None:
    report = journalloft.validate(b'{"a": 1, "a": 2}')
    assert (report.issues[0].code, report.issues[0].expression) == ("json-duplicate-key", "$.a")
    assert report.results[0].path == "<data>"


def test_paths_and_directories(tmp_path: Path) -> None:
    (tmp_path / "one.json").write_bytes(b"{")
    (tmp_path / "two.ndjson").write_bytes(b"[]\n[]\n")
    report = journalloft.validate(tmp_path)
    assert [r.path for r in report.results] == [
        str(tmp_path / "one.json"),
        f"{tmp_path / 'two.ndjson'}:1",
        f"{tmp_path / 'two.ndjson'}:2",
    ]
    assert report.summary() == {"files": 3, "valid": 0, "invalid": 3, "errors": 3, "warnings": 0, "ignored": 0}


def test_missing_path_raises_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        journalloft.validate(tmp_path / "missing.json")


def test_issue_codes_are_a_closed_set() -> None:
    with pytest.raises(ValueError, match=r"not in journalloft\.codes\.CODES"):
        Issue(Severity.ERROR, "made-up-code", "$", "x")


def test_headline_rule_prefers_severity_then_shallowness_then_order() -> None:
    deep_error = Issue(Severity.ERROR, "fhir-primitive", "Patient.name[0].given[0]", "deep")
    shallow_warning = Issue(Severity.WARNING, "fhir-binding-extensible", "Patient.gender", "warn")
    shallow_error = Issue(Severity.ERROR, "fhir-cardinality-min", "Patient.identifier", "shallow")
    second_shallow_error = Issue(Severity.ERROR, "fhir-cardinality-max", "Patient.contact", "later")
    issues = [shallow_warning, deep_error, shallow_error, second_shallow_error]
    assert headline(issues) is shallow_error
    assert headline([shallow_warning, deep_error]) is deep_error
    assert headline([]) is None
