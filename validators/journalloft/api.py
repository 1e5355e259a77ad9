"""The Python entry point: ``journalloft.validate(data_or_path, spec=None)``."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from journalloft.inputs import Document, read_documents, resolve_sources
from journalloft.limits import DEFAULT_LIMITS, Limits
from journalloft.report import Report
from journalloft.specs import Registry
from journalloft.validation import Checker


def validate(
    data_or_path: dict[str, Any] | bytes | str | os.PathLike[str],
    spec: str | None = None,
    *,
    limits: Limits = DEFAULT_LIMITS,
    registry: Registry | None = None,
    synthetic_only: bool = False,
) -> Report:
    """Validate a parsed payload (dict), raw JSON bytes, or a file or directory path.

    ``spec`` is ``ID`` or ``ID@VERSION`` as listed by ``journalloft specs``; without it the spec is
    detected from the content. Raises :class:`journalloft.specs.SpecError` for an unknown spec and
    :class:`journalloft.inputs.InputError` for a path that cannot be read; every problem with the
    content itself is an issue in the returned report. ``synthetic_only`` makes every person number
    that is not from a synthetic test series an error (``no-id-not-synthetic``), for test environments.
    """
    checker = Checker(registry, spec, limits, synthetic_only=synthetic_only)
    report = Report()
    if isinstance(data_or_path, dict):
        report.results.append(checker.check_value(data_or_path, "<data>"))
    elif isinstance(data_or_path, bytes):
        report.results.append(checker.check(Document("<data>", data_or_path)))
    else:
        for source in resolve_sources([str(Path(data_or_path))]):
            report.results.extend(checker.check(doc) for doc in read_documents(source))
    return report
