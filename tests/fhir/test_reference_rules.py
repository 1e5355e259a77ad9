"""Rules added after measuring the engine against HL7's reference validator (tests/fhir/reference_suite).

Each test builds a small synthetic resource that breaks (or keeps) one rule and asserts the code
and the expression of the finding, so a rule that stops firing, or fires elsewhere, fails.
"""

from __future__ import annotations

import base64
from typing import Any

from walker_cases import errors, validator

from journalloft.issues import Severity

DIV = '<div xmlns="http://www.w3.org/1999/xhtml">x</div>'


def _issues(resource: dict[str, Any]) -> set[tuple[str, str, str]]:
    return {(i.severity.name.lower(), i.code, i.expression) for i in validator().validate(resource)}


# -- Bundle ---------------------------------------------------------------------------------------


def _collection(*entries: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"resourceType": "Bundle", "type": "collection", "entry": list(entries), **extra}


def test_relative_full_url_is_an_error() -> None:
    bundle = _collection({"fullUrl": "Patient/1", "resource": {"resourceType": "Patient", "id": "1"}})
    assert ("fhir-bundle-fullurl", "Bundle.entry[0].fullUrl") in errors(bundle)


def test_absolute_full_urls_pass() -> None:
    restful = _collection(
        {"fullUrl": "https://fhir.example.org/Patient/1", "resource": {"resourceType": "Patient", "id": "1"}}
    )
    uuid = _collection(
        {"fullUrl": "urn:uuid:9ce2a97b-5cab-4986-814f-4734016e6084", "resource": {"resourceType": "Patient", "id": "1"}}
    )
    assert errors(restful) == set() and errors(uuid) == set()


def test_page_links_occur_once() -> None:
    links = [
        {"relation": "self", "url": "https://fhir.example.org/Patient?name=a"},
        {"relation": "next", "url": "https://fhir.example.org/Patient?name=a&page=2"},
        {"relation": "self", "url": "https://fhir.example.org/Patient?name=b"},
        {"relation": "alternate", "url": "https://fhir.example.org/a"},
        {"relation": "alternate", "url": "https://fhir.example.org/b"},
    ]
    bundle = {"resourceType": "Bundle", "type": "searchset", "link": links}
    assert errors(bundle) == {("fhir-bundle-link", "Bundle.link[2]")}


# -- extensions and ids -----------------------------------------------------------------------------


def test_unknown_extension_is_an_error_with_its_url() -> None:
    """As in HL7's validator (pat-dob-ext); the options that relax it: test_hl7_default_rules.py."""
    patient = {
        "resourceType": "Patient",
        "birthDate": "1988-05-22",
        "_birthDate": {"extension": [{"url": "https://fhir.kommune.no/StructureDefinition/alder", "valueInteger": 38}]},
    }
    issues = validator().validate(patient)
    unknown = [i for i in issues if i.code == "fhir-extension-unknown"]
    assert [(i.severity, i.expression) for i in unknown] == [(Severity.ERROR, "Patient.birthDate.extension[0]")]
    assert "https://fhir.kommune.no/StructureDefinition/alder" in unknown[0].message


def test_extensions_on_the_resource_id_are_rejected() -> None:
    patient = {
        "resourceType": "Patient",
        "id": "p1",
        "_id": {
            "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/data-absent-reason", "valueCode": "masked"}]
        },
    }
    assert errors(patient) == {("fhir-resource-id-extension", "Patient.id")}


def test_a_primitive_with_only_an_id_breaks_ele_1() -> None:
    patient = {"resourceType": "Patient", "_birthDate": {"id": "b1"}}
    assert errors(patient) == {("fhir-invariant", "Patient.birthDate")}


# -- attachments and narrative ---------------------------------------------------------------------


def _media(size: int) -> dict[str, Any]:
    data = base64.b64encode(b"help i'm a bug").decode()
    content = {"contentType": "application/octet-stream", "data": data, "size": size}
    return {"resourceType": "Media", "status": "completed", "content": content}


def test_attachment_size_must_match_the_data() -> None:
    assert errors(_media(100)) == {("fhir-attachment-size", "Media.content.size")}
    assert errors(_media(14)) == set()


def test_named_html_entities_are_not_xhtml() -> None:
    div = '<div xmlns="http://www.w3.org/1999/xhtml">Reseptfritt&reg; &amp; &#174;</div>'
    patient = {"resourceType": "Patient", "text": {"status": "generated", "div": div}}
    assert errors(patient) == {("fhir-invariant", "Patient.text.div")}


