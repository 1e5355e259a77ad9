"""One fault, one finding: a retired code (status retired in a code system held here) is reported as
``fhir-code-retired`` with the code system's reason, instead of the generic findings it causes.

A retired code is not in a value set of current codes, so an item holding it matches none of the
slices of a closed slicing (``fhir-slice-unmatched``), the slice it was meant for is then empty
(``fhir-cardinality-min``), and a plain required binding rejects it (``fhir-binding-required``).
Each of those is true but none says what is wrong; the user needs "retired, replaced by 29", the
same answer the plain-JSON path gives with ``rule-code-retired``. This pass runs after the walk and
replaces exactly those findings that a retired code explains.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, Protocol

from journalloft.issues import Issue, error

_SEGMENT = re.compile(r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?:\[(?P<index>\d+)\])?$")
# The generic findings a retired code in the item at an expression can cause there.
_AT_ITEM = frozenset({"fhir-slice-unmatched", "fhir-binding-required"})


class RetirementSource(Protocol):
    def retirement(self, system: str, code: str) -> str | None: ...


def one_finding_per_retired_code(issues: list[Issue], resource: Any, terminology: RetirementSource) -> list[Issue]:
    if not any(issue.code in _AT_ITEM for issue in issues):
        return issues
    replaced: dict[int, list[Issue]] = {}
    emptied: set[tuple[str, str]] = set()  # (parent expression, element name) whose slice a retired item left empty
    for position, issue in enumerate(issues):
        if issue.code not in _AT_ITEM:
            continue
        retired = list(_retired_codings(_resolve(resource, issue.expression), issue.expression, terminology))
        if not retired:
            continue
        replaced[position] = [
            error("fhir-code-retired", where, retired_message(system, code, reason))
            for where, system, code, reason in retired
        ]
        if issue.code == "fhir-slice-unmatched":
            parent, _, last = issue.expression.rpartition(".")
            emptied.add((parent, last.split("[", 1)[0]))
    if not replaced:
        return issues
    # An item that matched no slice because of a retired code inside it (a Bundle entry whose resource
    # fails its profile only there) is explained by that code too.
    inside = [f.expression for found in replaced.values() for f in found]
    for position, issue in enumerate(issues):
        if (
            position not in replaced
            and issue.code == "fhir-slice-unmatched"
            and any(where.startswith(issue.expression + ".") for where in inside)
        ):
            replaced[position] = []
            parent, _, last = issue.expression.rpartition(".")
            emptied.add((parent, last.split("[", 1)[0]))
    result: list[Issue] = []
    for position, issue in enumerate(issues):
        if position in replaced:
            result.extend(replaced[position])
        elif not _emptied_slice(issue, emptied):
            result.append(issue)
    return _once(result)


def _once(issues: list[Issue]) -> list[Issue]:
    """The coding check may already have said a code is retired (open slicing): say it once."""
    seen: set[tuple[str, str]] = set()
    kept: list[Issue] = []
    for issue in issues:
        if issue.code == "fhir-code-retired":
            if (issue.expression, issue.message) in seen:
                continue
            seen.add((issue.expression, issue.message))
        kept.append(issue)
    return kept


def retired_message(system: str, code: str, reason: str) -> str:
    return f"Code '{code}' of {system} is no longer in use ({reason})."


def _emptied_slice(issue: Issue, emptied: set[tuple[str, str]]) -> bool:
    """A slice's minimum reported on the element that held the retired item (message of walk_profiles)."""
    if issue.code != "fhir-cardinality-min" or not issue.message.startswith("slice "):
        return False
    return any(
        issue.expression == parent and f".{element} requires at least" in issue.message for parent, element in emptied
    )


def _retired_codings(
    value: Any, expression: str, terminology: RetirementSource
) -> Iterator[tuple[str, str, str, str]]:
    """(expression of the code, system, code, reason) for every retired code in a Coding or CodeableConcept."""
    if not isinstance(value, dict):
        return
    if isinstance(value.get("coding"), list):
        codings = [(f"{expression}.coding[{i}]", c) for i, c in enumerate(value["coding"])]
    else:
        codings = [(expression, value)]
    for where, coding in codings:
        if not isinstance(coding, dict):
            continue
        system, code = coding.get("system"), coding.get("code")
        if isinstance(system, str) and isinstance(code, str):
            reason = terminology.retirement(system, code)
            if reason is not None:
                yield f"{where}.code", system, code, reason


def _resolve(resource: Any, expression: str) -> Any:
    """The value at a walk expression such as ``Bundle.entry[1].resource.type[0]``; None if not plain."""
    segments = expression.split(".")[1:]  # the first segment is the resource type
    value = resource
    for segment in segments:
        match = _SEGMENT.match(segment)
        if match is None or not isinstance(value, dict):
            return None
        value = value.get(match["name"])
        if match["index"] is not None:
            index = int(match["index"])
            value = value[index] if isinstance(value, list) and index < len(value) else None
    return value
