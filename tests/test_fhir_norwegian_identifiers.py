"""Identifiers with a Norwegian OID in FHIR resources, checked after the engine for every FHIR spec."""

from __future__ import annotations

import json
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
    not_identifiers: list[Any] = ["x", [1]]
    assert check_identifiers(patient({"system": FNR, "value": 12345678901}, *not_identifiers)) == []


# The text pre-check that lets the CLI skip the identifier walk (journalloft.validation.Checker.check)


def test_every_system_is_seen_in_the_text() -> None:
    from journalloft.fhir.norwegian_identifiers import SYSTEMS, may_hold_identifiers

    for system in SYSTEMS:
        assert may_hold_identifiers(json.dumps({"system": system}).encode())
    assert not may_hold_identifiers(json.dumps(patient({"system": "urn:oid:2.16.578.1.12.4.1.5.1"})).encode())


@pytest.mark.parametrize("system", [FNR, ORGNR])
def test_a_system_with_any_character_escaped_is_seen(system: str) -> None:
    from journalloft.fhir.norwegian_identifiers import may_hold_identifiers

    for position, character in enumerate(system):
        for escape in (f"\\u{ord(character):04x}", f"\\u{ord(character):04X}"):
            text = '{"system": "' + system[:position] + escape + system[position + 1 :] + '"}'
            assert json.loads(text) == {"system": system}
            assert may_hold_identifiers(text.encode()), text


def _checked(text: str) -> list[tuple[str, str]]:
    from journalloft.inputs import Document
    from journalloft.specs import Registry
    from journalloft.validation import Checker

    result = Checker(Registry()).check(Document("x.json", text.encode()))
    return [(i.code, i.expression) for i in result.issues]


def test_an_escaped_system_is_still_checked() -> None:
    resource = patient({"system": FNR, "value": flip_last(NHN_SYNTHETIC[0])})
    text = json.dumps(resource).replace("urn:oid:2.16", "urn:oid:2\\u002e16")
    assert ("no-id-check-digits", "Patient.identifier[0].value") in _checked(text)


def test_skipping_the_walk_changes_nothing_without_a_norwegian_system() -> None:
    from journalloft.specs import Registry
    from journalloft.validation import Checker

    resource = patient({"system": "http://example.org/ids", "value": flip_last(NHN_SYNTHETIC[0])}, gender="other")
    full = Checker(Registry()).check_value(resource, "x.json")
    assert _checked(json.dumps(resource)) == [(i.code, i.expression) for i in full.issues]
