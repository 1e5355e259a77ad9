"""Every constraint of every core R4 snapshot can be prepared for evaluation, and the set is known."""

from __future__ import annotations

from collections import Counter

from journalloft.fhir.definitions import load_core
from journalloft.fhir.fhirpath_simple import compile_simple
from journalloft.fhir.fhirpath_support import FhirPathRuntime
from journalloft.fhir.fhirpath_types import base_type_path
from journalloft.fhir.invariants import NATIVE_KEYS

# Expressions fhirpathpy 2.2.4 cannot parse, with the reason. Empty: all 248 distinct R4 core
# (key, expression) pairs parse. A future fhirpathpy that breaks one must be listed here with why.
UNPARSEABLE: dict[str, str] = {}

# FHIR-context functions the engine supplies on top of fhirpathpy.
SUPPLIED = ("hasValue(", "resolve(", "htmlChecks(", "memberOf(", "conformsTo(")


def core_constraints() -> dict[tuple[str, str], int]:
    """(key, expression) -> number of snapshot elements carrying it, over all core SDs."""
    found: Counter[tuple[str, str]] = Counter()
    for sd in load_core().structure_definitions():
        for element in (sd.get("snapshot") or {}).get("element", ()):
            for constraint in element.get("constraint", ()):
                found[(constraint["key"], constraint.get("expression") or "")] += 1
    return dict(found)


def test_every_core_constraint_parses() -> None:
    constraints = core_constraints()
    failures = {}
    for key, expression in constraints:
        assert expression, f"{key} has no FHIRPath expression"
        try:
            FhirPathRuntime.prepare(expression)
        except Exception as exc:  # the parser raises bare exceptions
            failures[key] = str(exc)
    assert set(failures) == set(UNPARSEABLE), failures
    # The figures reported to the team: distinct constraints and their occurrences in snapshots.
    assert len(constraints) >= 240
    assert sum(constraints.values()) >= 14_000


def test_native_keys_carry_the_core_expressions() -> None:
    constraints = core_constraints()
    by_key = {key: {expr for k, expr in constraints if k == key} for key in NATIVE_KEYS}
    assert by_key == {
        "ele-1": {"hasValue() or (children().count() > id.count())"},
        "ext-1": {"extension.exists() != value.exists()"},
    }


def test_context_functions_used_by_core_are_the_supplied_ones() -> None:
    used = Counter(
        function for (_, expression) in core_constraints() for function in SUPPLIED if function in expression
    )
    # hasValue: ele-1, per-1, age-1, cnt-3, bdl-10, ...; htmlChecks: txt-1, txt-2; resolve: ctm-1.
    assert used["hasValue("] >= 5
    assert used["htmlChecks("] == 2
    assert used["resolve("] == 1


def test_most_core_constraints_run_compiled() -> None:
    """How many core constraints (other than the native ele-1/ext-1) skip the FHIRPath interpreter."""
    distinct: set[str] = set()
    compiled: set[str] = set()
    for sd in load_core().structure_definitions():
        for element in (sd.get("snapshot") or {}).get("element", ()):
            base = base_type_path(element["path"])
            for constraint in element.get("constraint", ()):
                if constraint["key"] in NATIVE_KEYS:
                    continue
                distinct.add(constraint["expression"])
                if compile_simple(constraint["expression"], base) is not None:
                    compiled.add(constraint["expression"])
    assert len(distinct) >= 200
    assert len(compiled) >= 100
