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

import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from journalloft.fhir.bundle import NATIVE_BUNDLE_KEYS, check_bundle
from journalloft.fhir.elements import CORE_PREFIX, CompiledStructure, ElementDef, choice_json_name, compile_structure
from journalloft.fhir.instance_rules import attachment_size_problem, is_example_url, vital_signs_profile
from journalloft.fhir.invariants import NATIVE_KEYS, InvariantEngine, check_ele_1, check_ext_1
from journalloft.fhir.primitives import CHECKERS, PRIMITIVE_TYPES
from journalloft.fhir.references import BundleIndex, ReferenceScope, check_reference, classify, resolve
from journalloft.fhir.slicing import matches
from journalloft.fhir.terminology import UCUM, Terminology, ucum_syntax_error
from journalloft.fhir.values import contains_pattern, describe, equals_fixed
from journalloft.issues import Issue, Severity, error, information, warning
from journalloft.jsonparse import described
from journalloft.limits import Limits

# Checked natively here, with better locations: contained rules and the Bundle entry rules.
NATIVE_CONTAINED_KEYS = frozenset({"dom-2", "dom-4", "dom-5"})
# ref-1 (a local reference needs its contained resource) is the reference check's fhir-reference-unresolved.
NATIVE_REFERENCE_KEYS = frozenset({"ref-1"})
_SKIPPED_KEYS = NATIVE_KEYS | NATIVE_BUNDLE_KEYS | NATIVE_CONTAINED_KEYS | NATIVE_REFERENCE_KEYS

_ELE_1_HUMAN = "ele-1: All FHIR elements must have a @value or children"
_EXT_1_HUMAN = "ext-1: Must have either extensions or value[x], not both"
_RESOURCE_TYPES = frozenset({"Resource", "DomainResource"})
_QUANTITY_TYPES = frozenset({"Quantity", "Age", "Count", "Distance", "Duration", "MoneyQuantity", "SimpleQuantity"})
_CODED_TYPES = frozenset({"code", "Coding", "CodeableConcept", "Quantity", "string", "uri"})
_BINDING_SEVERITY = {
    "required": (Severity.ERROR, "fhir-binding-required"),
    "extensible": (Severity.WARNING, "fhir-binding-extensible"),
    "preferred": (Severity.INFORMATION, "fhir-binding-preferred"),
}
_BINDING_CODES = frozenset(
    {"fhir-binding-required", "fhir-binding-extensible", "fhir-binding-preferred", "fhir-valueset-unknown"}
)
_MISSING = object()
# The range of an IEEE 754 double, which most platforms use for FHIR decimals.
_DOUBLE_MAX = Decimal("1.7976931348623157e308")
_DOUBLE_MIN = Decimal("2.2250738585072014e-308")

Loc = tuple[Any, str, "int | None"] | None


def format_location(loc: Loc) -> str:
    parts: list[str] = []
    while loc is not None:
        parent, name, index = loc
        parts.append(name if index is None else f"{name}[{index}]")
        loc = parent
    return ".".join(reversed(parts))


_ANY_ELEMENT = frozenset({"Element", "Base", "BackboneElement"})


def _context_allows(
    contexts: tuple[tuple[str, str], ...],
    extension_path: str,
    resource_types: frozenset[str],
    parent_path: str | None = None,
) -> bool:
    """Whether an extension whose definition lists ``contexts`` may stand where the walk is.

    ``extension_path`` is the definition path of the extension element (``Patient.extension``,
    ``HumanName.extension`` when a data type is walked through its own definition, ``date.extension``
    for the extension of a primitive); ``parent_path`` is the element path of the element that holds
    the extension inside its resource (``Patient.name``, ``Patient.birthDate``), when known.

    An element context holds when it names the holding element (``Patient.birthDate``), its data
    type (``HumanName``) or, for a data type path (``HumanName.family``), an element whose path ends
    the same way. Contexts of type extension or fhirpath are not evaluated and let the extension
    through, as does any case where the holding element cannot be placed.
    """
    owner = extension_path.rsplit(".", 1)[0]
    owner_root = owner.split(".", 1)[0]
    if not contexts or owner_root in ("Extension", "Element", "BackboneElement"):
        return True
    owner_type = owner if "." not in owner and owner_root not in resource_types else None
    if parent_path is None:
        if owner_type is not None:
            return True  # a data type walked on its own: the path in the resource is not known here
        parent_path = owner
    for kind, expression in contexts:
        if kind != "element" or expression in _ANY_ELEMENT or expression in (owner, parent_path):
            return True
        if expression in ("Resource", "DomainResource") and "." not in parent_path:
            return True
        if expression.split(".", 1)[0] in resource_types:
            continue  # a resource path: only an exact match (above) allows it
        if "." not in expression:
            # a bare data type: the holder is of that type (a resource root or backbone never is)
            if owner_type == expression or (owner_type in _QUANTITY_TYPES and expression in _QUANTITY_TYPES):
                return True
            continue
        if parent_path.endswith("." + expression.split(".", 1)[1]):
            return True
    return False


def _comparable(value: Any, limit: Any) -> bool:
    if isinstance(value, bool) or isinstance(limit, bool):
        return False
    if isinstance(value, (int, Decimal)) and isinstance(limit, (int, Decimal)):
        return True
    return isinstance(value, str) and isinstance(limit, str) and len(value) == len(limit)


def _type_of(key: str, choice: ElementDef) -> str:
    """The FHIR type a choice element's JSON name carries: valueString -> string, valueQuantity -> Quantity."""
    suffix = key[len(choice.base_name) :]
    lowered = suffix[:1].lower() + suffix[1:]
    return lowered if lowered in PRIMITIVE_TYPES else suffix


def _step(loc: Loc, name: str, index: int | None = None) -> Loc:
    return (loc, name, index)


