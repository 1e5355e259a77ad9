"""What the core vital-signs profiles require is reported, however cheap their profile walks are made.

FHIR R4 requires an Observation with a vital-sign code to conform to the matching core vital-signs
profile (journalloft.fhir.instance_rules.VITAL_SIGNS). The profile walks skip what an earlier walk
checked with the same definition (journalloft.fhir.walk_profiles); each case here breaks something
only a vital-signs profile asks for (effective[x], the blood-pressure components, the UCUM unit of
the value, the category slice, the constraints vs-2 and vs-3) and asserts the exact finding, with
and without the declared vitalsigns profile (one profile walk by code, or two: vitalsigns, then the
profile by code). Official examples are validated as HL7's own test harness does, with example URLs allowed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from walker_cases import EXAMPLES, example, validator

from journalloft.issues import VERBOSE_ONLY

VITALSIGNS = "http://hl7.org/fhir/StructureDefinition/vitalsigns"


def _remove(path: str) -> Callable[[dict[str, Any]], None]:
    def apply(resource: dict[str, Any]) -> None:
        *steps, last = path.split(".")
        node: Any = resource
        for step in steps:
            node = node[int(step)] if step.isdigit() else node[step]
        del node[int(last) if last.isdigit() else last]

    return apply


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def apply(resource: dict[str, Any]) -> None:
        *steps, last = path.split(".")
        node: Any = resource
        for step in steps:
            node = node[int(step)] if step.isdigit() else node[step]
        node[last] = value

    return apply


# (source, change, the findings beyond the notes on how the resource was checked)
CASES = [
    pytest.param(
        "Observation-heart-rate.json", _remove("effectiveDateTime"),
        [("fhir-cardinality-min", "Observation", "Observation.effective[x] is required (minimum 1) but missing")],
        id="effective-missing",
    ),
    pytest.param(
        "Observation-heart-rate.json", _set("valueQuantity.code", "kg"),
        [(
            "fhir-fixed-value", "Observation.value.ofType(Quantity).code",
            'Observation.value[x].code must be exactly "/min", found "kg"',
        )],
        id="heart-rate-unit",
    ),
    pytest.param(
        "Observation-body-temperature.json", _set("valueQuantity.system", "http://example.org/units"),
        [(
            "fhir-fixed-value", "Observation.value.ofType(Quantity).system",
            'Observation.value[x].system must be exactly "http://unitsofmeasure.org", '
            'found "http://example.org/units"',
        )],
        id="value-not-ucum",
    ),
    pytest.param(
        "Observation-blood-pressure.json", _remove("component.1"),
        [
            (
                "fhir-cardinality-min", "Observation.component",
                "Observation.component requires at least 2 item(s), found 1",
            ),
            (
                "fhir-cardinality-min", "Observation",
                "slice DiastolicBP of Observation.component requires at least 1 item(s), found 0",
            ),
        ],
        id="diastolic-component-missing",
    ),
    pytest.param(
        "Observation-blood-pressure.json", _set("component.0.valueQuantity.code", "kg"),
        [(
            "fhir-fixed-value", "Observation.component[0].value.ofType(Quantity).code",
            'Observation.component.value[x].code must be exactly "mm[Hg]", found "kg"',
        )],
        id="systolic-unit",
    ),
    pytest.param(
        "Observation-respiratory-rate.json", _remove("category"),
        [
            ("fhir-cardinality-min", "Observation", "Observation.category is required (minimum 1) but missing"),
            (
                "fhir-cardinality-min", "Observation",
                "slice VSCat of Observation.category requires at least 1 item(s), found 0",
            ),
        ],
        id="category-missing",
    ),
    pytest.param(  # a constraint of vitalsigns, which the profile by code repeats
        "Observation-heart-rate.json", _remove("valueQuantity"),
        [(
            "fhir-invariant", "Observation",
            "vs-2: If there is no component or hasMember element then either a value[x] or a data absent reason "
            "must be present.",
        )],
        id="value-missing",
    ),
    pytest.param(
        "Observation-blood-pressure.json", _remove("component.0.valueQuantity"),
        [(
            "fhir-invariant", "Observation.component[0]",
            "vs-3: If there is no a value a data absent reason must be present",
        )],
        id="component-value-missing",
    ),
]  # fmt: skip


@pytest.mark.parametrize("declared", [False, True], ids=["by-code", "declared-and-by-code"])
@pytest.mark.parametrize(("source", "change", "expected"), CASES)
def test_a_vital_signs_profile_finding_is_reported(
    source: str, change: Callable[[dict[str, Any]], None], expected: list[tuple[str, str, str]], declared: bool
) -> None:
    resource = example(source)
    resource.pop("meta", None)
    if declared:
        resource["meta"] = {"profile": [VITALSIGNS]}
    change(resource)
    found = [
        (issue.code, issue.expression, issue.message)
        for issue in validator().validate(resource, options=EXAMPLES)
        if issue.code not in VERBOSE_ONLY
    ]
    assert sorted(found) == sorted(expected)


@pytest.mark.parametrize("source", ["Observation-heart-rate.json", "Observation-blood-pressure.json"])
def test_an_unchanged_vital_sign_has_no_such_finding(source: str) -> None:
    resource = example(source)
    found = [issue.code for issue in validator().validate(resource, options=EXAMPLES) if issue.code not in VERBOSE_ONLY]
    assert found == []
