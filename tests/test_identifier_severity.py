"""Identifier severity by context: no-id-format / no-id-check-digits are errors under a spec that
declares strict-identifiers (okt, okt-prototype, news2, helseid-tillitsrammeverk) or with
--strict-identifiers, and warnings under base R4 (pass/fail pairs). Identities are synthetic."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from id_numbers import flip_last
from journalloft import validate
from journalloft.cli import main
from journalloft.rules import RuleOptions, parse_rules, run_rules
from journalloft.specs import Registry, SpecError

ROOT = Path(__file__).resolve().parent.parent
GOOD_FNR = "22750884907"
BAD_FNR = flip_last(GOOD_FNR)


def _patient(value: str) -> dict[str, Any]:
    return {
        "resourceType": "Patient",
        "identifier": [{"system": "urn:oid:2.16.578.1.12.4.1.4.1", "value": value}],
    }


def _id_findings(report: Any) -> list[tuple[str, str, str]]:
    return [(i.severity.value, i.code, i.expression) for i in report.results[0].issues if i.code.startswith("no-id-")]


def test_base_r4_gives_warnings_and_strict_identifiers_errors() -> None:
    where = "Patient.identifier[0].value"
    assert _id_findings(validate(_patient(BAD_FNR))) == [("warning", "no-id-check-digits", where)]
    assert _id_findings(validate(_patient("210377xxxxx"))) == [("warning", "no-id-format", where)]
    assert _id_findings(validate(_patient(BAD_FNR), strict_identifiers=True)) == [
        ("error", "no-id-check-digits", where)
    ]
    assert _id_findings(validate(_patient(GOOD_FNR), strict_identifiers=True)) == []
    assert validate(_patient(BAD_FNR)).valid and not validate(_patient(BAD_FNR), strict_identifiers=True).valid


def test_the_cli_flag(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "patient.json"
    path.write_text(json.dumps(_patient(BAD_FNR)), encoding="utf-8")
    assert main(["validate", "--no-config", str(path)]) == 0
    assert "warning no-id-check-digits at Patient.identifier[0].value" in capsys.readouterr().out
    assert main(["validate", "--no-config", "--strict-identifiers", str(path)]) == 1
    assert "error no-id-check-digits at Patient.identifier[0].value" in capsys.readouterr().out


@pytest.mark.parametrize(
    "spec",
    [
        "okt@1.0.0",
        "okt@1.1.0",
        "okt-prototype@0.3.0",
        "okt-prototype@0.4.0",
        "news2@1.0.0",
        "news2@1.1.0",
        "helseid-tillitsrammeverk@1.0.0",
        "helseid-tillitsrammeverk@1.1.0",
    ],
)
def test_the_projects_specs_declare_that_they_require_valid_identifiers(spec: str) -> None:
    assert Registry().resolve(spec).strict_identifiers is True
    assert Registry().resolve("fhir-r4").strict_identifiers is False


def test_under_a_strict_spec_the_fhir_walk_gives_errors() -> None:
    episode = json.loads((ROOT / "examples/okt/fhir/valid/episode-midlertidig-stanset.json").read_text("utf-8"))
    episode["patient"]["identifier"]["value"] = flip_last(episode["patient"]["identifier"]["value"])
    assert _id_findings(validate(episode, spec="okt")) == [
        ("error", "no-id-check-digits", "EpisodeOfCare.patient.identifier.value")
    ]


def test_under_a_strict_json_spec_the_rule_gives_errors() -> None:
    event = {
        "personIdentifier": BAD_FNR,
        "oktMessages": [{"startDate": "2026-01-05", "iplosCode": {"iplosCodeValue": "1"}}],
    }
    assert _id_findings(validate(event, spec="okt-prototype")) == [
        ("error", "no-id-check-digits", "$.personIdentifier")
    ]


def test_a_rule_without_strictness_gives_warnings() -> None:
    rules = parse_rules([{"kind": "norwegian-identifier", "path": "$.id", "accept": ["fnr"]}], ROOT)
    lenient = run_rules(rules, {"id": BAD_FNR}, RuleOptions())
    strict = run_rules(rules, {"id": BAD_FNR}, RuleOptions(strict_identifiers=True))
    assert [(i.severity.value, i.code) for i in lenient] == [("warning", "no-id-check-digits")]
    assert [(i.severity.value, i.code) for i in strict] == [("error", "no-id-check-digits")]


def test_strict_identifiers_in_spec_yaml_must_be_a_boolean(tmp_path: Path) -> None:
    folder = tmp_path / "x" / "1.0.0"
    folder.mkdir(parents=True)
    (folder / "spec.yaml").write_text(
        'id: x\nversion: "1.0.0"\ntitle: X\nkind: fhir\nstrict-identifiers: "yes"\n', encoding="utf-8"
    )
    with pytest.raises(SpecError, match="strict-identifiers must be true or false"):
        Registry(roots=[tmp_path])
