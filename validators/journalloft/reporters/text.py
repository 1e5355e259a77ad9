"""``--format text``: for people at a terminal, grouped by file, headline first."""

from __future__ import annotations

from journalloft.issues import Issue, Severity
from journalloft.report import Report, Result

_COLORS = {Severity.FATAL: "31", Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFORMATION: "36"}


def render(report: Report, color: bool = False) -> str:
    lines: list[str] = []
    for result in report.results:
        lines.extend(_result(result, color))
    s = report.summary()
    lines.append(
        f"{s['files']} checked: {s['valid']} valid, {s['invalid']} invalid "
        f"({s['errors']} errors, {s['warnings']} warnings)"
    )
    return "\n".join(lines) + "\n"


def _result(result: Result, color: bool) -> list[str]:
    status = "ok" if result.valid else "invalid"
    status = _paint(status, "32" if result.valid else "31", color)
    spec = f" [{result.spec}]" if result.spec else ""
    lines = [f"{result.path}{spec}: {status}"]
    first = result.headline
    ordered = ([first] if first else []) + [i for i in result.issues if i is not first]
    for issue in ordered:
        lines.extend(_issue(issue, color, "  "))
    return lines


def _issue(issue: Issue, color: bool, indent: str) -> list[str]:
    where = issue.expression
    if issue.line is not None:
        where += f" (line {issue.line}, column {issue.column})"
    label = _paint(issue.severity.value, _COLORS[issue.severity], color)
    lines = [f"{indent}{label} {issue.code} at {where}: {issue.message}"]
    for sub in issue.sub_issues:
        lines.extend(_issue(sub, color, indent + "    "))
    return lines


def _paint(text: str, code: str, color: bool) -> str:
    return f"\033[{code}m{text}\033[0m" if color else text
