"""scripts/loadtest_serve.py in a small configuration: every request answered, figures printed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_small_load_test_has_no_failed_request() -> None:
    proc = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts/loadtest_serve.py"),
            "--requests",
            "300",
            "--clients",
            "4",
            "--max-seconds",
            "240",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "300 requests" in proc.stdout and ", 0 failed" in proc.stdout
    assert "requests/s" in proc.stdout
    for label in ("p50", "p95", "p99"):
        assert f"{label} " in proc.stdout


def test_a_run_out_of_time_counts_the_unsent_requests_as_failed() -> None:
    proc = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts/loadtest_serve.py"),
            "--requests",
            "100000",
            "--clients",
            "2",
            "--max-seconds",
            "0.5",
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 1
    assert '"failed": 0,' not in proc.stdout
