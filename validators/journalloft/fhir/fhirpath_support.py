"""What fhirpathpy 2.2 lacks for evaluating FHIR R4 invariants, and a thin runtime around it.

fhirpathpy parses and evaluates FHIRPath well, but FHIR's constraints also call functions that the
FHIRPath specification leaves to the FHIR context (``hasValue``, ``resolve``, ``htmlChecks``,
``memberOf``, ``conformsTo``), and fhirpathpy's own member navigation treats a primitive and its
``_name`` extension twin as two separate items (``birthDate.count()`` is 2 when ``_birthDate`` is
present). This module supplies both:

* :class:`FhirPathRuntime` parses an expression once, rewrites its member steps to our own
  navigation (registered under a new evaluator name, so fhirpathpy's own behaviour is untouched for
  anyone else in the process), and evaluates with the R4 model plus the FHIR functions below.
* Member navigation pairs ``value`` with ``_value`` position by position: one item per position,
  whose data is the primitive (with the extension object kept aside) or, when only ``_value`` is
  present, the extension object itself. ``null`` placeholders in primitive arrays are skipped.
* ``hasValue()``: true for a single item that holds an actual primitive value.
* ``resolve()``: ``#id`` within the container's ``contained``; other references through the Bundle
  (exact ``fullUrl``; ``Type/id`` against the referring entry's RESTful base, against any entry
  whose ``fullUrl`` ends with ``/Type/id``, or against an entry's resource type and id).
* ``htmlChecks()``: see :func:`html_checks`, a documented approximation.
* ``memberOf(url)`` through a :class:`~journalloft.fhir.terminology.Terminology` where the value set
  can be checked offline; otherwise :class:`NotEvaluable`.
* ``conformsTo(url)``: always :class:`NotEvaluable` (needs a full profile validation).

Where fhirpathpy 2.2.4 departs from FHIRPath as FHIR uses it, the rewritten tree corrects it:

* operators and value functions see a primitive that only has extensions as empty;
* dates and dateTimes are compared by value and precision (fhirpathpy compares two elements as
  strings, and its own date values are slow);
* Quantities are ordered when both have a value in the same unit (fhirpathpy cannot order them);
* type tests accept a FHIR primitive as its System type (``answer is Boolean``), and ``as()`` on a
  collection filters like ``ofType()`` (R4's dom-3 uses ``descendants().as(uri)``);
* ``trace()`` prints nothing.

fhirpathpy's user function table (``options["userInvocationTable"]``) is merged over its own
registry on every call and hands functions plain data (``get_data`` of each input), not typed
nodes; it serves for hasValue/resolve/htmlChecks/memberOf/conformsTo. Everything that needs the
node types is done by rewriting node types in the parsed tree to evaluators registered under new
names, so fhirpathpy's behaviour is unchanged for any other user in the process.
"""

from __future__ import annotations

import copy
import datetime
import html.entities
import re
import xml.parsers.expat
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any, Protocol, cast

from fhirpathpy.engine import do_eval, param_check_table, type_specifier, util
from fhirpathpy.engine.evaluators import evaluators
from fhirpathpy.engine.invocations import invocation_registry as base_invocations
from fhirpathpy.engine.invocations.constants import constants
from fhirpathpy.engine.invocations.navigation import create_reduce_children
from fhirpathpy.engine.nodes import FP_DateTime, FP_Quantity, ResourceNode, TypeInfo
from fhirpathpy.engine.util import process_user_invocation_table
from fhirpathpy.models import models
from fhirpathpy.parser import parse

from journalloft.fhir import regex_linear
from journalloft.fhir.fhirpath_memo import memoise

R4_MODEL: dict[str, Any] = models["r4"]
_PATH_TO_TYPE: dict[str, str] = R4_MODEL["path2Type"]
_CHOICE_TYPES: dict[str, list[str]] = R4_MODEL["choiceTypePaths"]
_DEFINED_ELSEWHERE: dict[str, str] = R4_MODEL["pathsDefinedElsewhere"]

XHTML_NAMESPACE = "http://www.w3.org/1999/xhtml"

# Well-known FHIR environment constants; %`vs-x` and %`ext-x` are expanded per expression.
STANDARD_CONSTANTS = {
    "ucum": "http://unitsofmeasure.org",
    "sct": "http://snomed.info/sct",
    "loinc": "http://loinc.org",
}


class NotEvaluable(Exception):
    """The expression needs something that cannot be known offline (a profile, a value set)."""


class CodeChecker(Protocol):
    def check_code(self, value_set_url: str, system: str | None, code: str, display: str | None = None) -> Any: ...


@dataclass(slots=True)
class EvaluationScope:
    """What FHIR-specific functions need to know about where the evaluation happens."""

    resource: Mapping[str, Any]
    root: Mapping[str, Any]
    bundle: Mapping[str, Any] | None = None
    terminology: CodeChecker | None = None
    resolver: ResolveIndex | None = None
    """Look-up tables for resolve(), shared by the scopes of one validation; None: built per scope."""


@dataclass(frozen=True, slots=True)
class PreparedExpression:
    """A parsed expression with our member navigation wired in and its constants resolved."""

    text: str
    tree: dict[str, Any]
    constants: Mapping[str, str] = field(default_factory=dict)


# ---------------------------------------------------------------------------------------------
# Member navigation that keeps a primitive and its `_name` extension object together


