"""Spec rules (journalloft.rules) on the test spec tests/data/specs/rules-demo: pass/fail per kind."""

from __future__ import annotations

import copy
import textwrap
from pathlib import Path
from typing import Any

import pytest

from id_numbers import flip_last, organisation_number, with_digits
from journalloft import validate
from journalloft.jsonpath import JsonPathError, compile_path
from journalloft.rules import RuleOptions, parse_rules, run_rules
from journalloft.specs import Registry, SpecError

SPECS = Path(__file__).resolve().parent / "data" / "specs"
SYNTHETIC = "22750884907"


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry(roots=[], extra_roots=[SPECS])


def payload(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "subject": SYNTHETIC,
        "organisation": organisation_number("98765432"),
        "practitioner": "1234567",
        "contacts": [{"id": "16758532406"}],
        "periods": [
            {"start": "2026-01-01", "end": "", "code": "1"},
            {"start": "2026-02-01", "end": "2026-02-01", "code": "31"},
        ],
    }
    base.update(changes)
    return base


def found(data: dict[str, Any], registry: Registry, **options: Any) -> list[tuple[str, str, str]]:
    report = validate(data, "rules-demo", registry=registry, **options)
    return [(i.severity.value, i.code, i.expression) for r in report.results for i in r.issues]


def test_valid_payload_has_no_issues_and_is_detected_by_shape(registry: Registry) -> None:
    assert found(payload(), registry) == []
    assert validate(payload(), registry=registry).results[0].spec == "rules-demo@1.0.0"


def test_rules_are_parsed_into_typed_objects(registry: Registry) -> None:
    rules = registry.resolve("rules-demo").rules
    assert [type(r).__name__ for r in rules] == [
        "IdentifierRule",
        "IdentifierRule",
        "IdentifierRule",
        "IdentifierRule",
        "DateOrderRule",
        "CodeListRule",
        "CodeListRule",
    ]
    assert "31" in rules[5].codes  # type: ignore[union-attr]  # nested concepts count


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"subject": flip_last(SYNTHETIC)}, [("error", "no-id-check-digits", "$.subject")]),
        ({"subject": "2275088490"}, [("error", "no-id-format", "$.subject")]),
        ({"subject": "32750884907"}, [("error", "no-id-format", "$.subject")]),
        ({"subject": with_digits("912345")}, [("error", "no-id-format", "$.subject")]),  # an FHN, not accepted
        ({"subject": with_digits("557001")}, []),  # a synthetic D-nummer is accepted
        ({"subject": ""}, []),  # empty: the schema's business, not the rule's
        (
            {"organisation": flip_last(organisation_number("98765432"))},
            [("error", "no-id-check-digits", "$.organisation")],
        ),
        ({"organisation": SYNTHETIC}, [("error", "no-id-format", "$.organisation")]),
        ({"practitioner": "12x"}, [("error", "no-id-format", "$.practitioner")]),
        ({"contacts": [{"id": with_digits("912345")}, {"id": "1"}]}, [("error", "no-id-format", "$.contacts[1].id")]),
    ],
)
def test_norwegian_identifier_rule(
    registry: Registry, changes: dict[str, Any], expected: list[tuple[str, str, str]]
) -> None:
    assert found(payload(**changes), registry) == expected


def test_date_order_rule(registry: Registry) -> None:
    data = payload()
    data["periods"][1]["end"] = "2026-01-31"
    assert found(data, registry) == [("error", "rule-date-order", "$.periods[1].end")]
    data["periods"][1]["end"] = "2026-02-02"
    assert found(data, registry) == []
    del data["periods"][1]["end"]
    assert found(data, registry) == []


def test_date_order_rule_skips_a_date_the_schema_already_rejected(registry: Registry) -> None:
    data = payload()
    data["periods"][1]["end"] = "2026-13-01"
    assert found(data, registry) == [("error", "schema-constraint", "$.periods[1].end")]


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("2", []),
        ("31", []),
        ("4", [("error", "rule-code-unknown", "$.periods[0].code")]),
        ("9", [("error", "rule-code-retired", "$.periods[0].code")]),
        ("01", [("warning", "rule-code-leading-zero", "$.periods[0].code")]),
        (
            "09",
            [
                ("warning", "rule-code-leading-zero", "$.periods[0].code"),
                ("error", "rule-code-retired", "$.periods[0].code"),
            ],
        ),
        (
            "04",
            [
                ("warning", "rule-code-leading-zero", "$.periods[0].code"),
                ("error", "rule-code-unknown", "$.periods[0].code"),
            ],
        ),
    ],
)
def test_code_list_rule(registry: Registry, code: str, expected: list[tuple[str, str, str]]) -> None:
    data = payload()
    data["periods"][0]["code"] = code
    assert found(data, registry) == expected


def test_code_list_without_leading_zeros_warn_treats_01_as_unknown(registry: Registry) -> None:
    assert found(payload(strictCode="01"), registry) == [("error", "rule-code-unknown", "$.strictCode")]
    assert found(payload(strictCode="3"), registry) == []


@pytest.mark.parametrize(
    ("leading_zeros", "code", "expected"),
    [
        ("accept", "01", []),
        ("accept", "1", []),
        ("accept", "09", [("error", "rule-code-retired", "$.code")]),
        ("accept", "04", [("error", "rule-code-unknown", "$.code")]),
        ("warn", "01", [("warning", "rule-code-leading-zero", "$.code")]),
        ("error", "01", [("error", "rule-code-unknown", "$.code")]),
    ],
)
def test_leading_zeros_accept_reads_01_as_1_without_a_finding(
    leading_zeros: str, code: str, expected: list[tuple[str, str, str]]
) -> None:
    (rule,) = parse_rules(
        [
            {
                "kind": "code-list",
                "path": "$.code",
                "codesystem": "CodeSystem-demo.json",
                "retired": {"9": "utgått"},
                "leading-zeros": leading_zeros,
            }
        ],
        SPECS / "rules-demo" / "1.0.0",
    )
    issues = run_rules([rule], {"code": code}, RuleOptions())
    assert [(i.severity.value, i.code, i.expression) for i in issues] == expected


