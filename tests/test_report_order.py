"""Reports for people list findings by severity and leave out how-it-was-checked notes unless --verbose."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from journalloft.cli import main
from journalloft.issues import error, for_reading, information, warning
from journalloft.report import Report, Result
from journalloft.reporters import json_reporter, text

ROOT = Path(__file__).resolve().parents[1]
NEWS2_ONE_ERROR = str(ROOT / "examples" / "news2" / "invalid" / "delskar-stemmer-ikke.json")

NOTE = information("fhir-profile-by-code", "Bundle.entry[1].resource", "checked against the Heart rate profile")
INFO = information("fhir-invariant-not-evaluated", "Patient", "not evaluated offline")
WARN = warning("fhir-binding-extensible", "Patient.maritalStatus", "not in the value set")
ERR_DEEP = error("fhir-primitive", "Patient.birthDate.extension[0].url", "bad")
ERR = error("fhir-unknown-element", "Patient.foo", "unknown element")
DOCUMENT_ORDER = [NOTE, INFO, WARN, ERR_DEEP, ERR]


def test_for_reading_puts_the_headline_first_then_errors_warnings_information() -> None:
    assert for_reading(DOCUMENT_ORDER, verbose=True) == [ERR, ERR_DEEP, WARN, NOTE, INFO]


def test_for_reading_leaves_out_profile_by_code_notes_unless_verbose() -> None:
    assert for_reading(DOCUMENT_ORDER) == [ERR, ERR_DEEP, WARN, INFO]
    assert for_reading([NOTE]) == []


def test_text_report_is_sorted_by_severity() -> None:
    out = text.render(Report([Result("p.json", "fhir-r4@4.0.1", list(DOCUMENT_ORDER))]))
    codes = [line.split()[1] for line in out.splitlines() if line.startswith("  ")]
    expected = ["fhir-unknown-element", "fhir-primitive", "fhir-binding-extensible", "fhir-invariant-not-evaluated"]
    assert codes == expected


def test_json_report_keeps_every_issue_in_document_order() -> None:
    data = json.loads(json_reporter.render(Report([Result("p.json", None, list(DOCUMENT_ORDER))])))
    assert [i["code"] for i in data["results"][0]["issues"]] == [i.code for i in DOCUMENT_ORDER]


def test_a_news2_bundle_shows_its_one_error_without_the_profile_notes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--no-config", NEWS2_ONE_ERROR]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3, lines
    assert lines[1].startswith("  error news2-component-mismatch at ")
    assert "fhir-profile-by-code" not in "\n".join(lines)
    assert "fhir-code-not-checked" not in "\n".join(lines)


def test_verbose_shows_the_profile_notes_after_the_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--no-config", "--verbose", NEWS2_ONE_ERROR]) == 1
    issue_lines = [line for line in capsys.readouterr().out.splitlines() if line.startswith("  ")]
    assert issue_lines[0].startswith("  error news2-component-mismatch at ")
    # the Bundle's SNOMED CT and LOINC codes, not checked offline: one note per code system
    assert [line.split()[1] for line in issue_lines[1:]] == ["fhir-profile-by-code"] * 5 + ["fhir-code-not-checked"] * 2


def test_the_json_format_still_carries_the_profile_notes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--no-config", "--format", "json", NEWS2_ONE_ERROR]) == 1
    codes = [i["code"] for i in json.loads(capsys.readouterr().out)["results"][0]["issues"]]
    assert codes.count("fhir-profile-by-code") == 5
    assert codes.count("fhir-code-not-checked") == 2
    assert "news2-component-mismatch" in codes
