"""``--format text``: for people at a terminal, grouped by file, headline first, then by severity.

Notes that only say how the validator went about it (``fhir-profile-by-code``) are shown with
``--verbose`` only (:func:`journalloft.issues.for_reading`); the machine formats keep every issue in
document order.

Everything that comes from a payload or a file name goes through
:func:`journalloft.escaping.for_terminal`, so no input can move the cursor, clear the screen or print
a line of its own.
"""

from __future__ import annotations

from journalloft.codes import DOCS_BASE_URL
from journalloft.escaping import for_terminal
from journalloft.i18n import WORDS, config_line, internal_errors_line, severity_label, summary_line
from journalloft.issues import Issue, Severity, for_reading
from journalloft.report import Report, Result, Tally
from journalloft.reporters.base import StreamReporter
from journalloft.reporters.base import render as _render

_COLORS = {Severity.FATAL: "31", Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFORMATION: "36"}


class TextReporter(StreamReporter):
    def result(self, result: Result) -> None:
        self.stream.write("".join(line + "\n" for line in _result(result, self.color, self.lang, self.verbose)))

    def finish(self, tally: Tally) -> None:
        if self.config is not None:  # before the summary, which stays the last line
            self.stream.write(config_line(for_terminal(self.config), self.lang) + "\n")
        self.stream.write(summary_line(tally, self.lang) + "\n")
        if tally.internal_errors:
            self.stream.write(internal_errors_line(tally.internal_errors, self.lang) + "\n")


def render(
    report: Report,
    color: bool = False,
    *,
    lang: str = "en",
    docs_base: str = DOCS_BASE_URL,
    config: str | None = None,
    verbose: bool = False,
) -> str:
    return _render(TextReporter, report, color, lang=lang, docs_base=docs_base, config=config, verbose=verbose)


def _result(result: Result, color: bool, lang: str = "en", verbose: bool = False) -> list[str]:
    words = WORDS[lang]
    status = words["ok"] if result.valid else words["invalid"]
    status = _paint(status, "32" if result.valid else "31", color)
    igs = "".join(f" + {for_terminal(ig)}" for ig in result.igs)
    spec = f" [{for_terminal(result.spec)}{igs}]" if result.spec else ""
    lines = [f"{for_terminal(result.path)}{spec}: {status}"]
    for issue in for_reading(result.issues, verbose):
        lines.extend(_issue(issue, color, "  ", lang))
    return lines


def _issue(issue: Issue, color: bool, indent: str, lang: str = "en") -> list[str]:
    words = WORDS[lang]
    where = for_terminal(issue.expression)
    if issue.line is not None:
        where += f" ({words['line']} {issue.line}, {words['column']} {issue.column})"
    label = _paint(severity_label(issue.severity, lang), _COLORS[issue.severity], color)
    lines = [f"{indent}{label} {issue.code} {words['at']} {where}: {for_terminal(issue.message)}"]
    for sub in issue.sub_issues:
        lines.extend(_issue(sub, color, indent + "    ", lang))
    return lines


def _paint(text: str, code: str, color: bool) -> str:
    return f"\033[{code}m{text}\033[0m" if color else text
