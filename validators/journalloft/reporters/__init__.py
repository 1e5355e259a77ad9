"""Reporters turn a finished report into text; the CLI picks one by name (``--format``)."""

from __future__ import annotations

from collections.abc import Callable

from journalloft.report import Report
from journalloft.reporters import json_reporter, junit, operationoutcome, text

Reporter = Callable[[Report, bool], str]
"""A reporter takes the report and whether colour is wanted, and returns the whole output."""

REPORTERS: dict[str, Reporter] = {
    "text": text.render,
    "json": json_reporter.render,
    "operationoutcome": operationoutcome.render,
    "junit": junit.render,
}
