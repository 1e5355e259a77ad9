"""Benchmark vital-sign Observations (profile walks) against fhir.resources' R4B structure-only parse.

Usage: PYTHONPATH=validators:scripts .venv/bin/python scripts/benchmark_vitals.py [--observations N] [--rounds R]
       [--json [PATH]]  (benchmarks/vitals.json is the measurement README renders)

FHIR R4 requires an Observation with a vital-sign code to conform to the matching core vital-signs
profile; the validator then walks the resource once against Observation and once against each profile
that applies (vitalsigns when declared, the profile named by the code: bp, bmi, heartrate ...). This
script measures that cost: (a) N Observations with a vital-sign code, copies of the official R4
examples that carry one (hl7.fhir.r4.examples 4.0.1); (b) N Observations without one, for comparison.
fhir.resources only parses (pydantic R4B models); the validator runs every check. Both run in this
process on one core after a warm-up pass, in R rounds of CPU time that alternate between the two every 50
resources; the ratio printed is the median over the rounds of our time / their time (target for (a):
<= 1.0, issue 23).
"""

from __future__ import annotations

import argparse
import copy
import statistics
import time
from collections.abc import Callable
from typing import Any

from benchmark import _fhir_resources_parser, _sources
from measurement import add_json_option, emit

from journalloft.fhir.context import core_context
from journalloft.fhir.instance_rules import vital_signs_profile
from journalloft.fhir.validator import FhirValidator

# Every official R4 Observation example whose code is a vital-sign code (checked by main()).
VITAL_SOURCES = (
    "Observation-blood-pressure.json",
    "Observation-bmi.json",
    "Observation-body-height.json",
    "Observation-body-length.json",
    "Observation-body-temperature.json",
    "Observation-example.json",
    "Observation-f202.json",
    "Observation-head-circumference.json",
    "Observation-heart-rate.json",
    "Observation-respiratory-rate.json",
    "Observation-satO2.json",
    "Observation-vitals-panel.json",
)
# Laboratory and clinical Observations of similar size without a vital-sign code.
OTHER_SOURCES = (
    "Observation-f001.json",
    "Observation-f002.json",
    "Observation-f003.json",
    "Observation-f206.json",
    "Observation-glasgow.json",
    "Observation-bgpanel.json",
    "Observation-rhstatus.json",
    "Observation-decimal.json",
    "Observation-eye-color.json",
    "Observation-mbp.json",
    "Observation-trachcare.json",
    "Observation-vomiting.json",
)


CHUNK = 50


def make(names: tuple[str, ...], count: int, prefix: str) -> list[dict[str, Any]]:
    sources = _sources(names)
    result = []
    for index in range(count):
        resource = copy.deepcopy(sources[index % len(sources)])
        resource["id"] = f"{prefix}-{index}"
        result.append(resource)
    return result


def _cpu(function: Callable[[dict[str, Any]], Any], data: list[dict[str, Any]]) -> float:
    start = time.process_time()
    for resource in data:
        function(resource)
    return time.process_time() - start


def _round(
    ours: Callable[[dict[str, Any]], Any], theirs: Callable[[dict[str, Any]], Any], data: list[dict[str, Any]]
) -> tuple[float, float]:
    """One round: both over all the data, alternating every CHUNK resources (a shared machine's load drifts)."""
    mine = other = 0.0
    for start in range(0, len(data), CHUNK):
        chunk = data[start : start + CHUNK]
        mine += _cpu(ours, chunk)
        other += _cpu(theirs, chunk)
    return mine, other


def run(label: str, data: list[dict[str, Any]], rounds: int) -> dict[str, Any]:
    validator = FhirValidator(core_context())
    parse = _fhir_resources_parser()
    for item in data[: 2 * len(VITAL_SOURCES)]:  # warm-up: compile definitions, fill caches, import models
        validator.validate(item)
        parse(item)
    ours_times: list[float] = []
    theirs_times: list[float] = []
    for _ in range(rounds):
        mine, other = _round(validator.validate, parse, data)
        ours_times.append(mine)
        theirs_times.append(other)
    ratios = [ours / theirs for ours, theirs in zip(ours_times, theirs_times, strict=True)]
    ratio = statistics.median(ratios)
    ours, theirs = statistics.median(ours_times), statistics.median(theirs_times)
    print(
        f"{label}: {len(data)} Observations, {rounds} rounds | journalloft {ours:.3f} s | "
        f"fhir.resources R4B parse {theirs:.3f} s | ratio {ratio:.2f}x "
        f"(rounds {min(ratios):.2f}-{max(ratios):.2f})"
    )
    return {
        "items": len(data),
        "rounds": rounds,
        "ours_s": ours,
        "fhir_resources_s": theirs,
        "ratio": ratio,
        "ratio_min": min(ratios),
        "ratio_max": max(ratios),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--observations", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    add_json_option(parser)
    args = parser.parse_args()
    vital = make(VITAL_SOURCES, args.observations, "vital")
    other = make(OTHER_SOURCES, args.observations, "other")
    wrong = [name for name, item in zip(VITAL_SOURCES, vital, strict=False) if vital_signs_profile(item) is None]
    wrong += [name for name, item in zip(OTHER_SOURCES, other, strict=False) if vital_signs_profile(item)]
    if wrong:
        raise SystemExit(f"sources in the wrong group: {wrong}")
    results = {
        "vital_signs": run("(a) vital-sign Observations", vital, args.rounds),
        "other_observations": run("(b) other Observations", other, args.rounds),
    }
    if args.json:
        emit(args.json, results)


if __name__ == "__main__":
    main()
