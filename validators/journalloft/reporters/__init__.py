"""Reporters write results as they are made; the CLI picks one by name (``--format``).

Each is a :class:`~journalloft.reporters.base.StreamReporter` (``start``, ``result``, ``finish`` on
a text stream); each module also keeps ``render(report, color)``, which returns the whole output.
"""

from __future__ import annotations

from journalloft.reporters.base import StreamReporter
from journalloft.reporters.json_reporter import JsonReporter
from journalloft.reporters.junit import JUnitReporter
from journalloft.reporters.operationoutcome import OperationOutcomeReporter
from journalloft.reporters.text import TextReporter

REPORTERS: dict[str, type[StreamReporter]] = {
    "text": TextReporter,
    "json": JsonReporter,
    "operationoutcome": OperationOutcomeReporter,
    "junit": JUnitReporter,
}
