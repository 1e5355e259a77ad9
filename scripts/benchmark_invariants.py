"""Cost of FHIRPath invariants: per expression, and the whole core constraint set per resource.

Prints microseconds per evaluation and ratios against a baseline measured in the same process:
fhirpathpy's own `evaluate()` of the same expression from its text (parse + evaluate), which is
what one would do without the engine's cache. Run from the repository root:

    PYTHONPATH=validators:tests/fhir .venv/bin/python scripts/benchmark_invariants.py
"""

from __future__ import annotations

import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from fhirpathpy import evaluate
from fhirpathpy.models import models
from test_invariants_examples import SiteWalker  # the minimal element walker of the invariant tests

from journalloft.fhir.definitions import load_core
from journalloft.fhir.fhirpath_support import EvaluationScope, FhirPathRuntime
from journalloft.fhir.fhirpath_types import base_type_path
from journalloft.fhir.invariants import InvariantEngine

XHTML = "http://www.w3.org/1999/xhtml"

OBSERVATION: dict[str, Any] = {
    "resourceType": "Observation",
    "id": "news2",
    "meta": {"profile": ["http://example.org/fhir/StructureDefinition/news2"]},
    "text": {"status": "generated", "div": f'<div xmlns="{XHTML}"><p>NEWS2 total <b>5</b></p></div>'},
    "status": "final",
    "category": [
        {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "survey"}]}
    ],
    "code": {"coding": [{"system": "http://snomed.info/sct", "code": "1104051000000101"}]},
    "subject": {"identifier": {"system": "urn:oid:2.16.578.1.12.4.1.4.1", "value": "22750884907"}},
    "effectiveDateTime": "2024-02-01T10:00:00+01:00",
    "performer": [{"reference": "#prac"}],
    "contained": [{"resourceType": "Practitioner", "id": "prac", "name": [{"family": "Hansen"}]}],
    "valueQuantity": {"value": Decimal("5"), "system": "http://unitsofmeasure.org", "code": "{score}"},
    "component": [
        {"code": {"coding": [{"system": "http://snomed.info/sct", "code": code}]}, "valueInteger": score}
        for code, score in (
            ("1104301000000104", 1),
            ("1104311000000102", 0),
            ("1104341000000101", 2),
            ("1104351000000103", 1),
            ("1104361000000100", 0),
            ("1104371000000107", 1),
        )
    ],
}

PATIENT: dict[str, Any] = {
    "resourceType": "Patient",
    "id": "p1",
    "text": {"status": "generated", "div": f'<div xmlns="{XHTML}">Kari Nordmann, f. 22.07.1988</div>'},
    "identifier": [{"system": "urn:oid:2.16.578.1.12.4.1.4.1", "value": "22750884907"}],
    "name": [{"family": "Nordmann", "given": ["Kari"], "period": {"start": "1988-07-22"}}],
    "telecom": [{"system": "phone", "value": "+4799999999", "use": "mobile"}],
    "gender": "female",
    "birthDate": "1988-07-22",
    "address": [
        {
            "line": ["Storgata 1"],
            "postalCode": "8006",
            "city": "Bodø",
            "period": {"start": "2010-01-01", "end": "2024-01-01"},
        }
    ],
    "contact": [
        {"name": {"family": "Nordmann", "given": ["Ola"]}, "telecom": [{"system": "phone", "value": "+4798888888"}]}
    ],
    "managingOrganization": {"reference": "Organization/o1"},
}

EXPRESSIONS = {
    "obs-6": ("Observation", OBSERVATION, "dataAbsentReason.empty() or value.empty()"),
    "obs-7": (
        "Observation",
        OBSERVATION,
        "value.empty() or component.code.where(coding.intersect(%resource.code.coding).exists()).empty()",
    ),
    "dom-2": ("Observation", OBSERVATION, "contained.contained.empty()"),
    "dom-6": ("Observation", OBSERVATION, "text.`div`.exists()"),
    "per-1": (
        "Period",
        {"start": "2010-01-01", "end": "2024-01-01"},
        "start.hasValue().not() or end.hasValue().not() or (start <= end)",
    ),
    "ref-1": (
        "Reference",
        {"reference": "#prac"},
        "reference.startsWith('#').not() or (reference.substring(1).trace('url') in "
        "%rootResource.contained.id.trace('ids'))",
    ),
    "pat-1": (
        "Patient.contact",
        PATIENT["contact"][0],
        "name.exists() or telecom.exists() or address.exists() or organization.exists()",
    ),
}