_MEMBER_EVALUATOR = "JournalloftMemberInvocation"


def _member_invocation(ctx: dict[str, Any], parent_data: Any, node: dict[str, Any]) -> list[Any]:
    key = _member_key(node)
    if not isinstance(parent_data, list):
        return []
    if key[:1].isupper():
        typed = [
            item
            for item in parent_data
            if isinstance(data := util.get_data(item), Mapping) and data.get("resourceType") == key
        ]
        if typed:
            return [ResourceNode.create_node(item, key) for item in typed]
    result: list[Any] = []
    for item in parent_data:
        result.extend(_children_named(ResourceNode.create_node(item), key))
    return result


def _member_key(node: dict[str, Any]) -> str:
    identifier = node["children"][0]
    key = identifier.get("_key")
    if key is None:  # cached in the parsed tree: fhirpathpy re-runs a regex per step otherwise
        key = identifier["text"].strip('"').replace("`", "")
        identifier["_key"] = key
    return key


def _children_named(parent: ResourceNode, key: str) -> Iterator[ResourceNode]:
    data = parent.data
    parent_path = parent.path or "_"
    child_path = f"{parent_path}.{key}"
    child_path = _DEFINED_ELSEWHERE.get(child_path, child_path)
    if isinstance(data, FP_Quantity):
        if key == "value":
            yield ResourceNode.create_node(data.value, "decimal")
        return
    if not isinstance(data, Mapping):
        # A primitive with an extension object kept aside: `.extension` and `.id` reach into it.
        aside = parent._data
        if isinstance(aside, Mapping) and key in ("extension", "id"):
            yield from _pair_nodes(aside.get(key), None, "Extension" if key == "extension" else "string")
        return
    field_name = key
    choices = _CHOICE_TYPES.get(child_path)
    if choices:
        for type_suffix in choices:
            candidate = key + type_suffix
            if candidate in data or "_" + candidate in data:
                field_name = candidate
                child_path += type_suffix
                break
        else:
            return
    if key == "extension":
        child_path = "Extension"
    child_path = _PATH_TO_TYPE.get(child_path, child_path)
    yield from _pair_nodes(data.get(field_name), data.get("_" + field_name), child_path)


def _pair_nodes(values: Any, extensions: Any, path: str) -> Iterator[ResourceNode]:
    if isinstance(values, list) or isinstance(extensions, list):
        value_list = values if isinstance(values, list) else []
        extension_list = extensions if isinstance(extensions, list) else []
        for index in range(max(len(value_list), len(extension_list))):
            value = value_list[index] if index < len(value_list) else None
            aside = extension_list[index] if index < len(extension_list) else None
            node = _one_node(value, aside, path, index)
            if node is not None:
                yield node
        return
    node = _one_node(values, extensions, path, None)
    if node is not None:
        yield node


def _one_node(value: Any, aside: Any, path: str, index: int | None) -> ResourceNode | None:
    if value is None:
        if isinstance(aside, Mapping) and aside:
            return ResourceNode(aside, path, index=index)
        return None
    return ResourceNode(value, path, _data=aside if isinstance(aside, Mapping) else None, index=index)


# A primitive that only has extensions (`_birthDate` without `birthDate`) is an item for exists(),
# extension() and friends, but has no value to compare, compute with or read as text: operators
# and value functions see it as absent, as FHIRPath prescribes for elements without a value.
_OPERATOR_EVALUATOR = "JournalloftOperator"
_VALUE_FUNCTION_EVALUATOR = "JournalloftValueFunctionInvocation"
_OPERATOR_EXPRESSIONS = frozenset(
    {
        "EqualityExpression",
        "InequalityExpression",
        "AdditiveExpression",
        "MultiplicativeExpression",
        "MembershipExpression",
    }
)
_OPERATOR_ALIASES = {"contains": "containsOp", "in": "inOp"}
# fmt: off
_VALUE_FUNCTIONS = frozenset({
    "indexOf", "substring", "startsWith", "endsWith", "contains", "upper", "lower", "replace", "matches",
    "replaceMatches", "length", "toChars", "split", "trim", "encode", "decode", "join", "toInteger",
    "toBoolean", "toDecimal", "toString", "toDate", "toDateTime", "toTime", "toQuantity",
    "convertsToBoolean", "convertsToInteger", "convertsToDecimal", "convertsToString", "convertsToDate",
    "convertsToDateTime", "convertsToTime", "convertsToQuantity", "abs", "ceiling", "exp", "floor", "ln",
    "log", "power", "round", "sqrt", "truncate", "sum", "min", "max", "avg",
})
# fmt: on


def _is_valueless(item: Any) -> bool:
    if not isinstance(item, ResourceNode) or not isinstance(item.data, Mapping):
        return False
    path = item.path or ""
    return path[:1].islower() or path.startswith("System.")


def _with_values(items: Any) -> Any:
    if isinstance(items, list) and any(_is_valueless(item) for item in items):
        return [item for item in items if not _is_valueless(item)]
    return items


