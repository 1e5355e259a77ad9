"""news2 1.1.0 takes data shaped like HL7 Norway's VkpObservation 0.5.2 NEWS2 profile, and diagnoses it precisely.

The examples under examples/news2/vkp/ are our own, shaped after VKP's example vkp-news2-create
(github.com/HL7Norway/VkpObservation, input/fsh/instances/vkp-news2-create.fsh at commit
fafc186bd13ed9693c0e3ff6b80885346d503e16): a standalone assessment, sub-scores as valueQuantity
with the chart band in interpretation.text, the author by FNR and the organisation by ORG/RESH.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from journalloft import validate
from journalloft.news2.bands import band_score
from journalloft.news2.measurements import CONSCIOUSNESS, kind_of
from journalloft.specs import Registry

ROOT = Path(__file__).resolve().parents[2]
VKP = ROOT / "examples/news2/vkp"
SCORE = "https://journalloft.no/fhir/StructureDefinition/news2-score"
RESH = "urn:oid:2.16.578.1.12.4.1.4.102"


def _load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _findings(payload: dict[str, Any] | Path, spec: str | None = None) -> list[tuple[str, str, str]]:
    source = payload if isinstance(payload, Path) else json.dumps(payload).encode()
    (result,) = validate(source, spec=spec).results
    return sorted(
        (i.severity.value, i.code, i.expression) for i in result.issues if i.severity.value in ("error", "warning")
    )


def _errors(payload: dict[str, Any] | Path, spec: str | None = None) -> list[tuple[str, str, str]]:
    return [f for f in _findings(payload, spec) if f[0] == "error"]


# VKP writes each sub-score's band as interpretation text alone. FHIR binds component.interpretation
# extensibly to observation-interpretation, and text alone does not show that no code fits, so each
# gets the engine's fhir-binding-extensible warning (as HL7's validator words it); nothing else does.
TEXT_ONLY_INTERPRETATIONS = [
    ("warning", "fhir-binding-extensible", f"Observation.component[{n}].interpretation[0]") for n in range(7)
]


def _pinned(payload: dict[str, Any], version: str) -> dict[str, Any]:
    pinned = copy.deepcopy(payload)
    pinned["meta"]["profile"] = [f"{SCORE}|{version}"]
    return pinned


def test_the_vkp_shaped_example_with_two_faults_gets_exactly_those_two_findings() -> None:
    (result,) = validate(VKP / "invalid/vurdering-som-vkp-to-feil.json").results
    assert result.spec == "news2@1.1.0"
    assert _findings(VKP / "invalid/vurdering-som-vkp-to-feil.json") == [
        ("error", "news2-component-band", "Observation.component[1].value.ofType(Quantity).value"),
        ("error", "no-id-format", "Observation.subject.identifier.value"),
        *TEXT_ONLY_INTERPRETATIONS,
    ]
    (band,) = [i for i in result.issues if i.code == "news2-component-band"]
    assert "spo2_scale2 is 3" in band.message and "gives 1" in band.message


def test_the_vkp_shaped_example_without_its_faults_is_valid_in_1_1_0_and_not_in_1_0_0() -> None:
    valid = _load(VKP / "valid/vurdering-som-vkp.json")
    assert _findings(valid) == TEXT_ONLY_INTERPRETATIONS
    (result,) = validate(json.dumps(_pinned(valid, "1.0.0")).encode()).results
    assert result.spec == "news2@1.0.0"
    errors = [i for i in result.issues if i.severity.value == "error"]
    old = {(i.code, i.expression, i.message.split(" is required")[0]) for i in errors}
    at = {(i.code, i.expression) for i in errors}
    # 1.0.0 wants valueInteger, a risk band, derivedFrom, and an HPR or organisation number performer.
    assert ("fhir-type-not-allowed", "Observation.value.ofType(Quantity)") in at
    assert ("fhir-type-not-allowed", "Observation.component[1].value.ofType(Quantity)") in at
    assert ("fhir-cardinality-min", "Observation", "Observation.interpretation") in old
    assert ("fhir-cardinality-min", "Observation", "Observation.derivedFrom") in old
    assert ("fhir-invariant", "Observation.performer[0]") in at


def test_a_resh_organisation_is_accepted_in_1_1_0_and_refused_in_1_0_0() -> None:
    payload = _load(VKP / "valid/vurdering-som-vkp-resh.json")
    assert payload["performer"][1]["identifier"]["system"] == RESH
    assert _errors(payload) == []
    assert ("error", "fhir-invariant", "Observation.performer[1]") in _errors(_pinned(payload, "1.0.0"))


def test_a_quantity_total_that_is_not_the_sum_is_reported_at_the_quantity() -> None:
    payload = _load(VKP / "valid/vurdering-som-vkp.json")
    payload["valueQuantity"]["value"] = 19
    assert _errors(payload) == [("error", "news2-total-mismatch", "Observation.value.ofType(Quantity).value")]


def test_a_fractional_quantity_sub_score_breaks_news2_2() -> None:
    payload = _load(VKP / "valid/vurdering-som-vkp.json")
    payload["component"][3]["valueQuantity"]["value"] = 2.5
    assert ("error", "fhir-invariant", "Observation.component[3]") in _errors(payload)


def test_quantity_sub_scores_count_for_the_spo2_scale_rule() -> None:
    """news2-spo2-scale used to say 'no SpO2 sub-score' when the sub-scores were Quantity-valued."""
    payload = _load(VKP / "valid/vurdering-som-vkp.json")
    both = copy.deepcopy(payload["component"][1])
    both["code"]["coding"][0]["code"] = "1104311000000102"  # scale 1 beside scale 2
    both.pop("interpretation")
    payload["component"].append(both)
    payload["valueQuantity"]["value"] = 19
    assert ("error", "news2-spo2-scale", "Observation.component") in _errors(payload)


@pytest.mark.parametrize(
    ("key", "text", "on_oxygen", "expected"),
    [
        ("spo2_scale2", "93–94 med oksygentilførsel", None, 1),
        ("spo2_scale2", "93-94", True, 1),
        ("spo2_scale2", "≥ 93 på luft", True, 0),
        ("spo2_scale2", "93–94", None, None),  # air or oxygen unknown: not judged
        ("spo2_scale1", "92–95", None, None),  # spans bands with different scores
        ("respiration", "≥25", None, 3),
        ("pulse", "≤40", None, 3),
        ("systolic", "≤90", None, 3),
        ("temperature", "≤35.0", None, 3),
        ("temperature", "36,1–38,0", None, 0),
        ("consciousness", "C, V, P eller U", None, 3),
        ("consciousness", "A", None, 0),
        ("consciousness", "A eller C", None, None),
        ("air_or_oxygen", "Oksygen", None, 2),
        ("air_or_oxygen", "Luft", None, 0),
        ("pulse", "lav puls", None, None),
    ],
)
def test_band_texts_read_as_the_chart_scores_them(key: str, text: str, on_oxygen: bool | None, expected: int) -> None:
    assert band_score(key, text, on_oxygen) == expected


def test_a_sub_score_agreeing_with_its_band_passes_and_one_disagreeing_fails() -> None:
    payload = _load(VKP / "valid/vurdering-som-vkp.json")
    assert _errors(payload) == []
    payload["component"][6]["valueQuantity"]["value"] = 2  # temperature "≤35.0" scores 3
    payload["component"][0]["valueQuantity"]["value"] = 2  # respiration "≥25" scores 3
    payload["valueQuantity"]["value"] = 16
    assert _errors(payload) == [
        ("error", "news2-component-band", "Observation.component[0].value.ofType(Quantity).value"),
        ("error", "news2-component-band", "Observation.component[6].value.ofType(Quantity).value"),
    ]


def test_vkps_snomed_code_for_consciousness_is_read_as_the_acvpu_measurement() -> None:
    snomed = {"code": {"coding": [{"system": "http://snomed.info/sct", "code": "1104441000000107"}]}}
    assert kind_of(snomed) == CONSCIOUSNESS
    bundle = _load(ROOT / "examples/news2/valid/lav-middels-ny-forvirring.json")
    (entry,) = [e for e in bundle["entry"] if e["resource"]["code"]["coding"][0].get("code") == "67775-7"]
    entry["resource"]["code"] = snomed["code"]
    entry["resource"]["meta"]["profile"] = [f"{SCORE[: -len('score')]}consciousness-snomed"]
    assert _findings(bundle) == []
    assessment = bundle["entry"][0]["resource"]
    (index,) = [
        n for n, c in enumerate(assessment["component"]) if c["code"]["coding"][0]["code"] == "1104361000000100"
    ]
    assessment["component"][index]["valueInteger"] = 0
    found = _findings(bundle)
    assert (
        "error",
        "news2-component-mismatch",
        f"Bundle.entry[0].resource.component[{index}].value.ofType(integer)",
    ) in found
    # The SNOMED CT-coded profile is new in 1.1.0; 1.0.0 keeps LOINC 67775-7 only.
    urls = {v: {r.get("url") for r in Registry().resolve(f"news2@{v}").fhir_resources()} for v in ("1.0.0", "1.1.0")}
    snomed_profile = f"{SCORE[: -len('score')]}consciousness-snomed"
    assert snomed_profile in urls["1.1.0"] and snomed_profile not in urls["1.0.0"]