@dataclass(slots=True)
class _Shape:
    """What a complex node of one element definition and type may hold."""

    index: dict[str, tuple[ElementDef, str]]
    required: tuple[tuple[ElementDef, tuple[str, ...]], ...]
    constraints: tuple[dict[str, Any], ...]  # sent to FHIRPath in the base walk
    profile_constraints: tuple[dict[str, Any], ...]  # sent to FHIRPath in a profile walk
    ele_1: bool
    ext_1: bool


@dataclass(slots=True)
class _Frame:
    """The resource being walked: %resource, what its references resolve against."""

    resource: dict[str, Any]
    scope: ReferenceScope
    bundle: BundleIndex | None  # for resources nested inside this one
    # %rootResource as FHIR defines it: the container of a contained resource, else the resource
    # itself (a Bundle entry's resource is its own root; the Bundle is passed separately)
    root: dict[str, Any]
    loc: Loc = None  # where the resource stands; element paths inside it are counted from here


def _element_path(loc: Loc, frame: _Frame) -> str | None:
    """The element path of ``loc`` inside the frame's resource (``Patient.name``), or None."""
    names: list[str] = []
    while loc is not None and loc is not frame.loc:
        parent, name, _index = loc
        names.append(name.split(".ofType(", 1)[0])
        loc = parent
    resource_type = frame.resource.get("resourceType")
    if loc is None or frame.loc is None or not isinstance(resource_type, str):
        return None
    return ".".join([resource_type, *reversed(names)])


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
        except Exception as exc:  # a broken profile must not crash validation: treat it as unknown
            self.definition_errors[url] = f"{type(exc).__name__}: {exc}"
            definition = None
        compiled = None
        if isinstance(definition, dict) and (definition.get("snapshot") or {}).get("element"):
            compiled = compile_structure(definition)
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
                required.append((child, names))
        unique: dict[str, dict[str, Any]] = {}
        for constraint in constraints:
            key = str(constraint.get("key"))
            unique.setdefault(key, constraint)
        keys = set(unique)
        sent = tuple(c for k, c in unique.items() if k not in _SKIPPED_KEYS)
        profile_sent = tuple(c for c in sent if not self.is_core_source(c.get("source")))
        shape = _Shape(
            index=index,
            required=tuple(required),
            constraints=sent,
            profile_constraints=profile_sent,
            ele_1="ele-1" in keys,
            ext_1="ext-1" in keys or type_code == "Extension",
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
    ) -> list[Issue]:
        """Validate one resource against its base definition, the given profiles, meta.profile."""
        walk = _Walk(self, resource if isinstance(resource, dict) else {}, profiles_by_type or {})
        session = self.invariants.session()
        with session:
            try:
                walk.resource(resource, None, 1, None, None, tuple(profiles), contained=False)
            except RecursionError:
                walk.issues.append(error("json-too-deep", "", "the resource is nested too deeply to validate"))
        return _dedupe(walk.issues)


def _dedupe(issues: list[Issue]) -> list[Issue]:
    seen: set[tuple[str, str, str]] = set()
    result: list[Issue] = []
    for issue in issues:
        key = (issue.code, issue.expression, issue.message)
        if key not in seen:
            seen.add(key)
            result.append(issue)
    return result


