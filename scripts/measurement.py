"""The ``--json [PATH]`` option every benchmark script shares, and the measurement file it writes.

``--json`` alone prints the figures as JSON. ``--json benchmarks/NAME.json`` writes a measurement file:
the date (UTC), a machine note (cores, architecture, load average when the script started, and
``JOURNALLOFT_MACHINE_NOTE`` if set, e.g. "shared with the test suite"), the command as run, the Python
version, ``source: "measured"`` and the figures under ``results``. README.md and the docs render their
figures from those files (``benchmarks/figures.yaml``, ``python -m journalloft.site generate``), so a
new measurement reaches the docs by regenerating, never by typing.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shlex
import sys
from pathlib import Path
from typing import Any

# Taken when the script starts, before its own work raises it.
_LOAD_AT_START = os.getloadavg()[0] if hasattr(os, "getloadavg") else None


def add_json_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--json",
        nargs="?",
        const="-",
        default=None,
        metavar="PATH",
        help="print the figures as JSON, or with PATH write them as a measurement file (benchmarks/NAME.json)",
    )


def machine_note() -> str:
    parts = [f"{os.cpu_count()} cores", platform.machine() or "unknown architecture"]
    if _LOAD_AT_START is not None:
        parts.append(f"load average {_LOAD_AT_START:.1f} at the start")
    note = os.environ.get("JOURNALLOFT_MACHINE_NOTE", "").strip()
    if note:
        parts.append(note)
    return ", ".join(parts)


def record(results: dict[str, Any], argv: list[str] | None = None) -> dict[str, Any]:
    """The measurement file's content for ``results`` from the script run as ``argv`` (default: this one)."""
    argv = sys.argv if argv is None else argv
    script = Path(argv[0])
    command = shlex.join([f"scripts/{script.name}", *argv[1:]])
    return {
        "date": datetime.datetime.now(datetime.UTC).date().isoformat(),
        "machine": machine_note(),
        "command": command,
        "python": platform.python_version(),
        "source": "measured",
        "results": results,
    }


def emit(destination: str | None, results: dict[str, Any]) -> None:
    """Print ``results`` (``--json``), or write them as a measurement file (``--json PATH``)."""
    if destination is None:
        return
    if destination == "-":
        print(json.dumps(results, indent=2))
        return
    path = Path(destination)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(record(results), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"measurement written to {path}", file=sys.stderr)
