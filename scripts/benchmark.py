"""Benchmark the FHIR validator against fhir.resources' R4B structure-only parse of the same data.

Usage: PYTHONPATH=validators .venv/bin/python scripts/benchmark.py [--observations N] [--bundles N]

Data: (a) N Observations (default 1,000) and (b) M Bundles (default 100) of 50 entries each, built
from official R4 examples (hl7.fhir.r4.examples 4.0.1, read through journalloft.fhir.examples_source)
by giving copies new ids. Our validator runs with every check (structure, primitives, cardinality,
bindings, invariants, references, Bundle rules); fhir.resources only parses (pydantic model
validation of R4B classes, no bindings or invariants). Both run in this process, one core, after one
warm-up pass each, so that compiled definitions and caches count as start-up, not as throughput.
Prints resources/s for both and the ratio (our time / their time; the target is <= 2.0).
"""

from __future__ import annotations

import argparse
import copy
import time
from collections.abc import Callable
from typing import Any

from measurement import add_json_option, emit

from journalloft.fhir.context import core_context
from journalloft.fhir.examples_source import iter_official_examples
from journalloft.fhir.validator import FhirValidator

OBSERVATION_SOURCES = (
    "Observation-example.json",
    "Observation-blood-pressure.json",
    "Observation-bmi.json",
    "Observation-glasgow.json",
    "Observation-heart-rate.json",
)
ENTRY_SOURCES = (
    "Observation-example.json",
    "Observation-blood-pressure.json",
    "Patient-example.json",
    "Encounter-example.json",
    "Condition-example.json",
    "Practitioner-example.json",
    "Organization-1.json",
    "MedicationRequest-medrx0302.json",
)


def _sources(names: tuple[str, ...]) -> list[dict[str, Any]]:
    wanted = set(names)
    found = {name: data for name, data in iter_official_examples() if name in wanted}
    missing = wanted - set(found)
    if missing:
        raise SystemExit(f"official examples not found: {sorted(missing)}")
    return [found[name] for name in names]


def make_observations(count: int) -> list[dict[str, Any]]:
    sources = _sources(OBSERVATION_SOURCES)
    result = []
    for index in range(count):
        resource = copy.deepcopy(sources[index % len(sources)])
        resource["id"] = f"bench-obs-{index}"
        result.append(resource)
    return result


def make_bundles(count: int, entries: int = 50) -> list[dict[str, Any]]:
    sources = _sources(ENTRY_SOURCES)
    bundles = []
    for bundle_index in range(count):
        entry_list = []
        for index in range(entries):
            resource = copy.deepcopy(sources[index % len(sources)])
            resource["id"] = f"b{bundle_index}-{index}"
            entry_list.append(
                {
                    "fullUrl": f"http://example.org/fhir/{resource['resourceType']}/{resource['id']}",
                    "resource": resource,
                }
            )
        bundles.append(
            {"resourceType": "Bundle", "id": f"bench-{bundle_index}", "type": "collection", "entry": entry_list}
        )
    return bundles


def _fhir_resources_parser() -> Callable[[dict[str, Any]], Any]:
    from fhir.resources.R4B import get_fhir_model_class

    def parse(data: dict[str, Any]) -> Any:
        return get_fhir_model_class(data["resourceType"]).model_validate(data)

    return parse


def _time(function: Callable[[dict[str, Any]], Any], data: list[dict[str, Any]]) -> float:
    start = time.perf_counter()
    for resource in data:
        function(resource)
    return time.perf_counter() - start


def run(label: str, data: list[dict[str, Any]], resources_per_item: int) -> dict[str, float]:
    validator = FhirValidator(core_context())
    parse = _fhir_resources_parser()
    errors = sum(1 for item in data[:5] for issue in validator.validate(item) if issue.severity.is_error)
    for item in data[:5]:  # warm-up: compile definitions, fill caches, import pydantic models
        parse(item)
    ours = _time(validator.validate, data)
    theirs = _time(parse, data)
    count = len(data) * resources_per_item
    figures = {
        "items": len(data),
        "resources": count,
        "ours_per_s": count / ours,
        "fhir_resources_per_s": count / theirs,
        "ratio": ours / theirs,
        "warmup_errors": errors,
    }
    print(
        f"{label}: {count} resources | journalloft {count / ours:,.0f}/s ({ours:.2f} s) | "
        f"fhir.resources R4B parse {count / theirs:,.0f}/s ({theirs:.2f} s) | ratio {ours / theirs:.2f}x"
    )
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--observations", type=int, default=1000)
    parser.add_argument("--bundles", type=int, default=100)
    add_json_option(parser)
    args = parser.parse_args()
    results = {
        "observations": run("(a) Observations", make_observations(args.observations), 1),
        "bundles": run("(b) Bundles of 50", make_bundles(args.bundles), 51),
    }
    emit(args.json, results)


if __name__ == "__main__":
    main()
