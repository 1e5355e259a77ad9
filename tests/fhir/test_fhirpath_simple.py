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


# where(), contains(), %ucum, integer addition and $this: each with the core constraint that uses it,
# on inputs that pass, fail and give empty, compared with the FHIRPath runtime item by item.
CON_3 = (
    "abatement.empty() or clinicalStatus.coding.where(system='http://terminology.hl7.org/CodeSystem/condition-clinical'"
    " and (code='resolved' or code='remission' or code='inactive')).exists()"
)
CON_5 = (
    "verificationStatus.coding.where(system='http://terminology.hl7.org/CodeSystem/condition-ver-status' and "
    "code='entered-in-error').empty() or clinicalStatus.empty()"
)
CON_4 = (
    "clinicalStatus.exists() or verificationStatus.coding.where(system='http://terminology.hl7.org/CodeSystem/"
    "condition-ver-status' and code = 'entered-in-error').exists() or "
    "category.select($this='problem-list-item').empty()"
)
CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical"
VERIFICATION = "http://terminology.hl7.org/CodeSystem/condition-ver-status"


def _concept(system: str, *codes: str) -> dict[str, Any]:
    return {"coding": [{"system": system, "code": code} for code in codes]}


CONDITIONS: list[dict[str, Any]] = [
    {},
    {"abatementDateTime": "2024-01-01"},
    {"abatementDateTime": "2024-01-01", "clinicalStatus": _concept(CLINICAL, "active")},
    {"abatementDateTime": "2024-01-01", "clinicalStatus": _concept(CLINICAL, "resolved")},
    {"abatementString": "long ago", "clinicalStatus": _concept(CLINICAL, "active", "remission")},
    {"abatementAge": {"value": 3}, "clinicalStatus": _concept("http://example.org/other", "resolved")},
    {"clinicalStatus": _concept(CLINICAL, "active"), "verificationStatus": _concept(VERIFICATION, "entered-in-error")},
    {"verificationStatus": _concept(VERIFICATION, "entered-in-error")},
    {"clinicalStatus": _concept(CLINICAL, "active"), "verificationStatus": _concept(VERIFICATION, "confirmed")},
    {"clinicalStatus": {"text": "no coding"}, "verificationStatus": {"coding": [{"code": "entered-in-error"}]}},
    {"category": [_concept("http://terminology.hl7.org/CodeSystem/condition-category", "problem-list-item")]},
    {"category": [{"text": "problem-list-item"}], "verificationStatus": _concept(VERIFICATION, "entered-in-error")},
]
CONDITIONS_CODED: list[dict[str, Any]] = [
    {"code": {"coding": [{"code": "x"}]}},
    {"code": {"coding": [{"code": "y"}]}},
    {"code": {"coding": [{"system": "http://unitsofmeasure.org", "code": "x"}]}},
]
ENTRIES: list[dict[str, Any]] = [
    {},
    {"fullUrl": "http://example.org/fhir/Patient/1"},
    {"fullUrl": "http://example.org/fhir/Patient/1/_history/2"},
    {"fullUrl": ""},
    {"fullUrl": "urn:uuid:0c3151bd-1cbf-4d64-b04d-cd9187a4c6e0", "_fullUrl": {"id": "a"}},
]
CONTACT_POINTS: list[dict[str, Any]] = [
    {},
    {"system": "phone", "use": "home"},
    {"system": "phone", "use": "work"},
    {"system": "email", "value": "x@example.org"},
    {"use": ["home", "work"]},  # several items: = is false, as the runtime has it
    {"_use": {"extension": [{"url": "http://example.org/x", "valueString": "x"}]}},
]
DURATIONS: list[dict[str, Any]] = [
    {},
    {"value": 5, "unit": "min"},
    {"value": 5, "system": "http://unitsofmeasure.org", "code": "min"},
    {"value": 5, "system": "http://snomed.info/sct", "code": "258701004"},
    {"system": "http://unitsofmeasure.org", "code": "min"},
]
ORGANIZATIONS: list[dict[str, Any]] = [
    {},
    {"name": "Legekontoret"},
    {"identifier": [{"value": "1"}, {"value": "2"}]},
    {"identifier": [{"value": "1"}], "name": "Legekontoret"},
]
CASES: list[tuple[str, str, list[dict[str, Any]]]] = [
    (CON_3, "Condition", CONDITIONS),
    (CON_5, "Condition", CONDITIONS),
    (CON_4, "Condition", CONDITIONS),
    ("category.select($this != 'problem-list-item').exists()", "Condition", CONDITIONS),
    ("code.select(coding.code = 'x').empty()", "Condition", [{}, {"code": {}}, *CONDITIONS_CODED]),
    ("fullUrl.contains('/_history/').not()", "Bundle.entry", ENTRIES),
    ("where(use = 'home').empty()", "ContactPoint", CONTACT_POINTS),
    ("code.exists() implies ((system = %ucum) and value.exists())", "Duration", DURATIONS),
    ("(identifier.count() + name.count()) > 0", "Organization", ORGANIZATIONS),
    ("$this.name.exists()", "Organization", ORGANIZATIONS),
]


@pytest.mark.parametrize(("expression", "base", "inputs"), CASES, ids=[case[0][:40] for case in CASES])
def test_where_contains_constants_and_addition_agree_with_runtime(
    expression: str, base: str, inputs: list[dict[str, Any]]
) -> None:
    simple = compile_simple(expression, base)
    assert simple is not None, "expected in the compiled subset"
    runtime = FhirPathRuntime()
    prepared = runtime.prepare(expression)
    verdicts = set()
    for data in inputs:
        holder = {"resourceType": base.split(".", maxsplit=1)[0], **data}
        fast = simple(data)  # none of these inputs needs the runtime
        assert fast == runtime.evaluate(prepared, data, base, EvaluationScope(holder, holder)), data
        verdicts.add(tuple(fast))
    assert {(True,), (False,)} <= verdicts, "every expression is seen both holding and failing"


@pytest.mark.parametrize(
    ("expression", "data"),
    [
        ("fullUrl.contains('/_history/').not()", {"fullUrl": 5}),  # the runtime fails on a non-string
        ("fullUrl.contains('/_history/').not()", {"_fullUrl": {"id": "x"}}),  # extensions only
        ("where(use = 'home').empty()", {"use": {"text": "home"}}),  # an object where a code belongs
        # fhirpathpy reads an object with the UCUM system as a quantity
        ("where(period = 'x').empty()", {"period": {"system": "http://unitsofmeasure.org"}}),
        ("valueQuantity = '5 mg'", {"valueQuantity": {"value": 5, "unit": "mg"}}),  # quantities may equal strings
    ],
)
def test_cases_the_subset_does_not_mirror_go_to_the_runtime(expression: str, data: dict[str, Any]) -> None:
    base = "Bundle.entry" if "fullUrl" in expression else "ContactPoint"
    simple = compile_simple(expression, "Observation.component" if "valueQuantity" in expression else base)
    assert simple is not None
    with pytest.raises(Fallback):
        simple(data)


@pytest.mark.parametrize(
    ("expression", "base"),
    [
        ("fullUrl.contains(%resource.id)", "Bundle.entry"),  # an argument that is not a literal
        ("where(use).empty()", "ContactPoint"),  # criteria that need not be boolean
        ("(identifier.count() - name.count()) > 0", "Organization"),
        ("system = %resource", "ContactPoint"),
        ("value.select($this = '5 mg').exists()", "Observation.component"),  # a choice: type unknown
    ],
)
def test_arguments_and_operators_outside_the_subset(expression: str, base: str) -> None:
    assert compile_simple(expression, base) is None
