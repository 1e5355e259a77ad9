"""FHIRPath constraints (ElementDefinition.constraint) evaluated on one element of a resource.

The walker calls :meth:`InvariantEngine.check` for every element instance that has constraints.
Each expression is parsed once per process (cached by its text, and by (type path, expression)
per engine). Two core invariants sit on nearly every element and are cheap to decide in Python, so
they are implemented natively (:mod:`journalloft.fhir.invariants_native`) and the walker must not
send them to FHIRPath: ``ele-1`` and ``ext-1`` (:data:`NATIVE_KEYS`). Everything else, ``dom-*``
and ``bdl-*`` included, has FHIRPath semantics, executed in the cheapest way that gives the same answer:

* dom-3, obs-7, per-1, ref-1 and vs-1, recognised by their exact core text, are decided in Python
  (:mod:`journalloft.fhir.invariants_native`; their FHIRPath costs 0.03-2.5 ms in fhirpathpy; tests
  compare both ways);
* expressions in a simple subset (paths, existence functions, literal equality, boolean logic) run
  as closures compiled by :mod:`journalloft.fhir.fhirpath_simple`;
* the rest runs on fhirpathpy with the FHIR functions of :mod:`journalloft.fhir.fhirpath_support`,
  which is imported (with fhirpathpy) only when an expression first needs it: the parse trees come
  from :mod:`journalloft.fhir.fhirpath_parse`'s generated store, so a run whose constraints all
  take the ways above never loads fhirpathpy (issue 23: a large part of a cold start).

Two core invariants are treated specially: dom-6 (narrative, a warning) is not reported for
contained resources, and txt-1/txt-2, which share the expression ``htmlChecks()``, are told apart
(allowed XHTML / some content).

Semantics worth knowing:

* A constraint is violated when its expression evaluates to ``false``. An empty result is not a
  violation: FHIRPath returns empty when it cannot decide, for example ``start <= end`` on dates
  of different precision (``2020`` against ``2020-05-01``), and R5 rewrote per-1 with
  ``lowBoundary()``/``highBoundary()`` precisely so that such periods pass.
* A single non-boolean result counts as true (FHIRPath's singleton evaluation of collections);
  more than one item is a malformed constraint and is reported as not evaluated.
* Anything that cannot be decided offline (``conformsTo()``, ``memberOf()`` against a value set
  that is not available, an expression fhirpathpy cannot parse or run) yields one information
  issue ``fhir-invariant-not-evaluated`` naming the key; it never raises.
* ``%resource`` is the resource holding the element; ``%rootResource`` is the resource whose
  ``contained`` it may sit in (for a Bundle entry that is the entry's resource, not the Bundle;
  when the walker passes the Bundle as ``root`` the engine finds the entry itself).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from journalloft.fhir.fhirpath_html import NO_CONTENT, html_problems
from journalloft.fhir.fhirpath_parse import parse_tree
from journalloft.fhir.fhirpath_scope import EvaluationScope, NotEvaluable, ResolveIndex
from journalloft.fhir.fhirpath_simple import Compiled, Fallback, compile_simple
from journalloft.fhir.fhirpath_types import base_type_path, choice_type
from journalloft.fhir.invariants_native import FAST_PATHS, TYPED_FAST_PATHS, check_ele_1, check_ext_1
from journalloft.issues import Issue, Severity, information

if TYPE_CHECKING:
    from journalloft.fhir.fhirpath_support import FhirPathRuntime

# The core texts of the natively checked invariants; a constraint with one of these keys but a
# different expression (a profile reusing the key) still goes through FHIRPath.
_NATIVE_EXPRESSIONS = {
    "ele-1": "hasValue() or (children().count() > id.count())",
    "ext-1": "extension.exists() != value.exists()",
}
NATIVE_KEYS: frozenset[str] = frozenset(_NATIVE_EXPRESSIONS)

_SEVERITIES = {"error": Severity.ERROR, "warning": Severity.WARNING}
# Published R4 4.0.1 expressions that contradict their own human text, with the corrected expression
# HL7's validator evaluates instead (technical corrections made after R4 was frozen).
_ERRATA = {
    # "If there are more than one enableWhen, enableBehavior must be specified": R4 wrote "> 2".
    ("que-12", "enableWhen.count() > 2 implies enableBehavior.exists()"): (
        "enableWhen.count() > 1 implies enableBehavior.exists()"
    ),
}
_NARRATIVE_KEYS = frozenset({"txt-1", "txt-2"})
# How InvariantEngine.check decides a constraint (worked out once per constraint list).
_NO_EXPRESSION, _NATIVE, _NARRATIVE, _DOM_6, _FHIRPATH = range(5)
# (constraint, key, expression, kind, compiled expression and fast path for kind _FHIRPATH)
_Step = tuple[dict, str, str, int, "_Compiled | None", Callable[[Any, EvaluationScope], "bool | None"] | None]


@dataclass(frozen=True, slots=True)
class _Compiled:
    text: str | None  # the expression; None when it cannot be parsed (then ``error`` says why)
    base: str | None
    type_path: str
    error: str | None = None
    simple: Compiled | None = None  # a Python closure when the expression is in the simple subset


class InvariantEngine:
    """Evaluates ElementDefinition constraints and reports them as issues.

    One engine serves one thread at a time (the FHIRPath runtime keeps the evaluation's scope while
    it runs); compiled expressions are cached per engine, parse trees per process.
    """

    def __init__(self, terminology: Any | None = None) -> None:
        self._terminology = terminology
        self._fhirpath: FhirPathRuntime | None = None
        self._compiled: dict[tuple[str, str], _Compiled] = {}
        self._simple_by_type: dict[tuple[str, str], Compiled | None] = {}
        self._plans: dict[tuple[int, str], tuple[Sequence[dict], list[_Step]]] = {}
        self._verdicts: dict[tuple[int, int, str | None, str], bool | str] | None = None
        self._session_roots: list[object] = []
        self._containers: tuple[object, dict[int, Mapping[str, Any]]] = (None, {})
        self._resolver: ResolveIndex | None = None

    @property
    def _runtime(self) -> FhirPathRuntime:
        """fhirpathpy with the FHIR functions, made when an expression first needs it (see the module)."""
        if self._fhirpath is None:
            from journalloft.fhir.fhirpath_support import FhirPathRuntime

            self._fhirpath = FhirPathRuntime()
        return self._fhirpath

    @contextmanager
    def session(self) -> Iterator[None]:
        """Within this block, remember verdicts per (node, expression) where the caller asks for it.

        A resource checked against two profiles (vitalsigns declared, bodyweight by code) meets the
        constraints bodyweight inherits from vitalsigns (vs-1 ... vs-3) twice on the same nodes;
        inside a session the second evaluation is a dictionary look-up. The base walk meets each
        node's constraints once, so it does not ask (``check(remember=False)``). The caller must not
        mutate the resource while the session is open (nodes are recognised by identity).
        """
        outer = self._verdicts
        self._verdicts = {} if outer is None else outer
        if outer is None:
            self._containers = (None, {})  # built afresh for the session, trusted within it
            self._resolver = None
        try:
            yield
        finally:
            self._verdicts = outer
            if outer is None:
                self._session_roots.clear()
                self._containers = (None, {})
                self._resolver = None

    def check(  # noqa: PLR0917 - the positional signature is the walker's published interface
        self,
        constraints: Sequence[dict],
        node: object,
        type_path: str,
        expression: str | Callable[[], str],
        resource: dict,
        root: dict,
        bundle: dict | None = None,
        value_type: str | None = None,
        remember: bool = True,
    ) -> list[Issue]:
        """The issues of ``constraints`` on ``node``; ``expression`` is its location, or makes it when needed.

        ``value_type`` is the node's type where the caller knows it (the walker reads it from the JSON
        name: ``valueQuantity``); at a choice element (``value[x]``) it is otherwise guessed from the value.
        ``remember=False`` keeps the verdicts out of the session's memory: the walker's base walk meets
        each node's constraints once, so only profile walks, which meet constraints again, ask for it.
        """
        issues: list[Issue] = []
        scope: EvaluationScope | None = None
        for constraint, key, text, kind, compiled, fast in self._plan(constraints, type_path):
            detail = None
            if kind == _NO_EXPRESSION:
                issues.append(_not_evaluated(_located(expression), key, "the constraint has no FHIRPath expression"))
                continue
            if kind == _NATIVE:
                holds = self._native(key, node)
            elif kind == _NARRATIVE and isinstance(node, str):
                holds, detail = _narrative(key, node)
            elif kind == _DOM_6 and self._container(resource, root) is not resource:
                # Contained resources carry no narrative of their own: the container's covers them.
                continue
            else:
                quick = None
                if fast is not None and isinstance(node, Mapping):
                    if scope is None:
                        scope = self._scope(resource, root, bundle)
                    quick = fast(node, scope)
                decided: bool | str = (
                    quick
                    if quick is not None
                    else self._verdict(
                        compiled or self._compile(type_path, text),
                        node,
                        (resource, root, bundle),
                        value_type,
                        remember,
                    )
                )
                if isinstance(decided, str):
                    issues.append(_not_evaluated(_located(expression), key, decided))
                    continue
                holds = decided
            if not holds:
                issues.append(_failure(constraint, key, _located(expression), detail))
        return issues

    def _plan(self, constraints: Sequence[dict], type_path: str) -> list[_Step]:
        """What to do for each constraint, worked out once per constraint tuple and element path.

        The walker passes the same constraint tuples for every node of an element, so the text work
        (repeats, errata, which constraints are native, the compiled expression) is done once per
        tuple; the tuple is kept in the cache so that its id cannot be reused.
        """
        cache_key = (id(constraints), type_path)
        cached = self._plans.get(cache_key)
        if cached is not None and cached[0] is constraints:
            return cached[1]
        plan: list[_Step] = []
        for constraint, key, text, kind in _plan(constraints):
            fast = FAST_PATHS.get(text) if kind == _FHIRPATH else None
            # compiled now, unless a fast path usually decides (then only when it cannot)
            compiled = self._compile(type_path, text) if kind == _FHIRPATH and fast is None else None
            plan.append((constraint, key, text, kind, compiled, fast))
        if isinstance(constraints, tuple):  # a list could change in place: worked out afresh each time
            self._plans[cache_key] = (constraints, plan)
        return plan

    # -- internals --

    @staticmethod
    def _native(key: str, node: object) -> bool:
        if key == "ele-1":
            return check_ele_1(node)
        return check_ext_1(node) if isinstance(node, dict) else False

    def _verdict(
        self,
        compiled: _Compiled,
        node: object,
        where: tuple[dict, dict, dict | None],
        value_type: str | None = None,
        remember: bool = True,
    ) -> bool | str:
        """True/False for a decided constraint, a reason string when it cannot be evaluated.

        ``where`` is (resource, root, bundle); the evaluation scope is only built for the runtime.
        """
        if compiled.text is None:
            return compiled.error or "cannot be parsed"
        text = compiled.text
        base = compiled.base
        simple = compiled.simple
        if base is None and compiled.type_path.endswith("[x]"):
            base = value_type if value_type is not None else choice_type(compiled.type_path, node)
            if base is not None:
                simple = self._simple_for(base, text)
        verdicts = self._verdicts if remember else None
        if verdicts is not None:
            known = verdicts.get((id(node), id(where[0]), base, text))
            if known is not None:
                return known
        typed = TYPED_FAST_PATHS.get(text)
        quick = typed(node, base) if typed is not None else None
        verdict = quick if quick is not None else self._evaluate(text, base, node, where, simple)
        if verdicts is not None:
            verdicts[id(node), id(where[0]), base, text] = verdict
            # Keep the node alive while the session lasts so its id cannot be reused.
            self._session_roots.append(node)
        return verdict

    def _evaluate(
        self,
        text: str,
        base: str | None,
        node: object,
        where: tuple[dict, dict, dict | None],
        simple: Compiled | None = None,
    ) -> bool | str:
        try:
            result = None
            if simple is not None:
                try:
                    result = simple(node)
                except Fallback:
                    result = None
            if result is None:
                runtime = self._runtime
                result = runtime.evaluate(runtime.prepare(text), node, base, self._scope(*where))
        except NotEvaluable as reason:
            return str(reason)
        except RecursionError:
            return "the expression nests too deeply to evaluate"
        except Exception as exc:  # fhirpathpy signals every evaluation problem with Exception
            return f"evaluation failed: {exc}"
        if not result:
            return True
        if len(result) == 1:
            return result[0] if isinstance(result[0], bool) else True
        return f"the expression gives {len(result)} items, not a single boolean"

    def _compile(self, type_path: str, text: str) -> _Compiled:
        cache_key = (type_path, text)
        compiled = self._compiled.get(cache_key)
        if compiled is None:
            try:
                parse_tree(text)
            except Exception as exc:  # the parser raises bare exceptions for syntax errors
                compiled = _Compiled(None, None, type_path, f"cannot be parsed: {exc}")
            else:
                base = base_type_path(type_path)
                compiled = _Compiled(text, base, type_path, simple=compile_simple(text, base))
            self._compiled[cache_key] = compiled
        return compiled

    def _simple_for(self, base: str, text: str) -> Compiled | None:
        """The compiled closure for a choice element once its concrete type is known (per type)."""
        cache_key = (base, text)
        if cache_key not in self._simple_by_type:
            self._simple_by_type[cache_key] = compile_simple(text, base)
        return self._simple_by_type[cache_key]

    def _scope(self, resource: dict, root: dict, bundle: dict | None) -> EvaluationScope:
        if bundle is None and root.get("resourceType") == "Bundle" and resource is not root:
            bundle = root
        container = self._container(resource, root)
        # Within a session the resource does not change, so resolve()'s indexes are shared by all scopes.
        resolver = None
        if self._verdicts is not None:
            if self._resolver is None:
                self._resolver = ResolveIndex()
            resolver = self._resolver
        return EvaluationScope(resource, container, bundle, self._terminology, resolver)

    def _container(self, resource: dict, root: dict) -> Mapping[str, Any]:
        """The container of ``resource`` under ``root``, remembered per root for large Bundles."""
        if resource is root:
            return root
        cached_root, containers = self._containers
        if cached_root is root:
            container = containers.get(id(resource))
            # Verify by identity: the caller may have changed the Bundle since the map was built. Inside
            # a session it may not, and the scan would make n contained resources cost n².
            if container is not None and (
                self._verdicts is not None
                or container is resource
                or any(item is resource for item in container.get("contained") or ())
            ):
                return container
        containers = {}
        _map_containers(root, containers)
        self._containers = (root, containers)
        return containers.get(id(resource), root)


def _map_containers(holder: Mapping[str, Any], containers: dict[int, Mapping[str, Any]]) -> None:
    containers[id(holder)] = holder
    for item in holder.get("contained") or ():
        if isinstance(item, Mapping):
            containers[id(item)] = holder
    if holder.get("resourceType") == "Bundle":
        for entry in holder.get("entry") or ():
            held = entry.get("resource") if isinstance(entry, Mapping) else None
            if isinstance(held, Mapping):
                _map_containers(held, containers)


def _plan(constraints: Sequence[dict]) -> list[tuple[dict, str, str, int]]:
    """The constraints to evaluate with their key, expression (errata applied) and kind, repeats dropped."""
    plan: list[tuple[dict, str, str, int]] = []
    done: set[tuple[str, str]] = set()
    for constraint in constraints:
        key = str(constraint.get("key") or "?")
        text = constraint.get("expression")
        if not isinstance(text, str) or not text.strip():
            plan.append((constraint, key, "", _NO_EXPRESSION))
            continue
        if (key, text) in done:
            continue
        done.add((key, text))
        text = _ERRATA.get((key, text), text)
        if _NATIVE_EXPRESSIONS.get(key) == text:
            kind = _NATIVE
        elif key in _NARRATIVE_KEYS and text == "htmlChecks()":
            kind = _NARRATIVE
        elif key == "dom-6":
            kind = _DOM_6
        else:
            kind = _FHIRPATH
        plan.append((constraint, key, text, kind))
    return plan


def _located(expression: str | Callable[[], str]) -> str:
    return expression if isinstance(expression, str) else expression()


def _narrative(key: str, div: str) -> tuple[bool, str | None]:
    """txt-1 (allowed XHTML) and txt-2 (some content) from one htmlChecks() pass, told apart."""
    problems = html_problems(div)
    if key == "txt-2":
        return NO_CONTENT not in problems, None
    others = [problem for problem in problems if problem != NO_CONTENT]
    return not others, "; ".join(others[:3]) or None


def _failure(constraint: Mapping[str, Any], key: str, expression: str, detail: str | None = None) -> Issue:
    severity = _SEVERITIES.get(str(constraint.get("severity")), Severity.ERROR)
    human = str(constraint.get("human") or constraint.get("expression"))
    message = f"{key}: {human}" + (f" ({detail})" if detail else "")
    return Issue(severity, "fhir-invariant", expression, message)


def _not_evaluated(expression: str, key: str, reason: str) -> Issue:
    return information("fhir-invariant-not-evaluated", expression, f"{key}: not evaluated: {reason}")
