"""Each profiling feature, proved end to end: FSH -> SUSHI -> our snapshots -> the validator.

The test spec ``specs/profile-features/1.0.0`` holds small profiles (one feature each) and valid
instances compiled by SUSHI; ``specs/profile-features/invalid`` holds instances broken in exactly
one way, with the issues they must produce listed in ``expected.yaml``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from journalloft.fhir.context import FhirContext
from journalloft.fhir.definitions import load_core
from journalloft.fhir.validator import FhirValidator

SPEC = Path(__file__).parent / "specs" / "profile-features" / "1.0.0"
INVALID = SPEC.parent / "invalid"
EXPECTED: dict[str, dict[str, Any]] = yaml.safe_load((INVALID / "expected.yaml").read_text("utf-8"))
CONFORMANCE = {"StructureDefinition", "ValueSet", "CodeSystem"}


def _load(path: Path) -> dict[str, Any]:
    value: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return value


GENERATED = {path.name: _load(path) for path in sorted((SPEC / "generated").glob("*.json"))}
VALID_INSTANCES = sorted(name for name, r in GENERATED.items() if r["resourceType"] not in CONFORMANCE)

# Valid instances that draw issues they should not, with the engine gap behind it (strict xfails).
# Empty now: the walker closed the gaps these held; a new gap goes here with its reason.
VALID_ERROR_GAPS: dict[str, str] = {}
VALID_WARNING_GAPS: dict[str, str] = {}


@pytest.fixture(scope="module")
def context() -> FhirContext:
    return FhirContext(load_core(), GENERATED.values())


@pytest.fixture(scope="module")
def validator(context: FhirContext) -> Any:
    return FhirValidator(context)


def reported(validator: Any, resource: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(severity, code, expression) of every issue except narrative warnings (dom-6) and the notes that
    LOINC codes were not checked offline (fhir-code-not-checked: tests/fhir/test_terminology_server.py)."""
    return sorted(
        (issue.severity.value, issue.code, issue.expression)
        for issue in validator.validate(resource)
        if not (issue.code == "fhir-invariant" and issue.message.startswith("dom-6:"))
        and issue.code != "fhir-code-not-checked"
    )


def test_every_profile_of_the_spec_gets_a_snapshot(context: FhirContext) -> None:
    assert context.check() == {}
    assert len(context.own_structure_urls()) == 7
    observation_profiles = [sd["id"] for sd in context.profiles_for("Observation")]
    assert observation_profiles == ["jl-vital-observation"]


def test_the_test_spec_covers_every_instance_kind() -> None:
    assert len(VALID_INSTANCES) >= 6
    assert sorted(p.name for p in INVALID.glob("*.json")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", VALID_INSTANCES)
def test_valid_instance_has_no_errors(validator: Any, name: str, request: pytest.FixtureRequest) -> None:
    if name in VALID_ERROR_GAPS:
        request.applymarker(pytest.mark.xfail(reason=VALID_ERROR_GAPS[name], strict=True))
    issues = reported(validator, GENERATED[name])
    assert [issue for issue in issues if issue[0] in ("error", "fatal")] == []


@pytest.mark.parametrize("name", VALID_INSTANCES)
def test_valid_instance_has_no_warnings(validator: Any, name: str, request: pytest.FixtureRequest) -> None:
    if name in VALID_WARNING_GAPS:
        request.applymarker(pytest.mark.xfail(reason=VALID_WARNING_GAPS[name], strict=True))
    assert reported(validator, GENERATED[name]) == []


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_invalid_instance_reports_exactly_the_expected_issues(
    validator: Any, name: str, request: pytest.FixtureRequest
) -> None:
    entry = EXPECTED[name]
    if entry.get("known_gap"):
        request.applymarker(pytest.mark.xfail(reason=" ".join(entry["known_gap"].split()), strict=True))
    expected = sorted(tuple(issue) for issue in entry["issues"])
    assert reported(validator, _load(INVALID / name)) == expected, entry["feature"]
