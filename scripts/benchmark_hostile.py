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
import io
import json
import re
import sys
import tarfile
import tempfile
import time
import tracemalloc
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import journalloft
from journalloft.fhir.definitions import load_core
from journalloft.fhir.igload import load_ig
from journalloft.fhir.invariants import InvariantEngine

# -- issue 12: document shapes --------------------------------------------------------------------


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


# -- issue 20, item 1: resources whose core invariants scan the resource ---------------------------


def _element(path: str, element_id: str, slice_name: str | None = None) -> dict[str, Any]:
    element: dict[str, Any] = {"id": element_id, "path": path, "definition": "d", "min": 0, "max": "1"}
    if slice_name:
        element["sliceName"] = slice_name
    element["base"] = {"path": path, "min": 0, "max": "*"}
    return element


def structure_definition(n: int) -> dict[str, Any]:
    """A profile with n extension slices in both its snapshot and its differential (sdf-8, sdf-8a)."""
    elements = [_element("Patient", "Patient")]
    elements += [_element("Patient.extension", f"Patient.extension:e{i}", f"e{i}") for i in range(n)]
    return {
        "resourceType": "StructureDefinition",
        "id": "many-elements",
        "url": "http://example.org/fhir/StructureDefinition/many-elements",
        "name": "ManyElements",
        "status": "draft",
        "kind": "resource",
        "abstract": False,
        "type": "Patient",
        "baseDefinition": "http://hl7.org/fhir/StructureDefinition/Patient",
        "derivation": "constraint",
        "snapshot": {"element": elements},
        "differential": {"element": elements},
    }


def implementation_guide(n: int) -> dict[str, Any]:
    """An IG with n groupings and n resources, each resource in a grouping (ig-1, ig-2)."""
    return {
        "resourceType": "ImplementationGuide",
        "id": "many-resources",
        "url": "http://example.org/fhir/ImplementationGuide/many-resources",
        "name": "ManyResources",
        "status": "draft",
        "packageId": "example.many",
        "fhirVersion": ["4.0.1"],
        "definition": {
            "grouping": [{"id": f"g{i}", "name": f"G{i}"} for i in range(n)],
            "resource": [
                {"reference": {"reference": f"Patient/p{i}"}, "fhirVersion": ["4.0.1"], "groupingId": f"g{i}"}
                for i in range(n)
            ],
        },
    }


def transaction_bundle(n: int) -> dict[str, Any]:
    """A transaction with n entries (bdl-3, bdl-4 and the entry rules)."""
    entries = [
        {
            "fullUrl": f"urn:uuid:00000000-0000-4000-8000-{i:012d}",
            "resource": {"resourceType": "Basic", "code": {"text": "x"}},
            "request": {"method": "POST", "url": "Basic"},
        }
        for i in range(n)
    ]
    return {"resourceType": "Bundle", "type": "transaction", "entry": entries}


def code_system(n: int) -> dict[str, Any]:
    """n concepts, each with one child concept (csd-1's descendants())."""
    concepts = [{"code": f"c{i}", "concept": [{"code": f"c{i}.1"}]} for i in range(n)]
    return {
        "resourceType": "CodeSystem",
        "url": "http://example.org/fhir/CodeSystem/many",
        "status": "draft",
        "content": "complete",
        "concept": concepts,
    }


def questionnaire(n: int) -> dict[str, Any]:
    """n groups, each with one question (que-2's descendants().linkId)."""
    items = [
        {"linkId": f"g{i}", "type": "group", "item": [{"linkId": f"q{i}", "type": "string", "text": "?"}]}
        for i in range(n)
    ]
    return {"resourceType": "Questionnaire", "status": "draft", "item": items}


def observation(n: int) -> dict[str, Any]:
    """An Observation with a value and n components (obs-7 compares every component with %resource.code)."""
    components = [
        {"code": {"coding": [{"system": "http://loinc.org", "code": f"{i}-0"}]}, "valueString": "x"} for i in range(n)
    ]
    return {
        "resourceType": "Observation",
        "status": "final",
        "code": {"coding": [{"system": "http://loinc.org", "code": "x-0"}]},
        "valueString": "x",
        "component": components,
    }


def measure(n: int) -> dict[str, Any]:
    """A Measure group with n stratifiers (mea-1)."""
    stratifiers = [{"code": {"text": f"s{i}"}} for i in range(n)]
    return {"resourceType": "Measure", "status": "draft", "group": [{"stratifier": stratifiers}]}


def measure_report(n: int) -> dict[str, Any]:
    """A MeasureReport stratifier with n strata (mrp-2)."""
    strata = [{"value": {"text": f"s{i}"}} for i in range(n)]
    return {
        "resourceType": "MeasureReport",
        "status": "complete",
        "type": "summary",
        "measure": "http://example.org/fhir/Measure/m",
        "period": {"start": "2024-01-01"},
        "group": [{"stratifier": [{"stratum": strata}]}],
    }


def naming_system(n: int) -> dict[str, Any]:
    """A NamingSystem with n unique ids (nsd-1)."""
    unique = [{"type": "uri", "value": f"http://example.org/id/{i}"} for i in range(n)]
    return {
        "resourceType": "NamingSystem",
        "name": "N",
        "status": "draft",
        "kind": "root",
        "date": "2024",
        "uniqueId": unique,
    }


def terminology_capabilities(n: int) -> dict[str, Any]:
    """TerminologyCapabilities with n versions of one code system (tcp-1)."""
    versions = [{"code": f"v{i}"} for i in range(n)]
    return {
        "resourceType": "TerminologyCapabilities",
        "status": "draft",
        "date": "2024",
        "kind": "instance",
        "codeSystem": [{"uri": "http://example.org/cs", "version": versions}],
    }


