"""Shared parts of one validation walk: locations, frames, shapes and the run state.

The walk (:mod:`journalloft.fhir.walk`) is composed of one collaborator per concern (structure,
primitives, values, profiles and slicing, terminology, resources and references, extensions, URIs,
narrative links); they share the run state (WalkRun) set up here. Locations are kept as a chain of
``(parent, name, index)`` tuples and only formatted as FHIRPath text when an issue is reported or an
invariant needs it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from journalloft.fhir.elements import ElementDef
from journalloft.fhir.options import DEFAULT_OPTIONS, FhirOptions
from journalloft.fhir.references import BundleIndex, ReferenceScope
from journalloft.issues import Issue, Severity, error

if TYPE_CHECKING:
    from collections import Counter

    from journalloft.fhir.validator import FhirValidator

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


def _step(loc: Loc, name: str, index: int | None = None) -> Loc:
    return (loc, name, index)


@dataclass(slots=True)
class _Shape:
    """What a complex node of one element definition and type may hold."""

    index: dict[str, tuple[ElementDef, str]]
    required: tuple[tuple[ElementDef, tuple[str, ...]], ...]  # JSON names, each followed by its "_" name
    constraints: tuple[dict[str, Any], ...]  # sent to FHIRPath in the base walk
    profile_constraints: tuple[dict[str, Any], ...]  # sent to FHIRPath in a profile walk
    ele_1: bool
    ext_1: bool
    # a primitive value of this element and type needs no more than its syntax and decimal range
    # checked (no length, range, fixed or pattern value, binding); constraints are looked at apart
    plain_value: bool = False
    # what an object of this element and type gets checked for after its children (worked out once,
    # not per object): a fixed or pattern value, a binding, and the type's own rules
    fixed_or_pattern: bool = False
    binding: bool = False
    type_rules: int = 0  # TYPE_RULES_NONE, _CODING, _QUANTITY, _ATTACHMENT or _REFERENCE
    # a single string or boolean value of this primitive element needs its syntax checked and
    # nothing else (plain, no constraints), in the base walk / in a profile walk (see StructureWalk.walk_object)
    syntax_only: bool = False
    syntax_only_in_profiles: bool = False


TYPE_RULES_NONE, TYPE_RULES_CODING, TYPE_RULES_QUANTITY, TYPE_RULES_ATTACHMENT, TYPE_RULES_REFERENCE = range(5)


def type_rules(type_code: str) -> int:
    """Which of the walk's type-specific object rules apply to a type (see _Shape.type_rules)."""
    if type_code == "Coding":
        return TYPE_RULES_CODING
    if type_code in _QUANTITY_TYPES:
        return TYPE_RULES_QUANTITY
    if type_code == "Attachment":
        return TYPE_RULES_ATTACHMENT
    if type_code == "Reference":
        return TYPE_RULES_REFERENCE
    return TYPE_RULES_NONE


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


class WalkRun:
    """One validation run's state, shared by the walk's concerns: the issue list, options, limits and
    what the base walk recorded for the profile walks (see :mod:`journalloft.fhir.walk`)."""

    __slots__ = (
        "binding_checked", "constraints_left", "extension_source", "issues", "link_targets", "max_depth",
        "max_items", "max_string", "not_checked", "options", "profile_mode", "profile_walked",
        "profiles_by_type", "root", "v", "walked",
    )

    def __init__(
        self,
        validator: FhirValidator,
        root: dict[str, Any],
        profiles_by_type: Mapping[str, Sequence[str]],
        profile_mode: bool = False,
        options: FhirOptions = DEFAULT_OPTIONS,
    ) -> None:
        self.start(validator, root, profiles_by_type, profile_mode, options)

    def start(
        self,
        validator: FhirValidator,
        root: dict[str, Any],
        profiles_by_type: Mapping[str, Sequence[str]],
        profile_mode: bool,
        options: FhirOptions,
    ) -> None:
        """Sets up a fresh run (new lists and maps: whoever read the last run's keeps them)."""
        self.v = validator
        self.options = options
        # which spec version defines an extension this run's definitions lack (set by validate)
        self.extension_source: Callable[[str], str | None] | None = None
        self.root = root
        self.profiles_by_type = profiles_by_type
        self.profile_mode = profile_mode
        self.issues: list[Issue] = []
        # code system -> (location of its first code, number of codes) for codes of code systems not
        # held here and not checked by a terminology server (one finding per system: not_checked_findings)
        self.not_checked: dict[str, tuple[Loc, int]] = {}
        # profile walks: locations where the profile's binding was applied (it replaces the base one);
        # formatted only when there is a binding finding to replace
        self.binding_checked: list[Loc] = []
        # id(node) -> (element, type, location) of every object the base walk checked; a profile walk
        # that is given this map skips an object it would check with the same definition (apply_profiles).
        # Kept only while a resource that may get profile walks is walked (see ResourceWalk.resource).
        self.walked: dict[int, tuple[ElementDef, str, Loc]] | None = None
        # the same for the objects earlier profile walks of the same resource checked (given with walked)
        self.profile_walked: dict[int, tuple[ElementDef, str, Loc]] | None = None
        # in a profile walk given those maps: id(node) -> the profile's constraints on that object that no
        # earlier walk evaluated there (ProfileWalk.walked_keys); objects not in it get all of them
        self.constraints_left: dict[int, tuple[dict[str, Any], ...]] | None = None
        self.max_depth = validator._max_depth
        self.max_items = validator.limits.max_array_items
        self.max_string = validator.limits.max_string_length
        # id(node) -> the link targets in that subtree (NarrativeLinkWalk.targets_in)
        self.link_targets: dict[int, Counter[str]] = {}

    def too_deep(self, loc: Loc) -> None:
        self.issues.append(
            error(
                "json-too-deep",
                format_location(loc),
                f"nesting exceeds the configured limit of {self.max_depth} levels; content below is not checked",
            )
        )