def per_call(action: Callable[[], object], minimum_seconds: float = 0.3) -> float:
    """Seconds per call, measured over enough calls to last at least `minimum_seconds`."""
    calls, started = 0, time.perf_counter()
    while True:
        action()
        calls += 1
        elapsed = time.perf_counter() - started
        if elapsed >= minimum_seconds and calls >= 20:
            return elapsed / calls


def dom_3_expression() -> str:
    sd = load_core().structure_definition("Observation")
    assert sd is not None
    return next(c["expression"] for c in sd["snapshot"]["element"][0]["constraint"] if c["key"] == "dom-3")


def expression_row(  # noqa: PLR0917 - one row of the table
    runtime: FhirPathRuntime, engine: InvariantEngine, name: str, type_path: str, node: Any, text: str
) -> str:
    prepared = runtime.prepare(text)
    scope = EvaluationScope(OBSERVATION, OBSERVATION)
    base = base_type_path(type_path)
    ours = per_call(lambda: runtime.evaluate(prepared, node, base, scope))
    constraint = [{"key": name, "severity": "error", "human": name, "expression": text}]
    checked = per_call(lambda: engine.check(constraint, node, type_path, name, OBSERVATION, OBSERVATION))
    context = {"resource": OBSERVATION, "rootResource": OBSERVATION}
    options = {"userInvocationTable": {"hasValue": {"fn": lambda inputs: len(inputs) == 1}}, "traceFn": lambda *_: None}
    try:
        theirs = per_call(
            lambda: evaluate(node, {"base": type_path, "expression": text}, context, models["r4"], options)
        )
    except Exception:  # fhirpathpy alone cannot run dom-3 (`as()` on a collection)
        return f"{name:<22}{ours * 1e6:>9.1f}{checked * 1e6:>9.1f}{'fails':>12}{'-':>8}"
    return f"{name:<22}{ours * 1e6:>9.1f}{checked * 1e6:>9.1f}{theirs * 1e6:>12.1f}{theirs / checked:>8.1f}"


def main() -> None:
    runtime = FhirPathRuntime()
    engine = InvariantEngine()
    print("µs per evaluation: our FHIRPath runtime (cached parse), InvariantEngine.check (native fast path")
    print("where there is one), and fhirpathpy's evaluate() from the text as the baseline; ratio = baseline/check")
    print(f"{'expression':<22}{'runtime':>9}{'check':>9}{'evaluate()':>12}{'ratio':>8}")
    expressions = dict(EXPRESSIONS)
    expressions["dom-3"] = ("Observation", OBSERVATION, dom_3_expression())
    for name, (type_path, node, text) in expressions.items():
        print(expression_row(runtime, engine, name, type_path, node, text))
    print()

    walker = SiteWalker(load_core())
    print(f"{'resource':<14}{'sites':>6}{'constraints':>12}{'all constraints µs':>20}{'per constraint µs':>19}")
    for resource in (OBSERVATION, PATIENT):
        sites = list(walker.sites(resource))
        count = sum(len(site.constraints) for site in sites)

        def run_all(sites: list[Any] = sites) -> None:
            with engine.session():
                for site in sites:
                    holder = site.holder
                    engine.check(
                        site.constraints,
                        site.node,
                        site.type_path,
                        site.location,
                        holder.resource,
                        holder.root,
                        holder.bundle,
                    )

        seconds = per_call(run_all, 1.0)
        print(
            f"{resource['resourceType']:<14}{len(sites):>6}{count:>12}{seconds * 1e6:>20.0f}"
            f"{seconds * 1e6 / count:>19.1f}"
        )


if __name__ == "__main__":
    main()
