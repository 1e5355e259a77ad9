"""A CodeSystem's all-codes value set and the publisher of HL7's own resources (issue 23's two engine gaps).

Shaped after HL7's official R4 examples CodeSystem-v3-QueryRequestLimit and ValueSet-audit-event-sub-type,
which HL7's validator 6.7.10 rejects (CodeSystem_CS_VS_IncludeDetails; VALIDATION_HL7_PUBLISHER_MISMATCH);
the fixtures are ours.
"""

from __future__ import annotations

from typing import Any

import pytest
from walker_cases import example, validator

from journalloft.issues import Issue

# A value set of the core definitions that includes a whole code system without details, and one that
# selects codes with a filter (the one CodeSystem-v3-QueryRequestLimit names)
WHOLE_SYSTEM = ("http://hl7.org/fhir/ValueSet/administrative-gender", "http://hl7.org/fhir/administrative-gender")
FILTERED = (
    "http://terminology.hl7.org/ValueSet/v3-QueryRequestLimit",
    "http://terminology.hl7.org/CodeSystem/v3-QueryRequestLimit",
)


def _ours(resource: dict[str, Any], code: str) -> list[Issue]:
    return [issue for issue in validator().validate(resource) if issue.code == code]


def _code_system(url: str, value_set: str | None) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "CodeSystem",
        "url": url,
        "status": "draft",
        "content": "complete",
        "concept": [{"code": "a", "display": "A"}, {"code": "b", "display": "B"}],
    }
    if value_set is not None:
        resource["valueSet"] = value_set
    return resource


def test_an_all_codes_value_set_without_details_passes() -> None:
    value_set, system = WHOLE_SYSTEM
    assert _ours(_code_system(system, value_set), "fhir-codesystem-valueset") == []


def test_an_all_codes_value_set_with_a_filter_is_an_error() -> None:
    value_set, system = FILTERED
    [issue] = _ours(_code_system(system, value_set), "fhir-codesystem-valueset")
    assert (issue.severity.is_error, issue.expression) == (True, "CodeSystem.valueSet")
    assert "its include has filter" in issue.message


def test_an_all_codes_value_set_of_another_system_is_an_error() -> None:
    value_set, _ = WHOLE_SYSTEM
    [issue] = _ours(_code_system("https://example.org/fhir/CodeSystem/eget", value_set), "fhir-codesystem-valueset")
    assert issue.severity.is_error
    assert "includes http://hl7.org/fhir/administrative-gender, not this code system" in issue.message


def test_an_unknown_value_set_is_not_compared() -> None:
    code_system = _code_system("https://example.org/fhir/CodeSystem/eget", "https://example.org/fhir/ValueSet/alle")
    assert _ours(code_system, "fhir-codesystem-valueset") == []


def test_the_official_example_hl7_rejects_is_rejected() -> None:
    found = _ours(example("CodeSystem-v3-QueryRequestLimit.json"), "fhir-codesystem-valueset")
    assert [(issue.severity.is_error, issue.expression) for issue in found] == [(True, "CodeSystem.valueSet")]


def _value_set(url: str, publisher: str | None, *groups: str) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "ValueSet",
        "url": url,
        "status": "draft",
        "extension": [
            {"url": "http://hl7.org/fhir/StructureDefinition/structuredefinition-wg", "valueCode": group}
            for group in groups
        ],
        "contact": [{"telecom": [{"system": "url", "value": "http://www.hl7.org/Special/committees/secure"}]}],
    }
    if publisher is not None:
        resource["publisher"] = publisher
    return resource


HL7_URL = "http://hl7.org/fhir/ValueSet/test-underart"


@pytest.mark.parametrize(
    ("publisher", "groups", "wanted"),
    [
        ("HL7 International / Security", ("sec",), []),
        ("NEMA/DICOM", ("sec",), [("error", "ValueSet.publisher")]),  # looks like a path: an error
        ("FHIR Project team", ("sec",), [("warning", "ValueSet.publisher")]),
        (None, ("sec",), [("warning", "ValueSet")]),
        ("HL7 International / Vocabulary", ("vocab",), []),  # the work group's former name
        ("HL7 International / Security", ("sec", "fhir"), [("error", "ValueSet")]),
        ("HL7 International / Security", ("finnes-ikke",), [("error", "ValueSet")]),
        ("HL7 International / Security", (), []),  # no work group named: nothing to compare
    ],
)
def test_the_publisher_of_an_hl7_resource_matches_its_work_group(
    publisher: str | None, groups: tuple[str, ...], wanted: list[tuple[str, str]]
) -> None:
    found = _ours(_value_set(HL7_URL, publisher, *groups), "fhir-hl7-publisher")
    assert [("error" if issue.severity.is_error else "warning", issue.expression) for issue in found] == wanted


def test_a_resource_outside_hl7s_namespace_is_not_checked() -> None:
    resource = _value_set("https://example.org/fhir/ValueSet/underart", "NEMA/DICOM", "sec")
    assert _ours(resource, "fhir-hl7-publisher") == []


def test_a_contact_url_off_the_work_group_pages_gets_a_warning() -> None:
    resource = _value_set(HL7_URL, "HL7 International / Security", "sec")
    resource["contact"] = [{"telecom": [{"system": "url", "value": "http://hl7.org/fhir"}]}]
    [issue] = _ours(resource, "fhir-hl7-publisher")
    assert (issue.severity.is_error, issue.expression) == (False, "ValueSet")


def test_the_official_example_hl7_rejects_is_rejected_for_its_publisher() -> None:
    found = _ours(example("ValueSet-audit-event-sub-type.json"), "fhir-hl7-publisher")
    assert [(issue.expression, issue.severity.is_error) for issue in found if issue.severity.is_error] == [
        ("ValueSet.publisher", True)
    ]
