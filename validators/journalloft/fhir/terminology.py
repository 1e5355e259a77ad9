"""Offline code membership: is (system, code) in a ValueSet?

Each ValueSet is compiled once, on first use, into per-system code sets; later checks are a
dict lookup and a set lookup. The compiled form combines two sources:

* the `expansion` HL7 ships (hl7.fhir.r4.expansions). When it is not flagged incomplete
  (valueset-unclosed / valueset-toocostly), the codes it lists for a system are that system's
  exact membership, even for code systems we do not have (ISO 4217, CVX, ...).
* the `compose` definition, evaluated over the CodeSystems the source knows: whole code systems
  with content "complete", explicit concept lists, imported value sets, and the filters is-a,
  descendent-of, is-not-a, `=` on concept/parent/child, `in` on concept and regex on code. This
  covers value sets without an expansion (our own specs'), and systems an expansion flagged as
  incomplete or silently left empty (HL7's expansions list nothing for LOINC filters).

Hierarchy filters follow the nesting of CodeSystem.concept and the ``subsumedBy`` property (HL7
Terminology states the v3 hierarchies only that way), as HL7's expander does; the extra "child"
links of R4's v3 code systems are ignored (with them the results differ from HL7's expansions).
Codes a code system marks deprecated or retired are left out of HL7's expansions but stay
members here, flagged `inactive`, so a caller can warn rather than reject.

An expansion is not taken as the membership of a system the compose selects by filter or as a
whole when that code system is held completely (the compose over it is exact, and newer than an
R4 expansion where HL7 Terminology replaced the code system), nor when the system is one HL7's
expander truncates (SNOMED CT, LOINC, ...: its list is a sample), nor when the expansion lists
fewer codes than its ``total``; such a part is open, so a code outside it is ``not-checkable``.

What cannot be enumerated offline (SNOMED CT, LOINC, UCUM, BCP-47, MIME types, filters on
properties we do not carry) gives `not-checkable` rather than a guess; for UCUM a code that
breaks UCUM's grammar is `not-member`. Case sensitivity follows CodeSystem.caseSensitive; when a
code system does not say, codes are compared exactly.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace
from typing import Any, Literal, Protocol

from journalloft.fhir import regex_linear
from journalloft.fhir.definitions import split_canonical
from journalloft.fhir.terminology_codesystems import CodeSystemIndex, fold_case, index_code_system
from journalloft.fhir.terminology_ucum import UCUM, ucum_syntax_error
from journalloft.fhir.terminology_valuesets import (
    CompiledValueSet,
    SystemPart,
    difference_of,
    expansion_codes,
    intersection_of,
    open_part,
    selected_by_rule,
    union_of,
)

Status = Literal["member", "not-member", "unknown-value-set", "not-checkable"]

_INCOMPLETE_EXPANSION = frozenset({
    "http://hl7.org/fhir/StructureDefinition/valueset-unclosed",
    "http://hl7.org/fhir/StructureDefinition/valueset-toocostly",
})
# Code systems too large for HL7's expander to list: an expansion that selects from them by filter
# or as a whole holds a truncated sample (HL7 cut them at 1,000 to 4,000 codes), whatever its
# `total` says, so it cannot show that a code is outside the value set.
_LARGE_SYSTEMS = frozenset({
    "http://snomed.info/sct",
    "http://loinc.org",
    "http://www.nlm.nih.gov/research/umls/rxnorm",
    "http://hl7.org/fhir/sid/ndc",
    "http://hl7.org/fhir/sid/icd-10",
    "http://hl7.org/fhir/sid/icd-10-cm",
    "http://hl7.org/fhir/sid/icd-9-cm",
    UCUM,
})


class TerminologySource(Protocol):
    """Anything that resolves canonical urls (optionally `|version`) to ValueSet/CodeSystem JSON."""

    def value_set(self, url: str) -> dict[str, Any] | None: ...

    def code_system(self, url: str) -> dict[str, Any] | None: ...


@dataclass(frozen=True, slots=True)
class CodeCheck:
    status: Status
    message: str
    display_ok: bool | None = None
    """Whether the given display matches the code's display; None when not checked or unknown."""
    expected_display: str | None = None
    inactive: bool = False
    """A member the code system marks deprecated, retired or inactive."""



# -- the service --------------------------------------------------------------------------------

