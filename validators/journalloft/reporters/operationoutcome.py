"""``--format operationoutcome``: a FHIR R4 OperationOutcome per input, a Bundle of them for several.

issue.code uses FHIR's IssueType codes (so generic FHIR tooling understands it), one chosen per code in
:mod:`journalloft.issue_types`; our own, more precise code travels in issue.details.coding with the
system below, and the location in issue.expression; line and column, where known, in FHIR's standard
extensions operationoutcome-issue-line and -col (and in issue.location as ``Line[n] Col[m]``, as the
reference validator does); the address of the code's documentation in an extension on the issue
(``DOCUMENTATION_EXTENSION``, valueUrl).

Streamed with one result of look-ahead: a single input gives a bare OperationOutcome, and the
Bundle is opened only when a second result arrives. Every string is made a valid FHIR string
(:func:`journalloft.escaping.for_fhir_string`), so the output passes our own FHIR validation whatever
the payload held.
"""

from __future__ import annotations

from typing import Any

from journalloft.codes import DOCS_BASE_URL, documentation_url
from journalloft.escaping import for_fhir_string
from journalloft.i18n import no_issues_line
from journalloft.issue_types import issue_type
from journalloft.issues import Issue
from journalloft.report import Report, Result, Tally
from journalloft.reporters.base import StreamReporter
from journalloft.reporters.base import render as _render
from journalloft.reporters.json_reporter import dumps

ISSUE_CODE_SYSTEM = "https://journalloft.no/fhir/CodeSystem/issue-code"
# An extension on each issue: the address of the code's section in the documentation (a url value).
DOCUMENTATION_EXTENSION = f"{ISSUE_CODE_SYSTEM}/documentation"
# Extensions on each OperationOutcome: the config file used (a string) and how many findings it or
# --ignore / --min-severity left out (an unsignedInt), so "no issues found" never hides them.
CONFIG_EXTENSION = f"{ISSUE_CODE_SYSTEM}/config"
IGNORED_EXTENSION = f"{ISSUE_CODE_SYSTEM}/ignored"

# FHIR's own extensions for where in the source text an issue is (as HL7's validator writes them).
LINE_EXTENSION = "http://hl7.org/fhir/StructureDefinition/operationoutcome-issue-line"
COLUMN_EXTENSION = "http://hl7.org/fhir/StructureDefinition/operationoutcome-issue-col"

class OperationOutcomeReporter(StreamReporter):
    def start(self) -> None:
        self._first: dict[str, Any] | None = None
        self._count = 0

    def result(self, result: Result) -> None:
        body = outcome(result, self.docs_base, self.config, lang=self.lang)
        self._count += 1
        if self._count == 1:
            self._first = body  # a lone OperationOutcome, unless a second result follows
            return
        if self._first is not None:
            self.stream.write('{\n  "resourceType": "Bundle",\n  "type": "collection",\n  "entry": [\n    ')
            self.stream.write(dumps({"resource": self._first}, "    "))
            self._first = None
        self.stream.write(",\n    " + dumps({"resource": body}, "    "))

    def finish(self, tally: Tally) -> None:
        if self._count == 0:
            self.stream.write(dumps({"resourceType": "Bundle", "type": "collection", "entry": []}) + "\n")
        elif self._count == 1:
            self.stream.write(dumps(self._first) + "\n")
        else:
            self.stream.write("\n  ]\n}\n")


def render(
    report: Report,
    color: bool = False,
    *,
    lang: str = "en",
    docs_base: str = DOCS_BASE_URL,
    config: str | None = None,
) -> str:
    return _render(OperationOutcomeReporter, report, color, lang=lang, docs_base=docs_base, config=config)


def outcome(
    result: Result, docs_base: str = DOCS_BASE_URL, config: str | None = None, *, lang: str = "en"
) -> dict[str, Any]:
    """The OperationOutcome of one result, its messages already in ``lang``.

    Every string that did not come from this module (paths, messages, expressions, the spec, the config
    file, the documentation address) goes through :func:`for_fhir_string` as it is placed: a walk over
    the finished tree cost a third of a run."""
    issues = [_issue(i, docs_base) for i in result.issues]
    if not issues:
        diagnostics = no_issues_line(result.path, result.ignored, result.spec, lang)
        issues = [{"severity": "information", "code": "informational", "diagnostics": for_fhir_string(diagnostics)}]
    extensions: list[dict[str, Any]] = [
        {"url": f"{ISSUE_CODE_SYSTEM}/source", "valueString": for_fhir_string(result.path)}
    ]
    if config is not None:
        extensions.append({"url": CONFIG_EXTENSION, "valueString": for_fhir_string(config)})
    if config is not None or result.ignored:
        extensions.append({"url": IGNORED_EXTENSION, "valueUnsignedInt": result.ignored})
    return {"resourceType": "OperationOutcome", "extension": extensions, "issue": issues}


def _issue(issue: Issue, docs_base: str) -> dict[str, Any]:
    message = for_fhir_string(issue.message)
    data: dict[str, Any] = {
        "extension": [
            {"url": DOCUMENTATION_EXTENSION, "valueUrl": for_fhir_string(documentation_url(issue.code, docs_base))}
        ],
        "severity": issue.severity.value,
        "code": issue_type(issue.code),
        "details": {"coding": [{"system": ISSUE_CODE_SYSTEM, "code": issue.code}], "text": message},
        "diagnostics": message,
        "expression": [for_fhir_string(issue.expression)],
    }
    if issue.line is not None:
        data["extension"] += [
            {"url": LINE_EXTENSION, "valueInteger": issue.line},
            {"url": COLUMN_EXTENSION, "valueInteger": issue.column},
        ]
        data["location"] = [f"Line[{issue.line}] Col[{issue.column}]"]
    return data
