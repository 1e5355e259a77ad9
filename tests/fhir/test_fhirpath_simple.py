"""The compiled subset's ordering and membership operators agree with the FHIRPath runtime."""

from __future__ import annotations

from typing import Any

import pytest

from journalloft.fhir.fhirpath_simple import Fallback, compile_simple
from journalloft.fhir.fhirpath_support import EvaluationScope, FhirPathRuntime

TIMINGS: list[dict[str, Any]] = [
    {},
    {"when": ["C"]},
    {"when": ["MORN"]},
    {"when": ["C", "MORN"]},
    {"offset": 30, "when": ["ACM"]},
    {"offset": 30, "when": ["CM"]},
    {"period": 0, "duration": 2},
    {"period": 2.5, "duration": -1},
    {"_period": {"extension": [{"url": "http://example.org/x", "valueString": "x"}]}},
]
EXPRESSIONS = [
    "offset.empty() or (when.exists() and ((when in ('C' | 'CM' | 'CD' | 'CV')).not()))",
    "period.exists() implies period >= 0",
    "duration.exists() implies duration >= 0",
    "period < 1",
    "period > 0.5",
    "duration <= 2",
]


def _repeat(data: dict[str, Any]) -> dict[str, Any]:
    from decimal import Decimal

    return {k: Decimal(str(v)) if isinstance(v, float) else v for k, v in data.items()}


@pytest.mark.parametrize("expression", EXPRESSIONS)
def test_ordering_and_membership_agree_with_runtime(expression: str) -> None:
    simple = compile_simple(expression, "Timing.repeat")
    assert simple is not None, "expected in the compiled subset"
    runtime = FhirPathRuntime()
    prepared = runtime.prepare(expression)
    decided = 0
    for data in map(_repeat, TIMINGS):
        try:
            fast = simple(data)
        except Fallback:
            continue
        decided += 1
        holder = {"resourceType": "Basic"}
        slow = runtime.evaluate(prepared, data, "Timing.repeat", EvaluationScope(holder, holder))
        assert fast == slow, data
    assert decided >= 5


@pytest.mark.parametrize(
    "expression",
    [
        "when in ('C' | 'CM')",
        "period >= 0",
    ],
)
def test_several_items_go_to_the_runtime(expression: str) -> None:
    simple = compile_simple(expression, "Timing.repeat")
    assert simple is not None
    with pytest.raises(Fallback):
        simple({"when": ["C", "CM"], "_period": {"id": "a"}} if "when" in expression else {"_period": {"id": "a"}})


@pytest.mark.parametrize(
    "expression",
    [
        "boundsDuration >= 0",  # a choice element of a complex type
        "when in ('C' | 1)",  # not a union of strings
        "when contains 'C'",
        "when >= 'C'",  # ordering of strings is left to the runtime
    ],
)
def test_outside_the_compiled_subset(expression: str) -> None:
    assert compile_simple(expression, "Timing.repeat") is None
