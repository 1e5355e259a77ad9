"""What fhirpathpy 2.2 lacks for evaluating FHIR R4 invariants, and a thin runtime around it.

fhirpathpy parses and evaluates FHIRPath well, but FHIR's constraints also call functions that the
FHIRPath specification leaves to the FHIR context (``hasValue``, ``resolve``, ``htmlChecks``,
``memberOf``, ``conformsTo``), and fhirpathpy's own member navigation treats a primitive and its
``_name`` extension twin as two separate items (``birthDate.count()`` is 2 when ``_birthDate`` is
present). This module supplies both:

* :class:`FhirPathRuntime` parses an expression once, rewrites its member steps to our own
  navigation (registered under a new evaluator name, so fhirpathpy's own behaviour is untouched for
  anyone else in the process), and evaluates with the R4 model plus the FHIR functions below.
* Member navigation pairs ``value`` with ``_value`` position by position
  (:mod:`~journalloft.fhir.fhirpath_members`).
* ``hasValue()``: true for a single item that holds an actual primitive value.
* ``resolve()`` and ``memberOf(url)``: see :mod:`~journalloft.fhir.fhirpath_scope`, which also holds the
  :class:`EvaluationScope` an evaluation runs in.
* ``htmlChecks()``: see :func:`~journalloft.fhir.fhirpath_html.html_problems`, a documented approximation.
* ``conformsTo(url)``: always :class:`NotEvaluable` (needs a full profile validation).

Where fhirpathpy 2.2.4 departs from FHIRPath as FHIR uses it, the rewritten tree corrects it:

* operators and value functions see a primitive that only has extensions as empty;
* dates and dateTimes are compared by value and precision (fhirpathpy compares two elements as
  strings, and its own date values are slow), and Quantities are ordered when both have a value in
  the same unit (fhirpathpy cannot order them): :mod:`~journalloft.fhir.fhirpath_compare`;
* type tests (:mod:`~journalloft.fhir.fhirpath_types`) accept a FHIR primitive as its System type
  (``answer is Boolean``), and ``as()`` on a collection filters like ``ofType()`` (R4's dom-3 uses
  ``descendants().as(uri)``);
* ``trace()`` prints nothing.

fhirpathpy's user function table (``options["userInvocationTable"]``) is merged over its own
registry on every call and hands functions plain data (``get_data`` of each input), not typed
nodes; it serves for hasValue/resolve/htmlChecks/memberOf/conformsTo. Everything that needs the
node types is done by rewriting node types in the parsed tree to evaluators registered under new
names, so fhirpathpy's behaviour is unchanged for any other user in the process.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any, cast

from fhirpathpy.engine import do_eval, param_check_table, type_specifier, util
from fhirpathpy.engine.evaluators import evaluators
from fhirpathpy.engine.invocations import invocation_registry as base_invocations
from fhirpathpy.engine.invocations.constants import constants
from fhirpathpy.engine.invocations.navigation import create_reduce_children
from fhirpathpy.engine.nodes import ResourceNode, TypeInfo
from fhirpathpy.engine.util import process_user_invocation_table

from journalloft.fhir import regex_linear
from journalloft.fhir.fhirpath_compare import (
    ORDERING,
    TEMPORAL_OPERATORS,
    compare_quantities,
    compare_temporal,
    is_quantity_pair,
)
from journalloft.fhir.fhirpath_html import html_problems
from journalloft.fhir.fhirpath_members import member_invocation
from journalloft.fhir.fhirpath_memo import memoise
from journalloft.fhir.fhirpath_parse import parse_tree
from journalloft.fhir.fhirpath_scope import (
    STANDARD_CONSTANTS,
    EvaluationScope,
    NotEvaluable,
    code_member_of,
    resolve_reference,
)
from journalloft.fhir.fhirpath_type_check import is_of_type
from journalloft.fhir.fhirpath_types import R4_MODEL

__all__ = [
    "STANDARD_CONSTANTS",
    "EvaluationScope",
    "FhirPathRuntime",
    "NotEvaluable",
    "PreparedExpression",
]
"""The runtime's interface; STANDARD_CONSTANTS, EvaluationScope and NotEvaluable (from fhirpath_scope)
are part of it."""


@dataclass(frozen=True, slots=True)
class PreparedExpression:
    """A parsed expression with our member navigation wired in and its constants resolved."""

    text: str
    tree: dict[str, Any]
    constants: Mapping[str, str] = field(default_factory=dict)


# ---------------------------------------------------------------------------------------------
# Member navigation that keeps a primitive and its `_name` extension object together


_MEMBER_EVALUATOR = "JournalloftMemberInvocation"


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
    if operator in TEMPORAL_OPERATORS:
        temporal = compare_temporal(operator, params[1], params[2])
        if temporal is not None:
            return temporal
    if operator in ORDERING and is_quantity_pair(params[1], params[2]):
        return compare_quantities(operator, params[1][0], params[2][0])
    return util.arraify(invocation["fn"](*params))


_original_function_invocation = evaluators["FunctionInvocation"]


def _value_function(ctx: dict[str, Any], parent_data: Any, node: dict[str, Any]) -> list[Any]:
    return _original_function_invocation(ctx, _with_values(parent_data), node)


_TYPE_FUNCTIONS = frozenset({"is", "as", "ofType"})
_TYPE_FUNCTION_EVALUATOR = "JournalloftTypeFunction"
_TYPE_OPERATOR_EVALUATOR = "JournalloftTypeOperator"


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


evaluators.setdefault(_MEMBER_EVALUATOR, member_invocation)
evaluators.setdefault(_OPERATOR_EVALUATOR, _operator)
evaluators.setdefault(_VALUE_FUNCTION_EVALUATOR, _value_function)
evaluators.setdefault(_TYPE_FUNCTION_EVALUATOR, _type_function)
evaluators.setdefault(_TYPE_OPERATOR_EVALUATOR, _type_operator)


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
        return [code_member_of(scope.terminology, value_set_url, inputs[0])]

    def _require_scope(self) -> EvaluationScope:
        if self._scope is None:
            raise NotEvaluable("FHIR function called outside an evaluation")
        return self._scope


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
