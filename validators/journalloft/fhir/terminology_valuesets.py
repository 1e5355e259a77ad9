"""A value set compiled to per-system parts, and the set algebra (union, intersection, difference) that
compose's include, exclude and imports combine them with. A part is closed when its members are the
system's whole membership, open when codes outside them may still belong (then they are not-checkable)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from journalloft.fhir.definitions import split_canonical


@dataclass(frozen=True, slots=True)
class SystemPart:
    """A value set's codes from one system. closed: no code outside `members` belongs."""

    members: frozenset[str]
    closed: bool
    case_sensitive: bool = True
    not_selectable: frozenset[str] = frozenset()
    reason: str = ""
    """Why the part is open (for messages)."""
    inactive: frozenset[str] = frozenset()
    """Members the code system marks inactive (filled in once the value set is compiled)."""

    def union(self, other: SystemPart) -> SystemPart:
        return SystemPart(
            self.members | other.members,
            self.closed and other.closed,
            self.case_sensitive and other.case_sensitive,
            (self.not_selectable | other.not_selectable) - (self.members | other.members),
            self.reason or other.reason,
        )

    def intersection(self, other: SystemPart) -> SystemPart:
        # An open operand leaves the result open: codes outside the known members may still
        # belong to both, so they become not-checkable rather than not-member.
        return SystemPart(
            self.members & other.members,
            self.closed and other.closed,
            self.case_sensitive and other.case_sensitive,
            self.not_selectable & other.not_selectable,
            self.reason or other.reason,
        )

    def minus(self, other: SystemPart) -> SystemPart:
        if not other.closed:
            # Any known member might be excluded: nothing about this system is certain.
            return SystemPart(frozenset(), False, self.case_sensitive, frozenset(), other.reason)
        return SystemPart(self.members - other.members, self.closed, self.case_sensitive,
                     self.not_selectable, self.reason)


@dataclass(frozen=True, slots=True)
class CompiledValueSet:
    parts: Mapping[str, SystemPart]
    others_open: bool = False
    """Systems not in `parts` may belong too (an imported value set we could not resolve)."""
    reason: str = ""


def open_part(reason: str) -> SystemPart:
    return SystemPart(frozenset(), False, True, frozenset(), reason)


def union_of(a: CompiledValueSet, b: CompiledValueSet) -> CompiledValueSet:
    parts = dict(a.parts)
    for system, part in b.parts.items():
        parts[system] = parts[system].union(part) if system in parts else part
    return CompiledValueSet(parts, a.others_open or b.others_open, a.reason or b.reason)


def intersection_of(a: CompiledValueSet, b: CompiledValueSet) -> CompiledValueSet:
    parts: dict[str, SystemPart] = {}
    for system in a.parts.keys() | b.parts.keys():
        left, right = a.parts.get(system), b.parts.get(system)
        if left is not None and right is not None:
            parts[system] = left.intersection(right)
        elif left is not None and b.others_open:
            parts[system] = left.intersection(open_part(b.reason))
        elif right is not None and a.others_open:
            parts[system] = right.intersection(open_part(a.reason))
    return CompiledValueSet(parts, a.others_open and b.others_open, a.reason or b.reason)


def difference_of(a: CompiledValueSet, b: CompiledValueSet) -> CompiledValueSet:
    parts = dict(a.parts)
    for system, part in a.parts.items():
        if system in b.parts:
            parts[system] = part.minus(b.parts[system])
        elif b.others_open:
            parts[system] = part.minus(open_part(b.reason))
    return CompiledValueSet(parts, a.others_open, a.reason)


def selected_by_rule(compose: Any) -> frozenset[str]:
    """Systems a compose includes by filter or as a whole (not by listing concepts)."""
    if not isinstance(compose, dict):
        return frozenset()
    return frozenset(
        split_canonical(include["system"])[0]
        for include in compose.get("include", ())
        if isinstance(include, dict) and isinstance(include.get("system"), str) and "concept" not in include
    )


def expansion_codes(contains: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for item in contains:
        if "code" in item and "system" in item:
            yield item
        yield from expansion_codes(item.get("contains", ()))
