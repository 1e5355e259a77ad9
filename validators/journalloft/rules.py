"""Declarative rules of a JSON Schema spec (``rules:`` in spec.yaml): what a schema cannot say.

A spec version may list rules; they are parsed into the typed objects below when the registry loads
(a broken declaration fails there, naming the file and the rule's index) and run on every payload
after the JSON Schema. Rule kinds, all generic:

``norwegian-identifier``
    ``path`` (see :mod:`journalloft.jsonpath`) and ``accept`` (identifier kinds: fnr, dnr, hnr, fhn,
    hpr, orgnr). Each matched non-empty string is checked: ``no-id-format``, ``no-id-check-digits``,
    and with ``synthetic_only`` ``no-id-not-synthetic``.
``date-order``
    ``path`` to objects, ``start`` and ``end`` property names. An end before the start is
    ``rule-date-order`` at the end; an absent or empty end is an open period.
``code-list``
    ``path`` to code values, ``codesystem`` (a FHIR CodeSystem JSON file relative to the spec version
    folder; its concept codes are the current list), optional ``retired`` (code: Norwegian reason) and
    ``leading-zeros``: ``error`` (the default: "01" is not "1"), ``warn`` ("01" is read as "1" with
    ``rule-code-leading-zero``) or ``accept`` ("01" is read as "1" without a finding, for formats that
    write codes so, like NHN's OKT API). Unknown codes are ``rule-code-unknown``, retired ones
    ``rule-code-retired``.

A rule skips values of the wrong JSON type and locations the schema has already reported, so one
mistake gives one issue.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from journalloft.identifier_issues import identifier_issues, shown
from journalloft.identifiers import IdKind
from journalloft.issues import Issue, error, warning
from journalloft.jsonparse import json_path
from journalloft.jsonpath import JsonPath, JsonPathError, compile_path


class RuleError(ValueError):
    """A broken rule declaration; the registry turns it into a SpecError naming file and index."""

    def __init__(self, index: int, message: str) -> None:
        super().__init__(f"rules[{index}]: {message}")
        self.index = index


@dataclass(frozen=True, slots=True)
class RuleOptions:
    synthetic_only: bool = False
    strict_identifiers: bool = False
    """no-id-format / no-id-check-digits are errors (the spec requires valid identifiers, or
    --strict-identifiers); otherwise warnings."""


@dataclass(frozen=True, slots=True)
class IdentifierRule:
    index: int
    path: JsonPath
    accept: tuple[IdKind, ...]

    def check(self, payload: Any, options: RuleOptions) -> Iterator[Issue]:
        for location, value in self.path.find(payload):
            if isinstance(value, str) and value:
                yield from identifier_issues(
                    value,
                    self.accept,
                    json_path(location),
                    synthetic_only=options.synthetic_only,
                    strict=options.strict_identifiers,
                )


@dataclass(frozen=True, slots=True)
class DateOrderRule:
    index: int
    path: JsonPath
    start: str
    end: str

    def check(self, payload: Any, options: RuleOptions) -> Iterator[Issue]:
        for location, value in self.path.find(payload):
            if not isinstance(value, dict):
                continue
            start, end = _as_date(value.get(self.start)), _as_date(value.get(self.end))
            if start is None or end is None:
                continue  # open period, or a value the schema reports
            if _before(end, start):
                yield error(
                    "rule-date-order",
                    json_path((*location, self.end)),
                    f"{self.end} {value[self.end]} is before {self.start} {value[self.start]}.",
                )


@dataclass(frozen=True, slots=True)
class CodeListRule:
    index: int
    path: JsonPath
    codesystem: str
    codes: frozenset[str]
    retired: Mapping[str, str] = field(default_factory=dict)
    leading_zeros: str = "error"
    """error | warn | accept: how a code written with leading zeros ("01") is read."""
    source: Path | None = field(default=None, compare=False)
    """The CodeSystem file the codes were read from (the registry watches it for changes)."""

    def check(self, payload: Any, options: RuleOptions) -> Iterator[Issue]:
        for location, value in self.path.find(payload):
            if isinstance(value, bool) or not isinstance(value, (str, int)) or value == "":
                continue
            code, where = str(value), json_path(location)
            if self.leading_zeros != "error" and len(code) > 1 and code.startswith("0") and code.isdigit():
                read_as = code.lstrip("0") or "0"
                if self.leading_zeros == "warn":
                    yield warning(
                        "rule-code-leading-zero",
                        where,
                        f"Code {shown(code)} has a leading zero; it is read as {shown(read_as)}.",
                    )
                code = read_as
            if code in self.codes:
                continue
            if code in self.retired:
                yield error(
                    "rule-code-retired", where, f"Code {shown(code)} is no longer in use ({self.retired[code]})."
                )
            else:
                yield error("rule-code-unknown", where, f"Code {shown(code)} is not in {self.codesystem}.")


Rule = IdentifierRule | DateOrderRule | CodeListRule
LEADING_ZEROS = ("accept", "warn", "error")


def parse_rules(declared: object, spec_folder: Path) -> tuple[Rule, ...]:
    """Parse the ``rules:`` of one spec.yaml; raise RuleError for the first broken declaration."""
    if declared is None:
        return ()
    if not isinstance(declared, list):
        raise RuleError(0, "rules must be a list")
    return tuple(_parse_rule(index, item, spec_folder) for index, item in enumerate(declared))


def run_rules(rules: Sequence[Rule], payload: Any, options: RuleOptions, reported: Iterable[str] = ()) -> list[Issue]:
    """Every rule's issues, in rule order, leaving out locations in ``reported`` (the schema's issues)."""
    skip = set(reported)
    return [issue for rule in rules for issue in rule.check(payload, options) if issue.expression not in skip]


_KEYS = {
    "norwegian-identifier": ({"kind", "path", "accept"}, set()),
    "date-order": ({"kind", "path", "start", "end"}, set()),
    "code-list": ({"kind", "path", "codesystem"}, {"retired", "leading-zeros"}),
}


def _parse_rule(index: int, item: object, folder: Path) -> Rule:
    if not isinstance(item, dict):
        raise RuleError(index, "a rule is a mapping")
    kind = item.get("kind")
    if kind not in _KEYS:
        raise RuleError(index, f"kind must be one of {', '.join(_KEYS)}, got {kind!r}")
    required, optional = _KEYS[kind]
    missing = sorted(required - item.keys())
    unknown = sorted(item.keys() - required - optional)
    if missing or unknown:
        raise RuleError(index, f"{kind}: missing {missing}" if missing else f"{kind}: unknown keys {unknown}")
    try:
        path = compile_path(item["path"])
    except JsonPathError as exc:
        raise RuleError(index, f"path: {exc}") from None
    if kind == "norwegian-identifier":
        return IdentifierRule(index, path, _accept(index, item["accept"]))
    if kind == "date-order":
        start, end = item["start"], item["end"]
        if not (isinstance(start, str) and start and isinstance(end, str) and end):
            raise RuleError(index, "date-order: start and end are property names")
        return DateOrderRule(index, path, start, end)
    return _code_list(index, item, path, folder)


def _accept(index: int, accept: object) -> tuple[IdKind, ...]:
    known = [k.value for k in IdKind]
    if not isinstance(accept, list) or not accept or not all(isinstance(a, str) and a in known for a in accept):
        raise RuleError(index, f"norwegian-identifier: accept is a non-empty list of {', '.join(known)}")
    return tuple(IdKind(a) for a in accept)


def _code_list(index: int, item: dict[str, Any], path: JsonPath, folder: Path) -> CodeListRule:
    reference = item["codesystem"]
    if not isinstance(reference, str) or not reference:
        raise RuleError(index, "code-list: codesystem is a file path relative to the spec version folder")
    file = (folder / reference).resolve()
    try:
        codesystem = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise RuleError(index, f"code-list: cannot read codesystem {reference}: {exc}") from None
    if not isinstance(codesystem, dict) or codesystem.get("resourceType") != "CodeSystem":
        raise RuleError(index, f"code-list: {reference} is not a FHIR CodeSystem")
    codes = frozenset(_concept_codes(codesystem.get("concept")))
    if not codes:
        raise RuleError(index, f"code-list: {reference} defines no concepts")
    retired = item.get("retired", {})
    if not isinstance(retired, dict) or not all(isinstance(v, str) for v in retired.values()):
        raise RuleError(index, "code-list: retired maps each code to a reason")
    leading = item.get("leading-zeros", "error")
    if leading not in LEADING_ZEROS:
        raise RuleError(index, f"code-list: leading-zeros is {', '.join(LEADING_ZEROS[:-1])} or {LEADING_ZEROS[-1]}")
    name = str(codesystem.get("url") or reference)
    return CodeListRule(index, path, name, codes, {str(k): v for k, v in retired.items()}, leading, file)


def _concept_codes(concepts: object) -> Iterator[str]:
    """The current codes: a concept the code system marks retired (or otherwise inactive) is not one."""
    for concept in concepts if isinstance(concepts, list) else ():
        if isinstance(concept, dict) and isinstance(concept.get("code"), str):
            if not _inactive(concept):
                yield concept["code"]
            yield from _concept_codes(concept.get("concept"))  # hierarchical code systems nest concepts


def _inactive(concept: dict[str, Any]) -> bool:
    return any(
        isinstance(p, dict)
        and (
            (p.get("code") == "status" and p.get("valueCode") in ("retired", "deprecated", "inactive"))
            or (p.get("code") in ("inactive", "deprecated") and p.get("valueBoolean") is True)
        )
        for p in concept.get("property") or ()
    )


def _as_date(value: object) -> dt.date | dt.datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        if len(value) == 10:
            return dt.date.fromisoformat(value)
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def _before(end: dt.date | dt.datetime, start: dt.date | dt.datetime) -> bool:
    """Whether ``end`` is before ``start``.

    Two date-times (both with or both without a zone) compare as they are; any other mix compares on
    the calendar date alone, so 2026-01-01T10:00 is not before 2026-01-01 and nothing raises.
    """
    if (
        isinstance(end, dt.datetime)
        and isinstance(start, dt.datetime)
        and (end.tzinfo is None) == (start.tzinfo is None)
    ):
        return end < start
    as_date = [v.date() if isinstance(v, dt.datetime) else v for v in (end, start)]
    return as_date[0] < as_date[1]
