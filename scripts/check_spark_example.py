"""Runs examples/cluster/spark_valider.py on a local Spark session and compares it with the CLI.

Run: .venv/bin/python scripts/check_spark_example.py [LINES]

Not part of the test suite (pyspark is about 450 MB and needs Java 17 or later): it installs pyspark
into its own environment, .cache/spark-venv (with the package's runtime lock, requirements/runtime.txt,
and this checkout on PYTHONPATH), so nothing in .venv changes. It writes an export of LINES lines
(default 5,000) from the project's examples, runs the Spark example with local[2], and checks that
every row's result and the merged summary equal `journalloft validate --format json` on the same file.
Prints the verdict and both run times. Needs the network the first time (PyPI).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPARK_VENV = ROOT / ".cache" / "spark-venv"
PYSPARK = "pyspark==4.3.0"
SOURCES = [
    "fhir-r4/valid/patient-syntetisk.json",
    "fhir-r4/valid/observation-puls.json",
    "fhir-r4/valid/patient-feil-fodselsnummer.json",
    "okt/prototype/invalid/feil-kontrollsiffer.json",
]


def _spark_python() -> Path:
    python = SPARK_VENV / "bin" / "python"
    if not python.exists():
        venv.create(SPARK_VENV, with_pip=True)
    probe = subprocess.run([python, "-c", "import pyspark, yaml, jsonschema"], capture_output=True, check=False)
    if probe.returncode != 0:
        pip: list[str | Path] = [python, "-m", "pip", "install", "-q"]
        subprocess.run([*pip, "--require-hashes", "--no-deps", "-r", ROOT / "requirements" / "runtime.txt"], check=True)
        subprocess.run([*pip, PYSPARK], check=True)
    return python


def main() -> int:
    lines = int(sys.argv[1]) if len(sys.argv) > 1 else 5_000
    python = _spark_python()
    payloads = [json.dumps(json.loads((ROOT / "examples" / s).read_bytes()), ensure_ascii=False) for s in SOURCES]
    payloads.append('{"resourceType": "Patient",')
    with tempfile.TemporaryDirectory() as tmp:
        export = Path(tmp) / "eksport.ndjson"
        export.write_text("".join(payloads[n % len(payloads)] + "\n" for n in range(lines)), encoding="utf-8")
        start = time.perf_counter()
        cli = subprocess.run(
            [ROOT / ".venv" / "bin" / "journalloft", "validate", "--no-config", "--format", "json", export],
            capture_output=True,
            text=True,
            check=False,
        )
        cli_seconds = time.perf_counter() - start
        report = json.loads(cli.stdout)
        env = {**os.environ, "PYTHONPATH": str(ROOT / "validators"), "PYSPARK_PYTHON": str(python)}
        start = time.perf_counter()
        spark = subprocess.run(
            [python, ROOT / "examples" / "cluster" / "spark_valider.py", f"file://{export}", f"{tmp}/rader"],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        spark_seconds = time.perf_counter() - start
        if spark.returncode != 0:
            print(spark.stderr[-3000:], file=sys.stderr)
            return 1
        summary = json.loads(spark.stdout.strip().splitlines()[-1])
        parts = sorted(Path(tmp, "rader").glob("part-*"))
        rows = [json.loads(line) for part in parts for line in part.read_text(encoding="utf-8").splitlines()]
    # Spark names the file by its URI; the CLI by the path it was given
    results = [{**row["result"], "path": row["result"]["path"].removeprefix("file://")} for row in rows]
    same_rows = results == report["results"]
    same_summary = summary == report["summary"]
    print(f"{lines:,} lines: CLI {cli_seconds:.1f} s, Spark local[2] {spark_seconds:.1f} s (with session start-up)")
    print(f"rows identical to the CLI: {same_rows}; summary identical: {same_summary} ({summary})")
    return 0 if same_rows and same_summary else 1


if __name__ == "__main__":
    sys.exit(main())
