"""A canonical URL must be absolute unless it is a fragment, as HL7's validator 6.7.10 requires.

TYPE_SPECIFIC_CHECKS_CANONICAL_ABSOLUTE (InstanceValidator.checkPrimitive, read in
hapifhir/org.hl7.fhir.core): HL7's validator gives it for a PlanDefinition whose library is
'Library/...' (one of HL7's R4 examples); the defining url of a canonical resource is held to the same
rule. The resources here are our own.
"""

from __future__ import annotations

from typing import Any

import pytest
from walker_cases import validator


def _found(resource: dict[str, Any]) -> list[tuple[str, str]]:
    issues = validator().validate(resource)
    return [(i.severity.value, i.expression) for i in issues if i.code == "fhir-canonical-relative"]


def _plan(library: str) -> dict[str, Any]:
    return {"resourceType": "PlanDefinition", "status": "draft", "library": [library]}


@pytest.mark.parametrize("library", ["Library/tiltak", "tiltak", "HTTP://fhir.kommune.no/Library/tiltak"])
def test_a_relative_canonical_is_an_error(library: str) -> None:
    assert _found(_plan(library)) == [("error", "PlanDefinition.library[0]")]


@pytest.mark.parametrize(
    "library",
    [
        "https://fhir.kommune.no/Library/tiltak",
        "https://fhir.kommune.no/Library/tiltak|1.0.0",
        "urn:uuid:5d1f3c2e-9b7a-4e8f-a1b2-c3d4e5f60718",
    ],
)
def test_an_absolute_canonical_passes(library: str) -> None:
    assert _found(_plan(library)) == []


def test_the_defining_url_of_a_canonical_resource_must_be_absolute_too() -> None:
    code_system = {"resourceType": "CodeSystem", "url": "CodeSystem/farger", "status": "draft", "content": "complete"}
    assert _found(code_system) == [("error", "CodeSystem.url")]
    code_system["url"] = "https://fhir.kommune.no/CodeSystem/farger"
    assert _found(code_system) == []
