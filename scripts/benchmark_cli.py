"""End to end: the whole `journalloft validate` run on Bundles against json.loads + fhir.resources, and FHIR.js.

Usage: .venv/bin/python scripts/benchmark_cli.py [--bundles N] [--entries N] [--rounds N] [--cold] [--no-fhirjs]
       [--json [PATH]]
       .venv/bin/python scripts/benchmark_cli.py --small [FILE] [--runs N] [--json [PATH]]

Data: N Bundles (default 20) of M entries (default 50) built from official R4 examples by
``scripts/benchmark.py``'s ``make_bundles`` and written pretty-printed (indent 2) to a temporary folder.

Ours: ``journalloft.cli.main(["validate", "--format", "json", "--output", FILE, FOLDER])`` in this
process: reading the files, the strict JSON parse, spec detection, every FHIR check, the Norwegian
identifier rules and the JSON report. Baseline: for every file, read the bytes, ``json.loads`` them
and parse the Bundle with fhir.resources' R4B models (pydantic; structure only, no bindings or
invariants). Both get one warm-up pass first (definitions compiled, models imported), then ``--rounds``
rounds each time the baseline and then ours, and the best time of each counts. Times are CPU seconds
of this process (``time.process_time``), so that other work on a shared machine disturbs the ratio
less than it would wall-clock time. The ratio is our time / the baseline's time; issue 7's target is
<= 1.0.

FHIR.js (npm ``fhir`` 4.12.0, ``tools/fhirjs``, installed by ``scripts/setup --benchmarks``) runs on the
same files in one warm Node.js process (``tools/fhirjs/validate.js --serve``): read, ``JSON.parse`` and
``fhir.validate()`` (structure, required bindings and reference types; no invariants). Its passes
alternate with the other two, and its time is the CPU time Node.js reports for the pass. Its ratio is
our time / FHIR.js' time. ``--no-fhirjs`` leaves it out.

``--cold`` also times them as fresh processes (start-up, imports and definition loading included),
wall-clock, the best of three alternating runs each.

``--json`` prints the figures as JSON; ``--json benchmarks/benchmark_cli.json`` writes the measurement
file README.md's row and docs/validator/fhir.md are rendered from (scripts/measurement.py).

``--small`` times only the cold start of one small file (default: the pulse Observation of
``examples/fhir-r4/valid``, a vital sign, so the core vital-signs profile is walked too): ``journalloft
validate FILE`` as a fresh process, from start to exit, against a fresh Python process that reads the
file, ``json.loads`` it and parses it with fhir.resources' R4B model. After one warm-up run of each
(so that both have their bytecode, as an installed package has; ``PYTHONDONTWRITEBYTECODE`` is
dropped from the children's environment), ``--runs`` pairs (default 5) run interleaved; the figure is
the median CPU time (user + system of the child) of each and the ratio of the medians. Issue 23's
target is <= 1.0. Wall-clock medians are printed beside it; on a shared machine they say less.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchmark import make_bundles
from measurement import add_json_option, emit

from journalloft import cli

ROOT = Path(__file__).resolve().parent.parent
FHIRJS = ROOT / "tools" / "fhirjs"
FHIRJS_SCRIPT = FHIRJS / "validate.js"

_BASELINE = """
import json, sys
from pathlib import Path
from fhir.resources.R4B import get_fhir_model_class
for path in sorted(Path(sys.argv[1]).glob("*.json")):
    data = json.loads(path.read_bytes())
    get_fhir_model_class(data["resourceType"]).model_validate(data)
