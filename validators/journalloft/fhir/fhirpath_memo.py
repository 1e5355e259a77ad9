"""Evaluate once per evaluation the parts of an expression that do not depend on the focus.

``sdf-8`` reads ``%resource.snapshot.element.first().path`` inside ``element.tail().all(...)``, and
fhirpathpy evaluates a function's argument afresh for every item: n elements cost n navigations of
all n elements, quadratic work on a large StructureDefinition. Such a sub-expression starts from an
environment constant (``%resource``, ``%context``, ``%rootResource``, ``%ucum`` ...) and never
touches the focus, so its value is the same for every item of one evaluation.

:func:`memoise` marks, in a parsed (and rewritten) tree, every largest sub-expression that holds an
environment constant and no term depending on the focus: no bare identifier or function at the start
of a term (``path``, ``today()``), no ``$this``, ``$index`` or ``$total`` (all of them are
``InvocationTerm`` nodes in fhirpathpy's tree). A marked node is evaluated once per evaluation and its
result kept in the evaluation's context; the environment constants do not change while it runs.
Sub-expressions inside ``where(...)`` or ``all(...)`` whose items are their own focus are not marked
(they hold bare identifiers): the rule is conservative, never clever.
"""

from __future__ import annotations

from typing import Any

from fhirpathpy.engine import do_eval
from fhirpathpy.engine.evaluators import evaluators

MEMO_EVALUATOR = "JournalloftMemo"
_MEMO_KEY = "journalloftMemo"  # where an evaluation's context keeps the results (one dict per evaluate())
_FOCUS_TERMS = frozenset({"InvocationTerm"})


def memoise(tree: dict[str, Any], expression_types: frozenset[str]) -> None:
    """Wrap the largest focus-free sub-expressions of ``tree`` (in place) that use an environment constant.

    ``expression_types`` are the node types that are evaluated as a whole with ``do_eval`` (fhirpathpy's
    ``*Expression`` nodes and the rewritten operators), the only nodes that may be replaced.
    """
    _walk(tree, expression_types)


def _walk(node: dict[str, Any], expression_types: frozenset[str]) -> tuple[bool, bool]:
    """(focus-free, uses a constant) for ``node``; wraps qualifying children on the way back up."""
    children = node.get("children") or []
    verdicts = [_walk(child, expression_types) if isinstance(child, dict) else (True, False) for child in children]
    free = node.get("type") not in _FOCUS_TERMS and all(free for free, _ in verdicts)
    constant = node.get("type") == "ExternalConstantTerm" or any(uses for _, uses in verdicts)
    if not free:  # this node depends on the focus: keep its largest qualifying parts instead
        _wrap_parts(node, verdicts, expression_types)
    return free, constant


def _wrap_parts(node: dict[str, Any], verdicts: list[tuple[bool, bool]], expression_types: frozenset[str]) -> None:
    """Wrap the largest whole expressions among the focus-free, constant-using parts below ``node``.

    A focus-free part that is not itself a whole expression (a function's parameter list, for
    ``startsWith(%resource...)``) is searched further down.
    """
    children = node.get("children") or []
    for index, (child, (child_free, child_constant)) in enumerate(zip(children, verdicts, strict=True)):
        if not (child_free and child_constant and isinstance(child, dict)):
            continue
        if child.get("type") in expression_types and child.get("type") != "TermExpression":
            children[index] = {"type": MEMO_EVALUATOR, "children": [child]}  # a bare %resource costs nothing
        else:
            below = [_constant_free(grandchild) for grandchild in child.get("children") or []]
            _wrap_parts(child, below, expression_types)


def _constant_free(node: Any) -> tuple[bool, bool]:
    """(focus-free, uses a constant) of a node inside a focus-free part: free by construction."""
    if not isinstance(node, dict):
        return True, False
    return True, node.get("type") == "ExternalConstantTerm" or any(
        _constant_free(child)[1] for child in node.get("children") or []
    )


def _memo(ctx: dict[str, Any], parent_data: Any, node: dict[str, Any]) -> Any:
    memo = ctx.get(_MEMO_KEY)
    if memo is None:
        memo = ctx[_MEMO_KEY] = {}
    key = id(node)
    if key not in memo:
        memo[key] = do_eval(ctx, parent_data, node["children"][0])
    result = memo[key]
    return list(result) if isinstance(result, list) else result


evaluators.setdefault(MEMO_EVALUATOR, _memo)
