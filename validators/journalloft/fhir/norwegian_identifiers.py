"""Norwegian identifiers in FHIR resources: check every Identifier whose system is a Norwegian OID.

The ``norwegian-identifiers`` rule set (:data:`journalloft.checks.EVERY_FHIR_PAYLOAD`): runs after the
FHIR engine, for every spec (base R4 included). The resource is walked with the base
R4 definitions, so an Identifier is found wherever the type system puts one (``Patient.identifier``,
``Reference.identifier``, ``Extension.valueIdentifier``, inside ``contained`` resources and Bundle
entries) and reported in the engine's expression style: the resource type at the root, nested
resources continuing their holder's path, ``[n]`` only on arrays, ``value.ofType(Identifier)`` for a
choice. Only the base definitions are used: profiles cannot rename JSON keys, so the base types say
where Identifiers are.

OIDs (HL7 Norway no-basis NamingSystems; Direktoratet for e-helse, kodeverk 8116): fødselsnummer
2.16.578.1.12.4.1.4.1, D-nummer .4.2, FHN .4.3, HPR-nummer .4.4, organisasjonsnummer .4.101. H-nummer
has no OID of its own there; H-numbers sent under another system are not checked here.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from typing import Any

from journalloft.checks import RuleContext
from journalloft.fhir.definitions import CORE_SD_BASE, load_core
from journalloft.fhir.elements import ElementDef, compile_structure
from journalloft.identifier_issues import identifier_issues
from journalloft.identifiers import IdKind
from journalloft.issues import Issue

SYSTEMS: dict[str, tuple[IdKind, ...]] = {
    "urn:oid:2.16.578.1.12.4.1.4.1": (IdKind.FNR,),
    "urn:oid:2.16.578.1.12.4.1.4.2": (IdKind.DNR,),
    "urn:oid:2.16.578.1.12.4.1.4.3": (IdKind.FHN,),
    "urn:oid:2.16.578.1.12.4.1.4.4": (IdKind.HPR,),
    "urn:oid:2.16.578.1.12.4.1.4.101": (IdKind.ORGNR,),
}
"""Identifier.system -> the identifier kind its value must be."""
_SYSTEM_PREFIX = b"urn:oid:2.16.578.1.12.4.1.4."
# A \u escape of a character of that prefix (u r n : o i d . and digits), which could hide it in the text
_ESCAPED_PREFIX_CHARACTER = re.compile(rb"\\u00(?:3[0-9a]|2e|7[25]|6[49ef])", re.IGNORECASE)


def may_hold_identifiers(data: bytes) -> bool:
    """False only when the JSON text cannot hold a Norwegian identifier system (so the walk finds nothing).

    Every system of :data:`SYSTEMS` starts with the same OID prefix, which JSON can only write
    literally or with ``\\u`` escapes: a text with neither has no such Identifier.system.
    """
    return _SYSTEM_PREFIX in data or _ESCAPED_PREFIX_CHARACTER.search(data) is not None


_Index = dict[str, tuple[ElementDef, str]]


def rule_set(resource: dict[str, Any], found: Sequence[Issue], context: RuleContext) -> list[Issue]:
    """The ``norwegian-identifiers`` rule set (journalloft.checks), run on every FHIR payload after the
    engine: locations the engine already reported are skipped. A document whose text cannot hold a
    Norwegian system is not walked at all."""
    if context.text is not None and not may_hold_identifiers(context.text):
        return []
    options = context.options
    return check_identifiers(
        resource,
        synthetic_only=options.synthetic_only,
        reported=(issue.expression for issue in found),
        strict=options.strict_identifiers,
    )


def check_identifiers(
    resource: Any, *, synthetic_only: bool = False, reported: Iterable[str] = (), strict: bool = True
) -> list[Issue]:
    """The ``no-id-*`` issues of every Norwegian Identifier in ``resource`` (skipping ``reported`` locations);
    ``strict``: a wrong form or check digit is an error, else a warning (see identifier_issues)."""
    if not isinstance(resource, dict) or not isinstance(resource.get("resourceType"), str):
        return []
    index = _type_index(resource["resourceType"])
    if index is None:
        return []
    skip = set(reported)
    found: list[tuple[_Loc, dict[str, Any]]] = []
    _identifiers(resource, _steps(index), (None, resource["resourceType"], None), found)
    return [
        issue
        for loc, identifier in found
        for issue in _check(identifier, loc, synthetic_only, strict)
        if issue.expression not in skip
    ]


# A location is a chain of (parent, name, array index), formatted only for an Identifier that is
# reported: most nodes of a resource are walked past, and building their paths would dominate.
_Loc = tuple[Any, str, "int | None"] | None


def _format(loc: _Loc) -> str:
    parts: list[str] = []
    while loc is not None:
        parent, name, position = loc
        parts.append(name if position is None else f"{name}[{position}]")
        loc = parent
    return ".".join(reversed(parts))


def _check(identifier: dict[str, Any], loc: _Loc, synthetic_only: bool, strict: bool) -> list[Issue]:
    system, value = identifier.get("system"), identifier.get("value")
    if not isinstance(system, str) or system not in SYSTEMS or not isinstance(value, str) or not value:
        return []
    return identifier_issues(
        value, SYSTEMS[system], f"{_format(loc)}.value", synthetic_only=synthetic_only, strict=strict
    )


class _Step:
    """What the walk needs of one JSON key that can hold objects, worked out once per key of an index."""

    __slots__ = ("child_index", "children", "is_identifier", "is_resource", "name")

    def __init__(self, name: str, is_identifier: bool, is_resource: bool, child_index: _Index | None) -> None:
        self.name = name
        """The key's name in an expression (``value.ofType(Identifier)`` for a choice)."""
        self.is_identifier = is_identifier
        self.is_resource = is_resource
        """A Resource (contained, Bundle.entry.resource): its keys depend on the item's resourceType."""
        self.child_index = child_index
        self.children: dict[str, _Step] | None = None
        """The steps of ``child_index``, looked up at the first item walked into (not for every item)."""


