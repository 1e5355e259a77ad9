"""The JSON shape of the conformance resources a loaded IG brings, checked when it is loaded.

The engine reads StructureDefinitions, ValueSets and CodeSystems from packages written by others
and trusts the JSON types FHIR gives their elements (``min`` an integer, ``type`` a list of objects,
``binding.strength`` a string, ...). A package that breaks them (a fuzzed or hand-edited file) would
otherwise fail deep inside validation, once per claiming resource, as an internal error. Here each
such resource is checked against the types of the fields the engine reads (:data:`SHAPES`); the
first field of the wrong type is reported with its JSON path, and the load stops with a usage error
(igload.IgError). Fields not listed are not read by the engine and not checked.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

# A shape is a Python type (str, int, bool, dict), a dict of field -> shape (an object with those
# fields, each optional), or a one-item list [shape] (an array of that shape). "value" is anything.
Shape = Any

_TYPE_REF: dict[str, Shape] = {
    "code": str,
    "profile": [str],
    "targetProfile": [str],
    "aggregation": [str],
    "versioning": str,
    "extension": [dict],
}
_ELEMENT: dict[str, Shape] = {
    "id": str,
    "path": str,
    "sliceName": str,
    "min": int,
    "max": str,
    "base": {"path": str, "min": int, "max": str},
    "type": [_TYPE_REF],
    "binding": {"strength": str, "valueSet": str, "description": str, "extension": [dict]},
    "constraint": [{"key": str, "severity": str, "human": str, "expression": str, "xpath": str, "source": str}],
    "slicing": {
        "discriminator": [{"type": str, "path": str}],
        "rules": str,
        "ordered": bool,
        "description": str,
    },
    "maxLength": int,
    "contentReference": str,
    "condition": [str],
    "mustSupport": bool,
    "isModifier": bool,
    "isSummary": bool,
    "representation": [str],
    "extension": [dict],
    "mapping": [dict],
}
_CONCEPT_REF: dict[str, Shape] = {"code": str, "display": str, "designation": [dict], "extension": [dict]}
_INCLUDE: dict[str, Shape] = {
    "system": str,
    "version": str,
    "valueSet": [str],
    "concept": [_CONCEPT_REF],
    "filter": [{"property": str, "op": str, "value": str}],
}
_CONTAINS: dict[str, Shape] = {
    "system": str,
    "version": str,
    "code": str,
    "display": str,
    "abstract": bool,
    "inactive": bool,
    "designation": [dict],
    "extension": [dict],
}
_CONTAINS["contains"] = [_CONTAINS]
_CS_CONCEPT: dict[str, Shape] = {
    "code": str,
    "display": str,
    "definition": str,
    "designation": [dict],
    "property": [{"code": str}],
    "extension": [dict],
}
_CS_CONCEPT["concept"] = [_CS_CONCEPT]

SHAPES: dict[str, dict[str, Shape]] = {
    "StructureDefinition": {
        "url": str,
        "version": str,
        "name": str,
        "type": str,
        "kind": str,
        "abstract": bool,
        "baseDefinition": str,
        "derivation": str,
        "context": [{"type": str, "expression": str}],
        "contextInvariant": [str],
        "differential": {"element": [_ELEMENT]},
        "snapshot": {"element": [_ELEMENT]},
        "extension": [dict],
    },
    "ValueSet": {
        "url": str,
        "version": str,
        "compose": {"include": [_INCLUDE], "exclude": [_INCLUDE], "inactive": bool, "lockedDate": str},
        "expansion": {
            "total": int,
            "offset": int,
            "contains": [_CONTAINS],
            "parameter": [dict],
            "extension": [dict],
        },
        "extension": [dict],
    },
    "CodeSystem": {
        "url": str,
        "version": str,
        "caseSensitive": bool,
        "content": str,
        "valueSet": str,
        "hierarchyMeaning": str,
        "count": int,
        "property": [{"code": str, "uri": str, "type": str}],
        "concept": [_CS_CONCEPT],
        "extension": [dict],
    },
}

_NAMES = {str: "a string", int: "an integer", bool: "true or false", dict: "an object"}


def shape_problem(resource: dict[str, Any]) -> str | None:
    """The first field of ``resource`` whose JSON type the engine cannot read, as "path: why", else None."""
    shape = SHAPES.get(str(resource.get("resourceType")))
    if shape is None:
        return None
    stack: list[tuple[Any, Shape, str]] = [(resource, shape, "")]
    while stack:
        value, wanted, where = stack.pop()
        if isinstance(wanted, list):
            if not isinstance(value, list):
                return f"{where}: an array was expected"
            # reversed: the stack then reports the first wrong item in document order
            stack.extend((value[i], wanted[0], f"{where}[{i}]") for i in reversed(range(len(value))))
        elif isinstance(wanted, dict):
            if not isinstance(value, dict):
                return f"{where or 'the resource'}: an object was expected"
            for name, inner in reversed(wanted.items()):
                if name in value:
                    stack.append((value[name], inner, f"{where}.{name}" if where else name))
        elif not _is(value, wanted):
            return f"{where}: {_NAMES[wanted]} was expected"
    return None


def _is(value: Any, wanted: type) -> bool:
    if wanted is int:
        # JSON integers only: not true/false, not a decimal, and not one too large to use as a count.
        return type(value) is int and -(2**31) <= value < 2**31
    if wanted is str:
        return isinstance(value, str)
    if wanted is bool:
        return isinstance(value, bool)
    return isinstance(value, dict) and not isinstance(value, Decimal)