# -- invariants --------------------------------------------------------------------------------------


def test_que_12_uses_the_corrected_expression() -> None:
    when = [
        {"question": "a", "operator": "exists", "answerBoolean": True},
        {"question": "b", "operator": "exists", "answerBoolean": True},
    ]
    item = {"linkId": "c", "type": "string", "enableWhen": when}
    questionnaire = {"resourceType": "Questionnaire", "status": "draft", "item": [item]}
    assert errors(questionnaire) == {("fhir-invariant", "Questionnaire.item[0]")}
    item["enableBehavior"] = "all"
    assert errors(questionnaire) == set()


# -- messages people can act on -------------------------------------------------------------------


def test_a_relative_coding_system_is_reported() -> None:
    observation = {
        "resourceType": "Observation",
        "status": "final",
        "code": {"coding": [{"system": "loinc.org", "code": "2339-0"}]},
    }
    assert errors(observation) == {("fhir-coding-system", "Observation.code.coding[0].system")}


def test_a_decimal_beyond_double_range_is_a_warning() -> None:
    from decimal import Decimal

    observation: dict[str, Any] = {
        "resourceType": "Observation",
        "status": "final",
        "code": {"text": "x"},
        "valueQuantity": {"value": Decimal("1e400")},
    }
    assert ("warning", "fhir-decimal-range", "Observation.value.ofType(Quantity).value") in _issues(observation)
    observation["valueQuantity"]["value"] = Decimal("36.8")
    assert all(code != "fhir-decimal-range" for _, code, _ in _issues(observation))


# -- vital signs ---------------------------------------------------------------------------------


