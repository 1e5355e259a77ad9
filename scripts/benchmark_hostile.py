#!/usr/bin/env python3
"""Time the hostile input shapes of issue 12 at size n and 2n, and print the ratio.

Usage: ``.venv/bin/python scripts/benchmark_hostile.py [--scale S] [--only NAME]``

Each shape is built in memory, validated once through ``journalloft.validate(bytes)`` at n and at 2n,
and the two CPU times are printed with their ratio. Linear work shows a ratio near 2, quadratic work
near 4. ``--scale`` multiplies every n (default 1.0: the sizes named in the issue, halved, so that 2n
is the issue's size). The figures are for people (and the final report), never asserted in tests.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable

import journalloft

Shape = Callable[[int], bytes]


def big_exponent(n: int) -> bytes:
    """``multipleBirthInteger`` with an exponent of n digits' worth (1e<n>)."""
    return b'{"resourceType":"Patient","multipleBirthInteger": 1e' + str(n).encode() + b"}"


def long_integer(n: int) -> bytes:
    """An integer with n digits (Python refuses int() beyond 4,300)."""
    return b'{"resourceType":"Patient","multipleBirthInteger": ' + b"7" * n + b"}"


def long_full_url(n: int) -> bytes:
    """A Bundle entry whose fullUrl ends in n capital letters, holding a CareTeam with 100 participants.

    ctm-1 calls ``resolve()`` on each participant's member, and every call looks for the RESTful
    base of the entry's fullUrl.
    """
    participants = [
        {"member": {"reference": f"Practitioner/m{i}"}, "onBehalfOf": {"reference": "Organization/o"}}
        for i in range(100)
    ]
    care_team = {"resourceType": "CareTeam", "id": "c1", "participant": participants}
    entry = {"fullUrl": "http://example.org/fhir/" + "A" * n, "resource": care_team}
    return json.dumps({"resourceType": "Bundle", "type": "collection", "entry": [entry]}).encode()


def contained_references(n: int) -> bytes:
    """n contained resources, each referenced by ``#id`` from the container."""
    contained = [
        {"resourceType": "Observation", "id": f"c{i}", "status": "final", "code": {"text": "x"}} for i in range(n)
    ]
    resource = {
        "resourceType": "Observation",
        "status": "final",
        "code": {"text": "x"},
        "contained": contained,
        "hasMember": [{"reference": f"#c{i}"} for i in range(n)],
    }
    return json.dumps(resource).encode()


def nan_tokens(n: int) -> bytes:
    """An array of n ``NaN`` tokens (each one is an issue with a line and column)."""
    return b'{"resourceType":"Patient","x":[' + b",\n".join([b"NaN"] * n) + b"]}"


def duplicate_keys(n: int) -> bytes:
    """One object with n distinct keys, each given twice."""
    body = ",".join(f'"k{i}":1,"k{i}":2' for i in range(n))
    return ('{"resourceType":"Patient",' + body + "}").encode()


def many_issues(n: int) -> bytes:
    """One document with n unknown elements (n issues)."""
    body = ",".join(f'"u{i}":1' for i in range(n))
    return ('{"resourceType":"Patient",' + body + "}").encode()


SHAPES: dict[str, tuple[Shape, int]] = {
    "big-exponent": (big_exponent, 500_000),
    "long-integer": (long_integer, 50_000),
    "long-fullurl": (long_full_url, 5_000),
    "contained-references": (contained_references, 4_000),
    "nan-tokens": (nan_tokens, 50_000),
    "duplicate-keys": (duplicate_keys, 20_000),
    "many-issues": (many_issues, 50_000),
}


def _time(data: bytes) -> tuple[float, int, str]:
    start = time.process_time()
    try:
        report = journalloft.validate(data)
        outcome = f"{len(report.issues)} issues"
    except Exception as exc:  # the "before" figures include crashes; show them instead of stopping
        outcome = f"raised {type(exc).__name__}"
        return time.process_time() - start, 0, outcome
    return time.process_time() - start, len(report.issues), outcome


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--only", action="append", choices=sorted(SHAPES))
    args = parser.parse_args(argv)
    journalloft.validate(b'{"resourceType":"Patient"}')  # load definitions outside the timings
    print(f"{'shape':<22} {'n':>9} {'bytes':>10} {'t(n) s':>8} {'t(2n) s':>8} {'ratio':>6}  outcome at 2n")
    for name, (build, base) in SHAPES.items():
        if args.only and name not in args.only:
            continue
        n = max(1, int(base * args.scale))
        small, large = build(n), build(2 * n)
        _time(build(max(1, n // 100)))  # warm up: definitions and profiles this shape needs
        t1, _, _ = _time(small)
        t2, _, outcome = _time(large)
        ratio = t2 / t1 if t1 > 0.001 else float("nan")
        print(f"{name:<22} {n:>9} {len(large):>10} {t1:>8.3f} {t2:>8.3f} {ratio:>6.2f}  {outcome}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
