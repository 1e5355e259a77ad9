"""Constraints on choice elements (``value[x]``, ``effective[x]``): decided once the concrete type is known.

The engine learns a choice element's type only from its value, so such constraints are compiled per
concrete type (fhirpath_simple) or decided by a typed fast path (vs-1); both must give the verdict the
FHIRPath runtime gives, and must not call it when they can decide.
"""

from __future__ import annotations

from typing import Any

import pytest

from journalloft.fhir.fhirpath_support import EvaluationScope, FhirPathRuntime
from journalloft.fhir.fhirpath_types import choice_type
from journalloft.fhir.invariants import InvariantEngine
from journalloft.fhir.invariants_native import VS_1, vs_1_holds

VS_1_CONSTRAINT = {"key": "vs-1", "severity": "error", "human": "precise to the day", "expression": VS_1}
QTY_3 = {
    "key": "qty-3",
    "severity": "error",
    "human": "system with code",
    "expression": "code.empty() or system.exists()",
}
EFFECTIVE: list[Any] = [
    "2024",
    "2024-05",
    "2024-05-17",
    "2024-05-17T10:15:00+02:00",
    {"start": "2024-05-17"},
    {"start": "2024"},
]


def _runtime_verdict(expression: str, node: Any, type_path: str) -> list[Any]:
    runtime = FhirPathRuntime()
    holder = {"resourceType": "Observation"}
    return runtime.evaluate(
        runtime.prepare(expression), node, choice_type(type_path, node), EvaluationScope(holder, holder)
    )


@pytest.mark.parametrize("effective", EFFECTIVE, ids=str)
def test_vs_1_agrees_with_the_runtime(effective: Any) -> None:
    expected = _runtime_verdict(VS_1, effective, "Observation.effective[x]") != [False]
    engine = InvariantEngine()
    observation = {
        "resourceType": "Observation",
        "effective" + ("DateTime" if isinstance(effective, str) else "Period"): effective,
    }
    issues = engine.check(
        [VS_1_CONSTRAINT], effective, "Observation.effective[x]", "Observation.effective", observation, observation
    )
    assert [issue.code for issue in issues] == ([] if expected else ["fhir-invariant"])
    quick = vs_1_holds(effective, choice_type("Observation.effective[x]", effective))
    assert quick is None or quick == expected


def test_vs_1_fast_path_decides_date_times_and_leaves_the_rest() -> None:
    assert vs_1_holds("2024", "dateTime") is False
    assert vs_1_holds("2024-05-17", "dateTime") is True
    assert vs_1_holds({"start": "2024"}, "Period") is None
    assert vs_1_holds("2024-05-17", None) is None


QUANTITIES: list[dict[str, Any]] = [
    {"value": 5, "unit": "mg"},
    {"value": 5, "code": "mg"},
    {"value": 5, "code": "mg", "system": "http://unitsofmeasure.org"},
]


@pytest.mark.parametrize("quantity", QUANTITIES, ids=str)
def test_choice_element_constraints_run_compiled(quantity: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    expected = _runtime_verdict(QTY_3["expression"], quantity, "Observation.value[x]") != [False]
    engine = InvariantEngine()

    def no_runtime(*_: Any) -> list[Any]:
        raise AssertionError("the compiled closure should decide this")

    monkeypatch.setattr(engine._runtime, "evaluate", no_runtime)
    observation = {"resourceType": "Observation", "valueQuantity": quantity}
    issues = engine.check(
        [QTY_3], quantity, "Observation.value[x]", "Observation.value.ofType(Quantity)", observation, observation
    )
    assert [(issue.code, issue.expression) for issue in issues] == (
        [] if expected else [("fhir-invariant", "Observation.value.ofType(Quantity)")]
    )
    assert expected == ("code" not in quantity or "system" in quantity)
