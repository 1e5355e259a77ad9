"""The news2 spec in the validator: explicit --spec, detection by claimed profile only, the checks hook."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from journalloft import validate
from journalloft.checks import REGISTERED
from journalloft.inputs import Document
from journalloft.site.examples_page import Example, load_manifest
from journalloft.specs import Registry, SpecError
from journalloft.validation import Checker

ROOT = Path(__file__).resolve().parents[2]
NEWS2_EXAMPLES = [e for e in load_manifest(ROOT) if e.file.startswith("news2/")]


@pytest.mark.parametrize("example", NEWS2_EXAMPLES, ids=[e.file for e in NEWS2_EXAMPLES])
def test_with_spec_news2_gives_the_listed_findings(example: Example) -> None:
    (result,) = validate(ROOT / "examples" / example.file, spec="news2").results
    found = sorted(
        (i.severity.value, i.code, i.expression) for i in result.issues if i.severity.value in ("error", "warning")
    )
    assert found == sorted(example.issues)


def test_every_news2_code_has_an_example() -> None:
    listed = {code for e in NEWS2_EXAMPLES for _, code, _ in e.issues}
    from journalloft.codes import CODES

    assert {c for c in CODES if c.startswith("news2-")} <= listed


def test_every_invariant_has_a_failing_example() -> None:
    sds = Registry().resolve("news2").fhir_resources()
    keys = {
        c["key"]
        for sd in sds
        if sd.get("resourceType") == "StructureDefinition"
        for el in sd.get("differential", {}).get("element", [])
        for c in el.get("constraint", [])
    }
    assert keys == {"news2-1", "news2-2", "news2-3", "news2-4", "news2-5"}
    failing = set()
    for example in NEWS2_EXAMPLES:
        (result,) = validate(ROOT / "examples" / example.file).results
        failing |= {i.message.partition(":")[0] for i in result.issues if i.code == "fhir-invariant"}
    assert keys <= failing


def test_an_unclaimed_observation_is_not_judged_by_news2() -> None:
    (result,) = validate(ROOT / "examples/fhir-r4/valid/observation-puls.json").results
    assert result.spec == "fhir-r4@4.0.1"


def test_a_claimed_profile_selects_news2() -> None:
    (result,) = validate(ROOT / "examples/news2/valid/puls-alene.json").results
    assert result.spec == "news2@1.1.0"
    assert result.valid


def test_check_findings_are_not_repeated_where_the_engine_reported() -> None:
    bundle = json.loads((ROOT / "examples/news2/invalid/oksygen-feil-enhet.json").read_text(encoding="utf-8"))
    bundle["entry"][3]["resource"]["valueQuantity"]["code"] = 7  # wrong JSON type: the engine reports it
    result = Checker(Registry(), "news2").check(Document("x.json", json.dumps(bundle).encode()))
    at = [i.code for i in result.issues if i.expression == "Bundle.entry[3].resource.value.ofType(Quantity).code"]
    assert at and "news2-unit" not in at


def test_a_spec_naming_an_unknown_rule_set_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "demo" / "1.0.0"
    folder.mkdir(parents=True)
    (folder / "spec.yaml").write_text(
        "id: demo\nversion: '1.0.0'\ntitle: Demo\nkind: fhir\nchecks: [nope]\n", encoding="utf-8"
    )
    with pytest.raises(SpecError, match="checks must list registered rule sets"):
        Registry([tmp_path])
    assert "news2" in REGISTERED


def test_with_spec_an_unclaimed_observation_meets_only_the_profile_its_code_selects() -> None:
    """--spec news2 on a pulse Observation without meta.profile: judged as news2-heart-rate (its code
    and category patterns fit), not against the seven other Observation profiles."""
    (result,) = validate(ROOT / "examples/fhir-r4/valid/observation-puls.json", spec="news2").results
    assert result.spec == "news2@1.1.0"
    assert [i for i in result.issues if i.severity.value == "error"] == []
    # Recoded as inhaled oxygen (3151-8, no core vital-signs profile), its /min unit is the news2
    # rule's finding alone: for the codes with a core profile, FHIR's own unit rules report first.
    oxygen = json.loads((ROOT / "examples/fhir-r4/valid/observation-puls.json").read_text(encoding="utf-8"))
    oxygen["code"]["coding"][0]["code"] = "3151-8"
    (result,) = validate(json.dumps(oxygen).encode(), spec="news2").results
    assert sorted((i.code, i.expression) for i in result.issues if i.severity.value == "error") == [
        ("news2-unit", "Observation.value.ofType(Quantity).code")
    ]


def test_blood_pressure_is_scored_from_the_panels_systolic_component() -> None:
    """The BP panel (85354-9) has no value of its own: its systolic component (8480-6) is read, and
    findings on it point at the component."""
    bundle = json.loads((ROOT / "examples/news2/valid/lav-risiko.json").read_text(encoding="utf-8"))
    panel = bundle["entry"][4]["resource"]
    assert panel["code"]["coding"][0]["code"] == "85354-9"
    assert panel["component"][0]["code"]["coding"][0]["code"] == "8480-6"
    panel["component"][0]["valueQuantity"]["value"] = 900
    result = Checker(Registry(), "news2").check(Document("x.json", json.dumps(bundle).encode()))
    assert [(i.code, i.expression) for i in result.issues if i.severity.value == "error"] == [
        ("news2-range", "Bundle.entry[4].resource.component[0].value.ofType(Quantity).value")
    ]
    panel["component"][0]["valueQuantity"]["value"] = 85  # 3 points, but the assessment states 0
    result = Checker(Registry(), "news2").check(Document("x.json", json.dumps(bundle).encode()))
    assert "news2-component-mismatch" in {i.code for i in result.issues}


SPO2_SCALE_1, SPO2_SCALE_2 = "1104311000000102", "1104321000000108"


def _quantity_subscores(drop: str | None = None, add: str | None = None) -> dict[str, Any]:
    """lav-risiko.json with every sub-score as valueQuantity, as HL7 Norway's VkpObservation carries them."""
    bundle = json.loads((ROOT / "examples/news2/valid/lav-risiko.json").read_text(encoding="utf-8"))
    assessment = bundle["entry"][0]["resource"]
    components = []
    for component in assessment["component"]:
        code = component["code"]["coding"][0]["code"]
        if code == drop:
            continue
        value = component.pop("valueInteger")
        components.append({**component, "valueQuantity": {"value": value, "unit": "score"}})
        if code == SPO2_SCALE_1 and add is not None:
            coding = {**component["code"]["coding"][0], "code": add}
            components.append({"code": {"coding": [coding]}, "valueQuantity": {"value": 0, "unit": "score"}})
    assessment["component"] = components
    return bundle


def _spo2_scale_messages(bundle: dict[str, Any]) -> list[str]:
    issues = validate(bundle, spec="news2").results[0].issues
    return [i.message for i in issues if i.code == "news2-spo2-scale"]


def test_quantity_valued_subscores_with_one_spo2_scale_are_not_no_spo2_subscore() -> None:
    assert _spo2_scale_messages(_quantity_subscores()) == []


def test_quantity_valued_subscores_without_or_with_both_scales_are_diagnosed_as_such() -> None:
    assert _spo2_scale_messages(_quantity_subscores(drop=SPO2_SCALE_1)) == [
        "The assessment has no SpO2 sub-score; exactly one of scale 1 and scale 2 is required."
    ]
    assert _spo2_scale_messages(_quantity_subscores(add=SPO2_SCALE_2)) == [
        "The assessment has both SpO2 scales; exactly one of scale 1 and scale 2 is required."
    ]
