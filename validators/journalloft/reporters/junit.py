"""``--format junit``: JUnit XML, one test case per input, so any CI shows each failing payload.

JUnit puts the counts on ``<testsuite>``, before the test cases. To stream, each test case is
written to a temporary file as its result arrives (memory stays flat), and ``finish`` writes the
header with the counts and copies the spooled cases after it. Text from payloads and file names goes
through :func:`journalloft.escaping.for_xml`, so characters XML cannot hold never reach the output.
"""

from __future__ import annotations

import shutil
import tempfile

from journalloft.codes import DOCS_BASE_URL
from journalloft.escaping import for_xml, one_line
from journalloft.issues import Issue
from journalloft.report import Report, Result, Tally
from journalloft.reporters.base import StreamReporter
from journalloft.reporters.base import render as _render


class JUnitReporter(StreamReporter):
    def start(self) -> None:
        self._spool = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115 - closed in finish()

    def result(self, result: Result) -> None:
        self._spool.write(_case(result))

    def finish(self, tally: Tally) -> None:
        attributes = {
            "name": "journalloft validate",
            "tests": str(tally.files),
            "failures": str(tally.invalid),
            "errors": "0",
            "skipped": "0",
        }
        # a constant name and counts: nothing to escape (xml.sax.saxutils would pull in urllib and
        # http.client, about 12 ms of every run's start-up)
        header = " ".join(f'{name}="{value}"' for name, value in attributes.items())
        self.stream.write(f'<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n  <testsuite {header}>\n')
        self.stream.write(self._properties(tally))
        self._spool.seek(0)
        shutil.copyfileobj(self._spool, self.stream)
        self._spool.close()
        self.stream.write("  </testsuite>\n</testsuites>\n")

    def _properties(self, tally: Tally) -> str:
        """``<properties>``: the ignored count (failures="0" can hide ignored errors) and the config file."""
        lines = [f'      <property name="ignored" value="{tally.ignored}" />']
        if self.config is not None:
            lines.append(f'      <property name="config" value="{_attribute(for_xml(self.config))}" />')
        return "    <properties>\n" + "\n".join(lines) + "\n    </properties>\n"


def render(
    report: Report,
    color: bool = False,
    *,
    lang: str = "en",
    docs_base: str = DOCS_BASE_URL,
    config: str | None = None,
) -> str:
    return _render(JUnitReporter, report, color, lang=lang, docs_base=docs_base, config=config)


def _case(result: Result) -> str:
    """One ``<testcase>``, indented for its place in the suite.

    Written as text rather than built with ElementTree and serialised: that cost about 50 µs per input,
    most of a run over 200,000 short NDJSON lines. The escaping is ElementTree's.
    """
    classname, name = _attribute(for_xml(result.spec or "unknown-spec")), _attribute(for_xml(result.path))
    head = f'    <testcase classname="{classname}" name="{name}"'
    if not result.valid:
        first = result.headline
        assert first is not None  # an invalid result has at least one error
        message = for_xml(one_line(f"{first.expression}: {first.message}"))
        body = _text("\n".join(_line(i) for i in result.issues))
        child = f'<failure type="{_attribute(first.code)}" message="{_attribute(message)}">{body}</failure>'
    elif result.issues:
        lines = "\n".join(_line(i) for i in result.issues)
        child = f"<system-out>{_text(lines)}</system-out>"
    else:
        return head + " />\n"
    return f"{head}>\n      {child}\n    </testcase>\n"


def _text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attribute(text: str) -> str:
    return _text(text).replace('"', "&quot;").replace("\r", "&#13;").replace("\n", "&#10;").replace("\t", "&#09;")


def _line(issue: Issue) -> str:
    """One line per issue in a failure's body: line breaks from the payload are shown as escapes."""
    return for_xml(one_line(f"{issue.severity.value} {issue.code} at {issue.expression}: {issue.message}"))
