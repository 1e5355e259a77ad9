"""helseid-tillitsrammeverk 1.1.0: errors exactly where HelseID's published schema v1.0 has them;
what this project recommends beyond it (advisory.json) gives warnings with their reason. Pass/fail
pairs against 1.0.0, which kept every constraint an error. Organisation numbers are synthetic."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from journalloft import validate
from journalloft.specs import Registry, SpecError

ROOT = Path(__file__).resolve().parent.parent
VALID = json.loads((ROOT / "examples/helseid/valid/hjemmetjeneste-sykepleier.json").read_text(encoding="utf-8"))


def _findings(payload: dict[str, Any], version: str) -> list[tuple[str, str, str]]:
    result = validate(payload, spec=f"helseid-tillitsrammeverk@{version}").results[0]
    return [(i.severity.value, i.code, i.expression) for i in result.issues]


def _changed(change: Any) -> dict[str, Any]:
    payload = copy.deepcopy(VALID)
    change(payload)
    return payload


def _set(path: list[str | int], value: Any) -> Any:
    def change(payload: dict[str, Any]) -> None:
        node: Any = payload
        for step in path[:-1]:
            node = node[step]
        node[path[-1]] = value

    return change


STRICTER = [
    (
        _set(["care_relationship", "purpose_of_use", "code"], "BEHANDLING"),
        "schema-enum",
        "$.care_relationship.purpose_of_use.code",
        "HelseIDs skjema v1.0 har ingen kodeliste",
    ),
    (_set(["care_relation"], {}), "schema-additional-property", "$.care_relation", "den eldre modellen"),
    (
        _set(["practitioner", "authorization", "code"], ""),
        "schema-constraint",
        "$.practitioner.authorization.code",
        "tom verdi",
    ),
    (
        _set(["practitioner", "authorization", "system"], "urn:oid:1.2.3"),
        "schema-pattern",
        "$.practitioner.authorization.system",
        "HelseIDs skjema v1.0 sjekker ikke formen",
    ),
]


@pytest.mark.parametrize(("change", "code", "where", "reason"), STRICTER)
def test_what_is_stricter_than_helseids_schema_is_a_warning_with_its_reason(
    change: Any, code: str, where: str, reason: str
) -> None:
    payload = _changed(change)
    assert _findings(payload, "1.1.0") == [("warning", code, where)]
    (issue,) = validate(payload, spec="helseid-tillitsrammeverk@1.1.0").results[0].issues
    assert "(a warning: " in issue.message and reason in issue.message
    assert _findings(payload, "1.0.0") == [("error", code, where)]  # 1.0.0 reads as it did


def test_what_helseids_schema_requires_stays_an_error_and_is_not_repeated_as_a_warning() -> None:
    payload = _changed(_set(["care_relationship", "decision_ref", "user_selected"], "true"))
    assert _findings(payload, "1.1.0") == [("error", "schema-type", "$.care_relationship.decision_ref.user_selected")]
    without = _changed(lambda p: p["care_relationship"].pop("purpose_of_use_details"))
    assert _findings(without, "1.1.0") == [("error", "schema-required", "$.care_relationship.purpose_of_use_details")]


def test_nhns_pjd_sample_shape_without_department_fails_helseids_schema_on_department_only() -> None:
    # As NHN's Pasientens journaldokumenter sample builds it: no department (see tests/data/helseid).
    sample = copy.deepcopy(VALID)
    del sample["practitioner"]["department"]
    del sample["patients"][0]["department"]
    assert _findings(sample, "1.1.0") == [
        ("error", "schema-required", "$.patients[0].department"),
        ("error", "schema-required", "$.practitioner.department"),
    ]
    description = Registry().resolve("helseid-tillitsrammeverk@1.1.0").json_schema()["description"]
    assert "helseid_trust_framework versjon 1.0" in description and "«Ja, hvis forekommer»" in description


def test_the_valid_examples_have_no_finding() -> None:
    assert _findings(VALID, "1.1.0") == []


def test_a_broken_advisory_declaration_is_a_spec_error(tmp_path: Path) -> None:
    folder = tmp_path / "x" / "1.0.0"
    folder.mkdir(parents=True)
    (folder / "schema.json").write_text("{}", encoding="utf-8")
    (folder / "spec.yaml").write_text(
        'id: x\nversion: "1.0.0"\ntitle: X\nkind: json-schema\nadvisory:\n  schema: missing.json\n  reasons: {}\n',
        encoding="utf-8",
    )
    with pytest.raises(SpecError, match="advisory needs schema"):
        Registry(roots=[tmp_path])