def _temperature(system: str, code: str) -> dict[str, Any]:
    category = {"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "vital-signs"}
    return {
        "resourceType": "Observation",
        "text": {"status": "generated", "div": DIV},
        "status": "final",
        "category": [{"coding": [category]}],
        "code": {"coding": [{"system": system, "code": code}]},
        "subject": {"reference": "Patient/p1"},
        "effectiveDateTime": "2026-11-01T10:00:00+01:00",
        "valueQuantity": {"value": 36.8, "unit": "C", "system": "http://unitsofmeasure.org", "code": "Cel"},
    }


def test_vital_sign_profile_applies_by_loinc_code() -> None:
    observation = _temperature("http://loinc.org", "8310-5")
    assert ("information", "fhir-profile-by-code", "Observation") in _issues(observation)
    assert errors(observation) == set()
    observation["valueQuantity"]["code"] = "K"  # bodytemp binds the unit to Cel or [degF]
    assert ("fhir-binding-required", "Observation.value.ofType(Quantity).code") in errors(observation)


def test_vital_sign_profile_applies_by_snomed_code_and_then_needs_the_loinc_code() -> None:
    observation = _temperature("http://snomed.info/sct", "276885007")
    assert ("information", "fhir-profile-by-code", "Observation") in _issues(observation)
    assert ("fhir-cardinality-min", "Observation.code") in errors(observation)  # slice BodyTempCode


def test_other_observations_get_no_vital_sign_profile() -> None:
    observation = _temperature("http://loinc.org", "2339-0")  # glucose
    assert all(code != "fhir-profile-by-code" for _, code, _ in _issues(observation))


def test_blood_pressure_components_match_their_slices_through_nested_coding_slices() -> None:
    """bp discriminates components by code.coding.code, fixed inside the coding slices SBPCode/DBPCode."""

    def component(code: str, value: int) -> dict[str, Any]:
        quantity = {"value": value, "unit": "mmHg", "system": "http://unitsofmeasure.org", "code": "mm[Hg]"}
        return {"code": {"coding": [{"system": "http://loinc.org", "code": code}]}, "valueQuantity": quantity}

    observation = _temperature("http://loinc.org", "85354-9")
    del observation["valueQuantity"]
    observation["component"] = [component("8480-6", 120), component("8462-4", 80)]
    assert errors(observation) == set()
    observation["component"] = [component("8480-6", 120), component("8480-6", 80)]
    assert ("fhir-cardinality-min", "Observation") in errors(observation)  # no DiastolicBP


def test_vital_sign_components_may_use_other_units_as_hl7s_validator_allows() -> None:
    observation = _temperature("http://loinc.org", "2708-6")  # oxygen saturation
    observation["valueQuantity"] = {"value": 97, "unit": "%", "system": "http://unitsofmeasure.org", "code": "%"}
    flow = {"value": 2, "unit": "L/min", "system": "http://unitsofmeasure.org", "code": "L/min"}
    observation["component"] = [
        {"code": {"coding": [{"system": "http://loinc.org", "code": "3151-8"}]}, "valueQuantity": flow}
    ]
    found = _issues(observation)
    assert ("warning", "fhir-binding-extensible", "Observation.component[0].value.ofType(Quantity)") in found
    assert errors(observation) == set()


def test_a_malformed_urn_uuid_reference_is_a_warning() -> None:
    """HL7's validator reads it as a URN that matches no entry (reference-suite case ref-policy-default-r4)."""
    observation = {
        "resourceType": "Observation",
        "status": "final",
        "code": {"text": "x"},
        "subject": {"reference": "urn:uuid:23ac0bc6-0959-4181-8af0-6db5e2ef8176-X"},
    }
    assert ("warning", "fhir-reference-format", "Observation.subject.reference") in _issues(observation)
    assert errors(observation) == set()


# -- extension contexts on data types and primitives ----------------------------------------------

MOTHERS_FAMILY = "http://hl7.org/fhir/StructureDefinition/humanname-mothers-family"
BIRTH_TIME = "http://hl7.org/fhir/StructureDefinition/patient-birthTime"


def _context_warnings(resource: dict[str, Any]) -> set[str]:
    return {i.expression for i in validator().validate(resource) if i.code == "fhir-extension-context"}


def test_extension_context_is_checked_on_a_data_type_inside_a_resource() -> None:
    """humanname-mothers-family belongs on HumanName.family, not on the HumanName (case maiden-name)."""
    wrong = {"family": "Nordmann", "extension": [{"url": MOTHERS_FAMILY, "valueString": "Hansen"}]}
    assert _context_warnings({"resourceType": "Patient", "name": [wrong]}) == {"Patient.name[0].extension[0]"}
    right = {"family": "Nordmann", "_family": {"extension": [{"url": MOTHERS_FAMILY, "valueString": "Hansen"}]}}
    assert _context_warnings({"resourceType": "Patient", "name": [right]}) == set()


def test_extension_context_is_checked_on_a_primitive() -> None:
    time = {"extension": [{"url": BIRTH_TIME, "valueDateTime": "1988-05-22T10:00:00+01:00"}]}
    right = {"resourceType": "Patient", "birthDate": "1988-05-22", "_birthDate": time}
    assert _context_warnings(right) == set()
    wrong = {"resourceType": "Patient", "gender": "female", "_gender": time}
    assert _context_warnings(wrong) == {"Patient.gender.extension[0]"}
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{"fullUrl": "urn:uuid:9ce2a97b-5cab-4986-814f-4734016e6084", "resource": wrong}],
    }
    assert _context_warnings(bundle) == {"Bundle.entry[0].resource.gender.extension[0]"}


def test_a_reference_matching_two_versions_in_a_bundle_is_ambiguous() -> None:
    """Case bundle-document-versioned-references-bad: two entries carry one fullUrl (versions 1 and 2)."""
    url = "https://fhir.example.org/Patient/p1"

    def version(number: str) -> dict[str, Any]:
        return {"fullUrl": url, "resource": {"resourceType": "Patient", "id": "p1", "meta": {"versionId": number}}}

    observation = {
        "resourceType": "Observation",
        "id": "o1",
        "status": "final",
        "code": {"text": "x"},
        "subject": {"reference": "Patient/p1"},
    }
    bundle = _collection(
        {"fullUrl": "https://fhir.example.org/Observation/o1", "resource": observation}, version("1"), version("2")
    )
    assert errors(bundle) == {("fhir-reference-ambiguous", "Bundle.entry[0].resource.subject.reference")}
    bundle["entry"].pop()
    assert errors(bundle) == set()


# -- searchset entries (HL7's bundle-id-1 to bundle-id-5) -------------------------------------------


def _searchset(self_link: str | None, *entries: dict[str, Any]) -> dict[str, Any]:
    links = [{"relation": "self", "url": self_link}] if self_link else []
    return {"resourceType": "Bundle", "type": "searchset", "link": links, "entry": list(entries)}


def _entry(resource: dict[str, Any], mode: str | None = "match") -> dict[str, Any]:
    entry: dict[str, Any] = {"fullUrl": f"https://fhir.kommune.no/{resource['resourceType']}/x", "resource": resource}
    if mode is not None:
        entry["search"] = {"mode": mode}
    return entry