def _operator(ctx: dict[str, Any], parent_data: Any, node: dict[str, Any]) -> list[Any]:
    operator = node["terminalNodeText"][0]
    operator = _OPERATOR_ALIASES.get(operator, operator)
    invocation = cast(dict[str, Any], base_invocations[operator])
    params: list[Any] = [ctx]
    for argument_type, child in zip(invocation["arity"][2], node["children"], strict=True):
        ctx["$this"] = parent_data
        value = _with_values(do_eval(ctx, parent_data, child))
        if argument_type != "Any":
            if len(value) > 1:
                raise ValueError(f"operator {operator} expects a single {argument_type}")
            value = param_check_table[argument_type](value[0]) if value else []
        params.append(value)
    if "nullable" in invocation and any(util.is_nullable(param) for param in params):
        return []
    if operator in _TEMPORAL_OPERATORS:
        temporal = _compare_temporal(operator, params[1], params[2])
        if temporal is not None:
            return temporal
    if operator in _ORDERING and _is_quantity_pair(params[1], params[2]):
        return _compare_quantities(operator, params[1][0], params[2][0])
    return util.arraify(invocation["fn"](*params))


# fhirpathpy compares two date/time *elements* as plain strings (it converts only when one side is
# a literal), so `start <= end` would compare "2024-02-01T10:00:00+01:00" and "...09:30:00Z" by
# characters; its own date/time values go through dateutil and cost ~0.5 ms per comparison. Dates
# and dateTimes are compared here instead, by the FHIRPath rules: compare at the precision both
# have; equal so far but of different precision gives empty ("cannot tell"). A time of day without
# a timezone is taken as UTC (FHIRPath leaves it to the environment; this keeps results stable).
_TEMPORAL_OPERATORS = frozenset({"<", ">", "<=", ">=", "=", "!=", "~", "!~"})
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


def _compare_temporal(operator: str, left: list[Any], right: list[Any]) -> list[Any] | None:
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


_ORDERING = {"<": lambda a, b: a < b, ">": lambda a, b: a > b, "<=": lambda a, b: a <= b, ">=": lambda a, b: a >= b}
_QUANTITY_TYPES = frozenset({"Quantity", "SimpleQuantity", "Age", "Duration", "Distance", "Count", "MoneyQuantity"})


def _is_quantity_pair(left: list[Any], right: list[Any]) -> bool:
    return all(
        len(side) == 1
        and isinstance(side[0], ResourceNode)
        and side[0].path in _QUANTITY_TYPES
        and isinstance(side[0].data, Mapping)
        for side in (left, right)
    )


def _compare_quantities(operator: str, left: ResourceNode, right: ResourceNode) -> list[Any]:
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
    return [_ORDERING[operator](Decimal(values[0]), Decimal(values[1]))]


_original_function_invocation = evaluators["FunctionInvocation"]


def _value_function(ctx: dict[str, Any], parent_data: Any, node: dict[str, Any]) -> list[Any]:
    return _original_function_invocation(ctx, _with_values(parent_data), node)


# FHIR primitives are also instances of the System type they carry (`answer is Boolean` holds for a
# FHIR boolean), as the FHIR binding of FHIRPath and the HL7 reference engine treat them.
_SYSTEM_TYPES: dict[str, frozenset[str]] = {
    "Boolean": frozenset({"boolean"}),
    "String": frozenset(
        {"string", "code", "id", "markdown", "uri", "url", "canonical", "oid", "uuid", "base64Binary", "xhtml"}
    ),
    "Integer": frozenset({"integer", "positiveInt", "unsignedInt"}),
    "Decimal": frozenset({"decimal"}),
    "Date": frozenset({"date"}),
    "DateTime": frozenset({"dateTime", "instant"}),
    "Time": frozenset({"time"}),
}
_TYPE_FUNCTIONS = frozenset({"is", "as", "ofType"})
_TYPE_FUNCTION_EVALUATOR = "JournalloftTypeFunction"
_TYPE_OPERATOR_EVALUATOR = "JournalloftTypeOperator"


def is_of_type(item: Any, wanted: TypeInfo) -> bool:
    """FHIRPath type test of one item, with FHIR primitives matching their System types."""
    TypeInfo.model = R4_MODEL  # type: ignore[assignment]  # fhirpathpy reads the model from here
    actual = TypeInfo.from_value(item)
    if actual is None:  # a node whose type is not known: judge by its value
        actual = TypeInfo.create_by_value_in_namespace(TypeInfo.System, util.get_data(item))
    if actual.is_(wanted):
        return True
    if wanted.namespace in (None, TypeInfo.System):
        return actual.name in _SYSTEM_TYPES.get(wanted.name, frozenset())
    return False


def _type_argument(ctx: dict[str, Any], parent_data: Any, argument: dict[str, Any]) -> TypeInfo:
    text = argument.get("text") or ""
    return type_specifier(ctx, parent_data, {"text": text})


def _type_function(ctx: dict[str, Any], parent_data: Any, node: dict[str, Any]) -> list[Any]:
    name = _function_name(node)
    functn = node["children"][0]
    params = [child for child in functn.get("children") or () if child.get("type") == "ParamList"]
    arguments = params[0].get("children") or [] if params else []
    if len(arguments) != 1:
        raise ValueError(f"{name}() takes one type argument")
    wanted = _type_argument(ctx, parent_data, arguments[0])
    items = parent_data if isinstance(parent_data, list) else util.arraify(parent_data)
    if name == "is":
        if len(items) > 1:
            raise ValueError("is() applies to a single item")
        return [is_of_type(items[0], wanted)] if items else []
    # as() on a collection filters like ofType(): R4's dom-3 relies on `descendants().as(uri)`.
    return [item for item in items if is_of_type(item, wanted)]


