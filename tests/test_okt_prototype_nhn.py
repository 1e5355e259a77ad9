"""okt-prototype as NHN sends it (0.4.0): IPLOS codes with a leading zero ("01") and without ("1")
are accepted without a finding, iplosCode is optional as in NHN's logical model, and 0.3.0 keeps
reading as it did (pass/fail pairs across the two versions). Identities are synthetic."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from journalloft import validate
from journalloft.cli import main
from journalloft.okt.convert import Organisation, to_fhir

ROOT = Path(__file__).resolve().parent.parent
NHN_EVENT = json.loads((ROOT / "tests/data/nhn/okt-event-nhn-form.json").read_text(encoding="utf-8"))
CODE = "$.oktMessages[0].iplosCode.iplosCodeValue"


def _findings(payload: dict[str, Any], spec: str | None = None) -> list[tuple[str, str, str]]:
    result = validate(payload, spec=spec).results[0]
    return [(i.severity.value, i.code, i.expression) for i in result.issues]


def _with_code(code: str) -> dict[str, Any]:
    event = copy.deepcopy(NHN_EVENT)
    event["oktMessages"] = event["oktMessages"][:1]
    event["oktMessages"][0]["iplosCode"]["iplosCodeValue"] = code
    return event


def test_nhns_payload_is_detected_as_the_newest_version_and_has_no_finding() -> None:
    result = validate(NHN_EVENT).results[0]
    assert result.spec == "okt-prototype@0.4.0"
    assert result.issues == []


@pytest.mark.parametrize("code", ["01", "1", "05", "5", "06", "29"])
def test_leading_zero_or_not_both_accepted(code: str) -> None:
    assert _findings(_with_code(code), "okt-prototype@0.4.0") == []


@pytest.mark.parametrize(
    ("code", "finding"),
    [
        ("012", "rule-code-retired"),
        ("12", "rule-code-retired"),
        ("030", "rule-code-unknown"),
        ("30", "rule-code-unknown"),
    ],
)
def test_a_retired_or_unknown_code_is_still_an_error_with_or_without_the_zero(code: str, finding: str) -> None:
    assert _findings(_with_code(code), "okt-prototype@0.4.0") == [("error", finding, CODE)]


def test_version_030_still_warns_about_the_leading_zero() -> None:
    assert _findings(_with_code("01"), "okt-prototype@0.3.0") == [("warning", "rule-code-leading-zero", CODE)]


def test_iplos_code_is_optional_in_040_and_required_in_030() -> None:
    event = _with_code("1")
    del event["oktMessages"][0]["iplosCode"]
    assert _findings(event, "okt-prototype@0.4.0") == []
    assert _findings(event, "okt-prototype@0.3.0") == [("error", "schema-required", "$.oktMessages[0].iplosCode")]


def test_convert_normalises_the_leading_zero() -> None:
    bundle = to_fhir(NHN_EVENT, Organisation("999999980", "Hjemmetjenesten sone vest"))
    codes = [e["resource"]["type"][0]["coding"][0]["code"] for e in bundle["entry"][1:]]
    assert codes == ["1", "5", "6", "1"]


def test_convert_refuses_a_service_without_iplos_code_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    event = copy.deepcopy(NHN_EVENT)
    del event["oktMessages"][2]["iplosCode"]
    source = tmp_path / "nhn.json"
    source.write_text(json.dumps(event), encoding="utf-8")
    out = tmp_path / "bundle.json"
    assert main(["convert", str(source), "--organisasjonsnummer", "999999980", "--output", str(out)]) == 1
    assert not out.exists()
    err = capsys.readouterr().err
    assert "error convert-unsupported at $.oktMessages[2].iplosCode" in err
    assert "okt requires the IPLOS service type" in err
