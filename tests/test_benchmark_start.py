"""scripts/benchmark_start.py measures what scripts/start runs, and its figures have the shape README reads.

Nothing here builds the site or times anything: the benchmark itself is run by hand
(`scripts/benchmark_start.py --json benchmarks/start.json`), these tests only keep its commands and
arithmetic honest.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from journalloft.site.figures import load_measurements

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "benchmark_start.py"


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    sys.path.insert(0, str(ROOT / "scripts"))  # the script imports its sibling measurement.py
    try:
        spec = importlib.util.spec_from_file_location("benchmark_start", SCRIPT)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(ROOT / "scripts"))


def _start_exec_line() -> str:
    [line] = [line for line in (ROOT / "scripts" / "start").read_text("utf-8").splitlines() if line.startswith("exec ")]
    return line


def test_the_current_flow_is_the_command_scripts_start_execs(bench: ModuleType) -> None:
    # scripts/start: exec .venv/bin/mkdocs serve --strict --dev-addr "127.0.0.1:$port"
    words = re.sub(r'"?127\.0\.0\.1:\$port"?', "127.0.0.1:8000", _start_exec_line()).split()[1:]
    [command] = bench.flow_commands("current", 8000, "unused")
    assert [Path(command[0]).relative_to(ROOT).as_posix(), *command[1:]] == words


def test_scripts_start_builds_the_site_once() -> None:
    """Issue 25: it ran `mkdocs build --strict` and then `mkdocs serve`, two builds before the first page."""
    lines = (ROOT / "scripts" / "start").read_text("utf-8").splitlines()
    runs = [line for line in lines if "mkdocs " in line and not line.lstrip().startswith(("#", "echo"))]
    assert runs == [_start_exec_line()]


def test_the_baseline_builds_strictly_and_then_serves_the_same_way(bench: ModuleType) -> None:
    build, serve = bench.flow_commands("baseline", 8001, "/tmp/x")
    assert build[1:] == ["build", "--strict", "--site-dir", "/tmp/x"]
    assert serve == bench.flow_commands("current", 8001, "unused")[0]


def test_summary_is_the_ratio_of_the_medians(bench: ModuleType) -> None:
    results = bench.summarise([100.0, 120.0, 110.0], [50.0, 70.0, 54.0])
    assert (results["baseline_s"], results["current_s"], results["ratio"]) == (110.0, 54.0, 0.49)
    assert (results["ratio_min"], results["ratio_max"], results["rounds"]) == (0.49, 0.58, 3)
    assert results["target_met"] is True
    assert bench.summarise([100.0], [51.0])["target_met"] is False
    with pytest.raises(ValueError, match="same number of rounds"):
        bench.summarise([100.0], [])


def test_dry_run_prints_both_flows_and_builds_nothing() -> None:
    proc = subprocess.run(
        [sys.executable, str(SCRIPT), "--dry-run"], capture_output=True, text=True, timeout=60, check=False
    )
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert [line.split(":")[0] for line in lines] == ["baseline", "baseline", "current"]
    assert "mkdocs build --strict --site-dir SITE_DIR" in lines[0]
    assert lines[1].endswith("mkdocs serve --strict --dev-addr 127.0.0.1:8000")


def test_zero_rounds_is_a_usage_error() -> None:
    proc = subprocess.run(
        [sys.executable, str(SCRIPT), "--rounds", "0"], capture_output=True, text=True, timeout=60, check=False
    )
    assert (proc.returncode, proc.stderr.strip()) == (2, "error: --rounds must be at least 1")


def test_the_committed_measurement_has_what_the_readme_row_reads() -> None:
    start = load_measurements(ROOT)["start"]
    assert start["source"] == "measured" and start["command"].startswith("scripts/benchmark_start.py")
    assert start["rounds"] == len(start["baseline_runs_s"]) == len(start["current_runs_s"])
    assert start["ratio"] == pytest.approx(start["current_s"] / start["baseline_s"], abs=0.01)  # from unrounded medians
