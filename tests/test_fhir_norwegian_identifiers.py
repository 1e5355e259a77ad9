"""Identifiers with a Norwegian OID in FHIR resources, checked after the engine for every FHIR spec."""

from __future__ import annotations

from typing import Any

import pytest

from id_numbers import NHN_SYNTHETIC, flip_last, organisation_number, with_digits
from journalloft import validate
from journalloft.fhir.norwegian_identifiers import check_identifiers

FNR = "urn:oid:2.16.578.1.12.4.1.4.1"
DNR = "urn:oid:2.16.578.1.12.4.1.4.2"
FHN = "urn:oid:2.16.578.1.12.4.1.4.3"
HPR = "urn:oid:2.16.578.1.12.4.1.4.4"
ORGNR = "urn:oid:2.16.578.1.12.4.1.4.101"
NARRATIVE = {"status": "generated", "div": '<div xmlns="http://www.w3.org/1999/xhtml">Syntetisk</div>'}


def no_id_issues(resource: dict[str, Any], **options: Any) -> list[tuple[str, str]]:
    report = validate(resource, **options)
    return [(i.code, i.expression) for r in report.results for i in r.issues if i.code.startswith("no-id-")]


def patient(*identifiers: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"resourceType": "Patient", "text": NARRATIVE, "identifier": list(identifiers), **extra}


def test_valid_synthetic_fodselsnummer_passes() -> None:
    assert no_id_issues(patient({"system": FNR, "value": NHN_SYNTHETIC[0]})) == []


@pytest.mark.parametrize(
    ("identifier", "code"),
    [
        ({"system": FNR, "value": flip_last(NHN_SYNTHETIC[0])}, "no-id-check-digits"),
        ({"system": FNR, "value": "2275088490"}, "no-id-format"),
        ({"system": FNR, "value": with_digits("557001")}, "no-id-format"),  # a D-nummer under the FNR system
        ({"system": DNR, "value": NHN_SYNTHETIC[1]}, "no-id-format"),  # a fødselsnummer under the DNR system
        ({"system": FHN, "value": flip_last(with_digits("912345"))}, "no-id-check-digits"),
        ({"system": HPR, "value": "12-34"}, "no-id-format"),
        ({"system": ORGNR, "value": flip_last(organisation_number("98765432"))}, "no-id-check-digits"),
    ],
)
def test_each_norwegian_system_is_checked(identifier: dict[str, Any], code: str) -> None:
    other = {"system": "urn:oid:2.16.578.1.12.4.1.4.1", "value": NHN_SYNTHETIC[2]}
    assert no_id_issues(patient(other, identifier)) == [(code, "Patient.identifier[1].value")]


@pytest.mark.parametrize(
    "identifier",
    [
        {"system": DNR, "value": with_digits("557001")},
        {"system": FHN, "value": with_digits("912345")},
        {"system": HPR, "value": "1234567"},
        {"system": ORGNR, "value": organisation_number("98765432")},
        {"system": "http://example.org/other", "value": "not checked"},
        {"system": FNR},
    ],
)
def test_valid_or_foreign_identifiers_pass(identifier: dict[str, Any]) -> None:
    assert no_id_issues(patient(identifier)) == []


def test_locations_in_a_bundle_in_contained_resources_references_and_choices() -> None:
    bad_fnr = flip_last(NHN_SYNTHETIC[0])
    bad_org = flip_last(organisation_number("98765432"))
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            {
                "fullUrl": "urn:uuid:6a1e3ab0-2f4a-4c1e-9f55-0c3f0e6e1a11",
                "resource": patient({"system": FNR, "value": bad_fnr}),
            },
            {
                "fullUrl": "urn:uuid:6a1e3ab0-2f4a-4c1e-9f55-0c3f0e6e1a12",
                "resource": {
                    "resourceType": "EpisodeOfCare",
                    "text": NARRATIVE,
                    "status": "active",
                    "patient": {"identifier": {"system": FNR, "value": bad_fnr}},
                    "managingOrganization": {"reference": "#org"},
                    "contained": [
                        {
                            "resourceType": "Organization",
                            "id": "org",
                            "identifier": [{"system": ORGNR, "value": bad_org}],
                        }
                    ],
                    "extension": [
                        {"url": "http://example.org/fhir/x", "valueIdentifier": {"system": HPR, "value": "x"}}
                    ],
                },
            },
        ],
    }
    assert sorted(no_id_issues(bundle)) == sorted(
        [
            ("no-id-check-digits", "Bundle.entry[0].resource.identifier[0].value"),
            ("no-id-check-digits", "Bundle.entry[1].resource.patient.identifier.value"),
            ("no-id-check-digits", "Bundle.entry[1].resource.contained[0].identifier[0].value"),
            ("no-id-format", "Bundle.entry[1].resource.extension[0].value.ofType(Identifier).value"),
        ]
    )


def test_synthetic_only_rejects_a_real_looking_fodselsnummer_but_not_fhn_or_synthetic() -> None:
    real_looking = patient(
        {"system": FNR, "value": with_digits("150385")}, {"system": FHN, "value": with_digits("912345")}
    )
    assert no_id_issues(real_looking) == []
    assert no_id_issues(real_looking, synthetic_only=True) == [("no-id-not-synthetic", "Patient.identifier[0].value")]
    assert no_id_issues(patient({"system": FNR, "value": NHN_SYNTHETIC[0]}), synthetic_only=True) == []


def test_a_location_the_engine_reported_is_not_reported_again() -> None:
    resource = patient({"system": FNR, "value": "123"})
    assert [i.code for i in check_identifiers(resource)] == ["no-id-format"]
    assert check_identifiers(resource, reported=["Patient.identifier[0].value"]) == []


def test_unknown_shapes_do_not_fail() -> None:
    assert check_identifiers({"resourceType": "NoSuchType", "identifier": [{"system": FNR, "value": "1"}]}) == []
    assert check_identifiers({"identifier": "x"}) == []
    assert check_identifiers(patient({"system": FNR, "value": 12345678901}, "x", [1])) == []
