"""Issues are plain value objects; every check in the package reports through them.

The code of an issue is drawn from the closed catalogue in :mod:`journalloft.codes`; constructing an
issue with an unknown code is a programming error and fails at once, so the documented set and the
emitted set cannot drift apart.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from journalloft.codes import CODES, DOCS_BASE_URL, documentation_url


class Severity(enum.Enum):
    """Severity levels, named as FHIR's OperationOutcome.issue.severity names them."""

    FATAL = "fatal"
    ERROR = "error"
    WARNING = "warning"
    INFORMATION = "information"

    @property
    def rank(self) -> int:
        """Lower is more severe; used to order issues and pick the headline."""
        return _RANK[self]

    @property
    def is_error(self) -> bool:
        return self in (Severity.FATAL, Severity.ERROR)


_RANK = {Severity.FATAL: 0, Severity.ERROR: 1, Severity.WARNING: 2, Severity.INFORMATION: 3}


@dataclass(frozen=True, slots=True)
class Issue:
    """One finding about one input.

    ``expression`` is a FHIRPath-style location for FHIR content (``Observation.component[0].code``)
    and a JSONPath-style one for plain JSON (``$.oktMessages[0].startDate``). ``line`` and ``column``
    are 1-based positions in the source text where they are known (syntax errors). ``sub_issues``
    carries the findings behind a summarising issue, for example why no slice matched.
    """

    severity: Severity
    code: str
    expression: str
    message: str
    line: int | None = None
    column: int | None = None
    sub_issues: tuple[Issue, ...] = field(default=())

    def __post_init__(self) -> None:
        if self.code not in CODES:
            raise ValueError(f"issue code {self.code!r} is not in journalloft.codes.CODES")

    def to_dict(self, docs_base: str = DOCS_BASE_URL) -> dict[str, object]:
        data: dict[str, object] = {
            "severity": self.severity.value,
            "code": self.code,
            "expression": self.expression,
            "message": self.message,
            "documentation": documentation_url(self.code, docs_base),
        }
        if self.line is not None:
            data["line"] = self.line
            data["column"] = self.column
        if self.sub_issues:
            data["subIssues"] = [sub.to_dict(docs_base) for sub in self.sub_issues]
        return data


def error(code: str, expression: str, message: str, **kwargs: object) -> Issue:
    return Issue(Severity.ERROR, code, expression, message, **kwargs)  # type: ignore[arg-type]


def warning(code: str, expression: str, message: str, **kwargs: object) -> Issue:
    return Issue(Severity.WARNING, code, expression, message, **kwargs)  # type: ignore[arg-type]


def information(code: str, expression: str, message: str, **kwargs: object) -> Issue:
    return Issue(Severity.INFORMATION, code, expression, message, **kwargs)  # type: ignore[arg-type]


def headline(issues: list[Issue] | tuple[Issue, ...]) -> Issue | None:
    """Pick the issue to show first when only one can be shown.

    The rule, documented on the site: the most severe issue wins; among equally severe ones the
    shallowest location (fewest path steps) wins, because an error high in the tree usually explains
    the ones below it; ties keep document order.
    """
    if not issues:
        return None
    return min(
        enumerate(issues),
        key=lambda pair: (pair[1].severity.rank, _depth(pair[1].expression), pair[0]),
    )[1]


# Information notes that only say how the validator went about it (which core profile FHIR requires
# for the resource's code was applied: five of them before the one real error of a NEWS2 Bundle). A
# report for people shows them only when asked (``--verbose``); the JSON and FHIR reports keep them.
#
# fhir-code-not-checked too: a NEWS2 Bundle has LOINC codes in every Observation, and "LOINC was not
# checked offline" says nothing about the data that the reader can act on; it is there for those
# who need to know what was checked (JSON, OperationOutcome, --verbose).
VERBOSE_ONLY = frozenset({"fhir-profile-by-code", "fhir-code-not-checked"})


def for_reading(issues: list[Issue] | tuple[Issue, ...], verbose: bool = False) -> list[Issue]:
    """The issues in the order a person reads them: the headline first, then by severity (error, warning,
    information; document order within one), without the ``VERBOSE_ONLY`` notes unless ``verbose``."""
    first = headline(issues)
    rest = sorted((i for i in issues if i is not first), key=lambda issue: issue.severity.rank)
    ordered = ([first] if first is not None else []) + rest
    return ordered if verbose else [i for i in ordered if i.code not in VERBOSE_ONLY]


def _depth(expression: str) -> int:
    return expression.count(".") + expression.count("[")
