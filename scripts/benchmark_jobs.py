"""Throughput of `journalloft validate --jobs N` over one NDJSON stream: inputs per second, per core,
and the scaling from 1 to 2 processes (a ratio measured in this run, not a wall-clock promise).

Run: .venv/bin/python scripts/benchmark_jobs.py [LINES]
The stream is synthetic (the project's Patient and Observation examples, repeated); each run goes
through the real CLI entry point (journalloft.cli.main) with the output sent to a temporary file.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from journalloft.cli import main

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [
    ROOT / "examples" / "fhir-r4" / "valid" / "patient-syntetisk.json",
    ROOT / "examples" / "fhir-r4" / "valid" / "observation-puls.json",
    ROOT / "examples" / "fhir-r4" / "valid" / "patient-feil-fodselsnummer.json",
]


def _stream(folder: Path, lines: int) -> Path:
    payloads = [" ".join(p.read_text(encoding="utf-8").split()) for p in SOURCES]
    path = folder / "stream.ndjson"
    with path.open("w", encoding="utf-8") as out:
        for n in range(lines):
            out.write(payloads[n % len(payloads)] + "\n")
    return path


def _run(stream: Path, out: Path, jobs: int) -> float:
    start = time.perf_counter()
    main(["validate", "--no-config", "--format", "json", "--jobs", str(jobs), "--output", str(out), str(stream)])
    return time.perf_counter() - start


def main_() -> None:
    lines = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        stream = _stream(folder, lines)
        _run(stream, folder / "warm.json", 1)  # load the definitions once, as a long run would
        one = _run(stream, folder / "one.json", 1)
        two = _run(stream, folder / "two.json", 2)
        same = (folder / "one.json").read_bytes() == (folder / "two.json").read_bytes()
    print(f"{lines} NDJSON lines, {cores} cores on this machine")
    print(f"--jobs 1: {lines / one:8.0f} inputs/s  ({lines / one:8.0f} per process)")
    print(f"--jobs 2: {lines / two:8.0f} inputs/s  ({lines / two / 2:8.0f} per process)")
    print(f"scaling 1 -> 2 processes: {one / two:.2f}x (ideal 2.00x); identical output: {same}")


if __name__ == "__main__":
    main_()
