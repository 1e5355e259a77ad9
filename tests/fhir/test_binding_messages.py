"""Binding findings say what the value set allows, so the sender can fix the code without looking it up."""

from __future__ import annotations

from walker_cases import validator

from journalloft.fhir.terminology import Terminology


def _binding_messages(resource: dict) -> dict[str, str]:
    return {i.expression: i.message for i in validator().validate(resource) if i.code.startswith("fhir-binding")}


def test_a_small_value_set_is_listed_in_full() -> None:
    messages = _binding_messages({"resourceType": "Patient", "gender": "mal"})
    assert messages["Patient.gender"] == (
        "mal is not in the required value set http://hl7.org/fhir/ValueSet/administrative-gender|4.0.1; "
        "allowed: female, male, other, unknown"
    )


def test_codes_from_several_systems_are_grouped_by_system() -> None:
    coding = {"system": "http://terminology.hl7.org/CodeSystem/v3-MaritalStatus", "code": "X"}
    message = _binding_messages({"resourceType": "Patient", "maritalStatus": {"coding": [coding]}})[
        "Patient.maritalStatus"
    ]
    assert message.endswith(
        "; allowed: A, C, D, I, L, M, P, S, T, U, W from http://terminology.hl7.org/CodeSystem/v3-MaritalStatus; "
        "UNK from http://terminology.hl7.org/CodeSystem/v3-NullFlavor"
    )


def test_a_large_value_set_is_given_by_its_size_and_a_few_codes() -> None:
    language = {"coding": [{"system": "urn:ietf:bcp:47", "code": "xx-YY"}]}
    message = _binding_messages({"resourceType": "Patient", "communication": [{"language": language}]})[
        "Patient.communication[0].language"
    ]
    allowed = validator().terminology.allowed_codes("http://hl7.org/fhir/ValueSet/languages")
    assert allowed is not None
    count = sum(len(codes) for _, codes in allowed)
    assert count > 12
    assert message.endswith(f"; the value set holds {count} codes, e.g. ar, bn, cs, da, de")


def test_a_value_set_not_completely_known_names_no_codes() -> None:
    terminology: Terminology = validator().terminology
    # SNOMED CT is not held offline: the value set's content cannot be listed.
    assert terminology.allowed_codes("http://hl7.org/fhir/ValueSet/clinical-findings") is None
    assert terminology.allowed_codes("http://example.org/no-such-value-set") is None
