"""IPLOS code system 9151 as published: okt's copy has the published display texts and says it is a
copy; a display that differs from a copy is information, not a warning (pass/fail pair with a code
system its owner publishes); NHN-shaped payloads convert to FHIR with no display finding."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from journalloft import validate
from journalloft.i18n import message as localized
from journalloft.okt.convert import Organisation, to_fhir, to_prototype

ROOT = Path(__file__).resolve().parent.parent
COPY = ROOT / "specs/okt/1.1.0/generated/CodeSystem-iplos-tjenestetype.json"
NHN_EVENT = ROOT / "tests/data/nhn/okt-event-nhn-form.json"
ORG = Organisation("999999980", "Hjemmetjenesten sone vest")
IPLOS = "urn:oid:2.16.578.1.12.4.1.1.9151"

# The display texts as HL7 Norway's OKT IG publishes them (they agree with SSB's KOSTRA texts):
# plain hyphens, en dashes only in 14 and 23.
PUBLISHED = {
    "1": "Praktisk bistand - daglige gjøremål",
    "2": "Praktisk bistand - opplæring - daglige gjøremål",
    "3": "Praktisk bistand - brukerstyrt - personlig assistanse",
    "4": "Dagaktivitetstilbud",
    "5": "Matombringing",
    "6": "Trygghetsalarm",
    "7": "Avlastning utenfor institusjon",
    "8": "Avlastning i institusjon",
    "9": "Støttekontakt",
    "11": "Omsorgsstønad",
    "14": "Bruk av tvang psykisk utviklingshemning – planlagte tiltak",
    "15": "Helsetjenester i hjemmet",
    "17": "Dagopphold i institusjon",
    "18": "Tidsbegrenset opphold - utredning/behandling",
    "19": "Tidsbegrenset opphold - habilitering/rehabilitering",
    "20": "Tidsbegrenset opphold - annet",
    "21": "Langtidsopphold i institusjon",
    "22": "Nattopphold i institusjon",
    "23": "Bruk av tvang psykisk utviklingshemning – nødsituasjoner",
    "24": "Helsehjelp med tvang",
    "25": "Kommunal øyeblikkelig hjelp - døgnopphold",
    "26": "Lokaliseringsteknologi (GPS)",
    "27": "Elektronisk medisineringsstøtte",
    "28": "Digitalt tilsyn",
    "29": "Bolig som kommunen disponerer for helse- og omsorgsformål",
}


def _episode(display: str | None, code: str = "1", text: str | None = None) -> dict[str, Any]:
    event = {
        "personIdentifier": "22750884907",
        "oktMessages": [{"startDate": "2026-01-05", "endDate": "", "iplosCode": {"iplosCodeValue": code}}],
    }
    episode: dict[str, Any] = to_fhir(event, ORG)["entry"][1]["resource"]
    coding = episode["type"][0]["coding"][0]
    if display is not None:
        coding["display"] = display
    if text is not None:
        episode["type"][0]["text"] = text
    organisation = {"system": "urn:oid:2.16.578.1.12.4.1.4.101", "value": "999999980"}
    episode["managingOrganization"] = {"identifier": organisation}
    return episode


def _findings(resource: dict[str, Any], spec: str, code: str, **options: Any) -> list[tuple[str, str]]:
    issues = validate(resource, spec=spec, **options).results[0].issues
    return [(i.severity.value, i.expression) for i in issues if i.code == code]


def test_the_copy_has_the_published_display_texts() -> None:
    concepts = json.loads(COPY.read_text(encoding="utf-8"))["concept"]
    current = {c["code"]: c["display"] for c in concepts if "property" not in c}
    assert current == PUBLISHED
    # the retired codes are there only as retired concepts, without texts we could not source
    retired = [(c["code"], c["property"], "display" in c) for c in concepts if "property" in c]
    assert retired == [(code, [{"code": "status", "valueCode": "retired"}], False) for code in ("10", "12", "13", "16")]


def test_the_copy_says_it_is_a_copy_and_names_its_source() -> None:
    copy = json.loads(COPY.read_text(encoding="utf-8"))
    assert copy["url"] == IPLOS
    assert copy["status"] == "draft"
    assert copy["experimental"] is True
    extensions = {e["url"]: e for e in copy["extension"]}
    source = extensions["http://hl7.org/fhir/StructureDefinition/codesystem-sourceReference"]
    assert source["valueUri"] == "https://github.com/HL7Norway/FHIR-hackathon-2025-okt-ig"
    assert "Kopi" in extensions["http://hl7.org/fhir/StructureDefinition/codesystem-warning"]["valueMarkdown"]
    assert "Helsedirektoratet" in copy["copyright"]


def test_the_published_display_gives_no_finding() -> None:
    assert _findings(_episode(PUBLISHED["3"], code="3"), "okt@1.1.0", "fhir-display") == []


def test_a_display_that_differs_from_the_copy_is_information() -> None:
    found = _findings(_episode("Praktisk bistand: Daglige gjøremål"), "okt@1.1.0", "fhir-display")
    assert found == [("information", "EpisodeOfCare.type[0].coding[0].display")]
    issues = validate(_episode("Praktisk bistand: Daglige gjøremål"), spec="okt@1.1.0").results[0].issues
    issue = next(i for i in issues if i.code == "fhir-display")
    assert "copy of urn:oid:2.16.578.1.12.4.1.1.9151" in issue.message
    assert "copied from https://github.com/HL7Norway/FHIR-hackathon-2025-okt-ig" in issue.message
    assert localized(issue, "nb") == (
        'Visningsteksten "Praktisk bistand: Daglige gjøremål" avviker fra "Praktisk bistand - daglige gjøremål", '
        "teksten for kode 1 i kopien av urn:oid:2.16.578.1.12.4.1.1.9151 som validatoren har "
        "(kopiert fra https://github.com/HL7Norway/FHIR-hackathon-2025-okt-ig; eierens tekst gjelder)."
    )


def test_a_wrong_display_of_an_hl7_code_system_is_an_error_unless_display_issues_are_warnings() -> None:
    """HL7's validator: an error by default, a warning with -display-issues-are-warnings."""
    patient = {
        "resourceType": "Patient",
        "maritalStatus": {
            "coding": [
                {"system": "http://terminology.hl7.org/CodeSystem/v3-MaritalStatus", "code": "M", "display": "Gift"}
            ]
        },
    }
    assert _findings(patient, "fhir-r4", "fhir-display") == [("error", "Patient.maritalStatus.coding[0].display")]
    relaxed = _findings(patient, "fhir-r4", "fhir-display", display_issues_are_warnings=True)
    assert relaxed == [("warning", "Patient.maritalStatus.coding[0].display")]


def test_nhn_payload_converted_has_no_display_finding_and_keeps_nhns_text() -> None:
    event = json.loads(NHN_EVENT.read_text(encoding="utf-8"))
    bundle = to_fhir(event, ORG)
    iplos_types = [e["resource"]["type"][0] for e in bundle["entry"][1:]]
    assert iplos_types[0] == {"coding": [{"system": IPLOS, "code": "1"}], "text": "Praktisk bistand: Daglige gjøremål"}
    issues = validate(bundle, spec="okt").results[0].issues
    assert [i for i in issues if i.code == "fhir-display"] == []
    assert [(i.code, i.expression) for i in issues if i.severity.value in ("error", "warning")] == []
    back = to_prototype(bundle)
    assert [m["iplosCode"]["iplosCodeDescription"] for m in back["oktMessages"]] == [
        "Praktisk bistand: Daglige gjøremål",
        "Matombringing",
        "Trygghetsalarm",
        "",
    ]