def test_retired_message_carries_the_reason(registry: Registry) -> None:
    data = payload()
    data["periods"][0]["code"] = "9"
    issue = validate(data, "rules-demo", registry=registry).results[0].issues[0]
    assert "erstattet av 3 i 2019" in issue.message


def test_synthetic_only_rejects_a_real_looking_person_number(registry: Registry) -> None:
    real_looking = with_digits("150385")
    data = payload(subject=real_looking, contacts=[{"id": with_digits("912345")}])
    assert found(data, registry) == []
    assert found(data, registry, synthetic_only=True) == [("error", "no-id-not-synthetic", "$.subject")]
    assert found(payload(), registry, synthetic_only=True) == []


def test_jsonpath_subset() -> None:
    data = {"a": [{"b": 1}, {"b": 2}, {"c": 3}], "d e": {"x": 4}}
    assert list(compile_path("$.a[*].b").find(data)) == [(("a", 0, "b"), 1), (("a", 1, "b"), 2)]
    assert list(compile_path("$.a[2]").find(data)) == [(("a", 2), {"c": 3})]
    assert list(compile_path('$["d e"].x').find(data)) == [(("d e", "x"), 4)]
    assert list(compile_path("$.a[9].b").find(data)) == []
    assert list(compile_path("$").find(data)) == [((), data)]
    for bad in ("a.b", "$..a", "$.a[?(@.b)]", "$.a[1:2]"):
        with pytest.raises(JsonPathError):
            compile_path(bad)


_BROKEN = [
    ("rules: {}", "rules[0]: rules must be a list"),
    ("rules:\n  - kind: nonsense\n    path: $.a", "rules[0]: kind must be one of"),
    ("rules:\n  - kind: date-order\n    path: $.a\n    start: s", "rules[0]: date-order: missing ['end']"),
    ("rules:\n  - kind: date-order\n    path: $.a\n    start: s\n    end: e\n    extra: 1", "unknown keys ['extra']"),
    (
        "rules:\n  - kind: norwegian-identifier\n    path: $.a\n    accept: [fnr]\n"
        "  - kind: norwegian-identifier\n    path: $.a\n    accept: [ssn]",
        "rules[1]: norwegian-identifier: accept",
    ),
    ("rules:\n  - kind: norwegian-identifier\n    path: a\n    accept: [fnr]", "rules[0]: path: a path starts with $"),
    (
        "rules:\n  - kind: code-list\n    path: $.a\n    codesystem: missing.json",
        "rules[0]: code-list: cannot read codesystem missing.json",
    ),
    (
        "rules:\n  - kind: code-list\n    path: $.a\n    codesystem: schema.json",
        "rules[0]: code-list: schema.json is not a FHIR CodeSystem",
    ),
    (
        "rules:\n  - kind: code-list\n    path: $.a\n    codesystem: cs.json\n    leading-zeros: ignore",
        "leading-zeros is accept, warn or error",
    ),
]


@pytest.mark.parametrize(("rules", "message"), _BROKEN)
def test_a_broken_rule_is_a_spec_error_naming_file_and_index(tmp_path: Path, rules: str, message: str) -> None:
    folder = tmp_path / "broken" / "1.0.0"
    folder.mkdir(parents=True)
    (folder / "schema.json").write_text("{}", encoding="utf-8")
    (folder / "cs.json").write_text(
        (SPECS / "rules-demo" / "1.0.0" / "CodeSystem-demo.json").read_text(), encoding="utf-8"
    )
    head = "id: broken\nversion: '1.0.0'\ntitle: Broken\nkind: json-schema\n"
    (folder / "spec.yaml").write_text(head + textwrap.dedent(rules) + "\n", encoding="utf-8")
    with pytest.raises(SpecError) as caught:
        Registry(roots=[], extra_roots=[tmp_path])
    assert str(folder / "spec.yaml") in str(caught.value)
    assert message in str(caught.value)


def test_payload_is_not_modified_by_rules(registry: Registry) -> None:
    data = payload()
    data["periods"][0]["code"] = "01"
    before = copy.deepcopy(data)
    found(data, registry)
    assert data == before


def test_the_cli_reports_a_broken_rule_with_exit_status_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from journalloft.cli import main

    folder = tmp_path / "broken" / "1.0.0"
    folder.mkdir(parents=True)
    (folder / "schema.json").write_text("{}", encoding="utf-8")
    head = "id: broken\nversion: '1.0.0'\ntitle: Broken\nkind: json-schema\n"
    (folder / "spec.yaml").write_text(head + "rules:\n  - kind: date-order\n    path: $.a\n", encoding="utf-8")
    (tmp_path / "x.json").write_text("{}", encoding="utf-8")
    assert main(["validate", "--spec-dir", str(tmp_path), str(tmp_path / "x.json")]) == 2
    assert "rules[0]: date-order: missing ['end', 'start']" in capsys.readouterr().err


def test_a_huge_identifier_is_not_repeated_in_the_message(registry: Registry) -> None:
    issue = validate(payload(subject="9" * 100_000), "rules-demo", registry=registry).results[0].issues[0]
    assert issue.code == "no-id-format"
    assert len(issue.message) < 200 and "100000 characters" in issue.message
