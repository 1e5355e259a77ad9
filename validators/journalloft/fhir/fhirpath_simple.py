"""Compile the simplest FHIRPath constraints to Python closures; fall back to fhirpathpy for the rest.

Most FHIR invariants are of the form ``a.exists() or b.empty()``, ``type = 'document' implies
x.hasValue()``: paths, existence functions, equality with a literal and boolean logic. fhirpathpy
interprets such an expression in 15-60 µs; the closure built here decides it in a few. Over the R4
core, 117 of the 201 distinct constraints other than ele-1/ext-1 (981 of 1,340 occurrences in
snapshots) are in this subset.

The subset, checked on fhirpathpy's parse tree with the element's type path known:

* member steps (choice elements only as the last step, e.g. ``value.exists()``), starting at the
  node; ``_name`` primitive extensions are paired with their values as in :mod:`fhirpath_support`;
* ``exists()``, ``empty()``, ``not()``, ``hasValue()``, ``count()`` without arguments;
* ``=`` and ``!=`` between a path (not of a date/time type) and a string, boolean or number literal
  (an object of a complex type other than a quantity is unequal to a string);
* ``<``, ``<=``, ``>``, ``>=`` between a path of a number type and a number literal
  (``period >= 0``);
* ``in`` between a path of a string-like type and a union of string literals
  (``when in ('C' | 'CM')``);
* ``where(criteria)`` with boolean criteria in this subset (``coding.where(system = '...' and
  code = '...')``), ``select(projection)``, ``$this``, the string function ``contains('literal')``,
  the constants ``%ucum``, ``%sct`` and ``%loinc`` where a literal may stand, and ``+`` between two
  integers (``count()``s);
* ``and``, ``or``, ``xor``, ``implies`` with FHIRPath's three-valued logic; parentheses.

Anything else (and any run-time case whose semantics the subset does not mirror exactly, such as
``not()`` of a non-boolean) is left to the full runtime: :func:`compile_simple` returns None, or the
closure raises :class:`Fallback`. Tests evaluate every compiled core constraint both ways on the
official examples and require the same verdict.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from journalloft.fhir.fhirpath_parse import parse_tree
from journalloft.fhir.fhirpath_scope import STANDARD_CONSTANTS
from journalloft.fhir.fhirpath_types import R4_MODEL

_PATH_TO_TYPE: dict[str, str] = R4_MODEL["path2Type"]
_CHOICE_TYPES: dict[str, list[str]] = R4_MODEL["choiceTypePaths"]
_DEFINED_ELSEWHERE: dict[str, str] = R4_MODEL["pathsDefinedElsewhere"]
_TEMPORAL = frozenset({"date", "dateTime", "instant", "time"})
_LOGIC = {"AndExpression", "OrExpression", "XorExpression", "ImpliesExpression"}

Items = list[Any]
Compiled = Callable[[Any], Items]


class Fallback(Exception):
    """This evaluation needs the full FHIRPath runtime."""


class _Unsupported(Exception):
    """The expression is outside the compiled subset."""


@dataclass(frozen=True, slots=True)
class Primitive:
    """A primitive item that has a ``_name`` extension object (value None: extensions only)."""

    value: Any
    aside: Mapping[str, Any]


def compile_simple(expression: str, base_path: str | None) -> Compiled | None:
    """A closure for the expression on nodes of type ``base_path``, or None if it is not simple."""
    if base_path is None:
        return None
    try:
        compiled, _ = _compile(parse_tree(expression)["children"][0], base_path)
    except Exception:  # _Unsupported, or anything the parser or an odd tree raises: not simple
        return None
    return compiled


def _compile(node: dict[str, Any], path: str | None) -> tuple[Compiled, str | None]:
    """Compile one node evaluated on items of type ``path``; returns the closure and result type."""
    kind = node.get("type")
    children = node.get("children") or []
    if kind in ("TermExpression", "ParenthesizedTerm", "InvocationTerm"):
        return _compile(children[0], path)
    if kind in _LOGIC:
        left, _ = _compile(children[0], path)
        right, _ = _compile(children[1], path)
        return _logic(node["terminalNodeText"][0], left, right), "boolean"
    if kind == "EqualityExpression":
        return _equality(node, path), "boolean"
    if kind == "InequalityExpression":
        return _inequality(node, path), "boolean"
    if kind == "MembershipExpression":
        return _membership(node, path), "boolean"
    if kind == "InvocationExpression":
        source, source_type = _compile(children[0], path)
        step, step_type = _step(children[1], source_type)
        return (lambda data: step(source(data))), step_type
    if kind in ("MemberInvocation", "FunctionInvocation"):
        step, step_type = _step(node, path)
        return (lambda data: step([data])), step_type
    if kind == "ThisInvocation":
        return (lambda data: [data]), path
    if kind == "AdditiveExpression":
        return _addition(node, path), "integer"
    raise _Unsupported(kind)


def _step(node: dict[str, Any], path: str | None) -> tuple[Callable[[Items], Items], str | None]:
    """One `.member` or `.function()` applied to a collection."""
    kind = node.get("type")
    if kind == "MemberInvocation":
        return _member(node["children"][0]["text"], path)
    if kind == "FunctionInvocation":
        functn = node["children"][0]
        parts = functn.get("children") or []
        name = parts[0]["text"]
        if len(parts) == 1 and name in _FUNCTIONS:
            return _FUNCTIONS[name], _FUNCTION_TYPES[name]
        arguments = parts[1].get("children") or [] if len(parts) == 2 else []
        if name == "where" and len(arguments) == 1:
            return _where(arguments[0], path), path
        if name == "select" and len(arguments) == 1:
            return _select(arguments[0], path)
        if name == "contains" and len(arguments) == 1:
            return _contains(_literal(arguments[0])), "boolean"
    raise _Unsupported(kind)


def _member(key: str, path: str | None) -> tuple[Callable[[Items], Items], str | None]:
    if key.startswith("`") and key.endswith("`"):
        key = key[1:-1]  # `div`: a name that is also a FHIRPath keyword
    if path is None or not key or key[0].isupper() or not key.isidentifier():
        raise _Unsupported("member on an unknown type")
    child = f"{path}.{key}"
    child = _DEFINED_ELSEWHERE.get(child, child)
    choices = _CHOICE_TYPES.get(child)
    if choices:
        fields = tuple(key + suffix for suffix in choices)
        return (lambda items: _choice(items, fields)), None
    child_type = "Extension" if key == "extension" else _PATH_TO_TYPE.get(child, child)
    aside_key = "_" + key
    return (lambda items: _children(items, key, aside_key)), child_type


def _children(items: Items, key: str, aside_key: str) -> Items:
    found: Items = []
    for item in items:
        if type(item) is dict or isinstance(item, Mapping):
            value = item.get(key)
            aside = item.get(aside_key)
            if aside is not None:
                _collect(value, aside, found)
            elif isinstance(value, list):
                found.extend([entry for entry in value if entry is not None])
            elif value is not None:
                found.append(value)
        elif isinstance(item, Primitive) and key in ("extension", "id"):
            _collect(item.aside.get(key), None, found)
    return found


def _choice(items: Items, fields: tuple[str, ...]) -> Items:
    found: Items = []
    for item in items:
        if not isinstance(item, Mapping):
            continue
        for name in fields:
            if name in item or "_" + name in item:
                _collect(item.get(name), item.get("_" + name), found)
                break
    return found


def _collect(values: Any, asides: Any, found: Items) -> None:
    if isinstance(values, list) or isinstance(asides, list):
        value_list = values if isinstance(values, list) else []
        aside_list = asides if isinstance(asides, list) else []
        for index in range(max(len(value_list), len(aside_list))):
            _add(
                value_list[index] if index < len(value_list) else None,
                aside_list[index] if index < len(aside_list) else None,
                found,
            )
    else:
        _add(values, asides, found)


def _add(value: Any, aside: Any, found: Items) -> None:
    has_aside = aside is not None and isinstance(aside, Mapping) and bool(aside)
    if value is None:
        if has_aside:
            found.append(Primitive(None, aside))
    elif has_aside and not isinstance(value, Mapping):
        found.append(Primitive(value, aside))
    else:
        found.append(value)


def _is_value(item: Any) -> bool:
    return isinstance(item, str | bool | int | Decimal) or (isinstance(item, Primitive) and item.value is not None)


def _not(items: Items) -> Items:
    if len(items) != 1:
        if items:
            raise Fallback("not() of several items")
        return []
    if not isinstance(items[0], bool):
        raise Fallback("not() of a non-boolean")
    return [not items[0]]


_FUNCTIONS: dict[str, Callable[[Items], Items]] = {
    "exists": lambda items: [bool(items)],
    "empty": lambda items: [not items],
    "not": _not,
    "hasValue": lambda items: [len(items) == 1 and _is_value(items[0])],
    "count": lambda items: [len(items)],
}
_FUNCTION_TYPES: dict[str, str | None] = {
    "exists": "boolean",
    "empty": "boolean",
    "not": "boolean",
    "hasValue": "boolean",
    "count": "integer",
}


def _literal(node: dict[str, Any]) -> Any:
    """The value of a string, boolean or number literal term (or %ucum, %sct, %loinc); else _Unsupported."""
    if node.get("type") == "TermExpression":
        node = node["children"][0]
    if node.get("type") == "ExternalConstantTerm":
        name = node["children"][0]["children"][0].get("text")
        if name in STANDARD_CONSTANTS:
            return STANDARD_CONSTANTS[name]
        raise _Unsupported("an environment variable")
    if node.get("type") != "LiteralTerm":
        raise _Unsupported("not a literal")
    literal = node["children"][0]
    text = literal["text"]
    if literal["type"] == "StringLiteral" and "\\" not in text:
        return text[1:-1]
    if literal["type"] == "BooleanLiteral":
        return text == "true"
    if literal["type"] == "NumberLiteral":
        number = Decimal(text)
        return int(number) if number == int(number) else number
    raise _Unsupported("literal kind")


def _equality(node: dict[str, Any], path: str | None) -> Compiled:
    operator = node["terminalNodeText"][0]
    if operator not in ("=", "!="):
        raise _Unsupported(operator)
    left, right = node["children"]
    literal = _literal(right)
    source, source_type = _compile(left, path)
    if source_type is None or source_type in _TEMPORAL:
        raise _Unsupported("comparison needs the runtime's typing")
    equal = operator == "="
    # The runtime turns Quantity-like objects into quantities, which may equal a string such as '5 mg'.
    text_against_object = isinstance(literal, str) and source_type[:1].isupper() and source_type not in _QUANTITIES

    def compare(data: Any) -> Items:
        items = source(data)
        if not items:
            return []
        if len(items) != 1:
            return [not equal]
        item = items[0]
        if isinstance(item, Primitive):
            if item.value is None:
                return []
            item = item.value
        if isinstance(item, Mapping) and text_against_object and item.get("system") != STANDARD_CONSTANTS["ucum"]:
            # An object never equals a string (R4's con-4 compares a CodeableConcept with one); fhirpathpy
            # reads any object with the UCUM system as a quantity, so those are left to it.
            return [not equal]
        if isinstance(item, Mapping | list) or isinstance(item, bool) != isinstance(literal, bool):
            raise Fallback("equality of a complex value or across types")
        return [(item == literal) == equal]

    return compare


_QUANTITIES = frozenset({"Quantity", "SimpleQuantity", "MoneyQuantity", "Age", "Count", "Distance", "Duration"})
_NUMERIC = frozenset({"integer", "decimal", "positiveInt", "unsignedInt"})
_STRING_LIKE = frozenset({"code", "string", "id", "uri", "url", "canonical", "oid", "uuid", "markdown"})
_ORDER: dict[str, Callable[[Any, Any], bool]] = {
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}


def _single_value(items: Items) -> Any:
    """The one plain value of a singleton collection; Fallback for anything the runtime should judge."""
    if len(items) != 1:
        raise Fallback("an operator on several items")
    item = items[0]
    if isinstance(item, Primitive):
        if item.value is None:
            raise Fallback("an operator on a primitive with extensions only")
        item = item.value
    return item


def _inequality(node: dict[str, Any], path: str | None) -> Compiled:
    operator = node["terminalNodeText"][0]
    order = _ORDER.get(operator)
    left, right = node["children"]
    literal = _literal(right)
    source, source_type = _compile(left, path)
    if order is None or source_type not in _NUMERIC or isinstance(literal, bool | str):
        raise _Unsupported("ordering needs the runtime's typing")

    def compare(data: Any) -> Items:
        items = source(data)
        if not items:
            return []
        value = _single_value(items)
        if isinstance(value, bool) or not isinstance(value, int | Decimal):
            raise Fallback("ordering of a non-number")
        return [order(value, literal)]

    return compare


def _string_union(node: dict[str, Any]) -> set[str]:
    """The strings of ``('a' | 'b' | ...)``; _Unsupported for any other right-hand side."""
    kind = node.get("type")
    if kind in ("TermExpression", "ParenthesizedTerm"):
        return _string_union(node["children"][0])
    if kind == "UnionExpression":
        return _string_union(node["children"][0]) | _string_union(node["children"][1])
    if kind == "LiteralTerm":
        value = _literal(node)
        if isinstance(value, str):
            return {value}
    raise _Unsupported("membership in something other than a union of strings")


def _membership(node: dict[str, Any], path: str | None) -> Compiled:
    if node["terminalNodeText"][0] != "in":
        raise _Unsupported("contains")
    left, right = node["children"]
    allowed = frozenset(_string_union(right))
    source, source_type = _compile(left, path)
    if source_type not in _STRING_LIKE:
        raise _Unsupported("membership needs the runtime's typing")

    def member(data: Any) -> Items:
        items = source(data)
        if not items:
            return []
        value = _single_value(items)
        if not isinstance(value, str):
            raise Fallback("membership of a non-string")
        return [value in allowed]

    return member


def _truth(items: Items) -> bool | None:
    if not items:
        return None
    if len(items) == 1 and isinstance(items[0], bool):
        return items[0]
    raise Fallback("logic on a non-boolean")


def _logic(operator: str, left: Compiled, right: Compiled) -> Compiled:
    def combine(data: Any) -> Items:
        a, b = _truth(left(data)), _truth(right(data))
        if operator == "and":
            result = False if a is False or b is False else (None if a is None or b is None else True)
        elif operator == "or":
            result = True if a is True or b is True else (None if a is None or b is None else False)
        elif operator == "xor":
            result = None if a is None or b is None else a != b
        else:  # implies
            result = True if a is False or b is True else (None if a is None or b is None else False)
        return [] if result is None else [result]

    return combine


def _where(criteria_node: dict[str, Any], path: str | None) -> Callable[[Items], Items]:
    """``where(criteria)``: the items for which the criteria, evaluated on the item, is true."""
    criteria, criteria_type = _compile(criteria_node, path)
    if criteria_type != "boolean":
        raise _Unsupported("where() with criteria that need not be boolean")

    def where(items: Items) -> Items:
        kept: Items = []
        for item in items:
            verdict = criteria(item)
            if verdict:
                if not isinstance(verdict[0], bool):
                    raise Fallback("where() criteria gave a non-boolean")
                if verdict[0]:
                    kept.append(item)
        return kept

    return where


def _contains(substring: Any) -> Callable[[Items], Items]:
    """The string function ``contains('...')`` on a single string (the operator is not compiled)."""
    if not isinstance(substring, str):
        raise _Unsupported("contains() of a non-string")

    def contains(items: Items) -> Items:
        if not items:
            return []
        value = _single_value(items)
        if not isinstance(value, str):
            raise Fallback("contains() on a non-string")
        return [substring in value]

    return contains


def _addition(node: dict[str, Any], path: str | None) -> Compiled:
    """``a + b`` where both sides are integers (``identifier.count() + name.count()``)."""
    if node["terminalNodeText"][0] != "+":
        raise _Unsupported("subtraction or concatenation")
    left, left_type = _compile(node["children"][0], path)
    right, right_type = _compile(node["children"][1], path)
    if left_type != "integer" or right_type != "integer":
        raise _Unsupported("addition of anything but integers")

    def add(data: Any) -> Items:
        a, b = left(data), right(data)
        if not a or not b:
            return []
        x, y = _single_value(a), _single_value(b)
        if type(x) is not int or type(y) is not int:
            raise Fallback("addition of non-integers")
        return [x + y]

    return add


def _select(projection_node: dict[str, Any], path: str | None) -> tuple[Callable[[Items], Items], str | None]:
    """``select(projection)``: the projection evaluated on each item, results concatenated."""
    projection, projection_type = _compile(projection_node, path)

    def select(items: Items) -> Items:
        found: Items = []
        for item in items:
            found.extend(projection(item))
        return found

    return select, projection_type
