"""FhirContext over core plus a spec's resources, and our snapshots against SUSHI's own.

SUSHI can write snapshots itself (``--snapshot``); for the profiles of the test spec ours must
agree with it element for element on everything validation reads.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from journalloft.fhir.build import run_sushi
from journalloft.fhir.context import FhirContext, core_context
from journalloft.fhir.definitions import load_core

SPEC = Path(__file__).parent / "specs" / "profile-features" / "1.0.0"
BASE = "http://example.org/fhir/journalloft-test/StructureDefinition/"


def generated() -> list[dict[str, Any]]:
    return [json.loads(p.read_text("utf-8")) for p in sorted((SPEC / "generated").glob("*.json"))]


def essentials(element: dict[str, Any]) -> tuple[object, ...]:
    slicing = element.get("slicing") or {}
    return (
        element["id"],
        element["path"],
        element.get("sliceName"),
        element.get("min"),
        element.get("max"),
        [(t["code"], t.get("profile"), t.get("targetProfile")) for t in element.get("type", [])],
        {k: v for k, v in element.items() if k.startswith(("fixed", "pattern"))},
        (slicing.get("discriminator"), slicing.get("rules")),
        # core data is trimmed (binding extensions dropped): compare what validation reads
        ((element.get("binding") or {}).get("strength"), (element.get("binding") or {}).get("valueSet")),
        sorted(c["key"] for c in element.get("constraint", [])),
        element.get("maxLength"),
    )


def test_our_snapshots_equal_sushis_for_every_test_profile() -> None:
    compiled = [json.loads(data) for data in run_sushi(SPEC, snapshots=True).resources.values()]
    sushi_snapshots = {r["url"]: r.pop("snapshot") for r in compiled if r["resourceType"] == "StructureDefinition"}
    context = FhirContext(load_core(), compiled)
    assert len(sushi_snapshots) == 7
    for url, snapshot in sushi_snapshots.items():
        ours = context.structure(url)
        assert ours is not None, context.snapshot_errors
        assert [essentials(e) for e in ours["snapshot"]["element"]] == [essentials(e) for e in snapshot["element"]], url


def test_lookup_by_url_version_and_core_type_name() -> None:
    context = FhirContext(load_core(), generated())
    patient = context.structure(BASE + "jl-patient")
    assert patient is not None and patient["snapshot"]["element"][0]["id"] == "Patient"
    assert context.structure(BASE + "jl-patient|1.0.0") is patient
    assert context.structure(BASE + "jl-patient|0.9.0") is None
    assert context.structure("Patient") is load_core().structure_definition("Patient")
    assert context.value_set("http://example.org/fhir/journalloft-test/ValueSet/jl-colours-vs") is not None
    assert context.code_system("http://example.org/fhir/journalloft-test/CodeSystem/jl-colours") is not None
    assert context.value_set("http://hl7.org/fhir/ValueSet/administrative-gender") is not None


def test_profile_on_profile_inherits_the_parent_profile() -> None:
    strict = FhirContext(load_core(), generated()).structure(BASE + "jl-patient-strict")
    assert strict is not None
    elements = {e["id"]: e for e in strict["snapshot"]["element"]}
    assert elements["Patient.birthDate"]["min"] == 1
    assert elements["Patient.identifier"]["min"] == 1  # from jl-patient
    assert "Patient.identifier:fnr" in elements
    assert "jl-pat-1" in [c["key"] for c in elements["Patient"]["constraint"]]


def test_snapshots_are_generated_once_per_context() -> None:
    context = FhirContext(load_core(), generated())
    assert context.structure(BASE + "jl-vital-observation") is context.structure(BASE + "jl-vital-observation")


def test_profiles_for_lists_own_resource_profiles_only() -> None:
    context = FhirContext(load_core(), generated())
    assert [p["id"] for p in context.profiles_for("Patient")] == ["jl-patient", "jl-patient-strict"]
    assert context.profiles_for("Extension") == []  # extension definitions are not resource profiles
    assert context.profiles_for("Encounter") == []
    assert core_context().profiles_for("Observation") == []


def test_spec_resources_cannot_replace_core_definitions() -> None:
    fake = {
        "resourceType": "StructureDefinition",
        "url": "http://hl7.org/fhir/StructureDefinition/Patient",
        "type": "Patient",
        "derivation": "constraint",
        "baseDefinition": "http://hl7.org/fhir/StructureDefinition/Patient",
        "differential": {"element": [{"id": "Patient.gender", "path": "Patient.gender", "min": 1}]},
    }
    context = FhirContext(load_core(), [fake])
    assert context.ignored == ["http://hl7.org/fhir/StructureDefinition/Patient"]
    patient = context.structure("http://hl7.org/fhir/StructureDefinition/Patient")
    assert patient is not None
    gender = next(e for e in patient["snapshot"]["element"] if e["id"] == "Patient.gender")
    assert gender["min"] == 0


def test_broken_differential_is_reported_not_raised() -> None:
    resources = generated()
    broken = copy.deepcopy(next(r for r in resources if r.get("id") == "jl-patient"))
    broken["differential"]["element"].append({"id": "Patient.nonsense", "path": "Patient.nonsense", "min": 1})
    context = FhirContext(load_core(), [broken, *[r for r in resources if r.get("id") not in ("jl-patient",)]])
    assert context.structure(BASE + "jl-patient") is None
    assert context.structure(BASE + "jl-patient-strict") is None  # its base cannot be built
    errors = context.check()
    assert "Patient.nonsense: no such element" in errors[BASE + "jl-patient"]
    assert BASE + "jl-patient" in errors[BASE + "jl-patient-strict"]


def test_instances_and_other_resources_are_ignored() -> None:
    context = FhirContext(load_core(), generated())
    assert context.structure("http://example.org/fhir/Patient/jl-patient-ok") is None
    assert len(context.own_structure_urls()) == 7


@pytest.mark.parametrize("reference", ["Observation", "http://hl7.org/fhir/StructureDefinition/Observation|4.0.1"])
def test_core_context_serves_core_structures(reference: str) -> None:
    observation = core_context().structure(reference)
    assert observation is not None and observation["type"] == "Observation"
    assert core_context() is core_context()
