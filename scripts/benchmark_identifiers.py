"""Measure what the Norwegian identifier check adds to FHIR validation, as a ratio in one process.

Usage: .venv/bin/python scripts/benchmark_identifiers.py [--bundles N]

Data: N Bundles (default 50) of 50 entries built from official R4 examples (hl7.fhir.r4.examples
4.0.1, through journalloft.fhir.examples_source), each Patient, Practitioner and Organization given
a Norwegian identifier (NHN synthetic fødselsnummer, HPR-nummer, organisasjonsnummer). Times the
FHIR engine alone and the identifier walk alone over the same data, after one warm-up pass each, and
prints the walk's time as a fraction of the engine's (the target is well under 0.1).
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
from journalloft.fhir.norwegian_identifiers import check_identifiers
from journalloft.fhir.validator import FhirValidator

SOURCES = (
    "Observation-example.json",
    "Patient-example.json",
    "Encounter-example.json",
    "Practitioner-example.json",
    "Organization-1.json",
    "MedicationRequest-medrx0302.json",
)
NORWEGIAN = {
    "Patient": {"system": "urn:oid:2.16.578.1.12.4.1.4.1", "value": "22750884907"},
    "Practitioner": {"system": "urn:oid:2.16.578.1.12.4.1.4.4", "value": "1234567"},
    "Organization": {"system": "urn:oid:2.16.578.1.12.4.1.4.101", "value": "987654325"},
}


def make_bundles(count: int, entries: int = 50) -> list[dict[str, Any]]:
    found = {name: data for name, data in iter_official_examples() if name in SOURCES}
    sources = [found[name] for name in SOURCES]
    bundles = []
    for bundle_index in range(count):
        entry_list = []
        for index in range(entries):
            resource = copy.deepcopy(sources[index % len(sources)])
            resource["id"] = f"b{bundle_index}-{index}"
            extra = NORWEGIAN.get(resource["resourceType"])
            if extra is not None:
                resource.setdefault("identifier", []).append(dict(extra))
            url = f"http://example.org/fhir/{resource['resourceType']}/{resource['id']}"
            entry_list.append({"fullUrl": url, "resource": resource})
        bundle = {"resourceType": "Bundle", "id": f"bench-{bundle_index}", "type": "collection", "entry": entry_list}
        bundles.append(bundle)
    return bundles


def _time(function: Callable[[dict[str, Any]], Any], data: list[dict[str, Any]]) -> float:
    for item in data[:3]:
        function(item)  # warm-up: compile definitions and fill caches
    start = time.perf_counter()
    for item in data:
        function(item)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundles", type=int, default=50)
    add_json_option(parser)
    args = parser.parse_args()
    data = make_bundles(args.bundles)
    validator = FhirValidator(core_context())
    engine = _time(validator.validate, data)
    walk = _time(check_identifiers, data)
    found = sum(len(check_identifiers(bundle)) for bundle in data)
    resources = len(data) * 51
    print(
        f"{resources} resources | engine {engine:.2f} s | identifier walk {walk:.3f} s | "
        f"walk/engine {walk / engine:.3f} | identifier issues {found} (expected 0)"
    )
    figures = {"resources": resources, "engine_s": round(engine, 3), "walk_s": round(walk, 4)}
    emit(args.json, {**figures, "walk_over_engine": round(walk / engine, 3), "identifier_issues": found})


if __name__ == "__main__":
    main()