def _identifiers(
    node: dict[str, Any], steps: dict[str, _Step], at: _Loc, found: list[tuple[_Loc, dict[str, Any]]]
) -> None:
    for key, content in node.items():
        step = steps.get(key)
        if step is None:
            continue  # unknown, "_primitive", a primitive or resourceType: nothing typed below it
        if isinstance(content, list):
            for position, item in enumerate(content):
                if isinstance(item, dict):
                    _item(item, step, (at, step.name, position), found)
        elif isinstance(content, dict):
            _item(content, step, (at, step.name, None), found)


def _item(item: dict[str, Any], step: _Step, loc: _Loc, found: list[tuple[_Loc, dict[str, Any]]]) -> None:
    if step.is_identifier:
        found.append((loc, item))
    if step.is_resource:
        resource_type = item.get("resourceType")
        index = _type_index(resource_type) if isinstance(resource_type, str) else None
        children = _steps(index) if index else None
    else:
        children = step.children
        if children is None and step.child_index:
            children = step.children = _steps(step.child_index)
    if children:
        _identifiers(item, children, loc, found)


# id(index) -> (index, its non-primitive keys with what the walk needs of each): worked out once per index
_STEPS: dict[int, tuple[_Index, dict[str, _Step]]] = {}


def _steps(index: _Index) -> dict[str, _Step]:
    """Per JSON key of ``index`` that can hold objects: its step (see _Step)."""
    cached = _STEPS.get(id(index))
    if cached is not None and cached[0] is index:
        return cached[1]
    steps = {}
    for key, (element, type_code) in index.items():
        if type_code and type_code[0].islower():
            continue  # a primitive holds no objects (contentReference elements have no type code)
        name = f"{element.base_name}.ofType({type_code})" if element.is_choice else element.base_name
        is_resource = type_code == "Resource"
        child_index = None if is_resource else _child_index(element, type_code, {})
        steps[key] = _Step(name, type_code == "Identifier", is_resource, child_index)
    _STEPS[id(index)] = (index, steps)  # the index is kept, so its id is not reused
    return steps


def _child_index(element: ElementDef, type_code: str, item: dict[str, Any]) -> _Index | None:
    if type_code == "Resource":
        resource_type = item.get("resourceType")
        return _type_index(resource_type) if isinstance(resource_type, str) else None
    source = element.content_target or element
    if source.children:
        return source.child_index  # a backbone element defines its own children
    return _type_index(type_code) if type_code else None


@functools.cache
def _type_index(type_name: str) -> _Index | None:
    """The JSON-key index of a base R4 type or resource, compiled once per process."""
    definition = load_core().structure_definition(CORE_SD_BASE + type_name)
    if not isinstance(definition, dict) or not (definition.get("snapshot") or {}).get("element"):
        return None
    return compile_structure(definition).root.child_index
