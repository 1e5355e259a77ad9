"""Extensions, example URLs and displays as HL7's validator has them by default, and the options
that relax them (--allow-extension-domain, --any-extension, --allow-example-urls,
--display-issues-are-warnings), in pass/fail pairs through the engine, the Python API and the CLI.

The rules were checked against HL7's fhir-test-cases (pat-dob-ext, pat-example-extensions,
dr-example-org, dr-example-org-2; see tests/fhir/reference_suite); the resources here are our own.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from walker_cases import validator

import journalloft
from journalloft.cli import main
from journalloft.fhir.options import FhirOptions
from journalloft.i18n import message

MUNICIPAL = "https://fhir.kommune.no/StructureDefinition/alder"
OKT_EXTENSION = "https://journalloft.no/fhir/StructureDefinition/okt-weekly-extent-text"


def _patient_with_extension(url: str) -> dict[str, Any]:
    return {
        "resourceType": "Patient",
        "birthDate": "1988-05-22",
        "_birthDate": {"extension": [{"url": url, "valueInteger": 38}]},
    }


DEFAULT = FhirOptions()


def _found(resource: dict[str, Any], options: FhirOptions = DEFAULT) -> set[tuple[str, str, str]]:
    issues = validator().validate(resource, options=options)
    return {(i.severity.value, i.code, i.expression) for i in issues if i.code.startswith(("fhir-ext", "fhir-ex"))}


# -- unknown extensions ---------------------------------------------------------------------------


def test_an_unknown_extension_is_an_error_by_default() -> None:
    found = _found(_patient_with_extension(MUNICIPAL))
    assert found == {("error", "fhir-extension-unknown", "Patient.birthDate.extension[0]")}


@pytest.mark.parametrize(
    "options",
    [
        FhirOptions(allowed_extension_domains=("https://fhir.kommune.no/StructureDefinition",)),
        FhirOptions(allowed_extension_domains=("kommune.no",)),
        FhirOptions(any_extension=True),
    ],
    ids=["url-prefix", "host", "any"],
)
def test_an_allowed_domain_makes_it_information(options: FhirOptions) -> None:
    found = _found(_patient_with_extension(MUNICIPAL), options)
    assert found == {("information", "fhir-extension-unknown", "Patient.birthDate.extension[0]")}


@pytest.mark.parametrize("domain", ["https://fhir.kommune.no/Other", "kommune.se", "fhir.kommune.no.evil.example"])
def test_another_domain_does_not_allow_it(domain: str) -> None:
    found = _found(_patient_with_extension(MUNICIPAL), FhirOptions(allowed_extension_domains=(domain,)))
    assert found == {("error", "fhir-extension-unknown", "Patient.birthDate.extension[0]")}


def test_an_unknown_extension_in_hl7s_namespace_stays_a_warning() -> None:
    """HL7's validator knows extensions (hl7.fhir.uv.extensions) that R4 core does not define."""
    url = "http://hl7.org/fhir/StructureDefinition/patient-not-in-r4-core"
    found = _found(_patient_with_extension(url))
    assert found == {("warning", "fhir-extension-unknown", "Patient.birthDate.extension[0]")}


def test_an_extension_of_the_projects_own_spec_is_known_under_base_r4() -> None:
    """Without --spec the OKT extension is not checked, but it is named as OKT's, not rejected."""
    report = journalloft.validate(_patient_with_extension(OKT_EXTENSION))
    issues = report.results[0].issues
    found = [(i.severity.value, i.code, i.expression) for i in issues if i.code.startswith("fhir-ext")]
    assert found == [("warning", "fhir-extension-unknown", "Patient.birthDate.extension[0]")]
    issue = next(i for i in report.results[0].issues if i.code == "fhir-extension-unknown")
    assert "defined by the spec okt@" in issue.message and "--spec okt" in issue.message
    assert message(issue, "nb").startswith(f"Utvidelsen {OKT_EXTENSION} er definert av spesifikasjonen okt@")
    # the same URL with a typo is an error
    typo = journalloft.validate(_patient_with_extension(OKT_EXTENSION + "x"))
    assert [i.severity.value for i in typo.results[0].issues if i.code == "fhir-extension-unknown"] == ["error"]


# -- example URLs ---------------------------------------------------------------------------------


