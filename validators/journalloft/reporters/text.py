"""``--format text``: for people at a terminal, grouped by file, headline first.

Everything that comes from a payload or a file name goes through
:func:`journalloft.escaping.for_terminal`, so no input can move the cursor, clear the screen or print
a line of its own.
"""

from __future__ import annotations

from journalloft.escaping import for_terminal
from journalloft.issues import Issue, Severity
from journalloft.report import Report, Result, Tally
from journalloft.reporters.base import StreamReporter
from journalloft.reporters.base import render as _render

_COLORS = {Severity.FATAL: "31", Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFORMATION: "36"}


class TextReporter(StreamReporter):
    def result(self, result: Result) -> None:
        self.stream.write("".join(line + "\n" for line in _result(result, self.color)))

    def finish(self, tally: Tally) -> None:
        self.stream.write(
            f"{tally.files} checked: {tally.valid} valid, {tally.invalid} invalid "
            f"({tally.errors} errors, {tally.warnings} warnings)\n"
        )
        if tally.internal_errors:
            self.stream.write(
                f"{tally.internal_errors} input(s) hit an internal error of the validator: please report it\n"
            )


def render(report: Report, color: bool = False) -> str:
    return _render(TextReporter, report, color)


def _result(result: Result, color: bool) -> list[str]:
    status = "ok" if result.valid else "invalid"
    status = _paint(status, "32" if result.valid else "31", color)
    spec = f" [{for_terminal(result.spec)}]" if result.spec else ""
    lines = [f"{for_terminal(result.path)}{spec}: {status}"]
    first = result.headline
    ordered = ([first] if first else []) + [i for i in result.issues if i is not first]
    for issue in ordered:
        lines.extend(_issue(issue, color, "  "))
    return lines


def _issue(issue: Issue, color: bool, indent: str) -> list[str]:
    where = for_terminal(issue.expression)
    if issue.line is not None:
        where += f" (line {issue.line}, column {issue.column})"
    label = _paint(issue.severity.value, _COLORS[issue.severity], color)
    lines = [f"{indent}{label} {issue.code} at {where}: {for_terminal(issue.message)}"]
    for sub in issue.sub_issues:
        lines.extend(_issue(sub, color, indent + "    "))
    return lines


def _paint(text: str, code: str, color: bool) -> str:
    return f"\033[{code}m{text}\033[0m" if color else text
