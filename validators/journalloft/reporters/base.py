"""The streaming reporter interface: ``start()``, ``result()`` per input as it is made, ``finish()``.

A reporter writes to a text stream and keeps nothing but what its format needs at the end, so the
memory of a run does not grow with the number of inputs. ``render`` runs a reporter over a finished
:class:`~journalloft.report.Report` and returns the text, for the Python API and tests.
"""

from __future__ import annotations

import io
from typing import Protocol

from journalloft.codes import DOCS_BASE_URL
from journalloft.report import Report, Result, Tally


class TextSink(Protocol):
    def write(self, text: str, /) -> object: ...


class StreamReporter:
    """Base class: subclasses write in ``start``, ``result`` and ``finish``."""

    def __init__(
        self,
        stream: TextSink,
        color: bool = False,
        *,
        lang: str = "en",
        docs_base: str = DOCS_BASE_URL,
        config: str | None = None,
        verbose: bool = False,
    ) -> None:
        self.stream = stream
        self.verbose = verbose  # the text report also shows notes it leaves out by default (--verbose)
        self.color = color
        self.lang = lang  # for the reporter's own words; messages arrive already in this language
        self.docs_base = docs_base  # where each code's documentation lives (codes.documentation_url)
        # The config file whose choices shaped the results: every format names it, so ignored findings
        # can always be traced to the file that ignored them (journalloft.policy).
        self.config = config

    def start(self) -> None:
        """Called once before the first result."""

    def result(self, result: Result) -> None:
        raise NotImplementedError

    def finish(self, tally: Tally) -> None:
        """Called once after the last result, with the counts over all of them."""


def render(
    reporter: type[StreamReporter],
    report: Report,
    color: bool = False,
    *,
    lang: str = "en",
    docs_base: str = DOCS_BASE_URL,
    config: str | None = None,
    verbose: bool = False,
) -> str:
    buffer = io.StringIO()
    instance = reporter(buffer, color, lang=lang, docs_base=docs_base, config=config, verbose=verbose)
    instance.start()
    for result in report.results:
        instance.result(result)
    instance.finish(report.tally())
    return buffer.getvalue()
