"""Throughput of `journalloft validate` on one NDJSON export: `--jobs 1/2` against `--dask local:1/2`.

Run: .venv/bin/python scripts/benchmark_cluster.py [LINES] [--memory [MEMORY_LINES]]

Every run goes through the real CLI entry point (journalloft.cli.main) in this process, with the JSON
report written to a temporary file; the reports are compared byte for byte with `--jobs 1`'s. Prints
lines/s and ratios measured in this run (Dask's against its own one worker, and against `--jobs 1`),
never a wall-clock promise. The cluster's start-up (worker processes, their warm-up) is counted, as a
user waits for it too.

`--memory` runs `--dask local:2` in a child process on MEMORY_LINES / 4 and on MEMORY_LINES lines (default
1,000,000) and prints the client's peak resident memory (ru_maxrss) for each: flat means the client does
not hold the export. These lines are small Patients, cheap to check: the client's work per line is the
same whatever the workers find.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from measurement import add_json_option, emit

from journalloft.cli import main

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [
    ROOT / "examples" / "fhir-r4" / "valid" / "patient-syntetisk.json",
    ROOT / "examples" / "fhir-r4" / "valid" / "observation-puls.json",
    ROOT / "examples" / "fhir-r4" / "valid" / "patient-feil-fodselsnummer.json",
    ROOT / "examples" / "okt" / "prototype" / "invalid" / "feil-kontrollsiffer.json",
]


def _export(path: Path, lines: int) -> Path:
    payloads = [" ".join(p.read_text(encoding="utf-8").split()) for p in SOURCES] + ['{"resourceType": "Patient",']
    with path.open("w", encoding="utf-8") as out:
        for n in range(lines):
            out.write(payloads[n % len(payloads)] + "\n")
    return path


def _cheap_export(path: Path, lines: int) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for n in range(lines):
            out.write(f'{{"resourceType": "Patient", "id": "p{n}", "active": true}}\n')
    return path


def _run(export: Path, out: Path, *how: str) -> float:
    start = time.perf_counter()
    main(["validate", "--no-config", "--format", "json", *how, "--output", str(out), str(export)])
    return time.perf_counter() - start


def _client_peak_kib(export: Path, out: Path) -> int:
    """Peak RSS of a fresh process that runs `--dask local:2` (the workers are its children, not counted)."""
    code = (
        "import resource, sys\n"
        "from journalloft.cli import main\n"
        "main(['validate', '--no-config', '--format', 'json', '--dask', 'local:2',\n"
        "      '--output', sys.argv[2], sys.argv[1]])\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
    )
    command = [sys.executable, "-c", code, str(export), str(out)]
    proc = subprocess.run(command, capture_output=True, text=True, check=True)
    return int(proc.stdout.split()[-1])


def main_() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lines", nargs="?", type=int, default=20_000)
    parser.add_argument("--memory", nargs="?", type=int, const=1_000_000, default=None, metavar="MEMORY_LINES")
    add_json_option(parser)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        export = _export(folder / "eksport.ndjson", args.lines)
        _run(export, folder / "warm.json", "--jobs", "1")  # definitions loaded once, as a long run would
        how = {
            "--jobs 1": ("--jobs", "1"),
            "--jobs 2": ("--jobs", "2"),
            "--dask local:1": ("--dask", "local:1"),
            "--dask local:2": ("--dask", "local:2"),
        }
        runs = {name: _run(export, folder / f"{n}.json", *args_) for n, (name, args_) in enumerate(how.items())}
        reference = (folder / "0.json").read_bytes()
        same = {name: (folder / f"{n}.json").read_bytes() == reference for n, name in enumerate(how)}
        print(f"{args.lines:,} NDJSON lines, {os.cpu_count()} cores")
        for name, seconds in runs.items():
            print(f"{name:>15}: {args.lines / seconds:8.0f} lines/s  identical to --jobs 1: {same[name]}")
        print(f"Dask 1 -> 2 workers: {runs['--dask local:1'] / runs['--dask local:2']:.2f}x")
        print(f"--jobs 1 -> 2:       {runs['--jobs 1'] / runs['--jobs 2']:.2f}x")
        print(f"Dask 2 workers against --jobs 1: {runs['--jobs 1'] / runs['--dask local:2']:.2f}x")
        figures: dict[str, object] = {
            "lines": args.lines,
            "lines_per_s": {name: round(args.lines / seconds) for name, seconds in runs.items()},
            "dask_2_over_1": round(runs["--dask local:1"] / runs["--dask local:2"], 2),
            "dask_2_over_jobs_1": round(runs["--jobs 1"] / runs["--dask local:2"], 2),
            "identical": all(same.values()),
        }
        if args.memory:
            small = _client_peak_kib(_cheap_export(folder / "m1.ndjson", args.memory // 4), folder / "m1.json")
            large = _client_peak_kib(_cheap_export(folder / "m4.ndjson", args.memory), folder / "m4.json")
            print(
                f"client peak RSS: {small / 1024:.0f} MiB for {args.memory // 4:,} lines, "
                f"{large / 1024:.0f} MiB for {args.memory:,} lines (ratio {large / small:.2f})"
            )
            figures["memory"] = {
                "small_lines": args.memory // 4,
                "small_mib": round(small / 1024),
                "large_lines": args.memory,
                "large_mib": round(large / 1024),
                "ratio": round(large / small, 2),
            }
        emit(args.json, figures)


if __name__ == "__main__":
    main_()
