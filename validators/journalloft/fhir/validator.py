"""FhirValidator: validates FHIR R4 JSON against base definitions and profiles.

One recursive walk per (resource, StructureDefinition), driven by the compiled element index of
:mod:`journalloft.fhir.elements`. Locations are kept as a chain of ``(parent, name, index)``
tuples and only formatted as FHIRPath text when an issue is reported or an invariant needs it, so
a valid node costs a few dictionary look-ups.

Resources inside resources (``contained``, ``Bundle.entry.resource``, ``Parameters.parameter
.resource``, any element of type Resource) are validated against their own type and profiles, with
the location of the element that holds them as prefix. A profile is validated by walking the
same instance with the profile's snapshot; in that walk nested resources are skipped (they had
their own walk) and constraints that come from core base definitions are not evaluated again; the
remaining repeats (an unknown element is unknown in both walks) are removed by exact de-duplication.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from journalloft.fhir.bundle import NATIVE_BUNDLE_KEYS
from journalloft.fhir.elements import CORE_PREFIX, CompiledStructure, ElementDef, choice_json_name, compile_structure
from journalloft.fhir.invariants import NATIVE_KEYS, InvariantEngine
from journalloft.fhir.options import DEFAULT_OPTIONS, FhirOptions
from journalloft.fhir.retired_codes import one_finding_per_retired_code
from journalloft.fhir.terminology import Terminology
from journalloft.fhir.walk import Walk
from journalloft.fhir.walk_base import _BINDING_SEVERITY, _CODED_TYPES, Loc, _Shape, format_location, type_rules
from journalloft.fhir.walk_terminology import not_checked_findings
from journalloft.issues import Issue, error
from journalloft.limits import Limits

__all__ = ["NATIVE_CONTAINED_KEYS", "NATIVE_REFERENCE_KEYS", "FhirValidator", "Loc", "format_location"]

# Checked natively here, with better locations: contained rules and the Bundle entry rules.
NATIVE_CONTAINED_KEYS = frozenset({"dom-2", "dom-4", "dom-5"})
# ref-1 (a local reference needs its contained resource) is the reference check's fhir-reference-unresolved.
NATIVE_REFERENCE_KEYS = frozenset({"ref-1"})
_SKIPPED_KEYS = NATIVE_KEYS | NATIVE_BUNDLE_KEYS | NATIVE_CONTAINED_KEYS | NATIVE_REFERENCE_KEYS

class FhirValidator:
    """Validates FHIR R4 JSON resources; see the module docstring."""

    def __init__(self, context: Any, limits: Limits | None = None) -> None:
        self.context = context
        self.limits = limits if limits is not None else Limits()
        self._compiled: dict[str, CompiledStructure | None] = {}
        self.definition_errors: dict[str, str] = {}
        """Canonical -> why the context could not supply its StructureDefinition (treated as unknown)."""
        self.terminology = Terminology(context)
        self.invariants = InvariantEngine(self.terminology)
        core = getattr(context, "core", None)
        resource_types = getattr(core, "resource_types", None)
        if resource_types is None:
            from journalloft.fhir.definitions import load_core

            resource_types = load_core().resource_types
        self.resource_types: frozenset[str] = frozenset(resource_types)
        self._code_cache: dict[tuple[str, str | None, str], Any] = {}
        self._code_facts: dict[tuple[str, str], tuple[bool | None, str | None]] = {}
        self._targets: dict[int, frozenset[str] | None] = {}
        self._allowed: dict[str, list[tuple[str, list[str]]] | None] = {}
        self.alike: dict[tuple[int, int, str], tuple[bool, frozenset[str]]] = {}
        """(id(element), id(element), type) -> whether profile walks may skip the object, and which keys
        (ProfileWalk._alike; the elements are this validator's, so their ids stay unique)."""
        # Each JSON level costs about three Python frames; leave headroom over max_depth.
        self._max_depth = max(1, self.limits.max_depth)
        needed = self._max_depth * 4 + 200
        if sys.getrecursionlimit() < needed:
            sys.setrecursionlimit(needed)

    # -- definitions ---------------------------------------------------------------------------

    def structure(self, url: str) -> CompiledStructure | None:
        """The compiled StructureDefinition for a canonical or core type name (cached)."""
        if url in self._compiled:
            return self._compiled[url]
        try:
            definition = self.context.structure(url)
        except Exception as exc:  # a broken profile must not crash validation: its claims are errors instead
            self.definition_errors[url] = f"{type(exc).__name__}: {exc}"
            definition = None
        if definition is None:
            # The context knows the definition but could not build its snapshot (a typo in a path, a
            # base cycle): the reason makes every claim of it an error, never a quiet "unknown".
            snapshot_errors = getattr(self.context, "snapshot_errors", None)
            reason = snapshot_errors.get(url.partition("|")[0]) if isinstance(snapshot_errors, dict) else None
            if reason is not None:
                self.definition_errors[url] = f"its snapshot cannot be generated: {reason}"
        compiled = None
        if isinstance(definition, dict) and (definition.get("snapshot") or {}).get("element"):
            try:
                compiled = compile_structure(definition)
            except (AttributeError, TypeError, ValueError, LookupError, ArithmeticError, RecursionError) as exc:
                # A package's snapshot that is not made of ElementDefinitions (strings, numbers, ...).
                self.definition_errors[url] = f"its snapshot is malformed ({type(exc).__name__}: {exc})"
        self._compiled[url] = compiled
        return compiled

    def is_core_source(self, source: Any) -> bool:
        if not isinstance(source, str) or not source.startswith(CORE_PREFIX):
            return False
        compiled = self.structure(source)
        return compiled is not None and compiled.is_core_base

    def shape(self, element: ElementDef, type_code: str) -> _Shape:
        cached = element.cache.get(type_code)
        if cached is not None:
            return cached
        constraints: list[dict[str, Any]] = list(element.constraints)
        source = element
        if element.content_target is not None:
            source = element.content_target
            constraints.extend(source.constraints)
        index = source.child_index
        if not source.children:
            type_sd = None
            for profile in element.type_profiles:
                candidate = self.structure(profile)
                if candidate is not None and candidate.type == type_code:
                    type_sd = candidate
                    break
            if type_sd is None and type_code:
                type_sd = self.structure(type_code)
            if type_sd is not None:
                index = type_sd.root.child_index
                source = type_sd.root
                constraints.extend(type_sd.root.constraints)
        required: list[tuple[ElementDef, tuple[str, ...]]] = []
        for child in source.children:
            if child.min > 0 or any(s.min > 0 for s in child.slices if not child.is_choice):
                if child.is_choice:
                    names = tuple(choice_json_name(child.base_name, code) for code in child.type_codes)
                else:
                    names = (child.name,)
                # a primitive present with extensions only ("_birthDate") counts as present
                required.append((child, tuple(name for json_name in names for name in (json_name, "_" + json_name))))
        unique: dict[str, dict[str, Any]] = {}
        for constraint in constraints:
            key = str(constraint.get("key"))
            unique.setdefault(key, constraint)
        keys = set(unique)
        sent = tuple(c for k, c in unique.items() if k not in _SKIPPED_KEYS)
        profile_sent = tuple(c for c in sent if not self.is_core_source(c.get("source")))
        binding = element.binding_strength in _BINDING_SEVERITY and type_code in _CODED_TYPES
        plain = (
            element.max_length is None
            and element.min_value is None
            and element.max_value is None
            and element.fixed is None
            and element.pattern is None
            and not binding
        )
        shape = _Shape(
            index=index,
            required=tuple(required),
            constraints=sent,
            profile_constraints=profile_sent,
            ele_1="ele-1" in keys,
            ext_1="ext-1" in keys or type_code == "Extension",
            plain_value=plain,
            syntax_only=plain and not sent,
            syntax_only_in_profiles=plain and not profile_sent,
            fixed_or_pattern=element.fixed is not None or element.pattern is not None,
            binding=binding,
            type_rules=type_rules(type_code),
        )
        element.cache[type_code] = shape
        return shape

    def allowed_targets(self, element: ElementDef) -> frozenset[str] | None:
        key = id(element)
        if key in self._targets:
            return self._targets[key]
        allowed: set[str] | None = set()
        for profile in element.target_profiles:
            if profile.startswith(CORE_PREFIX) and profile[len(CORE_PREFIX) :] in ("Resource", "DomainResource"):
                allowed = None
                break
            tail = profile[len(CORE_PREFIX) :] if profile.startswith(CORE_PREFIX) else ""
            if tail in self.resource_types:
                allowed.add(tail)  # type: ignore[union-attr]
                continue
            compiled = self.structure(profile)
            if compiled is not None:
                allowed.add(compiled.type)  # type: ignore[union-attr]
            else:
                allowed = None  # unknown profile: the type cannot be known
                break
        result = frozenset(allowed) if allowed else None
        self._targets[key] = result
        return result

    def code_facts(self, system: str, code: str) -> tuple[bool | None, str | None]:
        """(is the code known: True/False, None when the system is not held completely; its display)."""
        key = (system, code)
        cached = self._code_facts.get(key)
        if cached is None:
            known = self.terminology.is_known_code(system, code)
            display = self.terminology.code_display(system, code) if known else None
            cached = (known, display)
            self._code_facts[key] = cached
        return cached

    def allowed_codes(self, value_set: str) -> list[tuple[str, list[str]]] | None:
        """The value set's codes by system when completely known (for binding messages; cached)."""
        if value_set not in self._allowed:
            self._allowed[value_set] = self.terminology.allowed_codes(value_set)
        return self._allowed[value_set]

    def check_code(self, value_set: str, system: str | None, code: str) -> Any:
        key = (value_set, system, code)
        cached = self._code_cache.get(key)
        if cached is None:
            cached = self.terminology.check_code(value_set, system, code)
            self._code_cache[key] = cached
        return cached

    # -- entry point ---------------------------------------------------------------------------

    def validate(
        self,
        resource: Any,
        profiles: Sequence[str] = (),
        *,
        profiles_by_type: Mapping[str, Sequence[str]] | None = None,
        options: FhirOptions = DEFAULT_OPTIONS,
        extension_source: Callable[[str], str | None] | None = None,
    ) -> list[Issue]:
        """Validate one resource against its base definition, the given profiles, meta.profile;
        ``options`` relax rules HL7's validator applies by default (see journalloft.fhir.options);
        ``extension_source`` names the spec version that defines an extension this context does not
        know, if any (an extension of the project's own specs is then not an unknown one)."""
        walk = Walk(self, resource if isinstance(resource, dict) else {}, profiles_by_type or {}, options=options)
        run = walk.run
        run.extension_source = extension_source
        session = self.invariants.session()
        with session:
            try:
                walk.resources.resource(resource, None, 1, None, None, tuple(profiles), contained=False)
            except RecursionError:
                run.issues.append(error("json-too-deep", "", "the resource is nested too deeply to validate"))
        if run.not_checked:
            run.issues.extend(not_checked_findings(run.not_checked, _not_checked_reason(options)))
        found = _dedupe(one_finding_per_retired_code(run.issues, resource, self.terminology))
        return _without_contained_id_findings(found) if options.contained_ids == "ignore" else found


def _not_checked_reason(options: FhirOptions) -> str:
    if options.terminology_server is None:
        return "the code system is not available offline (--tx URL has a terminology server check it)"
    return "the terminology server could not be used"


_CONTAINED_ID = re.compile(r"\.contained\[\d+\]\.id$")


def _without_contained_id_findings(issues: list[Issue]) -> list[Issue]:
    """``--contained-ids ignore`` (HL7's validateContains IGNORE): the form of a contained resource's
    id and whether the container refers to it (dom-3) are not reported."""
    return [
        issue
        for issue in issues
        if not (issue.code == "fhir-primitive" and _CONTAINED_ID.search(issue.expression))
        and not (issue.code == "fhir-invariant" and issue.message.startswith("dom-3:"))
    ]


def _dedupe(issues: list[Issue]) -> list[Issue]:
    seen: set[tuple[str, str, str]] = set()
    result: list[Issue] = []
    for issue in issues:
        key = (issue.code, issue.expression, issue.message)
        if key not in seen:
            seen.add(key)
            result.append(issue)
    return result

