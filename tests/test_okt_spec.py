"""OKT specs: OpenAPI references resolve offline, the mapping covers the prototype schema, and the
examples give the same codes with and without --spec (detection by shape / by profile and type)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from journalloft import validate
from journalloft.site.examples_page import Example, load_manifest

ROOT = Path(__file__).resolve().parent.parent
OPENAPI = sorted((ROOT / "specs").glob("okt*/*/openapi/*.yaml"))
OKT_EXAMPLES = [e for e in load_manifest(ROOT) if e.file.startswith("okt/") and e.spec]


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return own + [r for value in node.values() for r in _refs(value)]
    if isinstance(node, list):
        return [r for value in node for r in _refs(value)]
    return []


def _resolve(document: Any, pointer: str) -> Any:
    node = document
    for part in [p for p in pointer.lstrip("/").split("/") if p]:
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def test_both_okt_specs_have_openapi_files() -> None:
    assert {p.parent.parent.parent.name for p in OPENAPI} == {"okt", "okt-prototype"}


@pytest.mark.parametrize("path", OPENAPI, ids=[p.name for p in OPENAPI])
def test_openapi_references_exist(path: Path) -> None:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert document["openapi"].startswith("3.1")
    refs = _refs(document)
    assert refs
    for ref in refs:
        target, _, pointer = ref.partition("#")
        base = json.loads((path.parent / target).read_text(encoding="utf-8")) if target else document
        assert _resolve(base, pointer) is not None, ref


@pytest.mark.parametrize(("prototype", "okt"), [("0.3.0", "1.0.0"), ("0.4.0", "1.1.0")])
def test_mapping_covers_every_prototype_field(prototype: str, okt: str) -> None:
    schema = json.loads((ROOT / f"specs/okt-prototype/{prototype}/schema.json").read_text(encoding="utf-8"))
    defs = schema["$defs"]
    fields = {"personIdentifier", "oktMessages[]"}
    fields |= {f"oktMessages[].{name}" for name in defs["OktMessage"]["properties"] if name != "iplosCode"}
    fields |= {f"oktMessages[].iplosCode.{name}" for name in defs["IplosCode"]["properties"]}
    mapping = yaml.safe_load((ROOT / f"specs/okt/{okt}/mapping/okt-prototype.yaml").read_text(encoding="utf-8"))
    assert mapping["source"] == f"okt-prototype@{prototype}"
    mapped = {row["field"] for row in mapping["rows"]}
    assert fields <= mapped, fields - mapped


@pytest.mark.parametrize("prototype", ["0.3.0", "0.4.0"])
def test_every_schema_property_has_norwegian_title_and_description(prototype: str) -> None:
    schema = json.loads((ROOT / f"specs/okt-prototype/{prototype}/schema.json").read_text(encoding="utf-8"))
    for name, definition in schema["$defs"].items():
        for prop, spec in definition["properties"].items():
            if "$ref" in spec:
                continue
            assert spec.get("title") and spec.get("description"), f"{name}.{prop}"


@pytest.mark.parametrize("example", OKT_EXAMPLES, ids=[e.file for e in OKT_EXAMPLES])
def test_explicit_spec_gives_the_same_findings(example: Example) -> None:
    path = ROOT / "examples" / example.file
    detected = validate(path).results[0]
    chosen = validate(path, spec=example.spec).results[0]
    assert detected.spec == chosen.spec == example.spec

    def codes(result: Any) -> list[tuple[str, str, str | None]]:
        return sorted(
            (i.severity.value, i.code, i.expression) for i in result.issues if i.severity.value != "information"
        )

    assert codes(detected) == codes(chosen) == sorted(example.issues)


def test_result_message_is_valid_only_with_spec() -> None:
    path = ROOT / "tests/data/okt/result-message.json"
    assert [i.code for i in validate(path).results[0].issues] == ["spec-not-detected"]
    chosen = validate(path, spec="okt-prototype").results[0]
    assert chosen.valid and chosen.issues == []


def test_negative_status_count_is_refused() -> None:
    report = validate({"oktStatus": -1}, spec="okt-prototype")
    assert [(i.code, i.expression) for i in report.results[0].issues] == [("schema-constraint", "$.oktStatus")]


GENERATED = ROOT / "specs/okt/2.0.0/generated"


def _structure_definitions() -> list[dict[str, Any]]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(GENERATED.glob("StructureDefinition-*.json"))]


def test_every_constrained_element_has_short_and_definition() -> None:
    missing = [
        e["id"]
        for sd in _structure_definitions()
        for e in sd["differential"]["element"]
        if not (e.get("short") and e.get("definition")) and e.get("max") != "0"  # SUSHI's own 0..0
    ]
    assert missing == []


def test_every_okt_invariant_has_a_failing_and_a_passing_example() -> None:
    constraints = {
        c["key"]: c["severity"]
        for sd in _structure_definitions()
        for e in sd["differential"]["element"]
        for c in e.get("constraint", [])
        if c["key"].startswith("okt-")
    }
    # okt 2.0.0: okt-1 left (FHIR's per-1 says the same); okt-3 became a warning; okt-5 is new.
    assert constraints == {"okt-2": "error", "okt-3": "warning", "okt-4": "error", "okt-5": "error"}
    fhir_examples = [e for e in load_manifest(ROOT) if e.file.startswith("okt/fhir") and e.spec == "okt@2.0.0"]
    for key, severity in constraints.items():
        failing = [
            e.file
            for e in fhir_examples
            if any(i.message.startswith(f"{key}:") for i in validate(ROOT / "examples" / e.file).results[0].issues)
        ]
        folder = "/invalid/" if severity == "error" else "/valid/"  # a warning leaves the example valid
        assert failing and all(folder in f for f in failing), key
    # The valid examples (no error, checked by test_examples) include an EpisodeOfCare that is
    # finished with an end date and one with a weekly extent: each okt invariant is evaluated and holds.
    valid_text = "".join(
        (ROOT / "examples" / e.file).read_text(encoding="utf-8") for e in fhir_examples if "/valid/" in e.file
    )
    assert '"finished"' in valid_text and '"end"' in valid_text
    assert "WeeklyExtentRatio" in valid_text and "urn:oid:2.16.578.1.12.4.1.4.2" in valid_text
    assert "urn:oid:2.16.578.1.12.4.1.4.1" in valid_text and '"Patient"' in valid_text


def test_bundle_is_detected_by_claimed_profiles_and_only_fitting_bundle_profiles_apply() -> None:
    transaction = json.loads((ROOT / "examples/okt/fhir/valid/transaksjon-to-tjenester.json").read_text("utf-8"))
    del transaction["meta"]
    result = validate(transaction).results[0]
    assert result.spec == "okt@2.0.0"  # the entries still claim OKT profiles (newest version)
    assert [i for i in result.issues if i.severity.value == "error"] == []  # not judged as a searchset
    other = {"resourceType": "Bundle", "type": "collection", "entry": [{"resource": {"resourceType": "Patient"}}]}
    assert validate(other).results[0].spec == "fhir-r4@4.0.1"
    # A Bundle that claims nothing gets base R4 (issue 7: no profile applies by type alone) ...
    empty_count = {"resourceType": "Bundle", "type": "searchset", "total": 0}
    assert validate(empty_count).results[0].spec == "fhir-r4@4.0.1"
    # ... while --spec okt applies the searchset profile by type, and not the transaction profile.
    chosen = validate(empty_count, spec="okt").results[0]
    assert chosen.spec == "okt@2.0.0"
    assert [i for i in chosen.issues if i.severity.value == "error"] == []
    without_total = validate({"resourceType": "Bundle", "type": "searchset"}, spec="okt").results[0]
    assert [(i.code, i.expression, i.message) for i in without_total.issues if i.severity.value == "error"] == [
        ("fhir-cardinality-min", "Bundle", "Bundle.total is required (minimum 1) but missing")
    ]
