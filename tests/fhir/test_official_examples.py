"""Every official FHIR R4 example validates without errors against its base definition.

The examples are HL7's own (npm hl7.fhir.r4.examples 4.0.1, read through
journalloft.fhir.examples_source): all members of the package that are FHIR resources, including
the conformance resources. Examples that carry real errors are listed in
official_examples_exceptions.yaml with the reason and the exact (code, expression) pairs expected:
an exception that stops reproducing, or an example that fails differently, fails the test, so the
list cannot hide regressions. Warnings and information (best-practice invariants, bindings of
extensible strength, unknown value sets) are not counted.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import pytest
import yaml
from walker_cases import validator

from journalloft.fhir.examples_source import OfficialExample, official_examples
from journalloft.fhir.options import FhirOptions

# They are examples: URLs in the example domains are theirs to use, as HL7's test harness allows them.
_EXAMPLES = FhirOptions(allow_example_urls=True)

EXCEPTIONS_FILE = Path(__file__).with_name("official_examples_exceptions.yaml")


@functools.cache
def _exceptions() -> dict[str, Any]:
    data = yaml.safe_load(EXCEPTIONS_FILE.read_text(encoding="utf-8"))
    return data or {}


@functools.cache
def _examples() -> dict[str, OfficialExample]:
    return {example.name: example for example in official_examples() if example.resource_type}


def _error_pairs(name: str) -> list[tuple[str, str]]:
    issues = validator().validate(_examples()[name].parse(), options=_EXAMPLES)
    return sorted({(issue.code, issue.expression) for issue in issues if issue.severity.is_error})


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(_examples()))
def test_official_example_has_no_unexpected_errors(name: str) -> None:
    expected = _exceptions().get(name)
    found = _error_pairs(name)
    if expected is None:
        assert found == [], f"{name}: {found}"
    else:
        assert found == sorted((code, expression) for code, expression in expected["errors"]), name


def test_every_exception_names_an_example_and_gives_a_reason() -> None:
    for name, entry in _exceptions().items():
        assert name in _examples(), name
        assert isinstance(entry.get("reason"), str) and len(entry["reason"]) > 30, name
        assert entry.get("errors"), name


def test_the_examples_are_all_there() -> None:
    assert len(_examples()) > 5000
