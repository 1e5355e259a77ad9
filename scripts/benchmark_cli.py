"""End to end: the whole `journalloft validate` run on a folder of Bundles against json.loads plus fhir.resources.

Usage: .venv/bin/python scripts/benchmark_cli.py [--bundles N] [--entries N] [--rounds N] [--cold] [--json]
       .venv/bin/python scripts/benchmark_cli.py --small [FILE] [--runs N] [--json]

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

``--cold`` also times both as fresh processes (start-up, imports and definition loading included),
wall-clock, the best of three alternating runs each.

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
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchmark import make_bundles

from journalloft import cli

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


def best_of_both(rounds: int, first: Callable[[], None], second: Callable[[], None]) -> tuple[float, float]:
    """The best CPU time of each function over ``rounds`` rounds that run them one after the other.

    Alternating keeps a slow spell of a shared machine from falling on one side only.
    """
    first()  # warm-up
    second()
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(rounds):
        for function, spent in ((first, times[0]), (second, times[1])):
            start = time.process_time()
            function()
            spent.append(time.process_time() - start)
    return min(times[0]), min(times[1])


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
    parser.add_argument("--json", action="store_true", help="print the figures as JSON too")
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
            print(json.dumps(small, indent=2))
        return
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp) / "bundles"
        folder.mkdir()
        report = Path(temp) / "report.json"
        resources = write_folder(folder, args.bundles, args.entries)
        size = sum(path.stat().st_size for path in folder.iterdir())
        theirs, mine = best_of_both(args.rounds, lambda: baseline(folder), lambda: ours(folder, report))
        findings = json.loads(report.read_text(encoding="utf-8"))["summary"]
        figures: dict[str, object] = {
            "bundles": args.bundles,
            "resources": resources,
            "megabytes": round(size / 1e6, 2),
            "journalloft_s": round(mine, 3),
            "json_loads_plus_fhir_resources_s": round(theirs, 3),
            "ratio": round(mine / theirs, 2),
            "summary": findings,
        }
        print(
            f"warm: {args.bundles} Bundles, {resources} resources, {size / 1e6:.1f} MB | journalloft validate "
            f"{mine:.2f} s | json.loads + fhir.resources R4B {theirs:.2f} s | ratio {mine / theirs:.2f}x"
        )
        if args.cold:
            exe = Path(sys.executable)
            mine_runs: list[float] = []
            theirs_runs: list[float] = []
            for _ in range(3):  # alternating, the best of three each
                theirs_runs.append(cold([str(exe), "-c", _BASELINE, str(folder)]))
                mine_runs.append(cold([str(exe.parent / "journalloft"), "validate", "--format", "json", str(folder)]))
            mine_cold, theirs_cold = min(mine_runs), min(theirs_runs)
            figures.update(
                cold_journalloft_s=round(mine_cold, 3),
                cold_baseline_s=round(theirs_cold, 3),
                cold_ratio=round(mine_cold / theirs_cold, 2),
            )
            print(
                f"cold (fresh processes): journalloft {mine_cold:.2f} s | baseline {theirs_cold:.2f} s | "
                f"ratio {mine_cold / theirs_cold:.2f}x"
            )
        if args.json:
            print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