class _Walk:
    """One validation run: the issue list and the state shared by all its resources."""

    def __init__(
        self,
        validator: FhirValidator,
        root: dict[str, Any],
        profiles_by_type: Mapping[str, Sequence[str]],
        profile_mode: bool = False,
    ) -> None:
        self.v = validator
        self.root = root
        self.profiles_by_type = profiles_by_type
        self.profile_mode = profile_mode
        self.issues: list[Issue] = []
        # profile walks: locations where the profile's binding was applied (it replaces the base one)
        self.binding_checked: set[str] = set()
        self.max_depth = validator._max_depth
        self.max_items = validator.limits.max_array_items
        self.max_string = validator.limits.max_string_length

    # -- resources -----------------------------------------------------------------------------

    def resource(  # noqa: PLR0917 - hot path: positional calls are cheapest
        self,
        node: Any,
        loc: Loc,
        depth: int,
        outer: _Frame | None,
        bundle: BundleIndex | None,
        profiles: tuple[str, ...],
        contained: bool,
    ) -> None:
        if not isinstance(node, dict):
            self.issues.append(
                error("fhir-json-type", format_location(loc) or "(root)", "a resource must be a JSON object")
            )
            return
        resource_type = node.get("resourceType")
        compiled = self.v.structure(resource_type) if isinstance(resource_type, str) and resource_type else None
        if compiled is None or compiled.kind != "resource" or resource_type not in self.v.resource_types:
            shown = format_location(loc) or (resource_type if isinstance(resource_type, str) else "(root)")
            if resource_type is None:
                message = "resourceType is missing"
            else:
                message = f"resourceType {describe(resource_type)} is not a FHIR R4 resource type"
            self.issues.append(error("fhir-resource-type", shown or "(root)", message))
            return
        if loc is None:  # the outermost resource: locations start with its type
            loc = (None, resource_type, None)
        if depth > self.max_depth:
            self._too_deep(loc)
            return
        if contained and outer is not None:
            scope = outer.scope  # the same container; sharing it shares its '#id' index
        else:
            entry_url = bundle.full_url_of.get(id(node)) if bundle is not None else None
            scope = ReferenceScope(node, bundle, entry_url)
        inner_bundle = bundle
        if resource_type == "Bundle":
            inner_bundle = BundleIndex.of(node)
            if not self.profile_mode:
                self.issues.extend(check_bundle(node, lambda index, *steps: _entry_where(loc, index, steps)))
        frame = _Frame(node, scope, inner_bundle, outer.root if contained and outer is not None else node, loc)
        self.object(node, compiled.root, resource_type, loc, depth, frame, is_resource=True)
        if contained and not self.profile_mode:
            self._contained_rules(node, loc)
        if not self.profile_mode:
            self._profiles(node, resource_type, loc, depth, frame, profiles)

    def _profiles(  # noqa: PLR0917 - hot path: positional calls are cheapest
        self, node: dict[str, Any], resource_type: str, loc: Loc, depth: int, frame: _Frame, given: tuple[str, ...]
    ) -> None:
        wanted: list[str] = list(given)
        meta = node.get("meta")
        declared = meta.get("profile") if isinstance(meta, dict) else None
        known_declared = False
        if isinstance(declared, list):
            for index, url in enumerate(declared):
                if not isinstance(url, str):
                    continue
                if self.v.structure(url) is None:
                    self.issues.append(
                        warning(
                            "fhir-profile-unknown",
                            format_location(_step(_step(loc, "meta"), "profile", index)),
                            f"profile {url} is not known to this validator; the resource was not checked against it "
                            "(the profile is in neither FHIR R4 core nor a spec of this project: see "
                            "`journalloft specs`, and name the spec with --spec)"
                            + (f" ({self.v.definition_errors[url]})" if url in self.v.definition_errors else ""),
                        )
                    )
                else:
                    known_declared = True
                    wanted.append(url)
        if not known_declared:
            wanted.extend(self.profiles_by_type.get(resource_type, ()))
        if resource_type == "Observation":
            self._vital_signs(node, loc, wanted)
        done: set[str] = set()
        for url in wanted:
            compiled = self.v.structure(url)
            if url in done:
                continue
            done.add(url)
            if compiled is None:
                self.issues.append(
                    warning(
                        "fhir-profile-unknown",
                        format_location(loc),
                        f"profile {url} is not known to this validator"
                        + (f" ({self.v.definition_errors[url]})" if url in self.v.definition_errors else ""),
                    )
                )
                continue
            if compiled.is_core_base and compiled.type == resource_type:
                continue  # the base walk did this
            if compiled.type != resource_type:
                self.issues.append(
                    error(
                        "fhir-type-not-allowed",
                        format_location(loc),
                        f"profile {url} constrains {compiled.type}, not {resource_type}",
                    )
                )
                continue
            sub = _Walk(self.v, self.root, self.profiles_by_type, profile_mode=True)
            sub.object(node, compiled.root, resource_type, loc, depth, frame, is_resource=True)
            if sub.binding_checked:
                # The profile's binding governs where it applied one: drop the base definition's verdict.
                self.issues = [
                    issue
                    for issue in self.issues
                    if issue.code not in _BINDING_CODES or issue.expression not in sub.binding_checked
                ]
            self.issues.extend(sub.issues)

    def _vital_signs(self, node: dict[str, Any], loc: Loc, wanted: list[str]) -> None:
        """FHIR requires the core vital-signs profile for an Observation with a vital-sign code."""
        vital = vital_signs_profile(node)
        if vital is None or vital[0] in wanted or self.v.structure(vital[0]) is None:
            return
        self.issues.append(
            information(
                "fhir-profile-by-code",
                format_location(loc),
                f"checked against the {vital[1]} profile ({vital[0]}), which FHIR requires for "
                f"Observations coded {vital[2]}",
            )
        )
        wanted.append(vital[0])

    def _nested_profiles(  # noqa: PLR0917 - mirrors complex_element's arguments
        self, item: dict[str, Any], definition: ElementDef, loc: Loc, depth: int, outer: _Frame, contained: bool
    ) -> None:
        """In a profile walk: a nested resource must have an allowed type and conform to the type's profiles.

        The nested resource's own base walk happened in the base walk; only what the profile adds is
        checked here.
        """
        resource_type = item.get("resourceType")
        allowed = [code for code in definition.type_codes if code not in _RESOURCE_TYPES]
        if allowed and isinstance(resource_type, str) and resource_type not in allowed:
            self.issues.append(
                error(
                    "fhir-type-not-allowed",
                    format_location(loc),
                    f"{definition.path} allows {', '.join(allowed)} here, found {resource_type}",
                )
            )
            return
        if contained:
            scope = outer.scope  # the same container; sharing it shares its '#id' index
            root = outer.root
        else:
            bundle = outer.bundle
            entry_url = bundle.full_url_of.get(id(item)) if bundle is not None else None
            scope = ReferenceScope(item, bundle, entry_url)
            root = item
        frame = _Frame(item, scope, outer.bundle, root)
        for url in definition.type_profiles:
            compiled = self.v.structure(url)
            if compiled is None or compiled.is_core_base or compiled.type != resource_type:
                continue
            self.object(item, compiled.root, compiled.type, loc, depth, frame, is_resource=True)

    def _target_profiles(self, reference: str, element: ElementDef, loc: Loc, frame: _Frame) -> None:
        """A reference that resolves in the instance must reach a resource conforming to a target profile.

        Only profiles beyond the core resource definitions need this: the target's type is checked by
        check_reference, and its base rules where the target itself stands.
        """
        classified = classify(reference)
        if classified is None:
            return
        _, target = resolve(reference, classified[0], frame.scope)
        if not isinstance(target, dict) or not isinstance(target.get("resourceType"), str):
            return
        target_type = target["resourceType"]
        candidates = [
            compiled
            for compiled in (self.v.structure(url) for url in element.target_profiles)
            if compiled is not None and not compiled.is_core_base and compiled.type == target_type
        ]
        # The probe walks the target without the Bundle around it, so a target-profile check nested
        # inside it cannot resolve further and cannot loop on reference cycles.
        if not candidates or self._conforms(target, tuple(c.url for c in candidates)):
            return
        names = ", ".join(c.url for c in candidates)
        self.issues.append(
            error(
                "fhir-reference-target",
                format_location(_step(loc, "reference")),
                f'"{reference}" resolves to a {target_type} that conforms to none of the target profiles {names}',
            )
        )

    def _value_range(self, value: Any, child: ElementDef, loc: Loc) -> None:
        """minValue[x]/maxValue[x] on numbers, and on dates and times of the same precision as the limit.

        Values of another precision than the limit (2024 against 2024-05-01) are not comparable and
        are left alone, as FHIR leaves such comparisons undecided.
        """
        for limit, too_low in ((child.min_value, True), (child.max_value, False)):
            if limit is None or not _comparable(value, limit):
                continue
            if (value < limit) if too_low else (value > limit):
                word = "at least" if too_low else "at most"
                self.issues.append(
                    error(
                        "fhir-value-range", format_location(loc), f"{child.path} must be {word} {limit}, found {value}"
                    )
                )

    def _contained_rules(self, node: dict[str, Any], loc: Loc) -> None:
        if "contained" in node:
            self.issues.append(
                error(
                    "fhir-contained",
                    format_location(_step(loc, "contained")),
                    "a contained resource must not contain resources itself (dom-2)",
                )
            )
        meta = node.get("meta")
        if isinstance(meta, dict):
            for key in ("versionId", "lastUpdated"):
                if key in meta:
                    self.issues.append(
                        error(
                            "fhir-contained",
                            format_location(_step(_step(loc, "meta"), key)),
                            f"a contained resource must not have meta.{key} (dom-4)",
                        )
                    )
            if "security" in meta:
                self.issues.append(
                    error(
                        "fhir-contained",
                        format_location(_step(_step(loc, "meta"), "security")),
                        "a contained resource must not have security labels (dom-5)",
                    )
                )

    def _too_deep(self, loc: Loc) -> None:
        self.issues.append(
            error(
                "json-too-deep",
                format_location(loc),
                f"nesting exceeds the configured limit of {self.max_depth} levels; content below is not checked",
            )
        )

    # -- complex nodes -------------------------------------------------------------------------

    def object(  # noqa: PLR0917 - hot path: positional calls are cheapest
        self,
        node: dict[str, Any],
        element: ElementDef,
        type_code: str,
        loc: Loc,
        depth: int,
        frame: _Frame,
        is_resource: bool = False,
    ) -> None:
        shape = self.v.shape(element, type_code)
        index = shape.index
        issues = self.issues
        choices: dict[str, str] | None = None
        for key, value in node.items():
            entry = index.get(key)
            if entry is None:
                if key[:1] == "_":
                    base = key[1:]
                    base_entry = index.get(base)
                    if base_entry is not None and base_entry[1] in PRIMITIVE_TYPES:
                        if base in node:
                            continue  # handled with its value
                        entry = base_entry
                        key = base  # noqa: PLW2901 - the pair is handled under the value's name
                elif is_resource and key == "resourceType":
                    continue
                elif (choice := _choice_of(key, index)) is not None:
                    used = _type_of(key, choice)
                    issues.append(
                        error(
                            "fhir-type-not-allowed",
                            format_location(_step(loc, f"{choice.base_name}.ofType({used})")),
                            f"{key}: {choice.path} does not allow the type {used} here; "
                            f"allowed: {', '.join(choice.type_codes)}",
                        )
                    )
                    continue
                if entry is None:
                    issues.append(
                        error(
                            "fhir-unknown-element",
                            format_location(_step(loc, key)),
                            f"{key} is not an element of {type_code}",
                        )
                    )
                    continue
            child, child_type = entry
            if child.is_choice:
                if choices is None:
                    choices = {}
                previous = choices.get(child.base_name)
                if previous is not None and previous != key:
                    issues.append(
                        error(
                            "fhir-choice",
                            format_location(_step(loc, child.base_name)),
                            f"{child.base_name}[x] may hold one type only; found both {previous} and {key}",
                        )
                    )
                    continue
                choices[child.base_name] = key
                name = f"{child.base_name}.ofType({child_type})"
            else:
                name = key
            self._descend(node, key, value, child, child_type, loc, name, depth, frame)
        for child, names in shape.required:
            present = False
            for json_name in names:
                if json_name in node or "_" + json_name in node:
                    present = True
                    break
            if not present:
                if child.min > 0:
                    issues.append(
                        error(
                            "fhir-cardinality-min",
                            format_location(loc),
                            f"{child.path} is required (minimum {child.min}) but missing",
                        )
                    )
                for slice_def in child.slices:
                    if slice_def.min > 0 and not child.is_choice:
                        issues.append(
                            error(
                                "fhir-cardinality-min",
                                format_location(loc),
                                f"slice {slice_def.slice_name} of {child.path} requires at least "
                                f"{slice_def.min} item(s), found 0",
                            )
                        )
        if not is_resource:
            # any key besides id means ele-1 holds (null and empty values are reported on their own)
            if shape.ele_1 and len(node) < 2 and "id" in node and not check_ele_1(node):
                issues.append(error("fhir-invariant", format_location(loc), _ELE_1_HUMAN))
            if shape.ext_1 and type_code == "Extension" and not check_ext_1(node):
                issues.append(error("fhir-invariant", format_location(loc), _EXT_1_HUMAN))
            if element.fixed is not None or element.pattern is not None:
                self._fixed_pattern(node, element, loc)
            if element.binding_strength in _BINDING_SEVERITY and type_code in _CODED_TYPES:
                self._binding(node, element, type_code, loc)
        if (type_code == "Coding" or type_code in _QUANTITY_TYPES) and not self.profile_mode:
            self._coding(node, loc, check_display=type_code == "Coding")
        if type_code == "Attachment" and not self.profile_mode:
            problem = attachment_size_problem(node)
            if problem is not None:
                issues.append(error("fhir-attachment-size", format_location(_step(loc, "size")), problem))
        if type_code == "Reference":
            reference = node.get("reference")
            if reference is not None:
                problems = check_reference(
                    reference, self.v.allowed_targets(element), node.get("type"), frame.scope, self.v.resource_types
                )
                for found in problems:
                    report = warning if found.is_warning else error
                    issues.append(report(found.code, format_location(_step(loc, "reference")), found.message))
                if all(found.is_warning for found in problems) and isinstance(reference, str):
                    self._target_profiles(reference, element, loc, frame)
        constraints = shape.profile_constraints if self.profile_mode else shape.constraints
        if constraints:
            bundle = frame.bundle.bundle if frame.bundle is not None else None
            issues.extend(
                self.v.invariants.check(
                    constraints, node, element.path, format_location(loc), frame.resource, frame.root, bundle
                )
            )

    def complex_element(  # noqa: PLR0917 - hot path: positional calls are cheapest
        self, value: Any, child: ElementDef, child_type: str, loc: Loc, name: str, depth: int, frame: _Frame
    ) -> None:
        issues = self.issues
        if child.repeats:
            if not isinstance(value, list):
                if value is None:
                    issues.append(error("fhir-null", format_location(_step(loc, name)), "null is not allowed here"))
                    return
                issues.append(
                    error(
                        "fhir-array-expected",
                        format_location(_step(loc, name)),
                        f"{name} repeats and must be a JSON array",
                    )
                )
                items: list[Any] = [value]
                indexed = False
            elif not value:
                issues.append(error("fhir-empty", format_location(_step(loc, name)), "an empty array is not allowed"))
                return
            else:
                items = value
                indexed = True
                if len(items) > self.max_items:
                    issues.append(
                        error(
                            "fhir-limit",
                            format_location(_step(loc, name)),
                            f"{len(items)} items exceed the configured limit of {self.max_items}; "
                            "the rest are not checked",
                        )
                    )
                    items = items[: self.max_items]
        else:
            if isinstance(value, list):
                issues.append(
                    error(
                        "fhir-array-unexpected",
                        format_location(_step(loc, name)),
                        f"{name} is single-valued and must not be a JSON array",
                    )
                )
                return
            if value is None:
                issues.append(error("fhir-null", format_location(_step(loc, name)), "null is not allowed here"))
                return
            items = [value]
            indexed = False
        if child.max is not None and len(items) > child.max:
            issues.append(
                error(
                    "fhir-cardinality-max",
                    format_location(_step(loc, name)),
                    f"{child.path} allows at most {child.max} item(s), found {len(items)}",
                )
            )
        definitions: list[ElementDef] | None = None
        if child.slices and not child.is_choice and child.slicing is not None:
            definitions = self._slice(items, child, child_type, loc, name, indexed, frame)
        is_resource_type = child_type in _RESOURCE_TYPES or child_type in self.v.resource_types
        for position, item in enumerate(items):
            item_loc = (loc, name, position if indexed else None)
            if item is None:
                issues.append(error("fhir-null", format_location(item_loc), "null is not allowed here"))
                continue
            if is_resource_type:
                contained = child.name == "contained"
                if not self.profile_mode:
                    self.resource(item, item_loc, depth, frame, frame.bundle, (), contained=contained)
                elif isinstance(item, dict):
                    definition = definitions[position] if definitions is not None else child
                    self._nested_profiles(item, definition, item_loc, depth, frame, contained)
                continue
            if not isinstance(item, dict):
                issues.append(
                    error(
                        "fhir-json-type",
                        format_location(item_loc),
                        f"{child_type} must be a JSON object, found {described(item)}",
                    )
                )
                continue
            if not item:
                issues.append(error("fhir-empty", format_location(item_loc), "an empty object is not allowed"))
                continue
            definition = definitions[position] if definitions is not None else child
            if child_type == "Extension" and definition is child and not definition.children:
                url = item.get("url")
                if isinstance(url, str) and not url.startswith("#"):
                    extension_sd = self.v.structure(url) if "/" in url else None
                    # relative urls name the parts of a complex extension, not definitions
                    if extension_sd is None and not self.profile_mode and ("://" in url or url.startswith("urn:")):
                        self._unknown_extension(url, item_loc)
                    if extension_sd is not None and extension_sd.type == "Extension":
                        definition = extension_sd.root
                        if not self.profile_mode and not _context_allows(
                            extension_sd.contexts, child.path, self.v.resource_types, _element_path(loc, frame)
                        ):
                            # a warning: HL7's own R4 examples use several core extensions outside
                            # their declared context, so R4 contexts are not firm enough to reject on
                            issues.append(
                                warning(
                                    "fhir-extension-context",
                                    format_location(item_loc),
                                    f"the extension {url} may be used on "
                                    f"{', '.join(e for _, e in extension_sd.contexts)}, "
                                    f"not on {_element_path(loc, frame) or child.path.rsplit('.', 1)[0]}",
                                )
                            )
            self.object(item, definition, child_type, item_loc, depth, frame)

    def _unknown_extension(self, url: str, loc: Loc) -> None:
        """An extension whose definition is not known: a warning naming its URL (HL7's validator
        makes it an error, but HL7's own R4 examples use extensions R4 core does not define), and
        only information for the domains reserved for examples."""
        if is_example_url(url):
            self.issues.append(
                information(
                    "fhir-extension-unknown",
                    format_location(loc),
                    f"the extension {url} is not known; it is from an example domain, so it was not checked",
                )
            )
            return
        self.issues.append(
            warning(
                "fhir-extension-unknown",
                format_location(loc),
                f"the extension {url} is not known to this validator, so it is not allowed here; "
                "load the package or IG that defines it",
            )
        )

    # -- primitives ----------------------------------------------------------------------------

    def primitive_element(  # noqa: PLR0917 - hot path: positional calls are cheapest
        self,
        node: dict[str, Any],
        key: str,
        child: ElementDef,
        child_type: str,
        loc: Loc,
        name: str,
        depth: int,
        frame: _Frame,
    ) -> None:
        issues = self.issues
        value = node.get(key, _MISSING)
        extension = node.get("_" + key, _MISSING)
        check = CHECKERS[child_type]
        if child.repeats:
            values: list[Any] = []
            if value is not _MISSING:
                if isinstance(value, list):
                    if not value:
                        issues.append(
                            error("fhir-empty", format_location(_step(loc, name)), "an empty array is not allowed")
                        )
                        return
                    values = value
                elif value is None:
                    issues.append(error("fhir-null", format_location(_step(loc, name)), "null is not allowed here"))
                    return
                else:
                    issues.append(
                        error(
                            "fhir-array-expected",
                            format_location(_step(loc, name)),
                            f"{name} repeats and must be a JSON array",
                        )
                    )
                    values = [value]
            extensions: list[Any] = []
            if extension is not _MISSING:
                if isinstance(extension, list):
                    extensions = extension
                else:
                    issues.append(
                        error(
                            "fhir-primitive-extension",
                            format_location(_step(loc, name)),
                            f"_{key} must be a JSON array aligned with {key}",
                        )
                    )
            if values and extensions and len(values) != len(extensions):
                issues.append(
                    error(
                        "fhir-primitive-extension",
                        format_location(_step(loc, name)),
                        f"{key} has {len(values)} item(s) but _{key} has {len(extensions)}; the arrays must line up",
                    )
                )
            count = max(len(values), len(extensions))
            if count > self.max_items:
                issues.append(
                    error(
                        "fhir-limit",
                        format_location(_step(loc, name)),
                        f"{count} items exceed the configured limit of {self.max_items}; the rest are not checked",
                    )
                )
                count = self.max_items
            if child.max is not None and count > child.max:
                issues.append(
                    error(
                        "fhir-cardinality-max",
                        format_location(_step(loc, name)),
                        f"{child.path} allows at most {child.max} item(s), found {count}",
                    )
                )
            for position in range(count):
                item_loc = (loc, name, position)
                item = values[position] if position < len(values) else None
                item_extension = extensions[position] if position < len(extensions) else None
                if item is None and item_extension is None:
                    issues.append(
                        error(
                            "fhir-null",
                            format_location(item_loc),
                            "null is only allowed as a placeholder when the other array has content at this position",
                        )
                    )
                    continue
                if item is not None:
                    self._primitive_value(item, child, child_type, check, item_loc, frame)
                if item_extension is not None:
                    self._primitive_extension(item_extension, child_type, item_loc, depth, frame)
            return
        if isinstance(value, list) or isinstance(extension, list):
            issues.append(
                error(
                    "fhir-array-unexpected",
                    format_location(_step(loc, name)),
                    f"{name} is single-valued and must not be a JSON array",
                )
            )
            return
        single_loc: Loc = (loc, name, None)
        if value is None:
            issues.append(error("fhir-null", format_location(single_loc), "null is not allowed here"))
        elif value is not _MISSING:
            self._primitive_value(value, child, child_type, check, single_loc, frame)
        if extension is not _MISSING:
            if extension is None:
                issues.append(error("fhir-null", format_location(single_loc), f"_{key} must not be null"))
            else:
                if key == "id" and child.path.count(".") == 1 and node is frame.resource:
                    issues.append(
                        error(
                            "fhir-resource-id-extension",
                            format_location(single_loc),
                            "a resource's id may not carry extensions (_id): the id is the server's, not data",
                        )
                    )
                if value is _MISSING and isinstance(extension, dict) and list(extension) == ["id"]:
                    issues.append(error("fhir-invariant", format_location(single_loc), _ELE_1_HUMAN))
                self._primitive_extension(extension, child_type, single_loc, depth, frame)

    def _primitive_value(  # noqa: PLR0917 - hot path: positional calls are cheapest
        self, value: Any, child: ElementDef, child_type: str, check: Any, loc: Loc, frame: _Frame
    ) -> None:
        if type(value) is str and len(value) > self.max_string:
            self.issues.append(
                error(
                    "fhir-limit",
                    format_location(loc),
                    f"the string is {len(value)} characters long; the configured limit is {self.max_string}",
                )
            )
            return
        problem = check(value)
        if problem is not None:
            self.issues.append(error(problem[0], format_location(loc), problem[1]))
            return
        if type(value) is Decimal and child_type == "decimal" and value and not _DOUBLE_MIN <= abs(value) <= _DOUBLE_MAX:  # noqa: E501
            self.issues.append(
                warning(
                    "fhir-decimal-range",
                    format_location(loc),
                    f"{value} is outside the range a 64-bit floating point number holds; "
                    "many systems will not store it exactly",
                )
            )
        if child.max_length is not None and type(value) is str and len(value) > child.max_length:
            self.issues.append(
                error(
                    "fhir-max-length",
                    format_location(loc),
                    f"{child.path} allows at most {child.max_length} characters, found {len(value)}",
                )
            )
        if child.min_value is not None or child.max_value is not None:
            self._value_range(value, child, loc)
        if child.fixed is not None or child.pattern is not None:
            self._fixed_pattern(value, child, loc)
        if child.binding_strength in _BINDING_SEVERITY and child_type in _CODED_TYPES:
            self._binding(value, child, child_type, loc)
        constraints = None
        shape = child.cache.get(child_type)
        if shape is None:
            shape = self.v.shape(child, child_type)
        constraints = shape.profile_constraints if self.profile_mode else shape.constraints
        if constraints:
            bundle = frame.bundle.bundle if frame.bundle is not None else None
            self.issues.extend(
                self.v.invariants.check(
                    constraints, value, child.path, format_location(loc), frame.resource, frame.root, bundle
                )
            )

    def _primitive_extension(self, extension: Any, child_type: str, loc: Loc, depth: int, frame: _Frame) -> None:
        if not isinstance(extension, dict):
            self.issues.append(
                error(
                    "fhir-primitive-extension",
                    format_location(loc),
                    f"the _element of a primitive must be a JSON object with id and/or extension, "
                    f"found {described(extension)}",
                )
            )
            return
        if not extension:
            self.issues.append(error("fhir-empty", format_location(loc), "an empty object is not allowed"))
            return
        compiled = self.v.structure(child_type)
        if compiled is None:
            return
        shape = self.v.shape(compiled.root, child_type)
        for key, value in extension.items():
            entry = shape.index.get(key)
            if entry is None or key == "value":
                self.issues.append(
                    error(
                        "fhir-unknown-element",
                        format_location(_step(loc, key)),
                        f"the extension part of a primitive may hold id and extension only, not {key}",
                    )
                )
                continue
            element, element_type = entry
            self._descend(extension, key, value, element, element_type, loc, key, depth, frame)

    def _descend(  # noqa: PLR0917 - hot path: positional calls are cheapest
        self,
        node: dict[str, Any],
        key: str,
        value: Any,
        child: ElementDef,
        child_type: str,
        loc: Loc,
        name: str,
        depth: int,
        frame: _Frame,
    ) -> None:
        """Walk one child of ``node``, unless that would nest deeper than the limit."""
        # JSON nesting: the array of a repeating element is one level, its items the next
        child_depth = depth + 2 if child.repeats else depth + 1
        if child_depth > self.max_depth:
            self._too_deep(_step(loc, name))
        elif child_type in PRIMITIVE_TYPES:
            self.primitive_element(node, key, child, child_type, loc, name, child_depth, frame)
        else:
            self.complex_element(value, child, child_type, loc, name, child_depth, frame)

    # -- values ----------------------------------------------------------------------------------

    def _fixed_pattern(self, value: Any, element: ElementDef, loc: Loc) -> None:
        if element.fixed is not None and not equals_fixed(value, element.fixed):
            self.issues.append(
                error(
                    "fhir-fixed-value",
                    format_location(loc),
                    f"{element.path} must be exactly {describe(element.fixed)}, found {describe(value)}",
                )
            )
        if element.pattern is not None and not contains_pattern(value, element.pattern):
            self.issues.append(
                error(
                    "fhir-pattern-value",
                    format_location(loc),
                    f"{element.path} must contain {describe(element.pattern)}, found {describe(value)}",
                )
            )

    def _coding(self, coding: dict[str, Any], loc: Loc, check_display: bool) -> None:
        """A code must exist in a code system held with complete content (UCUM: parse); its display should match."""
        system = coding.get("system")
        code = coding.get("code")
        if check_display and isinstance(system, str) and system and ":" not in system:
            self.issues.append(
                error(
                    "fhir-coding-system",
                    format_location(_step(loc, "system")),
                    f'Coding.system must be an absolute URI, not "{system}" (LOINC is http://loinc.org)',
                )
            )
            return
        if not isinstance(system, str) or not isinstance(code, str):
            return
        if system == UCUM:
            problem = ucum_syntax_error(code)
            if problem is not None:
                self.issues.append(
                    error(
                        "fhir-code-unknown",
                        format_location(_step(loc, "code")),
                        f'"{code}" is not a valid UCUM expression: {problem}',
                    )
                )
            return
        known, expected = self.v.code_facts(system, code)
        if known is False:
            self.issues.append(
                error("fhir-code-unknown", format_location(_step(loc, "code")), f'"{code}" is not a code of {system}')
            )
            return
        display = coding.get("display")
        if (
            check_display
            and isinstance(display, str)
            and expected is not None
            and " ".join(display.split()).casefold() != " ".join(expected.split()).casefold()
        ):
            self.issues.append(
                warning(
                    "fhir-display",
                    format_location(_step(loc, "display")),
                    f'display "{display}" differs from "{expected}", the display {system} gives code {code}',
                )
            )

    def _binding(self, value: Any, element: ElementDef, type_code: str, loc: Loc) -> None:
        if not element.binding_value_set:
            return
        if self.profile_mode:
            self.binding_checked.add(format_location(loc))
        value_set = element.binding_value_set
        codes: list[tuple[str | None, str]] = []
        if type_code in ("code", "string", "uri"):
            if isinstance(value, str):
                codes.append((None, value))
        elif type_code in {"Coding", "Quantity"}:
            code = value.get("code")
            if isinstance(code, str):
                system = value.get("system")
                codes.append((system if isinstance(system, str) else None, code))
        elif type_code == "CodeableConcept":
            codings = value.get("coding")
            for coding in codings if isinstance(codings, list) else ():
                if isinstance(coding, dict) and isinstance(coding.get("code"), str):
                    system = coding.get("system")
                    codes.append((system if isinstance(system, str) else None, coding["code"]))
        if not codes:
            if type_code == "CodeableConcept" and element.binding_strength in ("required", "extensible"):
                # text alone cannot show that the concept is in the value set (as HL7's validator says)
                severity, code_name = _BINDING_SEVERITY[element.binding_strength]
                self.issues.append(
                    Issue(
                        severity,
                        code_name,
                        format_location(loc),
                        f"no code given; the {element.binding_strength} binding needs a coding from {value_set}",
                    )
                )
            return
        statuses = []
        for system, code in codes:
            result = self.v.check_code(value_set, system, code)
            if result.status == "member":
                return
            statuses.append(result)
        severity, code_name = _BINDING_SEVERITY[element.binding_strength]  # type: ignore[index]
        if any(result.status == "unknown-value-set" for result in statuses):
            if element.binding_strength == "required":
                self.issues.append(
                    information(
                        "fhir-valueset-unknown",
                        format_location(loc),
                        f"value set {value_set} is not available offline; the code was not checked",
                    )
                )
            return
        if any(result.status != "not-member" for result in statuses):
            return
        shown = ", ".join((f"{s}|{c}" if s else c) for s, c in codes)
        self.issues.append(
            Issue(
                severity,
                code_name,
                format_location(loc),
                f"{shown} is not in the {element.binding_strength} value set {value_set}",
            )
        )

    # -- slicing ---------------------------------------------------------------------------------

    def _slice(  # noqa: PLR0917 - hot path: positional calls are cheapest
        self,
        items: list[Any],
        child: ElementDef,
        child_type: str,
        loc: Loc,
        name: str,
        indexed: bool,
        frame: _Frame,
    ) -> list[ElementDef]:
        slicing = child.slicing
        assert slicing is not None
        definitions: list[ElementDef] = []
        counts = [0] * len(child.slices)
        last_slice = -1
        seen_unmatched = False
        order_reported = False

        def children_of(element: ElementDef, type_code: str) -> dict[str, tuple[ElementDef, str]]:
            return self.v.shape(element, type_code).index

        for position, item in enumerate(items):
            item_loc = (loc, name, position if indexed else None)
            matched = -1
            if item is not None and slicing.discriminators:
                for slice_index, slice_def in enumerate(child.slices):
                    if matches(
                        item,
                        slice_def,
                        slicing.discriminators,
                        children_of,
                        self._conforms,
                        self._resolver(frame),
                        self._profile_root,
                        self._member_of,
                    ):
                        matched = slice_index
                        break
            if matched < 0:
                definitions.append(child)
                if slicing.rules == "closed" and item is not None:
                    self.issues.append(
                        error(
                            "fhir-slice-unmatched",
                            format_location(item_loc),
                            f"this item matches none of the slices of {child.path} "
                            f"({', '.join(s.slice_name or '?' for s in child.slices)}), and the slicing is closed",
                        )
                    )
                seen_unmatched = True
                continue
            counts[matched] += 1
            definitions.append(child.slices[matched])
            if not order_reported:
                if slicing.ordered and matched < last_slice:
                    self.issues.append(
                        error(
                            "fhir-slice-order",
                            format_location(item_loc),
                            f"slice {child.slices[matched].slice_name} comes after slice "
                            f"{child.slices[last_slice].slice_name}, but the slices of {child.path} are ordered",
                        )
                    )
                    order_reported = True
                elif slicing.rules == "openAtEnd" and seen_unmatched:
                    self.issues.append(
                        error(
                            "fhir-slice-order",
                            format_location(item_loc),
                            f"items that match no slice of {child.path} must come after all sliced items (openAtEnd)",
                        )
                    )
                    order_reported = True
            last_slice = max(last_slice, matched)
        for slice_index, slice_def in enumerate(child.slices):
            count = counts[slice_index]
            if count < slice_def.min:
                self.issues.append(
                    error(
                        "fhir-cardinality-min",
                        format_location(loc),
                        f"slice {slice_def.slice_name} of {child.path} requires at least {slice_def.min} item(s), "
                        f"found {count}",
                    )
                )
            if slice_def.max is not None and count > slice_def.max:
                self.issues.append(
                    error(
                        "fhir-cardinality-max",
                        format_location(_step(loc, name)),
                        f"slice {slice_def.slice_name} of {child.path} allows at most {slice_def.max} item(s), "
                        f"found {count}",
                    )
                )
        return definitions

    def _member_of(self, value: Any, value_set: str) -> bool:
        """Is a code, Coding or CodeableConcept in the value set (for value discriminators on bindings)?"""
        codes: list[tuple[str | None, str]] = []
        if isinstance(value, str):
            codes.append((None, value))
        elif isinstance(value, dict):
            codings = value.get("coding") if "coding" in value else [value]
            for coding in codings if isinstance(codings, list) else ():
                if isinstance(coding, dict) and isinstance(coding.get("code"), str):
                    system = coding.get("system")
                    codes.append((system if isinstance(system, str) else None, coding["code"]))
        return any(self.v.check_code(value_set, system, code).status == "member" for system, code in codes)

    def _profile_root(self, url: str) -> tuple[ElementDef, str] | None:
        compiled = self.v.structure(url)
        return (compiled.root, compiled.type) if compiled is not None else None

    def _conforms(self, value: Any, profiles: tuple[str, ...]) -> bool:
        for url in profiles:
            compiled = self.v.structure(url)
            if compiled is None:
                return True  # cannot be decided offline: do not reject the item for it
            probe = _Walk(self.v, self.root, {}, profile_mode=True)
            scope = ReferenceScope(value if isinstance(value, dict) else {}, None, None)
            holder = value if isinstance(value, dict) else {}
            frame = _Frame(holder, scope, None, holder)
            if not isinstance(value, dict):
                continue
            is_resource = compiled.kind == "resource"
            probe.object(
                value, compiled.root, compiled.type, (None, compiled.type, None), 0, frame, is_resource=is_resource
            )
            if not any(issue.severity.is_error for issue in probe.issues):
                return True
        return False

    @staticmethod
    def _resolver(frame: _Frame) -> Any:
        def resolve_reference(value: Any) -> Any:
            from journalloft.fhir.references import classify, resolve

            reference = value.get("reference") if isinstance(value, dict) else None
            if not isinstance(reference, str):
                return None
            kind = classify(reference)
            if kind is None:
                return None
            return resolve(reference, kind[0], frame.scope)[1]

        return resolve_reference


def _choice_of(key: str, index: dict[str, tuple[ElementDef, str]]) -> ElementDef | None:
    """The choice element a JSON key would belong to if its type were allowed (valueString -> value[x])."""
    for element, _type in index.values():
        if element.is_choice:
            base = element.base_name
            if key.startswith(base) and len(key) > len(base) and key[len(base)].isupper():
                return element
    return None


def _entry_where(loc: Loc, index: int | None, steps: tuple[str, ...]) -> str:
    if index is None:
        return format_location(loc)
    where: Loc = _step(loc, "entry", index)
    for step in steps:
        where = _step(where, step)
    return format_location(where)
