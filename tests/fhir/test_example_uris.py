"""Example URLs in uri, url, canonical and oid elements beyond Attachment.url and extension URLs.

HL7's validator 6.7.10 (InstanceValidator.validateReference, read in hapifhir/org.hl7.fhir.core) reports
TYPE_SPECIFIC_CHECKS_DT_URL_EXAMPLE for an example URL in any such element it checks, unless example
URLs are allowed; its results on HL7's Schedule-exampleloc2 (Identifier.system), CodeSystem-summary
(useContext's Coding.system) and a message Bundle (MessageHeader.source.endpoint, event Coding.system)
are what these pairs follow. The resources here are our own.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from walker_cases import validator

from journalloft.cli import main
from journalloft.fhir.options import FhirOptions
from journalloft.fhir.package import build_package

ALLOWED = FhirOptions(allow_example_urls=True)
DEFAULT = FhirOptions()


def _found(resource: dict[str, Any], options: FhirOptions = DEFAULT) -> set[tuple[str, str]]:
    issues = validator().validate(resource, options=options)
    return {(i.severity.value, i.expression) for i in issues if i.code == "fhir-example-url"}


def _patient(system: str) -> dict[str, Any]:
    return {"resourceType": "Patient", "identifier": [{"system": system, "value": "1"}]}


@pytest.mark.parametrize(
    "system", ["http://example.org/pasientnummer", "https://fhir.acme.com/ids", "urn:oid:2.999.7.1"]
)
def test_an_example_identifier_system_is_an_error(system: str) -> None:
    assert _found(_patient(system)) == {("error", "Patient.identifier[0].system")}


def test_allow_example_urls_allows_the_identifier_system() -> None:
    assert _found(_patient("http://example.org/pasientnummer"), ALLOWED) == set()


@pytest.mark.parametrize("system", ["https://fhir.kommune.no/pasientnummer", "urn:oid:2.16.578.1.12.4.1.4.1"])
def test_a_real_identifier_system_passes(system: str) -> None:
    assert _found(_patient(system)) == set()


def test_a_value_with_an_element_companion_is_checked_too() -> None:
    """The full primitive path (a "_system" companion) reports it as the common path does."""
    patient = _patient("http://example.org/pasientnummer")
    patient["identifier"][0]["_system"] = {"id": "s1"}
    assert _found(patient) == {("error", "Patient.identifier[0].system")}


def test_an_example_coding_system_is_an_error_unless_allowed() -> None:
    observation = {
        "resourceType": "Observation",
        "status": "final",
        "code": {"coding": [{"system": "http://example.org/koder", "code": "x"}]},
    }
    assert _found(observation) == {("error", "Observation.code.coding[0].system")}
    assert _found(observation, ALLOWED) == set()


def test_the_defining_url_of_a_canonical_resource_is_not_reported() -> None:
    """CodeSystem.url names the resource (HL7's isCanonicalURLElement); it does not point anywhere."""
    code_system = {
        "resourceType": "CodeSystem",
        "url": "http://example.org/CodeSystem/farger",
        "status": "draft",
        "content": "complete",
        "concept": [{"code": "rød"}],
    }
    assert _found(code_system) == set()


def test_a_fullurl_is_not_reported_here() -> None:
    """Bundle.entry.fullUrl is checked as part of the Bundle (HL7's validator skips it here too)."""
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{"fullUrl": "http://example.org/fhir/Patient/1", "resource": {"resourceType": "Patient", "id": "1"}}],
    }
    assert _found(bundle) == set()



GENERATED = Path(__file__).parent / "specs" / "profile-features" / "1.0.0" / "generated"


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_package(GENERATED.parent, tmp_path_factory.mktemp("pkg") / "profile-features.tgz")


def _example_url_findings(arguments: list[str], capsys: pytest.CaptureFixture[str]) -> set[str]:
    main(["validate", "--format", "json", *arguments, str(GENERATED / "Patient-jl-patient-ok.json")])
    out = json.loads(capsys.readouterr().out)
    return {i["expression"] for r in out["results"] for i in r["issues"] if i["code"] == "fhir-example-url"}


def test_an_example_url_of_a_loaded_definition_is_not_reported(
    package: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """HL7's validator reports an example URL only when it cannot resolve it: with the IG loaded, its
    example.org profile in meta.profile resolves; without it, it is reported."""
    assert "Patient.meta.profile[0]" in _example_url_findings([], capsys)
    assert _example_url_findings(["--ig", str(package)], capsys) == set()