# The resource types whose core constraints reach beyond the element they sit on (%resource,
# %context, %rootResource, descendants(), all() over a collection), each with a builder growing the
# collection those constraints scan. main() checks that every such type found in the core
# definitions has one here.
INVARIANT_TYPES: dict[str, Callable[[int], dict[str, Any]]] = {
    "StructureDefinition": structure_definition,
    "ImplementationGuide": implementation_guide,
    "Bundle": transaction_bundle,
    "CodeSystem": code_system,
    "Questionnaire": questionnaire,
    "Observation": observation,
    "Measure": measure,
    "MeasureReport": measure_report,
    "NamingSystem": naming_system,
    "TerminologyCapabilities": terminology_capabilities,
}
_SCANNING = re.compile(r"%context|%resource|%rootResource|descendants\(\)|\.all\(")
# Scanning constraints that the engine decides natively from one node's own content.
_NATIVE_SCANS = frozenset({"dom-3", "ref-1"})


def scanning_types() -> set[str]:
    """The core resource types with a constraint that scans beyond its element (see INVARIANT_TYPES)."""
    found: set[str] = set()
    for definition in load_core().structure_definitions():
        if definition.get("kind") != "resource" or definition.get("derivation") == "constraint":
            continue
        for element in (definition.get("snapshot") or {}).get("element", ()):
            for constraint in element.get("constraint", ()):
                if constraint.get("key") not in _NATIVE_SCANS and _SCANNING.search(constraint.get("expression") or ""):
                    found.add(str(definition["type"]))
    return found


def _document(build: Callable[[int], dict[str, Any]]) -> Callable[[int], bytes]:
    def document(n: int) -> bytes:
        return json.dumps(build(n)).encode()

    document.__doc__ = build.__doc__
    return document


# -- issue 20, items 5, 6, 7 ----------------------------------------------------------------------


def long_string_with_finding(n: int) -> bytes:
    """A Patient without narrative (dom-6, so positions are looked up) holding a string of n characters."""
    return json.dumps({"resourceType": "Patient", "id": "p", "name": [{"text": "a" * n}], "extra": 1}).encode()


_PACKAGES = tempfile.TemporaryDirectory(prefix="benchmark-hostile-")  # removed when the script ends


def _package(members: dict[str, bytes]) -> Path:
    folder = Path(tempfile.mkdtemp(dir=_PACKAGES.name))
    path = folder / "package.tgz"
    manifest = json.dumps({"name": "example.hostile", "version": "0.1.0", "fhirVersions": ["4.0.1"]}).encode()
    with tarfile.open(path, "w:gz") as archive:
        for name, data in {"package/package.json": manifest, **members}.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return path


def many_members(n: int) -> Path:
    """A package with n small JSON members (resources that are not conformance resources)."""
    return _package({f"package/Basic-{i}.json": b'{"resourceType":"Basic","id":"b%d"}' % i for i in range(n)})


def big_members(n: int) -> Path:
    """A package with n members of 8 MB each (compressing to a few kB each)."""
    blob = b'{"resourceType":"Basic","id":"b","x":"' + b"0" * (8 * 1024 * 1024) + b'"}'
    return _package({f"package/Basic-{i}.json": blob for i in range(n)})


def many_slices(n: int) -> tuple[Path, bytes]:
    """A package with one profile slicing Patient.identifier n times (no snapshot: it is generated)."""
    differential = [
        {
            "id": "Patient.identifier",
            "path": "Patient.identifier",
            "slicing": {"discriminator": [{"type": "value", "path": "system"}], "rules": "open"},
        }
    ]
    for i in range(n):
        differential += [
            {"id": f"Patient.identifier:s{i}", "path": "Patient.identifier", "sliceName": f"s{i}", "max": "1"},
            {
                "id": f"Patient.identifier:s{i}.system",
                "path": "Patient.identifier.system",
                "fixedUri": f"http://example.org/s{i}",
            },
        ]
    url = "http://example.org/fhir/StructureDefinition/sliced"
    profile = {
        "resourceType": "StructureDefinition",
        "id": "sliced",
        "url": url,
        "name": "Sliced",
        "status": "draft",
        "kind": "resource",
        "abstract": False,
        "type": "Patient",
        "baseDefinition": "http://hl7.org/fhir/StructureDefinition/Patient",
        "derivation": "constraint",
        "differential": {"element": differential},
    }
    patient = {"resourceType": "Patient", "meta": {"profile": [url]}, "identifier": [{"system": "http://x"}]}
    return _package({"package/StructureDefinition-sliced.json": json.dumps(profile).encode()}), json.dumps(
        patient
    ).encode()


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
    **{f"invariants-{name}": Case(_document(build), _validate, 1_000) for name, build in INVARIANT_TYPES.items()},
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


def run_cases(names: list[str], scale: float, memory: bool) -> None:
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
    args = parser.parse_args(argv)
    if args.list:
        for name, case in CASES.items():
            print(f"{name:<36} n={case.base:<9} {(case.build.__doc__ or '').strip().splitlines()[0]}")
        return 0
    journalloft.validate(b'{"resourceType":"Patient"}')  # load definitions outside the timings
    if args.invariants:
        run_invariants(args.scale, args.threshold, args.type)
        return 0
    run_cases(args.only or list(CASES), args.scale, args.memory)
    return 0


if __name__ == "__main__":
    sys.exit(main())
