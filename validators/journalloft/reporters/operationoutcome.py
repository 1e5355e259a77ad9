"""``--format operationoutcome``: a FHIR R4 OperationOutcome per input, a Bundle of them for several.

issue.code uses FHIR's IssueType codes (so generic FHIR tooling understands it); our own, more
precise code travels in issue.details.coding with the system below, and the location in
issue.expression (and issue.location for line/column, as the reference validator does).
"""

from __future__ import annotations

import json
from typing import Any

from journalloft.issues import Issue
from journalloft.report import Report, Result

ISSUE_CODE_SYSTEM = "https://journalloft.no/fhir/CodeSystem/issue-code"

# Our code groups mapped onto FHIR's IssueType value set (http://hl7.org/fhir/issue-type).
_ISSUE_TYPE = {
    "input": "structure",
    "json": "structure",
    "spec": "not-supported",
    "fhir-structure": "structure",
    "fhir-profile": "invariant",
    "fhir-terminology": "code-invalid",
    "fhir-invariant": "invariant",
    "fhir-reference": "value",
    "fhir-bundle": "business-rule",
    "schema": "value",
}
_TYPE_BY_CODE = {
    "fhir-cardinality-min": "required",
    "schema-required": "required",
    "input-too-large": "too-long",
    "fhir-limit": "too-long",
    "json-too-deep": "too-long",
    "fhir-invariant-not-evaluated": "informational",
}


def render(report: Report, color: bool = False) -> str:
    outcomes = [outcome(result) for result in report.results]
    if len(outcomes) == 1:
        body: dict[str, Any] = outcomes[0]
    else:
        body = {
            "resourceType": "Bundle",
            "type": "collection",
            "entry": [{"resource": o} for o in outcomes],
        }
    return json.dumps(body, ensure_ascii=False, indent=2) + "\n"


def outcome(result: Result) -> dict[str, Any]:
    from journalloft.codes import CODES

    issues = [_issue(i, CODES[i.code].group) for i in result.issues]
    if not issues:
        issues = [
            {
                "severity": "information",
                "code": "informational",
                "diagnostics": f"{result.path}: no issues found" + (f" ({result.spec})" if result.spec else ""),
            }
        ]
    oo: dict[str, Any] = {
        "resourceType": "OperationOutcome",
        "extension": [{"url": f"{ISSUE_CODE_SYSTEM}/source", "valueString": result.path}],
        "issue": issues,
    }
    return oo


def _issue(issue: Issue, group: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "severity": issue.severity.value,
        "code": _TYPE_BY_CODE.get(issue.code, _ISSUE_TYPE.get(group, "processing")),
        "details": {"coding": [{"system": ISSUE_CODE_SYSTEM, "code": issue.code}], "text": issue.message},
        "diagnostics": issue.message,
        "expression": [issue.expression],
    }
    if issue.line is not None:
        data["location"] = [f"Line[{issue.line}] Col[{issue.column}]"]
    return data