def _type_operator(ctx: dict[str, Any], parent_data: Any, node: dict[str, Any]) -> list[Any]:
    operator = node["terminalNodeText"][0]
    left, right = node["children"]
    ctx["$this"] = parent_data
    items = do_eval(ctx, parent_data, left)
    wanted = _type_argument(ctx, parent_data, right)
    if len(items) > 1:
        raise ValueError(f"'{operator}' applies to a single item")
    if not items:
        return []
    matches = is_of_type(items[0], wanted)
    if operator == "is":
        return [matches]
    return list(items) if matches else []


def _function_name(node: dict[str, Any]) -> str | None:
    children = node.get("children") or []
    functn = children[0] if children else {}
    names = [child.get("text") for child in functn.get("children") or () if child.get("type") == "Identifier"]
    return names[0] if names else None


def _rewrite(tree: Any) -> None:
    """Point member steps, operators and value functions of a parsed expression at our versions."""
    if isinstance(tree, dict):
        kind = tree.get("type")
        if kind == "MemberInvocation":
            tree["type"] = _MEMBER_EVALUATOR
        elif kind in _OPERATOR_EXPRESSIONS and tree.get("terminalNodeText", [None])[0] in (
            *_OPERATOR_ALIASES,
            *(name for name in base_invocations if not name[:1].isalpha()),
        ):
            tree["type"] = _OPERATOR_EVALUATOR
        elif kind == "FunctionInvocation" and _function_name(tree) in _VALUE_FUNCTIONS:
            tree["type"] = _VALUE_FUNCTION_EVALUATOR
        elif kind == "FunctionInvocation" and _function_name(tree) in _TYPE_FUNCTIONS:
            tree["type"] = _TYPE_FUNCTION_EVALUATOR
        elif kind == "TypeExpression":
            tree["type"] = _TYPE_OPERATOR_EVALUATOR
        for child in tree.get("children") or ():
            _rewrite(child)
    elif isinstance(tree, list):
        for child in tree:
            _rewrite(child)


def _external_constants(tree: Any) -> Iterator[str]:
    if isinstance(tree, dict):
        if tree.get("type") == "ExternalConstant":
            for child in tree.get("children") or ():
                if child.get("type") == "Identifier":
                    yield child["text"].strip('`"')
        for child in tree.get("children") or ():
            yield from _external_constants(child)


evaluators.setdefault(_MEMBER_EVALUATOR, _member_invocation)
evaluators.setdefault(_OPERATOR_EVALUATOR, _operator)
evaluators.setdefault(_VALUE_FUNCTION_EVALUATOR, _value_function)
evaluators.setdefault(_TYPE_FUNCTION_EVALUATOR, _type_function)
evaluators.setdefault(_TYPE_OPERATOR_EVALUATOR, _type_operator)


# ---------------------------------------------------------------------------------------------
# Base type of the node an element-level constraint is evaluated on


@lru_cache(maxsize=4096)
def base_type_path(element_path: str) -> str | None:
    """Map an ElementDefinition path to the path fhirpathpy's R4 model knows the node type by.

    ``Observation.code`` → ``CodeableConcept``; ``Observation.component`` stays (a backbone element
    whose children the model knows under that path); ``Questionnaire.item.item`` → the element it
    reuses; ``Observation.valuePeriod`` → ``Period``. An unresolved choice (``value[x]``) gives
    None: the walker should pass the concrete type (``Observation.valueQuantity`` or ``Quantity``).
    """
    if element_path.endswith("[x]"):
        return None
    path = _DEFINED_ELSEWHERE.get(element_path, element_path)
    return _PATH_TO_TYPE.get(path, path)


