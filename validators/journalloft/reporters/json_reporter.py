"""``--format json``: the documented machine-readable contract.

Streamed: ``{"results": [`` first, each result as it is made, the summary last. The text is the same
as ``json.dumps(report.to_dict(), ensure_ascii=False, indent=2)``, except that lone surrogates (from
a payload or a file name that is not UTF-8) are written as their JSON escapes, so the output is
always valid UTF-8.
"""

from __future__ import annotations

from journalloft.codes import DOCS_BASE_URL
from journalloft.escaping import json_utf8
from journalloft.report import Report, Result, Tally
from journalloft.reporters.base import StreamReporter
from journalloft.reporters.base import render as _render
from journalloft.reporters.indented_json import indented


def dumps(value: object, indent: str = "") -> str:
    """Indented JSON, nested ``indent`` deep (the first line is not indented), always valid UTF-8."""
    return json_utf8(indented(value, indent))


class JsonReporter(StreamReporter):
    def start(self) -> None:
        self.stream.write('{\n  "results": [')
        self._count = 0

    def result(self, result: Result) -> None:
        self.stream.write(("\n    " if self._count == 0 else ",\n    ") + dumps(result.to_dict(self.docs_base), "    "))
        self._count += 1

    def finish(self, tally: Tally) -> None:
        summary: dict[str, object] = dict(tally.summary())
        if self.config is not None:
            summary["config"] = self.config
        self.stream.write(("\n  ]" if self._count else "]") + ',\n  "summary": ' + dumps(summary, "  ") + "\n}\n")


def render(
    report: Report,
    color: bool = False,
    *,
    lang: str = "en",
    docs_base: str = DOCS_BASE_URL,
    config: str | None = None,
) -> str:
    return _render(JsonReporter, report, color, lang=lang, docs_base=docs_base, config=config)
