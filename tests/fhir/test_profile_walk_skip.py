"""Profile walks skip what the base walk checked with the same definition: the findings stay exactly the same.

journalloft.fhir.same_definition decides when an element of a profile checks an object exactly like the
base walk's element; ProfileWalk.skip_walked turns the skipping off. Every case here is validated
both ways and must give the same findings in the same order.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable
from typing import Any

import pytest
from test_mutations import MUTATIONS, _mutated, _validator_for
from walker_cases import EXAMPLES, example, set_at, validator

from journalloft.fhir.elements import ElementDef
from journalloft.fhir.examples_source import official_examples
from journalloft.fhir.same_definition import (
    COMPARED_FIELDS,
    DERIVED_FIELDS,
    REFUSED_FIELDS,
    UNREAD_FIELDS,
    same_definition,
)
from journalloft.fhir.validator import FhirValidator
from journalloft.fhir.walk_profiles import ProfileWalk
from journalloft.issues import VERBOSE_ONLY

VITALSIGNS = "http://hl7.org/fhir/StructureDefinition/vitalsigns"
Found = list[tuple[str, str, str, str]]


def _both_ways(checker: FhirValidator, resource: Any, profiles: tuple[str, ...] = ()) -> tuple[Found, Found]:
    def run() -> Found:
        issues = checker.validate(copy.deepcopy(resource), profiles, options=EXAMPLES)
        return [(str(issue.severity), issue.code, issue.expression, issue.message) for issue in issues]

    skipping = run()
    ProfileWalk.skip_walked = False
    try:
        full = run()
    finally:
        ProfileWalk.skip_walked = True
    return skipping, full


def test_every_element_field_is_compared_or_accounted_for() -> None:
    names = {field.name for field in dataclasses.fields(ElementDef)}
    assert names == COMPARED_FIELDS | REFUSED_FIELDS | DERIVED_FIELDS | UNREAD_FIELDS


def test_profile_repeats_of_base_elements_are_the_same_definition() -> None:
    checker = validator()
    base = checker.structure("Observation")
    profile = checker.structure(VITALSIGNS)
    assert base is not None and profile is not None
    base_meta, profile_meta = base.by_id["Observation.meta"], profile.by_id["Observation.meta"]
    assert base_meta is not profile_meta
    assert same_definition(base_meta, profile_meta, checker.resource_types)
    # the profile requires a category slice and a subject of type Patient: not the same
    for path in ("Observation.category", "Observation.subject", "Observation.effective[x]"):
        assert not same_definition(base.by_id[path], profile.by_id[path], checker.resource_types), path
    # contained resources are checked differently in a profile walk: never called the same
    contained = base.by_id["Observation.contained"]
    assert not same_definition(contained, contained, checker.resource_types)


def test_a_slice_child_repeating_its_base_element_is_the_same_definition() -> None:
    # Only their element ids differ (component:SystolicBP.interpretation), which the walk never reads:
    # the blood-pressure walk skips a component's interpretation the vitalsigns walk checked.
    checker = validator()
    vitalsigns = checker.structure(VITALSIGNS)
    bp = checker.structure("http://hl7.org/fhir/StructureDefinition/bp")
    assert vitalsigns is not None and bp is not None
    base = vitalsigns.by_id["Observation.component.interpretation"]
    in_slice = bp.by_id["Observation.component:SystolicBP.interpretation"]
    assert base.id != in_slice.id
    assert same_definition(base, in_slice, checker.resource_types)
    # the slice's own code (a pattern of its LOINC code) is not the same
    code = vitalsigns.by_id["Observation.component.code"]
    assert not same_definition(code, bp.by_id["Observation.component:SystolicBP.code"], checker.resource_types)


def _vital_sign_observations() -> list[tuple[str, Any]]:
    chosen = []
    for item in official_examples():
        if item.name.startswith("Observation-") or item.name.startswith("observation-"):
            chosen.append((item.name, item.parse()))
    return chosen


def test_official_observations_give_the_same_findings() -> None:
    checker = validator()
    compared = 0
    for name, resource in _vital_sign_observations():
        skipping, full = _both_ways(checker, resource)
        assert skipping == full, name
        compared += 1
    assert compared > 50


VITAL_SIGN_SOURCES = ["Observation-example.json", "Observation-bmi.json", "Observation-blood-pressure.json"]
# Findings inside the parts a vital-signs profile walk skips (meta, text, subject's children, a
# component's code), and a binding finding (which turns skipping off for that resource).
OBSERVATION_MUTATIONS: list[Callable[[dict[str, Any]], None]] = [
    set_at("meta.lastUpdated", "yesterday"),
    set_at("meta.unknown", "x"),
    set_at("text.status", "perfect"),
    set_at("subject.display", ""),
    set_at("subject.identifier", {"system": "urn:oid:2.16.578.1.12.4.1.4.1", "value": "not a number"}),
    set_at("code.coding.0.display", "Something else"),
    set_at("status", "done"),
    set_at("interpretation", [{"coding": [{"system": "http://example.org", "code": "x"}], "_text": {"id": "a"}}]),
    set_at("effectiveDateTime", "2024"),
    set_at("valueQuantity.comparator", "about"),
    set_at("valueQuantity.code", "kg"),
    set_at("meta.tag", [{"system": "http://example.org/tags", "code": "t", "extension": [{"url": "x"}]}]),
]


@pytest.mark.parametrize("mutate", OBSERVATION_MUTATIONS)
@pytest.mark.parametrize("source", VITAL_SIGN_SOURCES)
def test_broken_vital_signs_give_the_same_findings(source: str, mutate: Callable[[dict[str, Any]], None]) -> None:
    resource = example(source)
    mutate(resource)
    for profiles in ((), (VITALSIGNS,)):
        skipping, full = _both_ways(validator(), resource, profiles)
        assert skipping == full
        assert skipping  # every mutation is found


@pytest.mark.parametrize("mutation", MUTATIONS, ids=[m.kind for m in MUTATIONS])
def test_mutation_table_gives_the_same_findings(mutation: Any) -> None:
    skipping, full = _both_ways(_validator_for(mutation), _mutated(mutation), mutation.profiles)
    assert skipping == full


# Findings only the second profile walk gives: vitalsigns is declared and walked first, then the
# profile by code (bodyweight, bmi, bp) is walked and must not skip what it constrains more tightly.
# (source, path, value, the code and location of the second profile's finding)
SECOND_PROFILE_MUTATIONS = [
    (  # bodyweight's required binding
        "Observation-example.json", "valueQuantity.code", "cm",
        ("fhir-binding-required", "Observation.value.ofType(Quantity).code"),
    ),
    (  # bmi's fixed code
        "Observation-bmi.json", "valueQuantity.code", "kg",
        ("fhir-fixed-value", "Observation.value.ofType(Quantity).code"),
    ),
    (  # bp's fixed code in a component slice
        "Observation-blood-pressure.json", "component.0.valueQuantity.code", "kg",
        ("fhir-fixed-value", "Observation.component[0].value.ofType(Quantity).code"),
    ),
    (  # the fixed UCUM system of the value
        "Observation-example.json", "valueQuantity.system", "http://example.org",
        ("fhir-fixed-value", "Observation.value.ofType(Quantity).system"),
    ),
]  # fmt: skip


@pytest.mark.parametrize(("source", "path", "value", "expected"), SECOND_PROFILE_MUTATIONS)
def test_a_second_profile_walk_skips_only_what_the_first_checked_alike(
    source: str, path: str, value: Any, expected: tuple[str, str]
) -> None:
    resource = example(source)
    resource.setdefault("meta", {})["profile"] = [VITALSIGNS]
    set_at(path, value)(resource)
    skipping, full = _both_ways(validator(), resource)
    assert skipping == full
    # notes on how the validator went about it (profile by code, LOINC not checked offline) aside
    assert [(code, expression) for severity, code, expression, _ in skipping if code not in VERBOSE_ONLY] == [expected]
