"""The hostile inputs of scripts/benchmark_hostile.py: each ``build(n)`` gives an input of size n.

Issue 12's document shapes, issue 20's resources whose core invariants scan the resource (one per
type in :data:`INVARIANT_TYPES`), and the inputs of issue 20's items 5 (a long string in a document
with a finding), 6 (packages with many or big members) and 7 (a profile with many slices).
"""

from __future__ import annotations

import io
import json
import re
import tarfile
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from journalloft.fhir.definitions import load_core

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


def document(build: Callable[[int], dict[str, Any]]) -> Callable[[int], bytes]:
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
