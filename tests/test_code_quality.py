"""Lint and type checks run as tests so that CI fails on them like on any other regression."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOOLS = Path(sys.executable).parent


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_ruff_finds_nothing() -> None:
    proc = _run(str(TOOLS / "ruff"), "check", "--output-format", "concise", "validators", "tests", "scripts", "tools")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_mypy_finds_nothing_in_the_package() -> None:
    proc = _run(sys.executable, "-m", "mypy", "validators/journalloft")
    assert proc.returncode == 0, proc.stdout + proc.stderr
