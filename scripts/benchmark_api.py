"""Benchmark ``journalloft.validate()`` against the FHIR engine alone on the same vital-sign Observations.

Usage: PYTHONPATH=validators .venv/bin/python scripts/benchmark_api.py [--observations N] [--repeats R] [--json]

Data: N Observations (default 1,000) copied from the vital-sign examples of hl7.fhir.r4.examples 4.0.1
(heart rate, respiratory rate, body temperature, blood pressure, oxygen saturation, height, and
Observation-example, a body weight),
each copy with its own id. The API is called once per Observation, as a program validating messages one
at a time would, with no spec (detected from the content, as the CLI does); the engine is
``FhirValidator(core_context()).validate`` on the same dicts. Both run in this process after one warm-up
pass each; each timed pass is repeated R times (default 3), alternating the two, and the fastest pass of
each counts, so that another process taking the core for a moment does not land on one side only.
Times are this process's CPU time (time.process_time), not wall clock: on a shared machine the wait
for a core is not the validator's cost.
Prints both rates and the ratio API time / engine time; the target is <= 1.1 (issue 24).
"""

from __future__ import annotations

import argparse
import copy
import gc
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


def _fastest(function: Callable[[dict[str, Any]], Any], data: list[dict[str, Any]], times: list[float]) -> None:
    gc.collect()  # each pass starts with no garbage left by the other
    start = time.process_time()
    for resource in data:
        function(resource)
    times.append(time.process_time() - start)


def run(count: int, repeats: int) -> dict[str, float]:
    data = make_vital_signs(count)
    engine = FhirValidator(core_context())
    engine_errors = sum(1 for item in data for issue in engine.validate(item) if issue.severity.is_error)
    api_errors = sum(journalloft.validate(item).summary()["errors"] for item in data)  # warm-up, same count
    if api_errors != engine_errors:
        raise SystemExit(f"the API found {api_errors} errors, the engine {engine_errors}: not the same work")
    api_times: list[float] = []
    engine_times: list[float] = []
    for _ in range(repeats):
        _fastest(journalloft.validate, data, api_times)
        _fastest(engine.validate, data, engine_times)
    api, alone = min(api_times), min(engine_times)
    return {
        "observations": count,
        "api_per_s": count / api,
        "engine_per_s": count / alone,
        "ratio": api / alone,
        "target": TARGET,
        "errors": engine_errors,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--observations", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=3)
    add_json_option(parser)
    args = parser.parse_args()
    figures = run(args.observations, args.repeats)
    verdict = "within" if figures["ratio"] <= TARGET else "OVER"
    print(
        f"{figures['observations']:.0f} vital-sign Observations | journalloft.validate() "
        f"{figures['api_per_s']:,.0f}/s | engine alone {figures['engine_per_s']:,.0f}/s | "
        f"ratio {figures['ratio']:.3f}x ({verdict} the target {TARGET}x)"
    )
    emit(args.json, figures)


if __name__ == "__main__":
    main()