def test_an_extension_from_an_example_domain_is_two_errors_by_default() -> None:
    found = _found(_patient_with_extension("http://example.org/fhir/StructureDefinition/something"))
    assert found == {
        ("error", "fhir-extension-unknown", "Patient.birthDate.extension[0]"),
        ("error", "fhir-example-url", "Patient.birthDate.extension[0].url"),
    }


def test_allow_example_urls_makes_an_example_extension_information() -> None:
    resource = _patient_with_extension("http://example.org/fhir/StructureDefinition/something")
    found = _found(resource, FhirOptions(allow_example_urls=True))
    assert found == {("information", "fhir-extension-unknown", "Patient.birthDate.extension[0]")}


def _document_reference(url: str) -> dict[str, Any]:
    return {
        "resourceType": "DocumentReference",
        "status": "current",
        "content": [{"attachment": {"contentType": "application/pdf", "url": url}}],
    }


def test_an_example_url_in_an_attachment_is_an_error_unless_allowed() -> None:
    resource = _document_reference("http://repository.example.org/fhir/DocumentReference/example")
    assert _found(resource) == {("error", "fhir-example-url", "DocumentReference.content[0].attachment.url")}
    assert _found(resource, FhirOptions(allow_example_urls=True)) == set()


def test_a_real_url_in_an_attachment_passes() -> None:
    assert _found(_document_reference("https://dokumenter.kommune.no/fhir/Binary/1")) == set()


# -- displays -------------------------------------------------------------------------------------


def _observation(display: str) -> dict[str, Any]:
    system = "http://terminology.hl7.org/CodeSystem/observation-category"
    return {
        "resourceType": "Observation",
        "status": "final",
        "category": [{"coding": [{"system": system, "code": "laboratory", "display": display}]}],
        "code": {"text": "x"},
    }


def _displays(resource: dict[str, Any], options: FhirOptions = DEFAULT) -> list[tuple[str, str]]:
    issues = validator().validate(resource, options=options)
    return [(i.severity.value, i.expression) for i in issues if i.code == "fhir-display"]


def test_a_wrong_display_of_an_hl7_code_system_is_an_error_by_default() -> None:
    assert _displays(_observation("Completely wrong")) == [("error", "Observation.category[0].coding[0].display")]
    assert _displays(_observation("Laboratory")) == []


def test_display_issues_are_warnings_makes_it_a_warning() -> None:
    found = _displays(_observation("Completely wrong"), FhirOptions(display_issues_are_warnings=True))
    assert found == [("warning", "Observation.category[0].coding[0].display")]


# -- through the CLI ------------------------------------------------------------------------------


def _run(tmp_path: Path, resource: dict[str, Any], *options: str) -> int:
    path = tmp_path / "resource.json"
    path.write_text(json.dumps(resource), encoding="utf-8")
    return main(["validate", "--no-config", "--format", "json", *options, str(path)])


