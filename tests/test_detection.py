"""How a FHIR resource's spec and profiles are chosen (journalloft.validation, CLI contract).

Without --spec a resource is checked against the profiles it claims in meta.profile, and a
resource that claims none gets base FHIR R4 only, even when a known spec profiles its type (as
HL7's validator does); --spec keeps applying the chosen spec's profiles by resource type.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from journalloft.specs import Registry
from journalloft.validation import Checker

SPECS = Path(__file__).parent / "fhir" / "specs"
PROFILE = "http://example.org/fhir/journalloft-test/StructureDefinition/jl-patient"
# No identifier: jl-patient requires one (a Norwegian person number), base R4 does not.
PATIENT: dict[str, Any] = {"resourceType": "Patient", "name": [{"family": "Testesen"}]}


def _check(resource: dict[str, Any], spec: str | None = None) -> tuple[str | None, set[tuple[str, str, str]]]:
    result = Checker(Registry(roots=[SPECS]), spec=spec).check_value(copy.deepcopy(resource), "x.json")
    return result.spec, {(i.severity.value, i.code, i.expression) for i in result.issues if i.severity.is_error}


def test_a_resource_that_claims_no_profile_gets_base_r4_only() -> None:
    assert _check(PATIENT) == ("fhir-r4@4.0.1", set())


def test_a_claimed_profile_is_applied() -> None:
    spec, found = _check({**PATIENT, "meta": {"profile": [PROFILE]}})
    assert spec == "profile-features@1.0.0"
    assert ("error", "fhir-cardinality-min", "Patient") in found


def test_with_spec_profiles_apply_by_type() -> None:
    spec, found = _check(PATIENT, spec="profile-features")
    assert spec == "profile-features@1.0.0"
    assert ("error", "fhir-cardinality-min", "Patient") in found


def test_a_bundle_entry_claim_selects_the_spec_but_unclaimed_entries_stay_base() -> None:
    claimed = {**PATIENT, "id": "a", "meta": {"profile": [PROFILE]}}
    plain = {**PATIENT, "id": "b"}
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            {"fullUrl": "urn:uuid:9ce2a97b-5cab-4986-814f-4734016e6084", "resource": claimed},
            {"fullUrl": "urn:uuid:4e5aa5f2-dd58-47b0-83c8-6bea38669e67", "resource": plain},
        ],
    }
    spec, found = _check(bundle)
    assert spec == "profile-features@1.0.0"
    assert ("error", "fhir-cardinality-min", "Bundle.entry[0].resource") in found
    assert not any(expression.startswith("Bundle.entry[1]") for _, _, expression in found)


def test_an_unknown_claimed_profile_is_a_warning_with_a_hint() -> None:
    unknown = "https://fhir.kommune.no/StructureDefinition/ukjent-pasient"
    result = Checker(Registry(roots=[SPECS])).check_value({**PATIENT, "meta": {"profile": [unknown]}}, "x.json")
    assert result.spec == "fhir-r4@4.0.1"
    [issue] = [i for i in result.issues if i.code == "fhir-profile-unknown"]
    assert (issue.severity.value, issue.expression) == ("warning", "Patient.meta.profile[0]")
    assert unknown in issue.message and "--spec" in issue.message
