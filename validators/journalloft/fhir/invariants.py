"""FHIRPath constraints (ElementDefinition.constraint) evaluated on one element of a resource.

The walker calls :meth:`InvariantEngine.check` for every element instance that has constraints.
Each expression is parsed once per process (cached by its text, and by (type path, expression)
per engine). Two core invariants sit on nearly every element and are cheap to decide in Python, so
they are implemented natively here and the walker must not send them to FHIRPath: ``ele-1`` and
``ext-1`` (:data:`NATIVE_KEYS`). Everything else, ``dom-*`` and ``bdl-*`` included, has FHIRPath
semantics, executed in the cheapest way that gives the same answer:

* dom-3, obs-7, per-1, ref-1 and vs-1, recognised by their exact core text, are decided in Python
  (their FHIRPath costs 0.03-2.5 ms in fhirpathpy; tests compare both ways);
* expressions in a simple subset (paths, existence functions, literal equality, boolean logic) run
  as closures compiled by :mod:`journalloft.fhir.fhirpath_simple`;
* the rest runs on fhirpathpy with the FHIR functions of :mod:`journalloft.fhir.fhirpath_support`.

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
from typing import Any

from journalloft.fhir.fhirpath_simple import Compiled, Fallback, compile_simple
from journalloft.fhir.fhirpath_support import (
    NO_CONTENT,
    EvaluationScope,
    FhirPathRuntime,
    NotEvaluable,
    PreparedExpression,
    ResolveIndex,
    base_type_path,
    choice_type,
    compare_temporal_text,
    html_problems,
)
from journalloft.issues import Issue, Severity, information

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


def check_ele_1(node: object) -> bool:
    """ele-1: an element has a primitive value or at least one child other than ``id``.

    ``node`` is the JSON value of the element: the primitive itself, the object of a complex
    element, or for a primitive that only has extensions its ``_name`` object.
    """
    if node is None:
        return False
    if isinstance(node, Mapping):
        return any(key != "id" and _present(value) for key, value in node.items())
    return not isinstance(node, list)


def check_ext_1(node: dict) -> bool:
    """ext-1: an extension has nested extensions or a value[x], never both and never neither."""
    has_extensions = _present(node.get("extension"))
    has_value = any(
        (key.startswith("value") or key.startswith("_value")) and _present(value) for key, value in node.items()
    )
    return has_extensions != has_value


# Core invariants whose FHIRPath is expensive in fhirpathpy, decided in Python with the same result
# (tests run both ways over the same inputs and over all official examples). Keyed by the exact
# core expression text, so a profile constraint that reuses a key with other text is untouched.
# Measured (scripts/benchmark_invariants.py): dom-3 on a resource with one contained resource costs
# tens of milliseconds through FHIRPath (four descendants() walks per contained resource); obs-7 about
# one millisecond for an Observation with six components; per-1 and ref-1, which sit on every Period
# and Reference, about 0.2 ms each.
DOM_3 = (
    "contained.where((('#'+id in (%resource.descendants().reference | %resource.descendants().as(canonical) | "
    "%resource.descendants().as(uri) | %resource.descendants().as(url))) or descendants().where(reference = "
    "'#').exists() or descendants().where(as(canonical) = '#').exists() or descendants().where(as(canonical) = "
    "'#').exists()).not()).trace('unmatched', id).empty()"
)
OBS_7 = "value.empty() or component.code.where(coding.intersect(%resource.code.coding).exists()).empty()"


def dom_3_holds(resource: Mapping[str, Any]) -> bool:
    """dom-3: every contained resource is referenced from the resource (``#id``) or refers to it (``#``).

    Like the FHIRPath, any ``#id`` string anywhere in the resource counts (contained resources
    referring to each other included). Unlike it, the element type of that string is not checked
    (reference, canonical, uri or url): a plain string element holding exactly ``#id`` also counts.
    """
    contained = resource.get("contained")
    if not isinstance(contained, list) or not contained:
        return True
    local_references = set(_hash_strings(resource))
    for item in contained:
        if not isinstance(item, Mapping):
            continue
        identifier = item.get("id")
        if not isinstance(identifier, str) or "#" + identifier in local_references:
            continue  # without an id the FHIRPath yields empty, not false (the walker reports the id)
        if "#" in _hash_strings(item):
            continue
        return False
    return True


def _hash_strings(node: object) -> Iterator[str]:
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, str):
            if current.startswith("#"):
                yield current
        elif isinstance(current, Mapping):
            stack.extend(current.values())
        elif isinstance(current, list):
            stack.extend(current)


def obs_7_holds(observation: Mapping[str, Any], resource: Mapping[str, Any]) -> bool:
    """obs-7: no value[x] when a component has a coding equal to one of the Observation's codings."""
    if not any(
        (key.startswith("value") or key.startswith("_value")) and _present(value) for key, value in observation.items()
    ):
        return True
    code = resource.get("code")
    own = code.get("coding") if isinstance(code, Mapping) else None
    if not isinstance(own, list) or not own:
        return True
    for component in observation.get("component") or ():
        component_code = component.get("code") if isinstance(component, Mapping) else None
        codings = component_code.get("coding") if isinstance(component_code, Mapping) else None
        if isinstance(codings, list) and any(coding is not None and coding in own for coding in codings):
            return False
    return True


