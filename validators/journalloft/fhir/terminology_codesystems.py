"""One CodeSystem indexed for membership checks: codes (case-folded where the system says so), displays,
the is-a hierarchy, not-selectable, inactive and retired codes, and where a copied code system comes from."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

# A CodeSystem carrying this extension is a copy of a code system someone else owns (see copy_of).
SOURCE_REFERENCE = "http://hl7.org/fhir/StructureDefinition/codesystem-sourceReference"
REPLACED_BY = "http://hl7.org/fhir/StructureDefinition/codesystem-replacedby"
_INACTIVE_STATUS = frozenset({"deprecated", "retired", "inactive"})


def fold_case(code: str, case_sensitive: bool) -> str:
    return code if case_sensitive else code.casefold()


@dataclass(slots=True)
class CodeSystemIndex:
    """One CodeSystem's codes, displays and is-a hierarchy, keyed by (possibly folded) code."""

    url: str
    enumerable: bool
    """content == complete: the concept list is the whole code system."""
    case_sensitive: bool
    displays: dict[str, str | None] = field(default_factory=dict)
    codes: dict[str, str] = field(default_factory=dict)
    """folded code -> code as the code system writes it."""
    children: dict[str, set[str]] = field(default_factory=dict)
    not_selectable: set[str] = field(default_factory=set)
    inactive: set[str] = field(default_factory=set)
    """Codes the code system marks deprecated, retired or inactive."""
    retirements: dict[str, str] = field(default_factory=dict)
    """Retired code -> why (its definition, or the code that replaces it, from codesystem-replacedby)."""
    copy_of: str | None = None
    """Where the code system comes from when this resource is a copy of one owned by someone else
    (its codesystem-sourceReference): its displays are then not the owner's word."""

    def key(self, code: str) -> str:
        return fold_case(code, self.case_sensitive)

    def descendants(self, code: str) -> set[str]:
        found: set[str] = set()
        pending = [self.key(code)]
        while pending:
            for child in self.children.get(pending.pop(), ()):
                if child not in found:
                    found.add(child)
                    pending.append(child)
        return found

    def parents_of(self, code: str) -> set[str]:
        target = self.key(code)
        return {parent for parent, kids in self.children.items() if target in kids}


def index_code_system(resource: dict[str, Any]) -> CodeSystemIndex:
    case_sensitive = resource.get("caseSensitive") is not False
    index = CodeSystemIndex(
        url=resource.get("url", ""),
        enumerable=resource.get("content") == "complete",
        case_sensitive=case_sensitive,
        copy_of=_source_reference(resource),
    )
    def visit(concepts: Iterable[dict[str, Any]], parent: str | None) -> None:
        for concept in concepts:
            code = concept.get("code")
            if not isinstance(code, str):
                continue
            key = index.key(code)
            index.codes[key] = code
            index.displays[key] = concept.get("display")
            if parent is not None:
                index.children.setdefault(parent, set()).add(key)
            for prop in concept.get("property", ()):
                name = prop.get("code")
                if name == "subsumedBy" and isinstance(prop.get("valueCode"), str):
                    index.children.setdefault(index.key(prop["valueCode"]), set()).add(key)
                elif name == "notSelectable" and prop.get("valueBoolean") is True:
                    index.not_selectable.add(key)
                elif (name == "status" and prop.get("valueCode") in _INACTIVE_STATUS) or (
                    name in ("inactive", "deprecated") and prop.get("valueBoolean") is True
                ):
                    index.inactive.add(key)
                if name == "status" and prop.get("valueCode") == "retired":
                    index.retirements[key] = _retirement_reason(concept)
            visit(concept.get("concept", ()), key)

    visit(resource.get("concept", ()), None)
    return index


def _retirement_reason(concept: dict[str, Any]) -> str:
    definition = concept.get("definition")
    if isinstance(definition, str) and definition.strip():
        return definition.strip()
    for extension in concept.get("extension") or ():
        coding = extension.get("valueCoding") if isinstance(extension, dict) else None
        if extension.get("url") == REPLACED_BY and isinstance(coding, dict) and isinstance(coding.get("code"), str):
            display = coding.get("display")
            return f"replaced by {coding['code']}" + (f" ({display})" if isinstance(display, str) else "")
    return "retired"


def _source_reference(resource: dict[str, Any]) -> str | None:
    for extension in resource.get("extension") or ():
        if isinstance(extension, dict) and extension.get("url") == SOURCE_REFERENCE:
            value = extension.get("valueUri")
            return value if isinstance(value, str) and value else None
    return None
