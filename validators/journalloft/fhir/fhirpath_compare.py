"""Comparisons fhirpathpy 2.2 gets wrong or cannot make: dates and dateTimes, and Quantities.

The operator evaluator of :mod:`journalloft.fhir.fhirpath_support` hands a comparison here first; the
functions answer None (or leave the pair alone) when it is not theirs, and fhirpathpy decides.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from fhirpathpy.engine.nodes import FP_DateTime, ResourceNode

from journalloft.fhir.fhirpath_temporal import TEMPORAL_OPERATORS, Temporal, temporal_outcome

__all__ = ["ORDERING", "TEMPORAL_OPERATORS", "compare_quantities", "compare_temporal", "is_quantity_pair"]

# The FHIR types whose elements are compared as dates by compare_temporal (see fhirpath_temporal for how).
_TEMPORAL_TYPES = frozenset({"date", "dateTime", "instant"})


def _temporal(item: Any) -> Temporal | None:
    if isinstance(item, ResourceNode):
        return Temporal.parse(item.data) if item.path in _TEMPORAL_TYPES and isinstance(item.data, str) else None
    if isinstance(item, FP_DateTime):
        return Temporal.parse(item.asStr)
    return None


def compare_temporal(operator: str, left: list[Any], right: list[Any]) -> list[Any] | None:
    """The operator's result when both sides are single dates/dateTimes, else None (not ours)."""
    if len(left) != 1 or len(right) != 1:
        return None
    a, b = _temporal(left[0]), _temporal(right[0])
    if a is None and b is not None and isinstance(left[0], str):
        a = Temporal.parse(left[0])
    if b is None and a is not None and isinstance(right[0], str):
        b = Temporal.parse(right[0])
    if a is None or b is None:
        return None
    return temporal_outcome(operator, a, b)


ORDERING = {"<": lambda a, b: a < b, ">": lambda a, b: a > b, "<=": lambda a, b: a <= b, ">=": lambda a, b: a >= b}
_QUANTITY_TYPES = frozenset({"Quantity", "SimpleQuantity", "Age", "Duration", "Distance", "Count", "MoneyQuantity"})


def is_quantity_pair(left: list[Any], right: list[Any]) -> bool:
    return all(
        len(side) == 1
        and isinstance(side[0], ResourceNode)
        and side[0].path in _QUANTITY_TYPES
        and isinstance(side[0].data, Mapping)
        for side in (left, right)
    )


def compare_quantities(operator: str, left: ResourceNode, right: ResourceNode) -> list[Any]:
    """Order two FHIR Quantities: decided only when both have values in the same unit.

    fhirpathpy cannot compare Quantity elements (it sees two JSON objects). Unit conversion would
    need UCUM; quantities in different units (or comparators) give empty, "cannot tell", rather
    than a guess.
    """
    a, b = left.data, right.data
    values = (a.get("value"), b.get("value"))
    if not all(isinstance(value, int | Decimal) and not isinstance(value, bool) for value in values):
        return []
    if (a.get("code"), a.get("system")) != (b.get("code"), b.get("system")) or (
        a.get("code") is None and a.get("unit") != b.get("unit")
    ):
        return []
    return [ORDERING[operator](Decimal(values[0]), Decimal(values[1]))]