PER_1 = "start.hasValue().not() or end.hasValue().not() or (start <= end)"
REF_1 = (
    "reference.startsWith('#').not() or (reference.substring(1).trace('url') in "
    "%rootResource.contained.id.trace('ids'))"
)


def per_1_holds(period: Mapping[str, Any]) -> bool | None:
    """per-1: start not after end, compared as FHIRPath does; None when a value is no date/time."""
    start, end = period.get("start"), period.get("end")
    if not isinstance(start, str) or not isinstance(end, str):
        return True
    outcome = compare_temporal_text("<=", start, end)
    if outcome is None:
        return None
    return outcome != [False]


def ref_1_holds(reference: Mapping[str, Any], container: Mapping[str, Any]) -> bool:
    """ref-1: a ``#id`` reference names a resource contained in the container (%rootResource)."""
    text = reference.get("reference")
    if not isinstance(text, str) or not text.startswith("#") or text == "#":
        return True  # "#" (the container itself) gives an empty substring(1): not a violation
    return any(isinstance(item, Mapping) and item.get("id") == text[1:] for item in container.get("contained") or ())


_FAST_PATHS: dict[str, Callable[[Any, EvaluationScope], bool | None]] = {
    DOM_3: lambda node, scope: dom_3_holds(node),
    OBS_7: lambda node, scope: obs_7_holds(node, scope.resource),
    PER_1: lambda node, scope: per_1_holds(node),
    REF_1: lambda node, scope: ref_1_holds(node, scope.root),
}


# vs-1 (the vital signs profiles, on Observation.effective[x]): a dateTime is precise to the day.
VS_1 = "($this as dateTime).toString().length() >= 8"


def vs_1_holds(node: object, base: str | None) -> bool | None:
    """vs-1 on a dateTime string (its text has at least 8 characters); None: leave it to FHIRPath."""
    if base == "dateTime" and isinstance(node, str):
        return len(node) >= 8
    return None


# Fast paths that need the element's type (a choice element's concrete type is known only then).
_TYPED_FAST_PATHS: dict[str, Callable[[Any, str | None], bool | None]] = {VS_1: vs_1_holds}


def _present(value: object) -> bool:
    if value is None:
        return False
    if isinstance(value, list):
        return any(item is not None for item in value)
    return True


@dataclass(frozen=True, slots=True)
class _Compiled:
    prepared: PreparedExpression | None
    base: str | None
    error: str | None = None
    simple: Compiled | None = None  # a Python closure when the expression is in the simple subset


