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


def test_unknown_extension_is_a_warning_with_its_url() -> None:
    patient = {
        "resourceType": "Patient",
        "birthDate": "1988-05-22",
        "_birthDate": {"extension": [{"url": "https://fhir.kommune.no/StructureDefinition/alder", "valueInteger": 38}]},
    }
    issues = validator().validate(patient)
    unknown = [i for i in issues if i.code == "fhir-extension-unknown"]
    assert [(i.severity, i.expression) for i in unknown] == [(Severity.WARNING, "Patient.birthDate.extension[0]")]
    assert "https://fhir.kommune.no/StructureDefinition/alder" in unknown[0].message


def test_extension_from_an_example_domain_is_only_information() -> None:
    patient = {"resourceType": "Patient", "extension": [{"url": "http://example.org/fhir/ext", "valueString": "x"}]}
    assert ("information", "fhir-extension-unknown", "Patient.extension[0]") in _issues(patient)
    assert errors(patient) == set()


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

    observation = {
        "resourceType": "Observation",
        "status": "final",
        "code": {"text": "x"},
        "valueQuantity": {"value": Decimal("1e400")},
    }
    assert ("warning", "fhir-decimal-range", "Observation.value.ofType(Quantity).value") in _issues(observation)
    observation["valueQuantity"]["value"] = Decimal("36.8")
    assert all(code != "fhir-decimal-range" for _, code, _ in _issues(observation))
