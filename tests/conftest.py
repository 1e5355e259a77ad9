"""Fixtures for the whole suite."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

CliJsonReport = Callable[..., dict[str, Any]]


def _cli_json_report(path: Path, *extra: str) -> dict[str, Any]:
    """``journalloft validate --format json --lang nb`` run in the file's folder, so the path is its name."""
    command = [sys.executable, "-m", "journalloft", "validate", "--format", "json", "--lang", "nb", "--no-config"]
    proc = subprocess.run(
        [*command, *extra, path.name],
        cwd=path.parent,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode in (0, 1), proc.stderr
    report: dict[str, Any] = json.loads(proc.stdout)
    return report


@pytest.fixture(scope="session")
def cli_json_report() -> CliJsonReport:
    """The CLI's JSON report of one file: what the browser validator's report must equal."""
    return _cli_json_report
