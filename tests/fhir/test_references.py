"""References: literal format, target types, resolution in contained resources and Bundles."""

from __future__ import annotations

from typing import Any

import pytest
from walker_cases import errors

from journalloft.fhir.references import classify, restful_base

PATIENT_UUID = "urn:uuid:6a1e3ab0-2f4a-4c1e-9f55-0c3f0e6e1a11"


def _observation(reference: str, **extra: Any) -> dict[str, Any]:
    return {
        "resourceType": "Observation",
        "status": "final",
        "code": {"text": "x"},
        "subject": {"reference": reference},
        **extra,
    }


@pytest.mark.parametrize(
    ("reference", "expected"),
    [
        ("Patient/123", ("relative", "Patient")),
        ("Patient/123/_history/2", ("relative", "Patient")),
        ("http://example.org/fhir/Patient/123", ("absolute", "Patient")),
        ("http://example.org/some/thing", ("absolute", None)),
        (PATIENT_UUID, ("uuid", None)),
        ("urn:oid:1.2.3", ("oid", None)),
        ("#p1", ("local", None)),
        ("Patient?identifier=urn:oid:2.16.578.1.12.4.1.4.1|22750884907", ("conditional", "Patient")),
        ("Patient/", None),
        ("Patient/a b", None),
        ("urn:uuid:not-a-uuid", None),
        ("patient/123", None),
        ("Patient/" + "x" * 65, None),
    ],
)
def test_classify(reference: str, expected: tuple[str, str | None] | None) -> None:
    assert classify(reference) == expected


def test_restful_base() -> None:
    assert restful_base("http://example.org/fhir/Patient/1") == "http://example.org/fhir/"
    assert restful_base(PATIENT_UUID) is None


class TestFormatAndTarget:
    def test_allowed_target_type(self) -> None:
        assert errors(_observation("Patient/1")) == set()
        assert errors(_observation("http://example.org/fhir/Group/1")) == set()

    def test_target_type_not_allowed(self) -> None:
        assert errors(_observation("Medication/1")) == {("fhir-reference-target", "Observation.subject.reference")}
        assert errors(_observation("http://x.org/fhir/Practitioner/1")) == {
            ("fhir-reference-target", "Observation.subject.reference")
        }

    def test_unknown_resource_type(self) -> None:
        assert errors(_observation("Patinet/1")) == {("fhir-reference-format", "Observation.subject.reference")}

    def test_malformed(self) -> None:
        assert errors(_observation("Patient 1")) == {("fhir-reference-format", "Observation.subject.reference")}

    def test_reference_type_element_is_used_when_the_text_has_no_type(self) -> None:
        observation = _observation("urn:oid:1.2.3")
        observation["subject"]["type"] = "Medication"
        assert errors(observation) == {("fhir-reference-target", "Observation.subject.reference")}

    def test_any_resource_allowed(self) -> None:
        observation = _observation("Patient/1", focus=[{"reference": "Medication/1"}])
        assert errors(observation) == set()


class TestContained:
    def test_resolves_to_contained(self) -> None:
        observation = _observation("#p", contained=[{"resourceType": "Patient", "id": "p"}])
        assert errors(observation) == set()

    def test_unresolved_local_reference(self) -> None:
        assert errors(_observation("#nope")) == {("fhir-reference-unresolved", "Observation.subject.reference")}

    def test_contained_target_type_is_checked(self) -> None:
        observation = _observation("#m", contained=[{"resourceType": "Medication", "id": "m"}])
        assert errors(observation) == {("fhir-reference-target", "Observation.subject.reference")}

    def test_contained_resource_refers_to_sibling_and_container(self) -> None:
        patient = {
            "resourceType": "Patient",
            "id": "p",
            "contained": [
                {"resourceType": "Organization", "id": "o", "name": "O", "partOf": {"reference": "#o2"}},
                {"resourceType": "Organization", "id": "o2", "name": "O2"},
            ],
            "managingOrganization": {"reference": "#o"},
            "link": [{"other": {"reference": "#"}, "type": "seealso"}],
        }
        assert errors(patient) == set()


def _bundle(*entries: dict[str, Any], bundle_type: str = "collection") -> dict[str, Any]:
    return {"resourceType": "Bundle", "type": bundle_type, "entry": list(entries)}


class TestBundleResolution:
    def test_uuid_reference_resolves_to_full_url(self) -> None:
        bundle = _bundle(
            {"fullUrl": PATIENT_UUID, "resource": {"resourceType": "Patient"}},
            {"fullUrl": "urn:uuid:0b7b8e0c-8c1f-4a8e-9a57-5f3c7c1d2e3f", "resource": _observation(PATIENT_UUID)},
        )
        assert errors(bundle) == set()

    def test_unresolved_uuid_in_a_bundle_is_an_error(self) -> None:
        other = "urn:uuid:11111111-2222-4333-8444-555555555555"
        bundle = _bundle(
            {"fullUrl": "urn:uuid:0b7b8e0c-8c1f-4a8e-9a57-5f3c7c1d2e3f", "resource": _observation(other)},
        )
        assert errors(bundle) == {("fhir-reference-unresolved", "Bundle.entry[0].resource.subject.reference")}

    def test_uuid_outside_a_bundle_cannot_be_resolved_and_is_not_an_error(self) -> None:
        assert errors(_observation(PATIENT_UUID)) == set()

    def test_relative_reference_resolves_against_the_entry_base_and_checks_the_type(self) -> None:
        bundle = _bundle(
            {"fullUrl": "http://example.org/fhir/Patient/1", "resource": {"resourceType": "Patient", "id": "1"}},
            {"fullUrl": "http://example.org/fhir/Observation/2", "resource": _observation("Patient/1")},
        )
        assert errors(bundle) == set()

    def test_resolved_target_type_wins_over_an_opaque_url(self) -> None:
        bundle = _bundle(
            {"fullUrl": "http://example.org/things/abc", "resource": {"resourceType": "Medication"}},
            {
                "fullUrl": "http://example.org/fhir/Observation/2",
                "resource": _observation("http://example.org/things/abc"),
            },
        )
        assert errors(bundle) == {("fhir-reference-target", "Bundle.entry[1].resource.subject.reference")}

    def test_relative_reference_not_in_the_bundle_is_not_an_error(self) -> None:
        bundle = _bundle({"fullUrl": "http://example.org/fhir/Observation/2", "resource": _observation("Patient/9")})
        assert errors(bundle) == set()
