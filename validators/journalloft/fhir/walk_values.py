"""Values against their definition in the walk: fixed and pattern values, minValue[x] and maxValue[x].

Called by the structure walk (objects) and the primitive walk (values).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from journalloft.fhir.elements import ElementDef
from journalloft.fhir.values import contains_pattern, describe, equals_fixed
from journalloft.fhir.walk_base import Loc, WalkRun, format_location
from journalloft.issues import error


def _comparable(value: Any, limit: Any) -> bool:
    if isinstance(value, bool) or isinstance(limit, bool):
        return False
    if isinstance(value, (int, Decimal)) and isinstance(limit, (int, Decimal)):
        return True
    return isinstance(value, str) and isinstance(limit, str) and len(value) == len(limit)



class ValueRules:
    """Fixed and pattern values, and value ranges."""

    __slots__ = ("run",)

    def __init__(self, run: WalkRun) -> None:
        self.run = run

    def fixed_pattern(self, value: Any, element: ElementDef, loc: Loc) -> None:
        if element.fixed is not None and not equals_fixed(value, element.fixed):
            self.run.issues.append(
                error(
                    "fhir-fixed-value",
                    format_location(loc),
                    f"{element.path} must be exactly {describe(element.fixed)}, found {describe(value)}",
                )
            )
        if element.pattern is not None and not contains_pattern(value, element.pattern):
            self.run.issues.append(
                error(
                    "fhir-pattern-value",
                    format_location(loc),
                    f"{element.path} must contain {describe(element.pattern)}, found {describe(value)}",
                )
            )

    def value_range(self, value: Any, child: ElementDef, loc: Loc) -> None:
        """minValue[x]/maxValue[x] on numbers, and on dates and times of the same precision as the limit.

        Values of another precision than the limit (2024 against 2024-05-01) are not comparable and
        are left alone, as FHIR leaves such comparisons undecided.
        """
        for limit, too_low in ((child.min_value, True), (child.max_value, False)):
            if limit is None or not _comparable(value, limit):
                continue
            if (value < limit) if too_low else (value > limit):
                word = "at least" if too_low else "at most"
                self.run.issues.append(
                    error(
                        "fhir-value-range", format_location(loc), f"{child.path} must be {word} {limit}, found {value}"
                    )
                )
