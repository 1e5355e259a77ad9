"""Invariants that scan the resource cost linear work (issue 20, item 1), with unchanged verdicts.

Also the ElementDefinition invariants, decided natively so that a large profile is answered in
about a second; each agrees with FHIRPath on a sample of the core's own elements and on failing
variants.

sdf-8/sdf-8a re-read ``%resource.snapshot.element.first().path`` for every element: the runtime now
evaluates such focus-free parts once per evaluation (:mod:`journalloft.fhir.fhirpath_memo`). ig-1/ig-2
compare every resource with every grouping: decided natively with a set. Each is shown in pass/fail
pairs through the engine, the native ones also against the FHIRPath they replace, and the linear
ones by counting member steps at n and 2n (never by the clock).
"""

from __future__ import annotations

import copy
import random
from decimal import Decimal
from typing import Any

import pytest
from fhirpathpy.engine.evaluators import evaluators

from journalloft.fhir import fhirpath_support
from journalloft.fhir.definitions import load_core
from journalloft.fhir.fhirpath_memo import MEMO_EVALUATOR
from journalloft.fhir.fhirpath_support import EvaluationScope, FhirPathRuntime
from journalloft.fhir.invariants import InvariantEngine
from journalloft.fhir.invariants_native import IG_1, IG_2, ig_1_holds, ig_2_holds
from journalloft.fhir.invariants_native_eld import (
    ELD_2,
    ELD_3,
    ELD_13,
    ELD_14,
    ELD_16,
    ELD_19,
    ELD_20,
    SDF_9,
    eld_2_holds,
    eld_3_holds,
    eld_13_holds,
    eld_14_holds,
    eld_16_holds,
    eld_19_holds,
    eld_20_holds,
    sdf_9_holds,
)
from journalloft.fhir.terminology import Terminology
from journalloft.issues import Issue

SDF_8 = (
    "(%resource.kind = 'logical' or element.first().path = %resource.type) and "
    "element.tail().all(path.startsWith(%resource.snapshot.element.first().path&'.'))"
)


def element(path: str, element_id: str | None = None) -> dict[str, Any]:
    return {"id": element_id or path, "path": path, "definition": "d", "min": 0, "max": "1", "base": {"path": path}}


def profile(paths: list[str], kind: str = "resource", type_name: str = "Patient") -> dict[str, Any]:
    elements = [element(path, f"{path}:{i}" if i else path) for i, path in enumerate(paths)]
    return {
        "resourceType": "StructureDefinition",
        "url": "http://example.org/fhir/StructureDefinition/p",
        "name": "P",
        "status": "draft",
        "kind": kind,
        "abstract": False,
        "type": type_name,
        "derivation": "constraint",
        "snapshot": {"element": elements},
        "differential": {"element": copy.deepcopy(elements)},
    }


def constraint(type_path: str, key: str) -> list[dict[str, Any]]:
    sd = load_core().structure_definition(type_path.split(".", maxsplit=1)[0])
    assert sd is not None
    for item in sd["snapshot"]["element"]:
        if item["path"] == type_path:
            return [c for c in item.get("constraint", ()) if c["key"] == key]
    raise AssertionError(type_path)


@pytest.fixture(scope="module")
def engine() -> InvariantEngine:
    return InvariantEngine(Terminology(load_core()))


def issues(engine: InvariantEngine, type_path: str, key: str, node: Any, resource: dict[str, Any]) -> list[Issue]:
    return engine.check(constraint(type_path, key), node, type_path, type_path, resource, resource)


@pytest.mark.parametrize(
    ("key", "part", "paths", "holds"),
    [
        ("sdf-8", "snapshot", ["Patient", "Patient.name", "Patient.name.given"], True),
        ("sdf-8", "snapshot", ["Patient", "Patient.name", "Observation.code"], False),
        ("sdf-8", "snapshot", ["Observation", "Observation.code"], False),  # first path is not the type
        ("sdf-8a", "differential", ["Patient.name", "Patient.name.given"], True),
        ("sdf-8a", "differential", ["Patient.name", "Observation.code"], False),
        ("sdf-8a", "differential", ["Observation.code"], False),  # does not start with the type
    ],
)
def test_sdf_8_and_8a_pass_and_fail(
    engine: InvariantEngine, key: str, part: str, paths: list[str], holds: bool
) -> None:
    sd = profile(paths)
    found = issues(engine, f"StructureDefinition.{part}", key, sd[part], sd)
    assert [(i.code, i.message.split(":")[0]) for i in found] == ([] if holds else [("fhir-invariant", key)])


