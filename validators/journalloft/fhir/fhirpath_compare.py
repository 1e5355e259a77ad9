"""Comparisons fhirpathpy 2.2 gets wrong or cannot make: dates and dateTimes, and Quantities.

The operator evaluator of :mod:`journalloft.fhir.fhirpath_support` hands a comparison here first; the
functions answer None (or leave the pair alone) when it is not theirs, and fhirpathpy decides.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from fhirpathpy.engine.nodes import FP_DateTime, ResourceNode

# fhirpathpy compares two date/time *elements* as plain strings (it converts only when one side is
# a literal), so `start <= end` would compare "2024-02-01T10:00:00+01:00" and "...09:30:00Z" by
# characters; its own date/time values go through dateutil and cost ~0.5 ms per comparison. Dates
# and dateTimes are compared here instead, by the FHIRPath rules: compare at the precision both
# have; equal so far but of different precision gives empty ("cannot tell"). A time of day without
# a timezone is taken as UTC (FHIRPath leaves it to the environment; this keeps results stable).
TEMPORAL_OPERATORS = frozenset({"<", ">", "<=", ">=", "=", "!=", "~", "!~"})
_TEMPORAL_TYPES = frozenset({"date", "dateTime", "instant"})
_TEMPORAL_TEXT = re.compile(
    r"(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?)?)?)?(Z|[+-]\d{2}:\d{2})?"
)


@dataclass(frozen=True, slots=True)
class _Temporal:
    parts: tuple[Any, ...]  # year, month, day, (hour, minute), seconds: as many as the value has

    @classmethod
    def parse(cls, text: str) -> _Temporal | None:
        match = _TEMPORAL_TEXT.fullmatch(text)
        if match is None:
            return None
        year, month, day, hour, minute, seconds, zone = match.groups()
        if hour is None:
            return cls(tuple(int(part) for part in (year, month, day) if part is not None))
        try:
            moment = datetime.datetime(int(year), int(month), int(day), int(hour), int(minute))
        except ValueError:
            return None
        if zone and zone != "Z":
            sign = 1 if zone[0] == "+" else -1
            moment -= sign * datetime.timedelta(hours=int(zone[1:3]), minutes=int(zone[4:6]))
        parts: tuple[Any, ...] = (moment.year, moment.month, moment.day, (moment.hour, moment.minute))
        return cls(parts if seconds is None else (*parts, Decimal(seconds)))


def _temporal(item: Any) -> _Temporal | None:
    if isinstance(item, ResourceNode):
        return _Temporal.parse(item.data) if item.path in _TEMPORAL_TYPES and isinstance(item.data, str) else None
    if isinstance(item, FP_DateTime):
        return _Temporal.parse(item.asStr)
    return None


def compare_temporal_text(operator: str, left: str, right: str) -> list[bool] | None:
    """Compare two date/dateTime texts like the FHIRPath operator; None when one does not parse."""
    a, b = _Temporal.parse(left), _Temporal.parse(right)
    if a is None or b is None:
        return None
    return _temporal_outcome(operator, a, b)


def compare_temporal(operator: str, left: list[Any], right: list[Any]) -> list[Any] | None:
    """The operator's result when both sides are single dates/dateTimes, else None (not ours)."""
    if len(left) != 1 or len(right) != 1:
        return None
    a, b = _temporal(left[0]), _temporal(right[0])
    if a is None and b is not None and isinstance(left[0], str):
        a = _Temporal.parse(left[0])
    if b is None and a is not None and isinstance(right[0], str):
        b = _Temporal.parse(right[0])
    if a is None or b is None:
        return None
    return _temporal_outcome(operator, a, b)


def _temporal_outcome(operator: str, a: _Temporal, b: _Temporal) -> list[bool]:
    common = min(len(a.parts), len(b.parts))
    head_a, head_b = a.parts[:common], b.parts[:common]
    order = (head_a > head_b) - (head_a < head_b)
    if order == 0 and len(a.parts) != len(b.parts):
        if operator == "~":
            return [False]
        if operator == "!~":
            return [True]
        return []
    outcome = {
        "<": order < 0,
        ">": order > 0,
        "<=": order <= 0,
        ">=": order >= 0,
        "=": order == 0,
        "~": order == 0,
        "!=": order != 0,
        "!~": order != 0,
    }
    return [outcome[operator]]


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