"""


_BASELINE_ONE = """
import json, sys
from fhir.resources.R4B import get_fhir_model_class
data = json.loads(open(sys.argv[1], "rb").read())
get_fhir_model_class(data["resourceType"]).model_validate(data)
"""

_SMALL_FILE = Path(__file__).resolve().parent.parent / "examples" / "fhir-r4" / "valid" / "observation-puls.json"


def write_folder(folder: Path, bundles: int, entries: int) -> int:
    for index, bundle in enumerate(make_bundles(bundles, entries)):
        (folder / f"bundle-{index:03d}.json").write_text(json.dumps(bundle, indent=2), encoding="utf-8")
    return bundles * (entries + 1)


def baseline(folder: Path) -> None:
    from fhir.resources.R4B import get_fhir_model_class

    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_bytes())
        get_fhir_model_class(data["resourceType"]).model_validate(data)


def ours(folder: Path, report: Path) -> None:
    code = cli.main(["validate", "--format", "json", "--output", str(report), str(folder)])
    if code not in (0, 1):
        raise SystemExit(f"journalloft validate exited with {code}")


def cpu_time(function: Callable[[], None]) -> Callable[[], float]:
    """``function`` as a side that returns the CPU seconds of this process it took."""

    def timed() -> float:
        start = time.process_time()
        function()
        return time.process_time() - start

    return timed


class FhirJs:
    """One warm Node.js process running FHIR.js on the folder; each :meth:`pass_` is one pass, its CPU time."""

    def __init__(self, folder: Path) -> None:
        node = shutil.which("node")
        if node is None or not (FHIRJS / "node_modules" / "fhir").is_dir():
            raise SystemExit(
                "error: FHIR.js is not installed (needs node and tools/fhirjs/node_modules/fhir): "
                "run scripts/setup --benchmarks, or pass --no-fhirjs"
            )
        self.process = subprocess.Popen(
            [node, str(FHIRJS_SCRIPT), str(folder), "--serve"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        self.errors = 0
        self.version = json.loads((FHIRJS / "node_modules" / "fhir" / "package.json").read_text(encoding="utf-8"))[
            "version"
        ]

    def pass_(self) -> float:
        stdin, stdout = self._pipes()
        stdin.write("\n")
        stdin.flush()
        line = stdout.readline()
        if not line:
            raise SystemExit(f"error: FHIR.js stopped (exit {self.process.wait()})")
        answer = json.loads(line)
        self.errors = int(answer["errors"])
        return float(answer["cpu_s"])

    def _pipes(self) -> tuple[IO[str], IO[str]]:
        assert self.process.stdin is not None and self.process.stdout is not None
        return self.process.stdin, self.process.stdout

    def close(self) -> None:
        self._pipes()[0].close()
        self.process.wait(timeout=60)


def best_of_all(rounds: int, sides: list[Callable[[], float]]) -> list[float]:
    """The best time of each side over ``rounds`` rounds that run them one after the other.

    Each side runs once first as a warm-up (definitions compiled, models imported, JIT warm).
    Alternating keeps a slow spell of a shared machine from falling on one side only.
    """
    for side in sides:
        side()
    times: list[list[float]] = [[] for _ in sides]
    for _ in range(rounds):
        for side, spent in zip(sides, times, strict=True):
            spent.append(side())
    return [min(spent) for spent in times]


def cold(arguments: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(arguments, check=False, capture_output=True)
    return time.perf_counter() - start


def cold_cpu(arguments: list[str], env: dict[str, str]) -> tuple[float, float]:
    """CPU seconds (user + system) and wall-clock seconds of one fresh process, start to exit."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(arguments, check=False, capture_output=True, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime, wall


