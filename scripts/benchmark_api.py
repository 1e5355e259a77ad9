"""Benchmark ``journalloft.validate()`` against the FHIR engine alone on the same vital-sign Observations.

Usage: PYTHONPATH=validators .venv/bin/python scripts/benchmark_api.py [--observations N] [--rounds R] [--json [PATH]]

Data: N Observations (default 1,000) copied from the vital-sign examples of hl7.fhir.r4.examples 4.0.1
(heart rate, respiratory rate, body temperature, blood pressure, oxygen saturation, height, and
Observation-example, a body weight),
each copy with its own id. The API is called once per Observation, as a program validating messages one
at a time would, with no spec (detected from the content, as the CLI does); the engine is
``FhirValidator(core_context()).validate`` on the same dicts. Both run in this process after one warm-up
pass each, in R rounds (default 9) that alternate between the two every 50 Observations (which goes first
alternates too), so that another process taking the core for a moment lands on both sides alike. Times
are this process's CPU time (time.process_time), not wall clock: on a shared machine the wait for a core
is not the validator's cost. Prints the median over the rounds of API time / engine time, and the
range of the rounds; the target is <= 1.1 (issue 24).
"""

from __future__ import annotations

import argparse
import copy
import gc
import statistics
import time
from collections.abc import Callable
from typing import Any

from measurement import add_json_option, emit

import journalloft
from journalloft.fhir.context import core_context
from journalloft.fhir.examples_source import iter_official_examples
from journalloft.fhir.validator import FhirValidator

VITAL_SIGN_SOURCES = (
    "Observation-heart-rate.json",
    "Observation-respiratory-rate.json",
    "Observation-body-temperature.json",
    "Observation-blood-pressure.json",
    "Observation-satO2.json",
    "Observation-body-height.json",
    "Observation-example.json",  # body weight
)
TARGET = 1.1


def make_vital_signs(count: int) -> list[dict[str, Any]]:
    wanted = set(VITAL_SIGN_SOURCES)
    found = {name: data for name, data in iter_official_examples() if name in wanted}
    missing = wanted - set(found)
    if missing:
        raise SystemExit(f"official examples not found: {sorted(missing)}")
    sources = [found[name] for name in VITAL_SIGN_SOURCES]
    observations = []
    for index in range(count):
        resource = copy.deepcopy(sources[index % len(sources)])
        resource["id"] = f"bench-vital-{index}"
        observations.append(resource)
    return observations


CHUNK = 50


def _cpu(function: Callable[[dict[str, Any]], Any], data: list[dict[str, Any]]) -> float:
    start = time.process_time()
    for resource in data:
        function(resource)
    return time.process_time() - start


def _round(
    api: Callable[[dict[str, Any]], Any], engine: Callable[[dict[str, Any]], Any], data: list[dict[str, Any]]
) -> tuple[float, float]:
    """(API time, engine time) over all of ``data``, alternating every CHUNK resources."""
    gc.collect()  # each round starts with no garbage left by the last
    api_s = engine_s = 0.0
    for number, start in enumerate(range(0, len(data), CHUNK)):
        chunk = data[start : start + CHUNK]
        if number % 2:
            engine_s += _cpu(engine, chunk)
            api_s += _cpu(api, chunk)
        else:
            api_s += _cpu(api, chunk)
            engine_s += _cpu(engine, chunk)
    return api_s, engine_s


def run(count: int, rounds: int) -> dict[str, float]:
    data = make_vital_signs(count)
    engine = FhirValidator(core_context())
    engine_errors = sum(1 for item in data for issue in engine.validate(item) if issue.severity.is_error)
    api_errors = sum(journalloft.validate(item).summary()["errors"] for item in data)  # warm-up, same count
    if api_errors != engine_errors:
        raise SystemExit(f"the API found {api_errors} errors, the engine {engine_errors}: not the same work")
    measured = sorted(
        (_round(journalloft.validate, engine.validate, data) for _ in range(rounds)), key=lambda r: r[0] / r[1]
    )
    ratios = [api / alone for api, alone in measured]
    api, alone = measured[len(measured) // 2]  # the median round (the upper one of an even count)
    return {
        "observations": count,
        "rounds": rounds,
        "api_per_s": count / api,
        "engine_per_s": count / alone,
        "ratio": statistics.median(ratios),
        "ratio_min": ratios[0],
        "ratio_max": ratios[-1],
        "target": TARGET,
        "errors": engine_errors,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--observations", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=9)
    add_json_option(parser)
    args = parser.parse_args()
    figures = run(args.observations, args.rounds)
    verdict = "within" if figures["ratio"] <= TARGET else "OVER"
    print(
        f"{figures['observations']:.0f} vital-sign Observations | journalloft.validate() "
        f"{figures['api_per_s']:,.0f}/s | engine alone {figures['engine_per_s']:,.0f}/s | "
        f"ratio {figures['ratio']:.3f}x, median of {figures['rounds']:.0f} rounds "
        f"(rounds {figures['ratio_min']:.3f}-{figures['ratio_max']:.3f}; {verdict} the target {TARGET}x)"
    )
    emit(args.json, figures)


if __name__ == "__main__":
    main()
