"""Dates and dateTimes compared as FHIRPath compares them, from their text.

Used by the FHIRPath operators of :mod:`~journalloft.fhir.fhirpath_compare` and by the native invariants
(per-1), which need it without fhirpathpy: this module imports nothing of it (see
:mod:`~journalloft.fhir.fhirpath_types` for why that matters to a cold start).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

# fhirpathpy compares two date/time *elements* as plain strings (it converts only when one side is
# a literal), so `start <= end` would compare "2024-02-01T10:00:00+01:00" and "...09:30:00Z" by
# characters; its own date/time values go through dateutil and cost ~0.5 ms per comparison. Dates
# and dateTimes are compared here instead, by the FHIRPath rules: compare at the precision both
# have; equal so far but of different precision gives empty ("cannot tell"). A time of day without
# a timezone is taken as UTC (FHIRPath leaves it to the environment; this keeps results stable).
TEMPORAL_OPERATORS = frozenset({"<", ">", "<=", ">=", "=", "!=", "~", "!~"})
_TEMPORAL_TEXT = re.compile(
    r"(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?)?)?)?(Z|[+-]\d{2}:\d{2})?"
)


@dataclass(frozen=True, slots=True)
class Temporal:
    parts: tuple[Any, ...]  # year, month, day, (hour, minute), seconds: as many as the value has

    @classmethod
    def parse(cls, text: str) -> Temporal | None:
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


def compare_temporal_text(operator: str, left: str, right: str) -> list[bool] | None:
    """Compare two date/dateTime texts like the FHIRPath operator; None when one does not parse."""
    a, b = Temporal.parse(left), Temporal.parse(right)
    if a is None or b is None:
        return None
    return temporal_outcome(operator, a, b)


def temporal_outcome(operator: str, a: Temporal, b: Temporal) -> list[bool]:
    """The operator's result: empty when the two are equal as far as both go but differ in precision."""
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