def small_cold_start(path: Path, runs: int) -> dict[str, object]:
    """Issue 23's cold start: one small file, ours against a fresh fhir.resources parse, medians."""
    exe = Path(sys.executable)
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    theirs_command = [str(exe), "-c", _BASELINE_ONE, str(path)]
    mine_command = [str(exe.parent / "journalloft"), "validate", str(path)]
    cold_cpu(theirs_command, env)  # warm-up: bytecode written, file in the page cache
    cold_cpu(mine_command, env)
    mine: list[tuple[float, float]] = []
    theirs: list[tuple[float, float]] = []
    for _ in range(runs):
        theirs.append(cold_cpu(theirs_command, env))
        mine.append(cold_cpu(mine_command, env))
    mine_cpu = statistics.median(cpu for cpu, _ in mine)
    theirs_cpu = statistics.median(cpu for cpu, _ in theirs)
    mine_wall = statistics.median(wall for _, wall in mine)
    theirs_wall = statistics.median(wall for _, wall in theirs)
    print(
        f"cold start, one small file ({path.name}, {path.stat().st_size} bytes), median of {runs} interleaved: "
        f"journalloft validate {mine_cpu:.3f} s CPU | fresh fhir.resources R4B parse {theirs_cpu:.3f} s CPU | "
        f"ratio {mine_cpu / theirs_cpu:.2f}x (wall clock {mine_wall:.3f} s against {theirs_wall:.3f} s, "
        f"{mine_wall / theirs_wall:.2f}x)"
    )
    return {
        "file": path.name,
        "runs": runs,
        "small_cold_journalloft_cpu_s": round(mine_cpu, 3),
        "small_cold_fhir_resources_cpu_s": round(theirs_cpu, 3),
        "small_cold_ratio": round(mine_cpu / theirs_cpu, 2),
        "small_cold_journalloft_wall_s": round(mine_wall, 3),
        "small_cold_fhir_resources_wall_s": round(theirs_wall, 3),
        "small_cold_wall_ratio": round(mine_wall / theirs_wall, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundles", type=int, default=20)
    parser.add_argument("--entries", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--cold", action="store_true", help="also time fresh processes")
    parser.add_argument("--no-fhirjs", action="store_true", help="leave FHIR.js out")
    add_json_option(parser)
    parser.add_argument(
        "--small",
        nargs="?",
        const=_SMALL_FILE,
        type=Path,
        metavar="FILE",
        help="only the cold start of one small file against a fresh fhir.resources process",
    )
    parser.add_argument("--runs", type=int, default=5, help="interleaved pairs of fresh processes for --small")
    args = parser.parse_args()
    if args.small is not None:
        if not args.small.is_file():
            parser.error(f"--small: no such file: {args.small}")
        small = small_cold_start(args.small, args.runs)
        if args.json:
            emit(args.json, small)
        return
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp) / "bundles"
        folder.mkdir()
        report = Path(temp) / "report.json"
        resources = write_folder(folder, args.bundles, args.entries)
        size = sum(path.stat().st_size for path in folder.iterdir())
        sides = [cpu_time(lambda: baseline(folder)), cpu_time(lambda: ours(folder, report))]
        fhirjs = None if args.no_fhirjs else FhirJs(folder)
        if fhirjs is not None:
            sides.append(fhirjs.pass_)
        try:
            theirs, mine, *node = best_of_all(args.rounds, sides)
        finally:
            if fhirjs is not None:
                fhirjs.close()
        findings = json.loads(report.read_text(encoding="utf-8"))["summary"]
        figures: dict[str, object] = {
            "bundles": args.bundles,
            "resources": resources,
            "megabytes": round(size / 1e6, 2),
            "rounds": args.rounds,
            "journalloft_s": round(mine, 3),
            "json_loads_plus_fhir_resources_s": round(theirs, 3),
            "ratio": round(mine / theirs, 2),
            "summary": findings,
        }
        print(
            f"warm: {args.bundles} Bundles, {resources} resources, {size / 1e6:.1f} MB | journalloft validate "
            f"{mine:.2f} s | json.loads + fhir.resources R4B {theirs:.2f} s | ratio {mine / theirs:.2f}x"
        )
        if fhirjs is not None:
            figures.update(
                fhirjs_version=fhirjs.version,
                fhirjs_s=round(node[0], 3),
                fhirjs_ratio=round(mine / node[0], 2),
                fhirjs_errors=fhirjs.errors,
            )
            print(
                f"warm: FHIR.js {node[0]:.2f} s ({fhirjs.errors} errors) | ratio journalloft / FHIR.js "
                f"{mine / node[0]:.2f}x"
            )
        if args.cold:
            figures.update(cold_figures(folder, with_fhirjs=fhirjs is not None))
        emit(args.json, figures)


def cold_figures(folder: Path, with_fhirjs: bool) -> dict[str, float]:
    """Fresh processes, wall clock, alternating, the best of three each."""
    exe = Path(sys.executable)
    commands = {
        "baseline": [str(exe), "-c", _BASELINE, str(folder)],
        "journalloft": [str(exe.parent / "journalloft"), "validate", "--format", "json", str(folder)],
    }
    if with_fhirjs:
        commands["fhirjs"] = [shutil.which("node") or "node", str(FHIRJS_SCRIPT), str(folder)]
    runs: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(3):
        for name, command in commands.items():
            runs[name].append(cold(command))
    best = {name: min(times) for name, times in runs.items()}
    figures = {
        "cold_journalloft_s": round(best["journalloft"], 3),
        "cold_baseline_s": round(best["baseline"], 3),
        "cold_ratio": round(best["journalloft"] / best["baseline"], 2),
    }
    line = f"cold (fresh processes): journalloft {best['journalloft']:.2f} s | baseline {best['baseline']:.2f} s"
    line += f" | ratio {best['journalloft'] / best['baseline']:.2f}x"
    if "fhirjs" in best:
        figures.update(
            cold_fhirjs_s=round(best["fhirjs"], 3), cold_fhirjs_ratio=round(best["journalloft"] / best["fhirjs"], 2)
        )
        line += f" | FHIR.js {best['fhirjs']:.2f} s, ratio {best['journalloft'] / best['fhirjs']:.2f}x"
    print(line)
    return figures


if __name__ == "__main__":
    main()
