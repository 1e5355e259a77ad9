"""Comparing instance values with fixed[x] and pattern[x] values of an ElementDefinition.

FHIR R4 (ElementDefinition.fixed[x] and pattern[x]): a fixed value must be matched exactly, a
pattern only has to be contained in the instance: every element the pattern names must be present
with the same value, and every item of a repeating element in the pattern must match some item in
the instance. Numbers compare by value (``Decimal("1.0") == 1``); JSON booleans never equal numbers.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any


def _same_scalar(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, (int, Decimal, float)) and isinstance(b, (int, Decimal, float)):
        return Decimal(str(a)) == Decimal(str(b))
    return bool(a == b)


def equals_fixed(instance: Any, fixed: Any) -> bool:
    """Exact match: same keys, same values, arrays of the same length in the same order."""
    if type(fixed) is str:  # most fixed values (codes, systems, urls): only an equal string matches
        return isinstance(instance, str) and instance == fixed
    if isinstance(fixed, dict):
        if not isinstance(instance, dict):
            return False
        if set(instance) != set(fixed):
            return False
        return all(equals_fixed(instance[key], value) for key, value in fixed.items())
    if isinstance(fixed, list):
        if not isinstance(instance, list) or len(instance) != len(fixed):
            return False
        return all(equals_fixed(a, b) for a, b in zip(instance, fixed, strict=True))
    if isinstance(instance, (dict, list)):
        return False
    return _same_scalar(instance, fixed)


def contains_pattern(instance: Any, pattern: Any) -> bool:
    """Pattern match: the instance holds at least what the pattern holds."""
    if type(pattern) is str:
        return isinstance(instance, str) and instance == pattern
    if isinstance(pattern, dict):
        if not isinstance(instance, dict):
            return False
        for key, value in pattern.items():
            if key not in instance:
                return False
            if not contains_pattern(instance[key], value):
                return False
        return True
    if isinstance(pattern, list):
        items = instance if isinstance(instance, list) else [instance]
        return all(any(contains_pattern(item, wanted) for item in items) for wanted in pattern)
    if isinstance(instance, (dict, list)):
        return False
    return _same_scalar(instance, pattern)


def describe(value: Any, limit: int = 120) -> str:
    """A short JSON-ish rendering of a value for messages."""
    import json

    text = json.dumps(value, default=str, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= limit else text[: limit - 3] + "..."
