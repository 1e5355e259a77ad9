"""Whether two compiled ElementDefinitions check an instance alike: same fields, same children, all the way down.

A profile's snapshot repeats most of its base resource's elements unchanged (``Observation.meta``,
``Observation.subject`` in the vital signs profiles). Its walk over an object that the base walk
already checked with an element of exactly the same content finds nothing new (see
:meth:`~journalloft.fhir.walk_profiles.ProfileWalk.apply_profiles`), so it may skip that object. The
walk reads an element only through the fields of :class:`ElementDef`, so two elements whose fields
are equal (children and slices compared the same way, recursively) are walked alike.

Conservative on purpose: an element reusing another's children (contentReference) or holding
resources (``contained``, ``Bundle.entry.resource``, whose profile walk checks nested resources
differently) is never called the same as another object.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from journalloft.fhir.elements import ElementDef

_NUMBERS: dict[tuple[Any, ...], int] = {}
_RESOURCE_HOLDERS = frozenset({"Resource", "DomainResource"})
# The ElementDef fields a signature holds: compared as they are, compared as JSON text, compared
# element by element (children, slices); fields that make an element never the same as another;
# fields that follow from the others or are caches; fields the walk never reads (the id is read only
# when the snapshot is compiled, so a slice's child, ``Observation.component:SystolicBP.interpretation``,
# checks an object exactly like the base element ``Observation.component.interpretation``).
_PLAIN_FIELDS = (
    "path", "name", "min", "max", "repeats", "type_codes", "target_profiles", "type_profiles",
    "fixed_type", "binding_strength", "binding_value_set", "max_length", "slice_name",
)  # fmt: skip
_VALUE_FIELDS = ("fixed", "pattern", "constraints", "min_value", "max_value")
NESTED_FIELDS = frozenset({"children", "slices", "slicing"})
REFUSED_FIELDS = frozenset({"content_target", "content_reference"})
DERIVED_FIELDS = frozenset({"child_index", "cache", "is_choice", "base_name"})
UNREAD_FIELDS = frozenset({"id"})
COMPARED_FIELDS = frozenset(_PLAIN_FIELDS) | frozenset(_VALUE_FIELDS) | NESTED_FIELDS


def same_definition(first: ElementDef, second: ElementDef, resource_types: frozenset[str]) -> bool:
    """Whether walking an object with ``first`` checks exactly what walking it with ``second`` does."""
    number = _signature(first, resource_types)
    return number is not None and (first is second or number == _signature(second, resource_types))


Index = dict[str, tuple[ElementDef, str]]
# (id(first index), id(second index)) -> (both indexes, kept so their ids stay unique; the resource
# types the keys were worked out with; the keys)
_SAME_CHILDREN: dict[tuple[int, int], tuple[Index, Index, frozenset[str], frozenset[str]]] = {}


def same_children(first: Index, second: Index, resource_types: frozenset[str]) -> frozenset[str]:
    """The JSON keys whose element and type are the same in two child indexes (worked out once per pair)."""
    cached = _SAME_CHILDREN.get((id(first), id(second)))
    if cached is not None and cached[0] is first and cached[1] is second and cached[2] is resource_types:
        return cached[3]
    keys = frozenset(
        key
        for key, (element, type_code) in second.items()
        if (other := first.get(key)) is not None
        and other[1] == type_code
        and same_definition(other[0], element, resource_types)
    )
    _SAME_CHILDREN[(id(first), id(second))] = (first, second, resource_types, keys)
    return keys


_KEY = "#signature"  # in ElementDef.cache, whose other keys are type codes


def _signature(element: ElementDef, resource_types: frozenset[str]) -> int | None:
    cached = element.cache.get(_KEY)
    if cached is not None and cached[0] is resource_types:
        return cached[1]
    number = _compute(element, resource_types)
    element.cache[_KEY] = (resource_types, number)
    return number


def _compute(element: ElementDef, resource_types: frozenset[str]) -> int | None:
    if element.content_target is not None or element.content_reference is not None:
        return None
    if any(code in _RESOURCE_HOLDERS or code in resource_types for code in element.type_codes):
        return None
    parts: list[Any] = []
    for nested in (element.children, element.slices):
        numbers = tuple(_signature(child, resource_types) for child in nested)
        if None in numbers:
            return None
        parts.append(numbers)
    slicing = element.slicing
    key = (
        *(getattr(element, name) for name in _PLAIN_FIELDS),
        *(_text(getattr(element, name)) for name in _VALUE_FIELDS),
        None if slicing is None else (slicing.discriminators, slicing.rules, slicing.ordered),
        *parts,
    )
    return _NUMBERS.setdefault(key, len(_NUMBERS))


def _text(value: Any) -> str:
    """A value as comparable text that keeps its JSON types apart (1 and "1", 1.0 and 1.00)."""
    return json.dumps(value, sort_keys=True, default=lambda item: f"{type(item).__name__}:{item}")


def _constraint_finding(constraint: dict[str, Any]) -> tuple[Any, ...]:
    """What a constraint's finding and verdict are made of (journalloft.fhir.invariants: _plan, _failure)."""
    return tuple(str(constraint.get(name)) for name in ("key", "severity", "human", "expression"))


def constraints_not_evaluated(
    constraints: Sequence[dict[str, Any]],
    base_evaluated: Sequence[dict[str, Any]],
    profile_evaluated: Sequence[dict[str, Any]],
) -> tuple[dict[str, Any], ...] | None:
    """Those of a profile's ``constraints`` on an object that earlier walks there did not evaluate, or None
    for all of them (ProfileWalk._constraints_left): a constraint alike in key, severity, human text and
    expression gives the same finding at the same place, which de-duplication would drop anyway."""
    if not constraints:
        return None
    done = {_constraint_finding(c) for c in base_evaluated}
    done.update(_constraint_finding(c) for c in profile_evaluated)
    left = tuple(c for c in constraints if _constraint_finding(c) not in done)
    return left if len(left) < len(constraints) else None
