#!/usr/bin/env python3
"""Hostile input shapes timed at size n and 2n, with the growth ratio (about 2 is linear, about 4 quadratic).

Usage: ``.venv/bin/python scripts/benchmark_hostile.py [--scale S] [--only NAME ...] [--list]
[--invariants] [--memory]``

Every case is a name in :data:`CASES` with a function ``build(n)`` giving the input, a function
``run(input)`` doing the work (usually ``journalloft.validate``) and a base n. The table prints
name, n, the size of the 2n input, t(n), t(2n) in CPU seconds and their ratio. ``--scale``
multiplies every n; ``--only`` picks cases (repeatable); ``--memory`` adds the tracemalloc peak at n
and 2n (slower). ``--invariants`` prints, instead, one row per core invariant of every resource type
in :data:`INVARIANT_TYPES` (found by scanning the core definitions for constraints that scan the
resource), timed inside the engine, so a quadratic invariant is found by its ratio, not by reading.
Adding a case: write ``build(n)`` and add it to :data:`CASES`. The figures are for people (and the
README), never asserted in tests.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
import tracemalloc
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hostile_inputs import (  # scripts/hostile_inputs.py, beside this script
    INVARIANT_TYPES,
    big_exponent,
    big_members,
    contained_references,
    document,
    duplicate_keys,
    long_full_url,
    long_integer,
    long_string_with_finding,
    many_issues,
    many_members,
    many_slices,
    nan_tokens,
    scanning_types,
)
from measurement import add_json_option, emit

import journalloft
from journalloft.fhir.igload import load_ig
from journalloft.fhir.invariants import InvariantEngine


def _validate(data: Any) -> str:
    report = journalloft.validate(data)
    return f"{len(report.issues)} issues"


def _load_package(path: Path) -> str:
    try:
        return f"{len(load_ig(path).resources)} resources"
    except MemoryError:
        return "raised MemoryError"


def _validate_with_package(case: tuple[Path, bytes]) -> str:
    path, data = case
    return f"{len(journalloft.validate(data, ig=[path]).issues)} issues"


@dataclass(frozen=True)
class Case:
    build: Callable[[int], Any]
    """The input of size n."""
    run: Callable[[Any], str]
    """The work measured; returns a short outcome for the table."""
    base: int


CASES: dict[str, Case] = {
    "big-exponent": Case(big_exponent, _validate, 500_000),
    "long-integer": Case(long_integer, _validate, 50_000),
    "long-fullurl": Case(long_full_url, _validate, 5_000),
    "contained-references": Case(contained_references, _validate, 4_000),
    "nan-tokens": Case(nan_tokens, _validate, 50_000),
    "duplicate-keys": Case(duplicate_keys, _validate, 20_000),
    "many-issues": Case(many_issues, _validate, 50_000),
    # item 1: n repeated elements of the resources whose invariants scan the resource
    **{f"invariants-{name}": Case(document(build), _validate, 1_000) for name, build in INVARIANT_TYPES.items()},
    # item 5: a string of n characters in a document with a finding (positions are looked up)
    "positions-long-string": Case(long_string_with_finding, _validate, 1_000_000),
    # item 6: packages through journalloft's loader (--ig)
    "package-many-members": Case(many_members, _load_package, 20_000),
    "package-big-members": Case(big_members, _load_package, 2),
    # item 7: snapshot generation of a profile with n slices
    "snapshot-many-slices": Case(many_slices, _validate_with_package, 250),
}


def _measure(case: Case, data: Any, memory: bool) -> tuple[float, str, float]:
    if memory:
        tracemalloc.start()
    start = time.process_time()
    try:
        outcome = case.run(data)
    except Exception as exc:  # the "before" figures include crashes; show them instead of stopping
        outcome = f"raised {type(exc).__name__}"
    elapsed = time.process_time() - start
    peak = 0.0
    if memory:
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
    return elapsed, outcome, peak


def _size(data: Any) -> int:
    if isinstance(data, tuple):
        data = data[0]
    if isinstance(data, Path):
        return data.stat().st_size
    return len(data) if isinstance(data, bytes) else 0


def run_cases(names: list[str], scale: float, memory: bool) -> dict[str, dict[str, Any]]:
    """Print one row per case and return the figures by case name (for ``--json``)."""
    figures: dict[str, dict[str, Any]] = {}
    print(f"{'case':<36} {'n':>9} {'bytes(2n)':>10} {'t(n) s':>8} {'t(2n) s':>8} {'ratio':>6}", end="")
    print(f" {'MB(n)':>8} {'MB(2n)':>8}" if memory else "", "  outcome at 2n")
    for name in names:
        case = CASES[name]
        n = max(1, int(case.base * scale))
        _measure(case, case.build(max(1, n // 100)), False)  # warm up: definitions this case needs
        small, large = case.build(n), case.build(2 * n)
        t1, _, m1 = _measure(case, small, memory)
        t2, outcome, m2 = _measure(case, large, memory)
        ratio = t2 / t1 if t1 > 0.001 else float("nan")
        line = f"{name:<36} {n:>9} {_size(large):>10} {t1:>8.3f} {t2:>8.3f} {ratio:>6.2f}"
        print(line + (f" {m1:>8.1f} {m2:>8.1f}" if memory else ""), f"  {outcome}", flush=True)
        figures[name] = {"n": n, "bytes_2n": _size(large), "t_n_s": round(t1, 3), "t_2n_s": round(t2, 3)}
        figures[name].update(ratio=None if math.isnan(ratio) else round(ratio, 2), outcome=str(outcome))
        if memory:
            figures[name].update(mb_n=round(m1, 1), mb_2n=round(m2, 1))
    return figures


# -- per invariant ---------------------------------------------------------------------------------


def _timed_engine(totals: dict[str, float]) -> Callable[[], None]:
    """Make InvariantEngine.check time each constraint on its own (under its key); returns the undo."""
    original = InvariantEngine.check
    singles: dict[int, tuple[object, list[tuple[str, tuple[dict, ...]]]]] = {}

    def check(self: InvariantEngine, constraints: Any, *args: Any, **kwargs: Any) -> list[Any]:
        known = singles.get(id(constraints))
        if known is None or known[0] is not constraints:
            known = (constraints, [(str(c.get("key")), (c,)) for c in constraints])
            singles[id(constraints)] = known
        issues: list[Any] = []
        for key, single in known[1]:
            start = time.process_time()
            issues += original(self, single, *args, **kwargs)
            totals[key] += time.process_time() - start
        return issues

    InvariantEngine.check = check  # type: ignore[method-assign]

    def undo() -> None:
        InvariantEngine.check = original  # type: ignore[method-assign]

    return undo


def run_invariants(scale: float, threshold: float, types: list[str] | None = None) -> None:
    """One row per (resource type, invariant key) that costs at least ``threshold`` seconds at 2n."""
    missing = scanning_types() - set(INVARIANT_TYPES)
    if missing:
        print(f"no builder for {', '.join(sorted(missing))} (add one to INVARIANT_TYPES)", file=sys.stderr)
    n = max(1, int(1_000 * scale))
    print(f"{'type':<22} {'invariant':<10} {'n':>7} {'t(n) s':>8} {'t(2n) s':>8} {'ratio':>6}")
    for type_name, build in INVARIANT_TYPES.items():
        if types and type_name not in types:
            continue
        journalloft.validate(build(2))  # warm up
        figures = []
        for size in (n, 2 * n):
            totals: dict[str, float] = defaultdict(float)
            undo = _timed_engine(totals)
            try:
                journalloft.validate(json.dumps(build(size)).encode())
            finally:
                undo()
            figures.append(totals)
        for key in sorted(figures[1], key=lambda k: -figures[1][k]):
            t1, t2 = figures[0].get(key, 0.0), figures[1][key]
            if t2 < threshold:
                continue
            ratio = t2 / t1 if t1 > 0.0005 else float("nan")
            print(f"{type_name:<22} {key:<10} {n:>7} {t1:>8.3f} {t2:>8.3f} {ratio:>6.2f}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every n (default 1)")
    parser.add_argument("--only", action="append", choices=sorted(CASES), metavar="CASE", help="run only CASE")
    parser.add_argument("--list", action="store_true", help="list the cases and stop")
    parser.add_argument("--memory", action="store_true", help="also show the tracemalloc peak (slower)")
    parser.add_argument("--invariants", action="store_true", help="time each core invariant on its own")
    parser.add_argument(
        "--type", action="append", choices=sorted(INVARIANT_TYPES), metavar="TYPE", help="--invariants: only TYPE"
    )
    parser.add_argument(
        "--threshold", type=float, default=0.005, metavar="SECONDS", help="--invariants: hide cheaper rows"
    )
    add_json_option(parser)
    args = parser.parse_args(argv)
    if args.list:
        for name, case in CASES.items():
            print(f"{name:<36} n={case.base:<9} {(case.build.__doc__ or '').strip().splitlines()[0]}")
        return 0
    journalloft.validate(b'{"resourceType":"Patient"}')  # load definitions outside the timings
    if args.invariants:
        run_invariants(args.scale, args.threshold, args.type)
        return 0
    emit(args.json, {"scale": args.scale, "cases": run_cases(args.only or list(CASES), args.scale, args.memory)})
    return 0


if __name__ == "__main__":
    sys.exit(main())