# Telling the type of a choice element's value when only `value[x]` is known: primitives by their
# JSON type and lexical form (the most specific date/time form first), objects by their keys.
# JSON cannot tell dateTime from instant; dateTime, far more common, wins where both are allowed.
_PRIMITIVE_FORMS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("dateTime", re.compile(r"\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?)?)?")),
    ("date", re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")),
    ("instant", re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")),
    ("time", re.compile(r"\d{2}:\d{2}(:\d{2}(\.\d+)?)?")),
)
_STRING_TYPES = ("string", "code", "uri", "url", "canonical", "markdown", "id", "oid", "uuid", "base64Binary")
_NUMBER_TYPES = {int: ("integer", "positiveInt", "unsignedInt", "decimal"), Decimal: ("decimal",)}


def choice_type(element_path: str, value: Any) -> str | None:
    """The FHIR type of ``value`` at a choice element such as ``Observation.effective[x]``."""
    candidates = _choice_candidates(element_path)
    if isinstance(value, bool):
        return "boolean" if "boolean" in candidates else None
    if isinstance(value, int | Decimal):
        options = _NUMBER_TYPES[int if isinstance(value, int) else Decimal]
        return next((name for name in options if name in candidates), None)
    if isinstance(value, str):
        for name, form in _PRIMITIVE_FORMS:
            if name in candidates and form.fullmatch(value):
                return name
        return next((name for name in _STRING_TYPES if name in candidates), None)
    if isinstance(value, Mapping):
        keys = [key.lstrip("_") for key in value if key not in ("id", "extension", "_id")]
        complex_types = [name for name in candidates if name[:1].isupper()]
        fitting = [name for name in complex_types if all(f"{name}.{key}" in _KNOWN_PATHS for key in keys)]
        return fitting[0] if fitting else None
    return None


@lru_cache(maxsize=4096)
def _choice_candidates(element_path: str) -> tuple[str, ...]:
    """The types a choice element allows, primitives spelt in lower case (``dateTime``, ``Period``)."""
    return tuple(
        name[:1].lower() + name[1:] if name[:1].isupper() and name not in _COMPLEX_CASE else name
        for name in _CHOICE_TYPES.get(_DEFINED_ELSEWHERE.get(element_path[:-3], element_path[:-3]), ())
    )


# Every element path the model knows, backbone elements (`Timing.repeat`) included.
_KNOWN_PATHS = frozenset(
    ".".join(parts[:end]) for parts in (path.split(".") for path in _PATH_TO_TYPE) for end in range(2, len(parts) + 1)
)
# choiceTypePaths spells types capitalised; complex types keep that, primitives start lowercase.
_COMPLEX_CASE = frozenset(name for name in R4_MODEL["type2Parent"] if name[:1].isupper())


# ---------------------------------------------------------------------------------------------
# The runtime


class FhirPathRuntime:
    """Parses expressions once and evaluates them with the FHIR functions of this module."""

    def __init__(self) -> None:
        self._scope: EvaluationScope | None = None
        table: dict[str, dict[str, Any]] = {
            "hasValue": {"fn": self._has_value},
            "resolve": {"fn": self._resolve},
            "htmlChecks": {"fn": self._html_checks},
            "memberOf": {"fn": self._member_of, "arity": {1: ["String"]}},
            "conformsTo": {"fn": _conforms_to, "arity": {1: ["String"]}},
            # fhirpathpy runs these with re, which backtracks without bound on patterns like ^(a+)+$.
            "matches": {"fn": _matches, "arity": {1: ["String"]}, "nullable_input": True},
            "replaceMatches": {"fn": _replace_matches, "arity": {2: ["String", "String"]}, "nullable_input": True},
        }
        # What fhirpathpy's apply_parsed_path() rebuilds on every call (closures for the user table
        # included) is built once here; evaluate() then calls the evaluator directly.
        self._functions = process_user_invocation_table(table)
        # Node-level replacements (after the wrapping above, which would hand them plain data).
        self._functions["children"] = {"fn": _children}
        self._functions["descendants"] = {"fn": _descendants}

    @staticmethod
    def prepare(expression: str) -> PreparedExpression:
        """Parse once; raises whatever fhirpathpy raises for an expression it cannot parse."""
        return _prepare(expression)

    def evaluate(
        self, prepared: PreparedExpression, node: Any, base_path: str | None, scope: EvaluationScope
    ) -> list[Any]:
        """Evaluate on ``node`` and return the result items as plain data."""
        start = ResourceNode.create_node(node, base_path)
        variables: dict[str, Any] = dict(STANDARD_CONSTANTS)
        variables.update(prepared.constants)
        variables["context"] = start
        variables["resource"] = _as_node(scope.resource)
        variables["rootResource"] = _as_node(scope.root)
        data_root = util.arraify(start)
        context = {
            "dataRoot": data_root,
            # $this outside a function is the focus (the element the invariant is on); fhirpathpy
            # only binds it inside functions, so "$this.exists(...)" failed at the top level.
            "$this": data_root,
            "vars": variables,
            "model": R4_MODEL,
            "userInvocationTable": self._functions,
            # trace() would print to stdout otherwise; our output channel is the issue list.
            "traceFn": _ignore_trace,
        }
        previous, self._scope = self._scope, scope
        constants.reset()  # now()/today() are fixed per evaluation, as fhirpathpy does
        try:
            result = do_eval(context, data_root, prepared.tree["children"][0])
        finally:
            self._scope = previous
        return [util.get_data(item) for item in util.arraify(result)]

    # -- FHIR functions (fhirpathpy hands them plain data, not nodes) --

    @staticmethod
    def _has_value(inputs: list[Any]) -> bool:
        return len(inputs) == 1 and _is_primitive_value(inputs[0])

    def _resolve(self, inputs: list[Any]) -> list[ResourceNode]:
        scope = self._require_scope()
        found: list[ResourceNode] = []
        for item in inputs:
            reference = item.get("reference") if isinstance(item, Mapping) else item
            if isinstance(reference, str):
                target = resolve_reference(reference, scope)
                if target is not None:
                    found.append(ResourceNode.create_node(target, target.get("resourceType")))
        return found

    @staticmethod
    def _html_checks(inputs: list[Any]) -> bool:
        return len(inputs) == 1 and isinstance(inputs[0], str) and not html_problems(inputs[0])

    def _member_of(self, inputs: list[Any], value_set_url: Any) -> list[bool]:
        scope = self._require_scope()
        if not isinstance(value_set_url, str) or not inputs:
            return []
        if scope.terminology is None:
            raise NotEvaluable(f"memberOf('{value_set_url}') needs terminology, none is configured")
        if len(inputs) != 1:
            raise NotEvaluable("memberOf() applies to a single item")
        return [_code_member_of(scope.terminology, value_set_url, inputs[0])]

    def _require_scope(self) -> EvaluationScope:
        if self._scope is None:
            raise NotEvaluable("FHIR function called outside an evaluation")
        return self._scope


@lru_cache(maxsize=2048)
def parse_tree(expression: str) -> dict[str, Any]:
    """fhirpathpy's parse tree of an expression, parsed once per process (its ANTLR parser costs
    milliseconds per expression); shared, so callers must not change it (copy it first)."""
    return cast(dict[str, Any], parse(expression))


@lru_cache(maxsize=2048)
def _prepare(expression: str) -> PreparedExpression:
    tree = copy.deepcopy(parse_tree(expression))  # the rewrite below changes the tree in place
    _rewrite(tree)
    memoise(tree, _WHOLE_EXPRESSIONS)
    constants: dict[str, str] = {}
    for name in _external_constants(tree):
        if name.startswith("vs-"):
            constants[name] = "http://hl7.org/fhir/ValueSet/" + name[3:]
        elif name.startswith("ext-"):
            constants[name] = "http://hl7.org/fhir/StructureDefinition/" + name[4:]
    return PreparedExpression(expression, tree, constants)


def _children(ctx: dict[str, Any], items: list[Any]) -> list[Any]:
    """fhirpathpy's children() without its quadratic list building (``acc = acc + mapped`` per item)."""
    reduce_children = create_reduce_children(ctx, True)
    found: list[Any] = []
    for item in items:
        found.extend(reduce_children([], item))
    return found


def _descendants(ctx: dict[str, Any], items: list[Any]) -> list[Any]:
    """fhirpathpy's descendants(), level by level in the same order, in linear time (csd-1, que-2)."""
    reduce_children = create_reduce_children(ctx, False)
    found: list[Any] = []
    level: list[Any] = []
    for item in items:
        level.extend(reduce_children([], item))
    while level:
        found.extend(level)
        below: list[Any] = []
        for item in level:
            below.extend(reduce_children([], item))
        level = below
    return found


# Node types evaluated as a whole by do_eval, which fhirpath_memo may wrap: fhirpathpy's expressions and
# the operators rewritten to ours.
_WHOLE_EXPRESSIONS = frozenset(
    {name for name in evaluators if name.endswith("Expression")} | {_OPERATOR_EVALUATOR, _TYPE_OPERATOR_EVALUATOR}
)


def _ignore_trace(label: str, value: Any) -> None:
    return None


def _conforms_to(inputs: list[Any], url: Any) -> bool:
    raise NotEvaluable(f"conformsTo('{url}') needs a full profile validation and is not evaluated")


def _single_string(inputs: list[Any]) -> str:
    if len(inputs) == 1 and isinstance(inputs[0], str):
        return inputs[0]
    raise Exception(f"Expected string, but got {inputs!r}"[:200])  # as fhirpathpy's own string functions


def _matches(inputs: list[Any], pattern: Any) -> list[bool]:
    if not pattern or not inputs or not isinstance(pattern, str):
        return []
    text = _single_string(inputs)
    try:
        return [regex_linear.matches(pattern, text)]
    except regex_linear.RegexNotLinear as exc:
        raise NotEvaluable(f"matches('{pattern}') cannot be decided in linear time: {exc}") from None


def _replace_matches(inputs: list[Any], pattern: Any, replacement: Any) -> list[str]:
    text = _single_string(inputs)
    if not isinstance(pattern, str) or not isinstance(replacement, str):
        return []
    try:
        return [regex_linear.replace_matches(pattern, text, replacement)]
    except regex_linear.RegexNotLinear as exc:
        raise NotEvaluable(f"replaceMatches('{pattern}') cannot be decided in linear time: {exc}") from None


def _as_node(resource: Mapping[str, Any]) -> ResourceNode:
    return ResourceNode.create_node(resource, resource.get("resourceType"))


def _is_primitive_value(data: Any) -> bool:
    return isinstance(data, str | bool | int | Decimal | float)


# ---------------------------------------------------------------------------------------------
# resolve()


def resolve_reference(reference: str, scope: EvaluationScope) -> Mapping[str, Any] | None:
    """Find the resource a literal reference points to, or None when it is not locally available.

    Every look-up goes through a :class:`ResolveIndex`, so n references into a Bundle or a container
    of n resources cost n, not n² (a long fullUrl is examined once, not once per call).
    """
    if scope.resolver is None:
        scope.resolver = ResolveIndex()
    index = scope.resolver
    if reference.startswith("#"):
        if reference == "#":
            return scope.root
        wanted = reference[1:]
        for holder in (scope.root, scope.resource):
            found = index.contained(holder).get(wanted)
            if found is not None:
                return found
        return None
    bundle = scope.bundle
    if bundle is None:
        return None
    entries = index.bundle(bundle)
    reference = reference.split("/_history/", maxsplit=1)[0] if "/_history/" in reference else reference
    found = entries.by_full_url.get(reference)
    if found is not None:
        return found
    if _is_absolute(reference):
        return None
    own_url = entries.full_url_of.get(id(scope.root))
    base = entries.base_of(own_url) if own_url is not None else None
    if base is not None:
        found = entries.by_full_url.get(base + reference)
        if found is not None:
            return found
    return entries.by_tail_or_type_id(reference)


class ResolveIndex:
    """Indexes of ``contained`` per holder and of Bundle entries, built once and then looked up."""

    def __init__(self) -> None:
        self._contained: dict[int, tuple[Mapping[str, Any], dict[Any, Mapping[str, Any]]]] = {}
        self._bundles: dict[int, tuple[Mapping[str, Any], _BundleEntries]] = {}

    def contained(self, holder: Mapping[str, Any]) -> dict[Any, Mapping[str, Any]]:
        cached = self._contained.get(id(holder))
        if cached is not None and cached[0] is holder:
            return cached[1]
        by_id: dict[Any, Mapping[str, Any]] = {}
        for item in holder.get("contained") or ():
            if isinstance(item, Mapping) and isinstance(item.get("id"), str):
                by_id.setdefault(item["id"], item)
        self._contained[id(holder)] = (holder, by_id)
        return by_id

    def bundle(self, bundle: Mapping[str, Any]) -> _BundleEntries:
        cached = self._bundles.get(id(bundle))
        if cached is not None and cached[0] is bundle:
            return cached[1]
        entries = _BundleEntries(bundle)
        self._bundles[id(bundle)] = (bundle, entries)
        return entries


_TAIL_STEPS = 4  # fullUrl tails indexed for "ends with /reference": Type/id, and up to two more steps


class _BundleEntries:
    """The entries of one Bundle, by fullUrl, by the tail of their fullUrl, and by type and id."""

    def __init__(self, bundle: Mapping[str, Any]) -> None:
        self.entries = [entry for entry in bundle.get("entry") or () if isinstance(entry, Mapping)]
        self.by_full_url: dict[str, Mapping[str, Any]] = {}
        self.full_url_of: dict[int, str] = {}  # id(resource) -> fullUrl of the first entry holding it
        self._by_tail: dict[str, tuple[int, Mapping[str, Any]]] = {}
        self._by_type_id: dict[tuple[Any, Any], tuple[int, Mapping[str, Any]]] = {}
        self._bases: dict[str, str | None] = {}
        for position, entry in enumerate(self.entries):
            resource = entry.get("resource")
            full_url = entry.get("fullUrl")
            if not isinstance(resource, Mapping):
                continue
            if isinstance(full_url, str):
                self.by_full_url.setdefault(full_url, resource)
                self.full_url_of.setdefault(id(resource), full_url)
                steps = full_url.rsplit("/", _TAIL_STEPS)
                for count in range(1, len(steps)):
                    self._by_tail.setdefault("/".join(steps[-count:]), (position, resource))
            self._by_type_id.setdefault((resource.get("resourceType"), resource.get("id")), (position, resource))

    def base_of(self, full_url: str) -> str | None:
        if full_url not in self._bases:
            self._bases[full_url] = _restful_base(full_url)
        return self._bases[full_url]

    def by_tail_or_type_id(self, reference: str) -> Mapping[str, Any] | None:
        """The first entry whose fullUrl ends with ``/reference`` or whose resource is ``Type/id``."""
        candidates: list[tuple[int, Mapping[str, Any]]] = []
        if reference.count("/") < _TAIL_STEPS:
            tail = self._by_tail.get(reference)
            if tail is not None:
                candidates.append(tail)
        else:  # a reference with more steps than are indexed: look at every entry (rare and odd)
            for position, entry in enumerate(self.entries):
                full_url = entry.get("fullUrl")
                resource = entry.get("resource")
                if isinstance(resource, Mapping) and isinstance(full_url, str) and full_url.endswith("/" + reference):
                    candidates.append((position, resource))
                    break
        parts = reference.split("/")
        if len(parts) == 2:
            typed = self._by_type_id.get((parts[0], parts[1]))
            if typed is not None:
                candidates.append(typed)
        return min(candidates, key=lambda pair: pair[0])[1] if candidates else None


_RESTFUL_ID = re.compile(r"[A-Za-z0-9\-.]{1,64}")
_ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def _restful_base(full_url: Any) -> str | None:
    r"""``http://x/fhir/Patient/1`` -> ``http://x/fhir/``: the fullUrl up to its final ``Type/id``.

    The same answer as the leftmost match of ``[A-Z][A-Za-z]+/[A-Za-z0-9\-.]{1,64}$``, found by
    walking back from the end: a search for that tail tried every start, n² for a long fullUrl.
    """
    if not isinstance(full_url, str):
        return None
    head, slash, resource_id = full_url.rpartition("/")
    if not slash or not _RESTFUL_ID.fullmatch(resource_id):
        return None
    start = len(head)
    while start > 0 and head[start - 1] in _ASCII_LETTERS:
        start -= 1
    run = head[start:]
    for offset, char in enumerate(run):
        if "A" <= char <= "Z" and len(run) - offset >= 2:
            return head[: start + offset]
    return None


def _is_absolute(reference: str) -> bool:
    return ":" in reference.split("/", maxsplit=1)[0]


# ---------------------------------------------------------------------------------------------
# memberOf()


def _code_member_of(terminology: CodeChecker, value_set_url: str, data: Any) -> bool:
    if isinstance(data, str):
        codings: list[tuple[str | None, str]] = [(None, data)]
    elif isinstance(data, Mapping) and "coding" in data:
        codings = [
            (coding.get("system"), coding["code"])
            for coding in data.get("coding") or ()
            if isinstance(coding, Mapping) and isinstance(coding.get("code"), str)
        ]
    elif isinstance(data, Mapping) and isinstance(data.get("code"), str):
        codings = [(data.get("system"), data["code"])]
    else:
        raise NotEvaluable("memberOf() applies to a code, Coding or CodeableConcept")
    undecided: list[str] = []
    for system, code in codings:
        outcome = terminology.check_code(value_set_url, system, code)
        status = getattr(outcome, "status", None)
        if status == "member":
            return True
        if status != "not-member":
            undecided.append(getattr(outcome, "message", str(status)))
    if undecided:
        raise NotEvaluable(f"memberOf('{value_set_url}') cannot be checked offline: {undecided[0]}")
    return False


# ---------------------------------------------------------------------------------------------
# htmlChecks()

# HTML 4.0 chapters 7-11 and 15 (except 9.4, the ins/del section), plus a and img, as R4's
# Narrative rules (txt-1) name them.
# fmt: off
_ALLOWED_ELEMENTS = frozenset({
    "a", "abbr", "acronym", "address", "b", "big", "blockquote", "br", "caption", "cite", "code", "col",
    "colgroup", "dd", "dfn", "div", "dl", "dt", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img",
    "li", "ol", "p", "pre", "q", "samp", "small", "span", "strong", "sub", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "tt", "ul", "var",
})
# fmt: on
_URL_ATTRIBUTES = frozenset({"href", "src", "cite", "longdesc", "background"})
_ENTITY = re.compile(r"&([A-Za-z][A-Za-z0-9]*);")
_XML_ENTITIES = frozenset({"amp", "lt", "gt", "quot", "apos"})


NO_CONTENT = "the narrative has no non-whitespace content"


@lru_cache(maxsize=256)
def html_problems(text: str) -> tuple[str, ...]:
    """Check narrative XHTML the way R4 txt-1/txt-2 describe it; return what is wrong (empty: ok).

    This is an approximation of the HL7 reference validator, documented as such:

    * the text must be well-formed XML whose root is ``div`` in the XHTML namespace; no DOCTYPE or
      entity declarations; the only named entities are XML's five (``&amp;`` ``&lt;`` ``&gt;``
      ``&quot;`` ``&apos;``): without a DTD, HTML's named entities (``&nbsp;``, ``&reg;``) are not
      defined in XML, so they are reported (as HL7's validator does) and then read as the
      characters they name so that the rest of the narrative is still checked;
    * only the basic formatting elements of HTML 4.0 chapters 7-11 and 15, ``a`` and ``img`` are
      allowed: ``script``, ``form``, ``iframe``, ``object``, ``embed``, ``style``, ``head``,
      ``body``, ``link``, ``base`` and any other element are reported;
    * no event handler attributes (``on*``) and no ``javascript:`` / ``vbscript:`` URLs;
    * there must be some non-whitespace text or an image (txt-2); that problem is reported as
      :data:`NO_CONTENT` so that txt-1 and txt-2, which share the expression ``htmlChecks()``, can
      be told apart.

    Attributes other than event handlers are not checked against HTML 4.0's lists, and ``img``
    sources are not restricted to local references; the reference validator is stricter there.
    """
    if "<!DOCTYPE" in text or "<!ENTITY" in text:
        return ("the narrative must not declare a DOCTYPE or entities",)
    problems: list[str] = []
    undefined = sorted({m.group(1) for m in _ENTITY.finditer(text)} - _XML_ENTITIES)
    if undefined:
        shown = ", ".join(f"&{name};" for name in undefined[:5])
        problems.append(f"entities {shown} are not defined in XHTML narrative: write the character or &#NNN;")
    prepared = _ENTITY.sub(_numeric_entity, text)
    state = {"depth": 0, "content": False}
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")

    def start(name: str, attributes: dict[str, str]) -> None:
        namespace, _, local = name.rpartition(" ")
        if state["depth"] == 0 and (local != "div" or namespace != XHTML_NAMESPACE):
            problems.append("the narrative root must be a div in the XHTML namespace")
        state["depth"] += 1
        if namespace != XHTML_NAMESPACE:
            problems.append(f"element {local} is not in the XHTML namespace")
        elif local not in _ALLOWED_ELEMENTS:
            problems.append(f"element {local} is not allowed in narrative")
        if local == "img":
            state["content"] = True
        for attribute, value in attributes.items():
            attribute_name = attribute.rpartition(" ")[2]
            if attribute_name.lower().startswith("on"):
                problems.append(f"event attribute {attribute_name} on {local} is not allowed")
            elif attribute_name.lower() in _URL_ATTRIBUTES and _is_script_url(value):
                problems.append(f"script URL in {attribute_name} on {local} is not allowed")

    def characters(data: str) -> None:
        if data.strip():
            state["content"] = True

    def end(name: str) -> None:
        state["depth"] -= 1

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = characters
    try:
        parser.Parse(prepared, True)
    except xml.parsers.expat.ExpatError as exc:
        return (f"the narrative is not well-formed XHTML: {xml.parsers.expat.ErrorString(exc.code)}",)
    except UnicodeEncodeError:  # expat takes UTF-8; a lone surrogate (json-lone-surrogate) has none
        return ("the narrative is not well-formed XHTML: it holds a lone surrogate, which XML cannot hold",)
    if not state["content"]:
        problems.append(NO_CONTENT)
    return tuple(problems)


def _numeric_entity(match: re.Match[str]) -> str:
    name = match.group(1)
    if name in _XML_ENTITIES:
        return match.group(0)
    codepoint = html.entities.name2codepoint.get(name)
    return f"&#{codepoint};" if codepoint is not None else match.group(0)


def _is_script_url(value: str) -> bool:
    squeezed = re.sub(r"[\s\x00-\x1f]+", "", value).lower()
    return squeezed.startswith(("javascript:", "vbscript:"))