def test_a_logical_model_passes_sdf_8_whatever_its_first_path() -> None:
    sd = profile(["Other", "Other.x"], kind="logical")
    runtime = FhirPathRuntime()
    scope = EvaluationScope(sd, sd)
    assert runtime.evaluate(runtime.prepare(SDF_8), sd["snapshot"], "StructureDefinition.snapshot", scope) == [True]


def test_the_focus_free_part_of_sdf_8_is_kept_and_evaluated_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Member steps grow linearly with the elements: at 2n about twice those at n (quadratic: four times)."""
    prepared = FhirPathRuntime.prepare(SDF_8)
    assert MEMO_EVALUATOR in str(prepared.tree)
    steps = [0]
    member = evaluators[fhirpath_support._MEMBER_EVALUATOR]

    def counting(ctx: dict[str, Any], parent_data: Any, node: dict[str, Any]) -> list[Any]:
        steps[0] += 1
        return member(ctx, parent_data, node)

    monkeypatch.setitem(evaluators, fhirpath_support._MEMBER_EVALUATOR, counting)
    counts = []
    for n in (200, 400):
        sd = profile(["Patient"] + ["Patient.name"] * n)
        steps[0] = 0
        runtime = FhirPathRuntime()
        scope = EvaluationScope(sd, sd)
        assert runtime.evaluate(prepared, sd["snapshot"], "StructureDefinition.snapshot", scope) == [True]
        counts.append(steps[0])
    assert counts[1] < 2.5 * counts[0], counts


def test_a_part_reading_the_focus_is_not_kept() -> None:
    """``where(path = ...)`` inside reads each item: only ``%resource.type`` alone may be kept."""
    prepared = FhirPathRuntime.prepare("element.all(path.startsWith(%resource.type) and id.exists())")
    text = str(prepared.tree)
    assert text.count(MEMO_EVALUATOR) == 1
    sd = profile(["Patient", "Patient.name"])
    sd["snapshot"]["element"][1]["path"] = "Observation.code"
    runtime = FhirPathRuntime()
    result = runtime.evaluate(prepared, sd["snapshot"], "StructureDefinition.snapshot", EvaluationScope(sd, sd))
    assert result == [False]


def guide(groupings: list[str], resources: list[dict[str, Any]], versions: list[str] | None = None) -> dict[str, Any]:
    return {
        "resourceType": "ImplementationGuide",
        "url": "http://example.org/fhir/ImplementationGuide/g",
        "name": "G",
        "status": "draft",
        "packageId": "example.g",
        "fhirVersion": versions if versions is not None else ["4.0.1"],
        "definition": {"grouping": [{"id": g, "name": g} for g in groupings], "resource": resources},
    }


def res(grouping: str | None = None, versions: list[str] | None = None) -> dict[str, Any]:
    item: dict[str, Any] = {"reference": {"reference": "Patient/p"}}
    if grouping is not None:
        item["groupingId"] = grouping
    if versions is not None:
        item["fhirVersion"] = versions
    return item


IG_CASES = [
    guide([], []),
    guide(["a", "b"], [res("a"), res("b"), res()]),
    guide(["a"], [res("a"), res("c")]),
    guide([], [res("a")]),
    guide(["a"], [res("a", ["4.0.1"])]),
    guide(["a"], [res("a", ["4.0.1", "3.0.2"])]),
    guide(["a"], [res("a", ["4.0.1"])], versions=[]),
    guide(["a"], [res("a", ["4.0.1"])], versions=["3.0.2", "4.0.1"]),
]


def fhirpath_holds(expression: str, node: Any, type_path: str, resource: dict[str, Any]) -> bool:
    runtime = FhirPathRuntime()
    result = runtime.evaluate(runtime.prepare(expression), node, type_path, EvaluationScope(resource, resource))
    return result != [False]


@pytest.mark.parametrize("ig", IG_CASES)
def test_ig_1_and_ig_2_native_agree_with_fhirpath(ig: dict[str, Any]) -> None:
    definition = ig["definition"]
    assert ig_1_holds(definition) == fhirpath_holds(IG_1, definition, "ImplementationGuide.definition", ig)
    assert ig_2_holds(ig) == fhirpath_holds(IG_2, ig, "ImplementationGuide", ig)


@pytest.mark.parametrize(
    ("ig", "key", "holds"),
    [
        (guide(["a", "b"], [res("a"), res("b")]), "ig-1", True),
        (guide(["a"], [res("a"), res("b")]), "ig-1", False),
        (guide(["a"], [res("a", ["4.0.1"])]), "ig-2", True),
        (guide(["a"], [res("a", ["3.0.2"])]), "ig-2", False),
    ],
)
def test_ig_1_and_ig_2_pass_and_fail(engine: InvariantEngine, ig: dict[str, Any], key: str, holds: bool) -> None:
    type_path = "ImplementationGuide.definition" if key == "ig-1" else "ImplementationGuide"
    node = ig["definition"] if key == "ig-1" else ig
    found = issues(engine, type_path, key, node, ig)
    assert [i.message.split(":")[0] for i in found] == ([] if holds else [key])


def test_ig_natives_leave_extension_twins_to_fhirpath() -> None:
    ig = guide(["a"], [res("a")])
    ig["definition"]["resource"][0]["_groupingId"] = {"extension": []}
    ig["_fhirVersion"] = [{"extension": []}]
    assert ig_1_holds(ig["definition"]) is None
    assert ig_2_holds(ig) is None


def test_fast_path_texts_are_the_core_texts() -> None:
    assert constraint("ImplementationGuide.definition", "ig-1")[0]["expression"] == IG_1
    assert constraint("ImplementationGuide", "ig-2")[0]["expression"] == IG_2
    assert constraint("StructureDefinition.snapshot", "sdf-8")[0]["expression"] == SDF_8
    assert constraint("StructureDefinition", "sdf-9")[0]["expression"] == SDF_9
    assert constraint("ElementDefinition.max", "eld-3")[0]["expression"] == ELD_3
    for key, (text, _) in ELD_NATIVES.items():
        assert constraint("ElementDefinition", key)[0]["expression"] == text, key


# -- ElementDefinition invariants decided natively --------------------------------------------------

ELD_NATIVES = {
    "eld-2": (ELD_2, eld_2_holds),
    "eld-13": (ELD_13, eld_13_holds),
    "eld-14": (ELD_14, eld_14_holds),
    "eld-16": (ELD_16, eld_16_holds),
    "eld-19": (ELD_19, eld_19_holds),
    "eld-20": (ELD_20, eld_20_holds),
}
# Failing and odd variants beside the core's own (passing) elements.
ELEMENT_VARIANTS: list[dict[str, Any]] = [
    {"path": "Patient.name", "min": 2, "max": "1"},
    {"path": "Patient.name", "min": 1, "max": "1"},
    {"path": "Patient.name", "min": 0, "max": "many"},
    {"path": "Patient.name", "min": 3, "max": "+2"},
    {"path": "Patient", "type": [{"code": "string"}, {"code": "string"}]},
    {"path": "Patient", "type": [{"code": "string"}, {"code": "code"}, {"profile": ["x"]}]},
    {"path": "Patient", "constraint": [{"key": "a-1"}, {"key": "a-1"}]},
    {"path": "Patient", "constraint": [{"key": "a-1"}, {"key": "a-2"}]},
    {"path": "Patient.identifier", "sliceName": "has space"},
    {"path": "Patient.identifier", "sliceName": "fnr/dnr-@[1]"},
    {"path": "Patient.identifier", "sliceName": "blå"},
    {"path": "Patient..name"},
    {"path": " "},
    {"path": "1patient.name"},
    {"path": "patient.Name"},
    {"path": "Patient.name\n"},
    {"path": "Patient." + "x" * 70},
    {"path": "Observation.value[x]:valueQuantity.unit"},
    {"path": "Observation.value[x]"},
    {"path": ""},
]
ODD_ELEMENTS: list[dict[str, Any]] = [
    {"path": "Patient", "_path": {"extension": []}},
    {"path": 5, "min": True, "max": 1},
    {"path": "Patient", "type": "string", "constraint": [{"key": 3}]},
    {"path": "Patient", "sliceName": ["a"], "min": Decimal("1.5"), "max": "1"},
]


def core_elements(count: int) -> list[dict[str, Any]]:
    """A seeded sample of ``count`` snapshot and differential elements of the core definitions."""
    found = [
        element
        for sd in load_core().structure_definitions()
        for part in ("snapshot", "differential")
        for element in (sd.get(part) or {}).get("element", ())
    ]
    return random.Random(20).sample(found, count)


def fhirpath_holds_on_element(expression: str, element: Any, type_path: str = "ElementDefinition") -> bool | str:
    runtime = FhirPathRuntime()
    try:
        result = runtime.evaluate(runtime.prepare(expression), element, type_path, EvaluationScope({}, {}))
    except Exception as exc:  # the engine reports these as not evaluated
        return f"raised {type(exc).__name__}"
    return result != [False]


@pytest.mark.parametrize("key", sorted(ELD_NATIVES))
def test_element_definition_natives_agree_with_fhirpath(key: str) -> None:
    expression, native = ELD_NATIVES[key]
    checked = 0
    for element in core_elements(300) + ELEMENT_VARIANTS:
        verdict = native(element)
        assert verdict is not None, element
        assert verdict == fhirpath_holds_on_element(expression, element), (key, element)
        checked += 1
    assert checked == 320
    # failing variants exist for each invariant
    assert any(native(element) is False for element in ELEMENT_VARIANTS), key


@pytest.mark.parametrize("element", ODD_ELEMENTS)
def test_element_definition_natives_leave_odd_shapes_to_fhirpath(element: dict[str, Any]) -> None:
    verdicts = {key: native(element) for key, (_, native) in ELD_NATIVES.items()}
    for key, verdict in verdicts.items():
        if verdict is not None:  # decided: then exactly as FHIRPath
            assert verdict == fhirpath_holds_on_element(ELD_NATIVES[key][0], element), (key, element)
    assert None in verdicts.values()


@pytest.mark.parametrize("value", ["*", "0", "1", "12", "-1", "+3", "-0", "many", "", "1.5", "٣"])
def test_eld_3_native_agrees_with_fhirpath(value: str) -> None:
    assert eld_3_holds(value) == fhirpath_holds_on_element(ELD_3, value, "string")
    assert eld_3_holds(5) is None


@pytest.mark.parametrize(
    ("element", "key"),
    [
        ({"path": "Patient.name", "min": 2, "max": "1"}, "eld-2"),
        ({"path": "Patient", "type": [{"code": "string"}, {"code": "string"}]}, "eld-13"),
        ({"path": "Patient", "constraint": [{"key": "a-1"}, {"key": "a-1"}]}, "eld-14"),
        ({"path": "Patient.identifier", "sliceName": "has space"}, "eld-16"),
        ({"path": " "}, "eld-19"),
        ({"path": "1.2"}, "eld-20"),  # unanchored: any letter would do
    ],
)
def test_element_definition_invariants_pass_and_fail_through_the_engine(
    engine: InvariantEngine, element: dict[str, Any], key: str
) -> None:
    sd = profile(["Patient"])
    failing = {"id": "Patient.x", "definition": "d", **element}
    passing = {"id": "Patient.x", "path": "Patient.name", "definition": "d", "min": 0, "max": "1"}
    assert [i.message.split(":")[0] for i in issues(engine, "ElementDefinition", key, failing, sd)] == [key]
    assert issues(engine, "ElementDefinition", key, passing, sd) == []


# -- children() and descendants() without fhirpathpy's quadratic list building ---------------------


NESTED: list[dict[str, Any]] = [
    {
        "resourceType": "CodeSystem",
        "concept": [{"code": f"c{i}", "concept": [{"code": f"c{i}.{j}"} for j in range(3)]} for i in range(5)],
        "_status": {"extension": [{"url": "http://example.org/x", "valueCode": "y"}]},
    },
    {
        "resourceType": "Questionnaire",
        "status": "draft",
        "item": [{"linkId": "g", "type": "group", "item": [{"linkId": "q", "type": "string"}]}],
        "contained": [{"resourceType": "ValueSet", "id": "v", "status": "active"}],
    },
]


@pytest.mark.parametrize("resource", NESTED)
@pytest.mark.parametrize("function", ["children", "descendants"])
def test_children_and_descendants_give_fhirpathpys_items_in_its_order(resource: dict[str, Any], function: str) -> None:
    from fhirpathpy.engine.invocations import navigation
    from fhirpathpy.engine.nodes import ResourceNode
    from fhirpathpy.models import models

    ctx = {"model": models["r4"]}
    start = [ResourceNode.create_node(resource, resource["resourceType"])]
    ours = getattr(fhirpath_support, f"_{function}")(ctx, start)
    theirs = getattr(navigation, function)(ctx, start)
    assert [(n.path, n.data) for n in ours] == [(n.path, n.data) for n in theirs]
    assert len(ours) >= 4


def test_csd_1_and_que_2_still_pass_and_fail(engine: InvariantEngine) -> None:
    code_system = copy.deepcopy(NESTED[0])
    assert issues(engine, "CodeSystem", "csd-1", code_system, code_system) == []
    code_system["concept"][1]["concept"][0]["code"] = "c0"  # a nested code repeating a top-level one
    assert [i.message.split(":")[0] for i in issues(engine, "CodeSystem", "csd-1", code_system, code_system)] == [
        "csd-1"
    ]
    questionnaire = copy.deepcopy(NESTED[1])
    assert issues(engine, "Questionnaire", "que-2", questionnaire, questionnaire) == []
    questionnaire["item"][0]["item"][0]["linkId"] = "g"
    found = issues(engine, "Questionnaire", "que-2", questionnaire, questionnaire)
    assert [i.message.split(":")[0] for i in found] == ["que-2"]


SDF_9_VARIANTS: list[dict[str, Any]] = [
    {**profile(["Patient", "Patient.name"]), "snapshot": {"element": [{"path": "Patient", "label": "x"}]}},
    {**profile(["Patient", "Patient.name"]), "differential": {"element": [{"path": "Patient", "code": [{}]}]}},
    {**profile(["Patient"]), "snapshot": {"element": [{"path": "Patient", "requirements": "r"}]}},
    {**profile(["Patient"]), "snapshot": {"element": [{"path": "Patient", "_label": {"extension": []}}]}},
    {**profile(["Patient"]), "snapshot": {"element": [{"path": "Patient.name", "label": "fine below the root"}]}},
    {**profile(["Patient"]), "snapshot": {"element": [{"label": "no path"}]}},
    {**profile(["Patient"]), "snapshot": {"element": [{"path": "Patient", "code": []}]}},
]


def test_sdf_9_native_agrees_with_fhirpath() -> None:
    definitions = random.Random(9).sample(list(load_core().structure_definitions()), 60) + SDF_9_VARIANTS
    for sd in definitions:
        verdict = sdf_9_holds(sd)
        assert verdict is not None
        assert verdict == fhirpath_holds(SDF_9, sd, "StructureDefinition", sd), sd.get("url")
    assert [sdf_9_holds(sd) for sd in SDF_9_VARIANTS] == [False, False, False, False, True, True, True]
    assert sdf_9_holds({**profile(["Patient"]), "snapshot": {"element": [{"path": 3}]}}) is None


@pytest.mark.parametrize(("label", "holds"), [(None, True), ("x", False)])
def test_sdf_9_passes_and_fails_through_the_engine(engine: InvariantEngine, label: str | None, holds: bool) -> None:
    sd = profile(["Patient", "Patient.name"])
    if label:
        sd["differential"]["element"][0]["label"] = label
    found = issues(engine, "StructureDefinition", "sdf-9", sd, sd)
    assert [i.message.split(":")[0] for i in found] == ([] if holds else ["sdf-9"])
