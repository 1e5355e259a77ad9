"""End to end: the whole `journalloft validate` run on a folder of Bundles against json.loads plus fhir.resources.

Usage: .venv/bin/python scripts/benchmark_cli.py [--bundles N] [--entries N] [--rounds N] [--cold] [--json]

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
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchmark import make_bundles
from measurement import add_json_option, emit

from journalloft import cli

_BASELINE = """
import json, sys
from pathlib import Path
from fhir.resources.R4B import get_fhir_model_class
for path in sorted(Path(sys.argv[1]).glob("*.json")):
    data = json.loads(path.read_bytes())
    get_fhir_model_class(data["resourceType"]).model_validate(data)
"""


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundles", type=int, default=20)
    parser.add_argument("--entries", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--cold", action="store_true", help="also time fresh processes")
    add_json_option(parser)
    args = parser.parse_args()
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
        emit(args.json, figures)


if __name__ == "__main__":
    main()