def test_cli_options_relax_the_rules(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    patient = _patient_with_extension(MUNICIPAL)
    assert _run(tmp_path, patient) == 1
    assert _run(tmp_path, patient, "--allow-extension-domain", "fhir.kommune.no") == 0
    assert _run(tmp_path, patient, "--allow-extension-domain", "a.no", "--allow-extension-domain", "kommune.no") == 0
    assert _run(tmp_path, patient, "--any-extension") == 0
    attachment = _document_reference("http://example.com/a.pdf")
    assert _run(tmp_path, attachment) == 1
    assert _run(tmp_path, attachment, "--allow-example-urls") == 0
    observation = _observation("Completely wrong")
    assert _run(tmp_path, observation) == 1
    assert _run(tmp_path, observation, "--display-issues-are-warnings") == 0
    capsys.readouterr()


def test_an_empty_extension_domain_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        _run(tmp_path, {"resourceType": "Patient"}, "--allow-extension-domain", " ")
    assert exit_info.value.code == 2
    assert "--allow-extension-domain" in capsys.readouterr().err


# -- --no-html-in-markdown ------------------------------------------------------------------------


def _communication(text: str) -> dict[str, Any]:
    return {"resourceType": "Communication", "id": "1", "status": "completed", "note": [{"text": text}]}


def _markdown(resource: dict[str, Any], options: FhirOptions) -> list[tuple[str, str]]:
    issues = validator().validate(resource, options=options)
    return [(i.severity.value, i.expression) for i in issues if i.code == "fhir-markdown-html"]


NO_HTML = FhirOptions(no_html_in_markdown=True)


def test_html_in_markdown_is_an_error_with_the_option() -> None:
    resource = _communication("Se <b>merknaden</b> under")
    assert _markdown(resource, NO_HTML) == [("error", "Communication.note[0].text")]
    issue = next(i for i in validator().validate(resource, options=NO_HTML) if i.code == "fhir-markdown-html")
    assert "'<b'" in issue.message
    assert message(issue, "nb").startswith("Markdown-teksten inneholder noe som ligner en HTML-tagg")


def test_html_in_markdown_passes_without_the_option() -> None:
    assert _markdown(_communication("Se <b>merknaden</b> under"), DEFAULT) == []


@pytest.mark.parametrize("text", ["a < b og c > d", "lenke: <https://helsenorge.no/>", "1 <2", "**fet** tekst"])
def test_markdown_without_html_passes_with_the_option(text: str) -> None:
    assert _markdown(_communication(text), NO_HTML) == []


# -- --contained-ids ------------------------------------------------------------------------------


def _with_long_contained_id() -> dict[str, Any]:
    return {
        "resourceType": "Condition",
        "subject": {"reference": "Patient/1"},
        "contained": [{"resourceType": "Practitioner", "id": "1" * 65, "name": [{"family": "Person"}]}],
    }


def _errors(resource: dict[str, Any], options: FhirOptions) -> set[tuple[str, str]]:
    issues = validator().validate(resource, options=options)
    return {(i.code, i.expression) for i in issues if i.severity.is_error}


def test_contained_ids_are_checked_by_default() -> None:
    assert _errors(_with_long_contained_id(), DEFAULT) == {
        ("fhir-primitive", "Condition.contained[0].id"),
        ("fhir-invariant", "Condition"),  # dom-3: nothing refers to it
    }


def test_contained_ids_ignore_leaves_them_out_but_checks_the_rest() -> None:
    ignore = FhirOptions(contained_ids="ignore")
    assert _errors(_with_long_contained_id(), ignore) == set()
    resource = _with_long_contained_id()
    resource["contained"][0]["gender"] = "mann"  # still an error in the contained resource
    assert _errors(resource, ignore) == {("fhir-binding-required", "Condition.contained[0].gender")}
    # the container's own id is still checked
    resource = {"resourceType": "Patient", "id": "1" * 65}
    assert _errors(resource, ignore) == {("fhir-primitive", "Patient.id")}


def test_contained_ids_takes_check_or_ignore() -> None:
    with pytest.raises(ValueError, match="contained_ids"):
        FhirOptions(contained_ids="skip")


def test_cli_markdown_and_contained_options(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    markdown = _communication("Se <b>merknaden</b>")
    assert _run(tmp_path, markdown) == 0
    assert _run(tmp_path, markdown, "--no-html-in-markdown") == 1
    contained = _with_long_contained_id()
    assert _run(tmp_path, contained) == 1
    assert _run(tmp_path, contained, "--contained-ids", "ignore") == 0
    assert _run(tmp_path, contained, "--contained-ids", "check") == 1
    capsys.readouterr()
    with pytest.raises(SystemExit) as exit_info:
        _run(tmp_path, contained, "--contained-ids", "skip")
    assert exit_info.value.code == 2


def test_the_python_api_takes_the_options() -> None:
    assert journalloft.validate(_with_long_contained_id(), contained_ids="ignore").results[0].valid
    assert not journalloft.validate(_communication("<i>x</i>"), no_html_in_markdown=True).results[0].valid
    assert journalloft.validate(_document_reference("http://example.org/a"), allow_example_urls=True).results[0].valid


def test_dicom_extensions_are_allowed_as_in_hl7s_validator() -> None:
    """HL7's own R4 examples (Patient-dicom) use nema.org extensions; HL7's validator allows them."""
    found = _found(_patient_with_extension("http://nema.org/fhir/extensions#0010:1010"))
    assert found == {("information", "fhir-extension-unknown", "Patient.birthDate.extension[0]")}
