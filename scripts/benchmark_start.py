"""Benchmark scripts/start: wall-clock time from launch to the first HTTP 200 of the site's front page.

Usage: .venv/bin/python scripts/benchmark_start.py [--rounds N] [--timeout S] [--dry-run]
       [--json [PATH]]  (benchmarks/start.json is the measurement README renders)

Two flows, each with setup already done (scripts/setup is not timed: both measure build and serve only):
(a) baseline, the flow issue 25 measured: a strict `mkdocs build` and then `mkdocs serve --strict`,
    which builds the whole site a second time before it serves;
(b) current: the single `mkdocs serve --strict` that scripts/start execs.
The rounds alternate (a), (b), (a), (b) ... so a shared machine's drifting load falls on both; each run
gets a free port on 127.0.0.1 and its own build directory, and its server's process group is killed as
soon as the front page answers. The ratio printed is median(current) / median(baseline) (target <= 0.5,
issue 25). The baseline holds the current flow whole, so the ratio stays above 0.5 unless serve's own
build gets faster than the strict build: it also writes the catalogue's pages from specs/ first
(catalogue_hook.on_pre_build, some seconds in a traced run), the one piece of work only serve does.
"""

from __future__ import annotations

import argparse
import os
import shlex
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from measurement import add_json_option, emit

ROOT = Path(__file__).resolve().parent.parent
MKDOCS = str(ROOT / ".venv" / "bin" / "mkdocs")
POLL_S = 0.2


def serve_command(port: int) -> list[str]:
    """The command scripts/start execs after its setup (tests/test_benchmark_start.py keeps them equal)."""
    return [MKDOCS, "serve", "--strict", "--dev-addr", f"127.0.0.1:{port}"]


def flow_commands(flow: str, port: int, site_dir: str) -> list[list[str]]:
    """The commands of one flow in order; the last one is the server."""
    if flow == "baseline":
        return [[MKDOCS, "build", "--strict", "--site-dir", site_dir], serve_command(port)]
    if flow == "current":
        return [serve_command(port)]
    raise ValueError(f"unknown flow {flow!r}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _front_page_answers(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


def _stop(server: subprocess.Popen[bytes]) -> None:
    """Kill the server's whole process group (mkdocs serve starts a watcher thread and may fork)."""
    try:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=15)
    except ProcessLookupError:
        return
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def time_flow(flow: str, timeout: float) -> float:
    """Seconds from launching the flow's first command to the front page's first HTTP 200."""
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="benchmark-start-") as site_dir:
        *builds, serve = flow_commands(flow, port, site_dir)
        start = time.perf_counter()
        for command in builds:
            subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        server = subprocess.Popen(
            serve, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
        )
        try:
            while not _front_page_answers(port):
                if server.poll() is not None:
                    raise SystemExit(f"{flow}: {shlex.join(serve)} exited with {server.returncode} before serving")
                if time.perf_counter() - start > timeout:
                    raise SystemExit(f"{flow}: no answer from the front page within {timeout:.0f} s")
                time.sleep(POLL_S)
            return time.perf_counter() - start
        finally:
            _stop(server)


def summarise(baseline_s: list[float], current_s: list[float]) -> dict[str, Any]:
    """The figures of a run: each flow's times, their medians and median(current) / median(baseline)."""
    if not baseline_s or len(baseline_s) != len(current_s):
        raise ValueError("need the same number of rounds, at least one, for both flows")
    baseline, current = statistics.median(baseline_s), statistics.median(current_s)
    ratios = [now / then for now, then in zip(current_s, baseline_s, strict=True)]
    return {
        "rounds": len(baseline_s),
        "baseline_s": round(baseline, 1),
        "current_s": round(current, 1),
        "baseline_runs_s": [round(value, 1) for value in baseline_s],
        "current_runs_s": [round(value, 1) for value in current_s],
        "ratio": round(current / baseline, 2),
        "ratio_min": round(min(ratios), 2),
        "ratio_max": round(max(ratios), 2),
        "target_met": current / baseline <= 0.5,
    }


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds of both flows (default 3)")
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds one flow may take (default 900)")
    parser.add_argument("--dry-run", action="store_true", help="print the commands of both flows, run nothing")
    add_json_option(parser)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.rounds < 1:
        print("error: --rounds must be at least 1", file=sys.stderr)
        return 2
    if args.dry_run:
        for flow in ("baseline", "current"):
            for command in flow_commands(flow, 8000, "SITE_DIR"):
                print(f"{flow}: {shlex.join(command)}")
        return 0
    baseline_s: list[float] = []
    current_s: list[float] = []
    for round_number in range(1, args.rounds + 1):
        for flow, times in (("baseline", baseline_s), ("current", current_s)):
            seconds = time_flow(flow, args.timeout)
            times.append(seconds)
            print(f"round {round_number}: {flow} {seconds:.1f} s", flush=True)
    results = summarise(baseline_s, current_s)
    print(
        f"first page: baseline (build + serve) {results['baseline_s']:.1f} s, current (serve only) "
        f"{results['current_s']:.1f} s; ratio current/baseline {results['ratio']:.2f} "
        f"(rounds {results['ratio_min']:.2f}-{results['ratio_max']:.2f}; target <= 0.50)"
    )
    emit(args.json, results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