class InvariantEngine:
    """Evaluates ElementDefinition constraints and reports them as issues.

    One engine serves one thread at a time (the FHIRPath runtime keeps the evaluation's scope while
    it runs); compiled expressions are cached per engine, parse trees per process.
    """

    def __init__(self, terminology: Any | None = None) -> None:
        self._terminology = terminology
        self._runtime = FhirPathRuntime()
        self._compiled: dict[tuple[str, str], _Compiled] = {}
        self._simple_by_type: dict[tuple[str, str], Compiled | None] = {}
        self._verdicts: dict[tuple[int, int, str | None, str], bool | str] | None = None
        self._session_roots: list[object] = []
        self._containers: tuple[object, dict[int, Mapping[str, Any]]] = (None, {})
        self._resolver: ResolveIndex | None = None

    @contextmanager
    def session(self) -> Iterator[None]:
        """Within this block, remember verdicts per (node, expression).

        A resource validated against its base definition and a profile meets the same constraints
        (dom-2 ... dom-6, every core invariant the profile inherits) twice on the same nodes; inside
        a session the second evaluation is a dictionary look-up. The caller must not mutate the
        resource while the session is open (nodes are recognised by identity).
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
        expression: str,
        resource: dict,
        root: dict,
        bundle: dict | None = None,
    ) -> list[Issue]:
        issues: list[Issue] = []
        scope: EvaluationScope | None = None
        done: set[tuple[str, str]] = set()
        for constraint in constraints:
            key = str(constraint.get("key") or "?")
            text = constraint.get("expression")
            if not isinstance(text, str) or not text.strip():
                issues.append(_not_evaluated(expression, key, "the constraint has no FHIRPath expression"))
                continue
            if (key, text) in done:
                continue
            done.add((key, text))
            text = _ERRATA.get((key, text), text)
            detail = None
            if _NATIVE_EXPRESSIONS.get(key) == text:
                holds = self._native(key, node)
            elif key in _NARRATIVE_KEYS and text == "htmlChecks()" and isinstance(node, str):
                holds, detail = _narrative(key, node)
            elif key == "dom-6" and self._container(resource, root) is not resource:
                # Contained resources carry no narrative of their own: the container's covers them.
                continue
            else:
                if scope is None:
                    scope = self._scope(resource, root, bundle)
                fast = _FAST_PATHS.get(text)
                quick = fast(node, scope) if fast is not None and isinstance(node, Mapping) else None
                decided: bool | str = quick if quick is not None else self._verdict(text, type_path, node, scope)
                if isinstance(decided, str):
                    issues.append(_not_evaluated(expression, key, decided))
                    continue
                holds = decided
            if not holds:
                issues.append(_failure(constraint, key, expression, detail))
        return issues

    # -- internals --

    @staticmethod
    def _native(key: str, node: object) -> bool:
        if key == "ele-1":
            return check_ele_1(node)
        return check_ext_1(node) if isinstance(node, dict) else False

    def _verdict(self, text: str, type_path: str, node: object, scope: EvaluationScope) -> bool | str:
        """True/False for a decided constraint, a reason string when it cannot be evaluated."""
        compiled = self._compile(type_path, text)
        if compiled.prepared is None:
            return compiled.error or "cannot be parsed"
        base = compiled.base
        simple = compiled.simple
        if base is None and type_path.endswith("[x]"):
            base = choice_type(type_path, node)
            if base is not None:
                simple = self._simple_for(base, text)
        memo_key = (id(node), id(scope.resource), base, text)
        if self._verdicts is not None:
            known = self._verdicts.get(memo_key)
            if known is not None:
                return known
        typed = _TYPED_FAST_PATHS.get(text)
        quick = typed(node, base) if typed is not None else None
        verdict = quick if quick is not None else self._evaluate(compiled.prepared, base, node, scope, simple)
        if self._verdicts is not None:
            self._verdicts[memo_key] = verdict
            # Keep the node alive while the session lasts so its id cannot be reused.
            self._session_roots.append(node)
        return verdict

    def _evaluate(
        self,
        prepared: PreparedExpression,
        base: str | None,
        node: object,
        scope: EvaluationScope,
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
                result = self._runtime.evaluate(prepared, node, base, scope)
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
                prepared = FhirPathRuntime.prepare(text)
            except Exception as exc:  # the parser raises bare exceptions for syntax errors
                compiled = _Compiled(None, None, f"cannot be parsed: {exc}")
            else:
                base = base_type_path(type_path)
                compiled = _Compiled(prepared, base, simple=compile_simple(text, base))
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