OUTCOME = {"resourceType": "OperationOutcome", "issue": [{"severity": "information", "code": "informational"}]}


def _search_errors(bundle: dict[str, Any]) -> set[tuple[str, str]]:
    return {pair for pair in errors(bundle) if pair[0] == "fhir-bundle-search"}


def test_a_search_result_without_an_id_is_an_error() -> None:
    bundle = _searchset("https://fhir.kommune.no/Patient?name=a", _entry({"resourceType": "Patient"}))
    assert _search_errors(bundle) == {("fhir-bundle-search", "Bundle.entry[0].resource")}
    with_id = _searchset("https://fhir.kommune.no/Patient?name=a", _entry({"resourceType": "Patient", "id": "1"}))
    assert _search_errors(with_id) == set()


def test_an_operation_outcome_without_a_mode_needs_no_id() -> None:
    assert _search_errors(_searchset(None, _entry(OUTCOME, mode=None))) == set()
    assert _search_errors(_searchset(None, _entry(OUTCOME, mode="outcome"))) == set()


def test_an_outcome_entry_must_hold_an_operation_outcome() -> None:
    bundle = _searchset(None, _entry({"resourceType": "Patient", "id": "1"}, mode="outcome"))
    issues = [i for i in validator().validate(bundle) if i.code == "fhir-bundle-search"]
    assert [(i.expression, "not a Patient" in i.message) for i in issues] == [("Bundle.entry[0].resource", True)]


def test_a_result_must_be_of_the_type_the_self_link_searched() -> None:
    patient = {"resourceType": "Patient", "id": "1"}
    immunization = {"resourceType": "Immunization", "id": "2"}
    type_level = "https://fhir.kommune.no/Patient?name=a"
    assert _search_errors(_searchset(type_level, _entry(patient))) == set()
    found = validator().validate(_searchset(type_level, _entry(immunization)))
    wrong = [i for i in found if i.code == "fhir-bundle-search"]
    assert [(i.expression, "asks for Patient" in i.message) for i in wrong] == [("Bundle.entry[0].resource", True)]
    # an included resource may be of another type
    assert _search_errors(_searchset(type_level, _entry(patient), _entry(immunization, mode="include"))) == set()


def test_a_system_search_takes_its_types_from_type() -> None:
    system = "https://fhir.kommune.no/?name=a&_type=Observation,DocumentReference"
    observation = {"resourceType": "Observation", "id": "1", "status": "final", "code": {"text": "x"}}
    assert _search_errors(_searchset(system, _entry(observation))) == set()
    bundle = _searchset(system, _entry({"resourceType": "Patient", "id": "1"}))
    assert _search_errors(bundle) == {("fhir-bundle-search", "Bundle.entry[0].resource")}
    # without _type any type may match
    untyped = _searchset("https://fhir.kommune.no/?name=a", _entry({"resourceType": "Patient", "id": "1"}))
    assert _search_errors(untyped) == set()


# -- a RESTful fullUrl ends with the resource's type and id (HL7's bundle-with-contained) -----------


def _entry_at(full_url: str, resource_id: str = "1") -> dict[str, Any]:
    return {"fullUrl": full_url, "resource": {"resourceType": "Patient", "id": resource_id}}


def test_a_restful_full_url_must_end_with_type_and_id() -> None:
    wrong_id = _collection(_entry_at("https://fhir.kommune.no/Patient/2"))
    assert errors(wrong_id) == {("fhir-bundle-fullurl", "Bundle.entry[0].fullUrl")}
    wrong_type = _collection(_entry_at("https://fhir.kommune.no/fhir/Organization/1"))
    assert errors(wrong_type) == {("fhir-bundle-fullurl", "Bundle.entry[0].fullUrl")}
    issue = next(i for i in validator().validate(wrong_type) if i.code == "fhir-bundle-fullurl")
    assert "(/Patient/1)" in issue.message


def test_full_urls_that_end_with_type_and_id_or_are_not_restful_pass() -> None:
    assert errors(_collection(_entry_at("https://fhir.kommune.no/fhir/Patient/1"))) == set()
    assert errors(_collection(_entry_at("https://fhir.kommune.no/pasienter/abc"))) == set()
    assert errors(_collection(_entry_at("urn:uuid:9ce2a97b-5cab-4986-814f-4734016e6084"))) == set()
