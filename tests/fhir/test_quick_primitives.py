"""The walk's quick path for single string and boolean values gives exactly what the full path gives.

StructureWalk.object checks the syntax of a single string or boolean itself when its element asks
nothing else of it (_Shape.syntax_only); everything else goes through walk_primitives. Here every case
is validated twice, once by a validator whose shapes never allow the quick path, and the findings must be the same
in the same order. The cases include values that must leave the quick path: over-long strings, values
with a "_" companion, booleans where strings belong.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable
from typing import Any

import pytest
from test_mutations import LIMIT_MUTATIONS, MUTATIONS, _mutated, _validator_for
from walker_cases import example, set_at, validator

from journalloft.fhir.context import core_context
from journalloft.fhir.examples_source import official_examples
from journalloft.fhir.validator import FhirValidator
from journalloft.limits import Limits

Found = list[tuple[str, str, str, str, int | None, int | None]]


def _full_path_only(checker: FhirValidator) -> FhirValidator:
    """The validator with no shape allowing the quick path (its own compiled elements carry the shapes,
    so a second validator is needed; nothing is shared with the quick one)."""
    original = checker.shape

    def shape(element: Any, type_code: str) -> Any:
        found = original(element, type_code)
        if found.syntax_only or found.syntax_only_in_profiles:
            found = dataclasses.replace(found, syntax_only=False, syntax_only_in_profiles=False)
            element.cache[type_code] = found
        return found

    checker.shape = shape  # type: ignore[method-assign]
    return checker


def _findings(checker: FhirValidator, resource: Any, profiles: tuple[str, ...]) -> Found:
    issues = checker.validate(copy.deepcopy(resource), profiles)
    return [(str(i.severity), i.code, i.expression, i.message, i.line, i.column) for i in issues]


def _both_ways(
    quick: FhirValidator, full: FhirValidator, resource: Any, profiles: tuple[str, ...] = ()
) -> tuple[Found, Found]:
    assert quick is not full
    return _findings(quick, resource, profiles), _findings(full, resource, profiles)


EDGE_CASES = [
    set_at("gender", True),  # a boolean where a code belongs
    set_at("active", "yes"),  # a string where a boolean belongs
    set_at("name.0.family", ""),  # empty string
    set_at("name.0.family", " padded "),  # allowed
    set_at("birthDate", "1974-12-25T10:00"),
    set_at("_birthDate", {"extension": [{"url": "http://example.org/x", "valueString": "a"}]}),
    set_at("_birthDate", {"id": "only-an-id"}),  # allowed beside a value
    set_at("_active", {"extension": [{"url": "x"}]}),
    set_at("id", "no spaces allowed"),
    set_at("name.0.given", "Peter"),  # a repeating element given once
    set_at("name.0.given", ["Peter", True]),
    set_at("telecom.0.value", "x" * 300),
]


@pytest.mark.parametrize("mutate", EDGE_CASES)
def test_edge_cases_give_the_same_findings(mutate: Callable[[dict[str, Any]], None]) -> None:
    resource = example("Patient-example.json")
    mutate(resource)
    quick, full = _both_ways(validator(), _full_path_only(FhirValidator(core_context())), resource)
    assert quick == full


def test_over_long_strings_leave_the_quick_path() -> None:
    resource = example("Patient-example.json")
    resource["name"][0]["family"] = "x" * 50
    limits = Limits(max_string_length=40)
    quick, full = _both_ways(
        FhirValidator(core_context(), limits), _full_path_only(FhirValidator(core_context(), limits)), resource
    )
    assert quick == full
    assert ("fhir-limit", "Patient.name[0].family") in {(code, where) for _, code, where, *_ in quick}


@pytest.mark.parametrize("mutation", MUTATIONS, ids=[m.kind for m in MUTATIONS])
def test_mutation_table_gives_the_same_findings(mutation: Any) -> None:
    full_checker = _full_path_only(FhirValidator(_validator_for(mutation).context))
    quick, full = _both_ways(_validator_for(mutation), full_checker, _mutated(mutation), mutation.profiles)
    assert quick == full


@pytest.mark.parametrize("row", LIMIT_MUTATIONS, ids=[row[0] for row in LIMIT_MUTATIONS])
def test_limit_mutations_give_the_same_findings(row: Any) -> None:
    _kind, limits, mutate, _code, _expression = row
    resource = example("Patient-example.json")
    mutate(resource)
    quick, full = _both_ways(
        FhirValidator(core_context(), limits), _full_path_only(FhirValidator(core_context(), limits)), resource
    )
    assert quick == full


_TYPES = (
    "Patient-", "Observation-", "Encounter-", "Condition-", "Practitioner-", "Organization-",
    "MedicationRequest-", "Questionnaire-", "QuestionnaireResponse-",
)  # fmt: skip


def test_official_examples_give_the_same_findings() -> None:
    quick_checker, full_checker = validator(), _full_path_only(FhirValidator(core_context()))
    compared = 0
    for item in official_examples():
        # the resource types of scripts/benchmark_cli.py's data, and Questionnaires for their many strings
        if not item.name.startswith(_TYPES):
            continue
        resource = item.parse()
        quick, full = _both_ways(quick_checker, full_checker, resource)
        assert quick == full, item.name
        compared += 1
    assert compared > 100
