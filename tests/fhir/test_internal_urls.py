"""A uri, url or canonical value that starts with '#' must point at an id in the resource.

As HL7's validator 6.7.10 checks it (InstanceValidator.validateReference, read in
hapifhir/org.hl7.fhir.core; its result on a CodeSystem whose valueSet is '#' is
TYPE_SPECIFIC_CHECKS_DT_URL_INTERNAL): an error for a canonical and for ValueSet.compose.include.system,
a warning for other uri and url elements, nothing here for Meta.source (a hint there). The targets are
those of a narrative link (see test_narrative_links). The resources here are our own.
"""

from __future__ import annotations

from typing import Any

from walker_cases import validator


def _found(resource: dict[str, Any]) -> list[tuple[str, str]]:
    issues = validator().validate(resource)
    return [(i.severity.value, i.expression) for i in issues if i.code == "fhir-internal-url"]


def _code_system(value_set: str, **extra: Any) -> dict[str, Any]:
    return {
        "resourceType": "CodeSystem",
        "status": "draft",
        "content": "complete",
        "valueSet": value_set,
        "concept": [{"code": "a"}],
        **extra,
    }


def test_a_canonical_that_is_only_a_hash_is_an_error() -> None:
    assert _found(_code_system("#")) == [("error", "CodeSystem.valueSet")]


def test_a_canonical_to_a_contained_resource_passes_and_to_nothing_fails() -> None:
    contained = [{"resourceType": "ValueSet", "id": "alle", "status": "draft"}]
    assert _found(_code_system("#alle", contained=contained)) == []
    assert _found(_code_system("#ingen", contained=contained)) == [("error", "CodeSystem.valueSet")]


def test_a_uri_that_points_at_nothing_is_a_warning_and_at_an_element_passes() -> None:
    patient: dict[str, Any] = {"resourceType": "Patient", "implicitRules": "#regler"}
    assert _found(patient) == [("warning", "Patient.implicitRules")]
    patient["name"] = [{"id": "regler", "family": "Nordmann"}]
    assert _found(patient) == []


def test_a_value_set_include_system_is_an_error_although_its_type_is_uri() -> None:
    value_set = {"resourceType": "ValueSet", "status": "draft", "compose": {"include": [{"system": "#kodeverk"}]}}
    assert _found(value_set) == [("error", "ValueSet.compose.include[0].system")]


def test_meta_source_is_not_reported() -> None:
    assert _found({"resourceType": "Patient", "meta": {"source": "#kilde"}}) == []