class Terminology:
    """Code membership and displays over a TerminologySource (CoreDefinitions or FhirContext)."""

    def __init__(self, lookup: TerminologySource) -> None:
        self._lookup = lookup
        self._value_sets: dict[str, CompiledValueSet | None] = {}
        # Compiled imports, before the inactive flags are added (shared between importers).
        self._definitions: dict[str, CompiledValueSet | None] = {}
        self._code_systems: dict[str, CodeSystemIndex | None] = {}
        self._expansion_displays: dict[tuple[str, str], str] = {}
        self._lock = threading.RLock()

    # -- public API --------------------------------------------------------------------------

    def check_code(self, value_set_url: str, system: str | None, code: str,
                   display: str | None = None) -> CodeCheck:
        """Is `code` (from `system`; None for the FHIR `code` type) in the value set?"""
        compiled = self._compiled(value_set_url)
        if compiled is None:
            return CodeCheck("unknown-value-set", f"The value set {value_set_url} is not known.")
        if system is None:
            return self._check_without_system(value_set_url, compiled, code, display)
        part = compiled.parts.get(system)
        if part is None:
            if compiled.others_open:
                return CodeCheck("not-checkable", f"Cannot tell offline whether {system} is in "
                                 f"{value_set_url}: {compiled.reason}.")
            return CodeCheck("not-member", f"The value set {value_set_url} has no codes from {system}.")
        return self._check_in_part(value_set_url, system, part, code, display)

    def code_display(self, system: str, code: str) -> str | None:
        """The display the code system (or an HL7 expansion) gives the code, if known."""
        index = self._code_system(system)
        if index is not None:
            key = index.key(code)
            if key in index.codes:
                return index.displays.get(key)
        return self._expansion_displays.get((system, code))

    def copy_of(self, system: str) -> str | None:
        """The source a held code system was copied from (codesystem-sourceReference), or None."""
        index = self._code_system(system)
        return index.copy_of if index is not None else None

    def retirement(self, system: str, code: str) -> str | None:
        """Why the code system retired the code (status retired), or None when it has not."""
        index = self._code_system(system)
        return index.retirements.get(index.key(code)) if index is not None else None

    def is_known_code(self, system: str, code: str) -> bool | None:
        """True/False when the code system is held with complete content; None otherwise."""
        index = self._code_system(system)
        if index is None or not index.enumerable:
            return None
        return index.key(code) in index.codes

    def allowed_codes(self, value_set_url: str) -> list[tuple[str, list[str]]] | None:
        """The value set's codes by system, sorted, for messages; None when its content is not
        completely known (an open part, an unresolved import)."""
        compiled = self._compiled(value_set_url)
        if compiled is None or compiled.others_open or not compiled.parts:
            return None
        if not all(part.closed for part in compiled.parts.values()):
            return None
        return [
            (system, sorted(part.members - part.not_selectable)) for system, part in sorted(compiled.parts.items())
        ]

    # -- membership ----------------------------------------------------------------------------

    def _check_in_part(self, value_set_url: str, system: str, part: SystemPart, code: str,
                       display: str | None) -> CodeCheck:
        key = fold_case(code, part.case_sensitive)
        if key in part.members:
            if key in part.inactive:
                check = CodeCheck("member", f"{system}#{code} is in {value_set_url} but the code system "
                                  "marks it inactive (deprecated or retired).", inactive=True)
            else:
                check = CodeCheck("member", f"{system}#{code} is in {value_set_url}.")
            return self._with_display(check, system, code, display)
        if key in part.not_selectable:
            return CodeCheck("not-member", f"{system}#{code} is an abstract grouping code in "
                             f"{value_set_url} and may not be used in data.")
        if not part.closed:
            if system == UCUM:
                problem = ucum_syntax_error(code)
                if problem is not None:
                    return CodeCheck("not-member", f"{code!r} is not a UCUM expression ({problem}), so it "
                                     f"cannot be in {value_set_url}.")
            return CodeCheck("not-checkable", f"Cannot check {system}#{code} against {value_set_url} "
                             f"offline: {part.reason}.")
        hint = ""
        if part.case_sensitive and any(code.casefold() == member.casefold() for member in part.members):
            hint = " (codes from this system are case-sensitive)"
        return CodeCheck("not-member", f"{system}#{code} is not in {value_set_url}{hint}.")

    def _check_without_system(self, value_set_url: str, compiled: CompiledValueSet, code: str,
                              display: str | None) -> CodeCheck:
        uncertain = compiled.others_open
        for system, part in compiled.parts.items():
            result = self._check_in_part(value_set_url, system, part, code, display)
            if result.status == "member":
                return CodeCheck("member", f"{code} is in {value_set_url}.", result.display_ok,
                                 result.expected_display, result.inactive)
            uncertain = uncertain or result.status == "not-checkable"
        if uncertain:
            return CodeCheck("not-checkable", f"Cannot check {code} against {value_set_url} offline.")
        return CodeCheck("not-member", f"{code} is not in {value_set_url}.")

    def _with_display(self, check: CodeCheck, system: str, code: str, display: str | None) -> CodeCheck:
        if display is None:
            return check
        expected = self.code_display(system, code)
        if expected is None:
            return check
        matches = " ".join(display.split()).casefold() == " ".join(expected.split()).casefold()
        return CodeCheck(check.status, check.message, matches, expected, check.inactive)

    # -- compiling ------------------------------------------------------------------------------

    def _compiled(self, reference: str) -> CompiledValueSet | None:
        if reference in self._value_sets:
            return self._value_sets[reference]
        with self._lock:
            if reference not in self._value_sets:
                self._value_sets[reference] = self._with_inactive(self._compile(reference, frozenset()))
            return self._value_sets[reference]

    def _with_inactive(self, compiled: CompiledValueSet | None) -> CompiledValueSet | None:
        if compiled is None:
            return None
        parts = {}
        for system, part in compiled.parts.items():
            index = self._code_system(system)
            inactive = frozenset(part.members & index.inactive) if index is not None else frozenset()
            parts[system] = replace(part, inactive=inactive)
        return replace(compiled, parts=parts)

    def _compile(self, reference: str, visiting: frozenset[str]) -> CompiledValueSet | None:
        resource = self._lookup.value_set(reference)
        if resource is None:
            return None
        visiting = visiting | {split_canonical(reference)[0]}
        compose = resource.get("compose")
        from_compose = self._compile_compose(compose, visiting) if compose else None
        expansion = resource.get("expansion")
        if expansion is None:
            return from_compose if from_compose is not None else CompiledValueSet({}, True, "it has no definition")
        return self._merge_expansion(expansion, from_compose, selected_by_rule(compose))

    def _merge_expansion(self, expansion: dict[str, Any], compose: CompiledValueSet | None,
                         by_rule: frozenset[str] = frozenset()) -> CompiledValueSet:
        """Combine HL7's expansion with the compose evaluation.

        ``by_rule`` are the systems the compose selects by filter or as a whole. For those the
        expansion is not trusted as the membership when the code system is held completely here
        (the compose over it is exact, and newer than an R4 expansion when HL7 Terminology
        replaced the code system), nor when the system is one HL7's expander truncates.
        """
        complete = not any(ext.get("url") in _INCOMPLETE_EXPANSION for ext in expansion.get("extension", ()))
        listed: dict[str, set[str]] = {}
        abstract: dict[str, set[str]] = {}
        for item in expansion_codes(expansion.get("contains", ())):
            system = split_canonical(item["system"])[0]
            target = abstract if item.get("abstract") is True else listed
            target.setdefault(system, set()).add(item["code"])
            if isinstance(item.get("display"), str):
                self._expansion_displays.setdefault((system, item["code"]), item["display"])
        base = compose if compose is not None else CompiledValueSet({}, not complete, "the expansion is incomplete")
        parts = dict(base.parts)
        total = expansion.get("total")
        if isinstance(total, int) and total > sum(len(codes) for codes in listed.values()):
            complete = False  # a page of a longer expansion
        for system in listed.keys() | abstract.keys():
            case_sensitive = self._case_sensitive(system)
            members = frozenset(fold_case(code, case_sensitive) for code in listed.get(system, ()))
            grouping = frozenset(fold_case(code, case_sensitive) for code in abstract.get(system, ()))
            if system in by_rule:
                index = self._code_system(system)
                held = parts.get(system)
                if index is not None and index.enumerable and held is not None and held.closed:
                    continue  # the compose over the whole code system is exact
                if system in _LARGE_SYSTEMS:
                    known = held if held is not None else open_part("the published expansion is a truncated sample")
                    parts[system] = known.union(SystemPart(members, False, case_sensitive, grouping - members,
                                                      "the published expansion is a truncated sample"))
                    continue
            if complete:
                # HL7's expander knew this system: its list is the membership, except that it
                # leaves out codes the code system marks inactive; those still belong to the
                # value set's definition.
                members |= self._inactive_members(system, parts.get(system))
                parts[system] = SystemPart(members, True, case_sensitive, grouping - members)
            else:
                known = parts.get(system, open_part("the published expansion is incomplete"))
                parts[system] = known.union(SystemPart(members, False, case_sensitive, grouping - members,
                                                  known.reason or "the published expansion is incomplete"))
        others_open = base.others_open and not (complete and listed)
        return CompiledValueSet(parts, others_open, base.reason)

    def _compile_compose(self, compose: dict[str, Any], visiting: frozenset[str]) -> CompiledValueSet:
        result = CompiledValueSet({})
        for include in compose.get("include", ()):
            result = union_of(result, self._compile_set(include, visiting))
        for exclude in compose.get("exclude", ()):
            result = difference_of(result, self._compile_set(exclude, visiting))
        return result

    def _compile_set(self, spec: dict[str, Any], visiting: frozenset[str]) -> CompiledValueSet:
        """One include/exclude: the system's selection, intersected with imported value sets."""
        selections: list[CompiledValueSet] = []
        system_ref = spec.get("system")
        if isinstance(system_ref, str):
            system = split_canonical(system_ref)[0]
            selections.append(CompiledValueSet({system: self._select(system, spec)}))
        for imported in spec.get("valueSet", ()):
            selections.append(self._imported(imported, visiting))
        if not selections:
            return CompiledValueSet({})
        result = selections[0]
        for other in selections[1:]:
            result = intersection_of(result, other)
        return result

    def _imported(self, reference: str, visiting: frozenset[str]) -> CompiledValueSet:
        if split_canonical(reference)[0] in visiting:
            return CompiledValueSet({}, True, f"{reference} imports itself")
        if reference in self._definitions:
            compiled = self._definitions[reference]
        else:
            compiled = self._compile(reference, visiting)
            self._definitions[reference] = compiled
        if compiled is None:
            return CompiledValueSet({}, True, f"the imported value set {reference} is not known")
        return compiled

    def _select(self, system: str, spec: dict[str, Any]) -> SystemPart:
        index = self._code_system(system)
        case_sensitive = index.case_sensitive if index is not None else True
        concepts = spec.get("concept")
        filters = spec.get("filter")
        if concepts is not None:
            listed = frozenset(fold_case(c["code"], case_sensitive) for c in concepts if isinstance(c.get("code"), str))
            if filters:
                return SystemPart(listed, True, case_sensitive).intersection(self._filtered(system, index, filters))
            return SystemPart(listed, True, case_sensitive)
        if filters:
            return self._filtered(system, index, filters)
        if index is None:
            return open_part(f"the code system {system} is not available offline")
        if not index.enumerable:
            return open_part(f"the code system {system} is not published with all its codes")
        return SystemPart(frozenset(index.codes) - index.not_selectable, True, case_sensitive,
                     frozenset(index.not_selectable))

    def _filtered(self, system: str, index: CodeSystemIndex | None, filters: list[dict[str, Any]]) -> SystemPart:
        if index is None or not index.enumerable:
            return open_part(f"filters on {system} cannot be evaluated offline")
        selected = set(index.codes)
        for spec in filters:
            chosen = self._apply_filter(index, spec)
            if chosen is None:
                return open_part(f"the filter {spec.get('property')} {spec.get('op')} on {system} "
                             "cannot be evaluated offline")
            selected &= chosen
        return SystemPart(frozenset(selected - index.not_selectable), True, index.case_sensitive,
                     frozenset(selected & index.not_selectable))

    @staticmethod
    def _apply_filter(index: CodeSystemIndex, spec: dict[str, Any]) -> set[str] | None:
        prop, op, value = spec.get("property"), spec.get("op"), spec.get("value")
        if not isinstance(value, str):
            return None
        root = index.key(value)
        known = set(index.codes)
        if prop == "concept" and op == "is-a":
            return ({root} | index.descendants(value)) & known
        if prop == "concept" and op == "descendent-of":
            return index.descendants(value) & known
        if prop == "concept" and op == "is-not-a":
            return known - {root} - index.descendants(value)
        if prop == "concept" and op == "=":
            return {root} & known
        if prop == "concept" and op == "in":
            return {index.key(item.strip()) for item in value.split(",")} & known
        if prop == "parent" and op == "=":
            return set(index.children.get(root, ())) & known
        if prop == "child" and op == "=":
            return index.parents_of(value) & known
        if prop == "code" and op == "regex":
            # An IG's pattern: run in linear time (re backtracks without bound on patterns like (a+)+).
            try:
                return {key for key, code in index.codes.items() if regex_linear.fullmatch(value, code)}
            except regex_linear.RegexNotLinear:
                return None
        return None

    def _code_system(self, url: str) -> CodeSystemIndex | None:
        if url in self._code_systems:
            return self._code_systems[url]
        with self._lock:
            if url not in self._code_systems:
                resource = self._lookup.code_system(url)
                self._code_systems[url] = index_code_system(resource) if resource is not None else None
            return self._code_systems[url]

    def _inactive_members(self, system: str, part: SystemPart | None) -> frozenset[str]:
        index = self._code_system(system)
        if part is None or index is None:
            return frozenset()
        return frozenset(part.members & index.inactive)

    def _case_sensitive(self, system: str) -> bool:
        index = self._code_system(system)
        return index.case_sensitive if index is not None else True
