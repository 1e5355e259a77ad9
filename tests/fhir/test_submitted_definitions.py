"""A StructureDefinition given as the resource to validate gets its snapshot generated, as in HL7's
validator 6.7.10 (StructureDefinitionValidator, read in hapifhir/org.hl7.fhir.core), and what stops it is
an error (fhir-snapshot). Shaped after fhir-test-cases' obs-mz (a differential element whose id is
Observation.valueQuantity and whose path is Observation.valueBla); the definitions here are our own.
"""

from __future__ import annotations

from typing import Any

import pytest
from walker_cases import validator

from journalloft.fhir.submitted_definitions import path_matches_id


def _profile(*elements: dict[str, Any]) -> dict[str, Any]:
    return {
        "resourceType": "StructureDefinition",
        "url": "https://fhir.kommune.no/StructureDefinition/puls",
        "name": "Puls",
        "status": "draft",
        "kind": "resource",
        "abstract": False,
        "type": "Observation",
        "baseDefinition": "http://hl7.org/fhir/StructureDefinition/Observation",
        "derivation": "constraint",
        "differential": {"element": list(elements)},
    }


def _found(resource: dict[str, Any]) -> list[tuple[str, str]]:
    issues = validator().validate(resource)
    return [(i.severity.value, i.expression) for i in issues if i.code == "fhir-snapshot"]


def test_a_path_that_names_another_element_than_the_id_is_an_error() -> None:
    profile = _profile({"id": "Observation.valueQuantity", "path": "Observation.valuePuls"})
    assert _found(profile) == [("error", "StructureDefinition.differential.element[0]")]


@pytest.mark.parametrize(
    "element",
    [
        {"id": "Observation.valueQuantity", "path": "Observation.valueQuantity", "min": 1},
        {"id": "Observation.value[x]", "path": "Observation.value[x]", "type": [{"code": "Quantity"}]},
        {"id": "Observation.value[x]:valueQuantity", "path": "Observation.valueQuantity", "min": 1},
        {"id": "Observation.component:puls.code", "path": "Observation.component.code"},
    ],
    ids=["renamed", "choice", "type-slice", "slice"],
)
def test_a_path_that_names_the_ids_element_passes(element: dict[str, Any]) -> None:
    slicing = {
        "id": "Observation.component",
        "path": "Observation.component",
        "slicing": {"discriminator": [{"type": "pattern", "path": "code"}], "rules": "open"},
    }
    component = {"id": "Observation.component:puls", "path": "Observation.component", "sliceName": "puls"}
    extra: list[dict[str, Any]] = [slicing, component] if element["id"].startswith("Observation.component") else []
    assert _found(_profile(*extra, element)) == []


def test_an_element_the_base_does_not_have_is_an_error_from_the_generator() -> None:
    profile = _profile({"id": "Observation.pulsfrekvens", "path": "Observation.pulsfrekvens", "min": 1})
    assert _found(profile) == [("error", "StructureDefinition")]


def test_a_definition_with_a_snapshot_is_not_generated_again() -> None:
    profile = _profile({"id": "Observation.pulsfrekvens", "path": "Observation.pulsfrekvens"})
    profile["snapshot"] = {"element": [{"id": "Observation", "path": "Observation", "min": 0, "max": "*"}]}
    assert _found(profile) == []


@pytest.mark.parametrize(
    ("element_id", "path", "same"),
    [
        ("Observation.valueQuantity", "Observation.valueBla", False),
        ("Observation.value[x]", "Observation.valueString", True),
        ("Observation.value[x]", "Observation.value", False),
        ("Observation.code", "Observation.code.coding", False),
    ],
)
def test_path_matches_id(element_id: str, path: str, same: bool) -> None:
    assert path_matches_id(element_id, path) is same
