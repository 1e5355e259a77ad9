"""Norwegian identifiers in FHIR resources: check every Identifier whose system is a Norwegian OID.

Runs after the FHIR engine, for every spec (base R4 included). The resource is walked with the base
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
from collections.abc import Iterable, Iterator
from typing import Any

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

_Index = dict[str, tuple[ElementDef, str]]


def check_identifiers(resource: Any, *, synthetic_only: bool = False, reported: Iterable[str] = ()) -> list[Issue]:
    """The ``no-id-*`` issues of every Norwegian Identifier in ``resource`` (skipping ``reported`` locations)."""
    if not isinstance(resource, dict) or not isinstance(resource.get("resourceType"), str):
        return []
    index = _type_index(resource["resourceType"])
    if index is None:
        return []
    skip = set(reported)
    return [
        issue
        for expression, identifier in _identifiers(resource, index, resource["resourceType"])
        for issue in _check(identifier, expression, synthetic_only)
        if issue.expression not in skip
    ]


def _check(identifier: dict[str, Any], at: str, synthetic_only: bool) -> list[Issue]:
    system, value = identifier.get("system"), identifier.get("value")
    if not isinstance(system, str) or system not in SYSTEMS or not isinstance(value, str) or not value:
        return []
    return identifier_issues(value, SYSTEMS[system], f"{at}.value", synthetic_only=synthetic_only)


def _identifiers(node: dict[str, Any], index: _Index, at: str) -> Iterator[tuple[str, dict[str, Any]]]:
    for key, content in node.items():
        found = index.get(key)
        if found is None:
            continue  # unknown, "_primitive" or resourceType: nothing typed below it
        element, type_code = found
        name = f"{element.base_name}.ofType({type_code})" if element.is_choice else element.base_name
        items = enumerate(content) if isinstance(content, list) else [(None, content)]
        for position, item in items:
            if not isinstance(item, dict):
                continue
            where = f"{at}.{name}" if position is None else f"{at}.{name}[{position}]"
            if type_code == "Identifier":
                yield where, item
            child_index = _child_index(element, type_code, item)
            if child_index:
                yield from _identifiers(item, child_index, where)


def _child_index(element: ElementDef, type_code: str, item: dict[str, Any]) -> _Index | None:
    if type_code == "Resource":
        resource_type = item.get("resourceType")
        return _type_index(resource_type) if isinstance(resource_type, str) else None
    source = element.content_target or element
    if source.children:
        return source.child_index  # a backbone element defines its own children
    return _type_index(type_code) if type_code and type_code[0].isupper() else None


@functools.cache
def _type_index(type_name: str) -> _Index | None:
    """The JSON-key index of a base R4 type or resource, compiled once per process."""
    definition = load_core().structure_definition(CORE_SD_BASE + type_name)
    if not isinstance(definition, dict) or not (definition.get("snapshot") or {}).get("element"):
        return None
    return compile_structure(definition).root.child_index
