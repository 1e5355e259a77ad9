"""fhir.resources as a second opinion: examples we accept must parse with its R4B models, or be explained.

Which examples: every official R4 example (hl7.fhir.r4.examples 4.0.1, through
journalloft.fhir.examples_source) that tests/fhir/official_examples_exceptions.yaml does not list as
carrying errors, and every FHIR example (a JSON object with resourceType) under examples/ that
examples/manifest.yaml expects no error for; of those, the ones whose resource types are
unchanged between R4 and R4B (see tests/fhir/second_opinion.py for how that is decided). Each
rejection must be listed in second_opinion_disagreements.yaml under quirks whose patterns explain
every complaint.

Speed: parsing all ~5,200 official examples takes over a minute, so the default run takes a
deterministic sample (CRC-32 of the file name modulo 10 == 0, about a tenth). The full set runs when
JOURNALLOFT_SECOND_OPINION_ALL=1 is set (about 90 s; do so after changing the list or upgrading
fhir.resources).
"""

from __future__ import annotations

import json
import os
import re
import zlib
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

pytest.importorskip("fhir.resources")

from second_opinion import nested_types, parse_problems, unchanged_types

from journalloft.fhir.examples_source import iter_official_examples

HERE = Path(__file__).parent
ROOT = HERE.parent.parent
QUIRKS_FILE = HERE / "second_opinion_disagreements.yaml"
SAMPLE_MODULUS = 10


def _quirks() -> dict[str, Any]:
    return yaml.safe_load(QUIRKS_FILE.read_text(encoding="utf-8"))["quirks"]


def _listed() -> dict[str, list[str]]:
    """Example name -> the quirks it is listed under."""
    listed: dict[str, list[str]] = {}
    for quirk, entry in _quirks().items():
        for name in entry["examples"]:
            listed.setdefault(name, []).append(quirk)
    return listed


def _official(sample: bool) -> list[tuple[str, dict[str, Any]]]:
    broken = set(yaml.safe_load((HERE / "official_examples_exceptions.yaml").read_text(encoding="utf-8")))
    return [
        (name, data)
        for name, data in iter_official_examples()
        if name not in broken and (not sample or zlib.crc32(name.encode()) % SAMPLE_MODULUS == 0)
    ]


def _project() -> list[tuple[str, dict[str, Any]]]:
    manifest = yaml.safe_load((ROOT / "examples" / "manifest.yaml").read_text(encoding="utf-8"))
    found = []
    for entry in manifest["examples"]:
        if any(issue[0] == "error" for issue in entry["issues"]):
            continue
        path = ROOT / "examples" / entry["file"]
        if path.suffix != ".json":
            continue
        data = json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
        if isinstance(data, dict) and "resourceType" in data:
            found.append((entry["file"], data))
    return found


def _disagreements(examples: list[tuple[str, dict[str, Any]]]) -> dict[str, list[str]]:
    unchanged = unchanged_types()
    return {
        name: problems
        for name, data in examples
        if nested_types(data) <= unchanged and (problems := parse_problems(data))
    }


def _check(examples: list[tuple[str, dict[str, Any]]]) -> None:
    quirks = _quirks()
    listed = _listed()
    found = _disagreements(examples)
    unexplained = sorted(set(found) - set(listed))
    assert not unexplained, {name: found[name][:3] for name in unexplained}
    for name, problems in found.items():
        patterns = [re.compile(quirks[quirk]["pattern"]) for quirk in listed[name]]
        odd = [problem for problem in problems if not any(pattern.search(problem) for pattern in patterns)]
        assert not odd, f"{name}: complaints the quirks {listed[name]} do not explain: {odd[:3]}"
    names = {name for name, _ in examples}
    agreeing = sorted(name for name in listed if name in names and name not in found)
    assert not agreeing, f"listed as disagreements but fhir.resources accepts them now: {agreeing}"


def test_unchanged_types_are_decided_from_both_definitions() -> None:
    unchanged = unchanged_types()
    # Changed in R4B (FHIR R4B change log): the medicinal product and evidence families were redone.
    assert {"Patient", "Observation", "Bundle", "Encounter", "CodeSystem"} <= unchanged
    assert not {"MedicinalProduct", "Evidence", "SubstancePolymer", "EffectEvidenceSynthesis"} & unchanged


def test_project_examples_parse_with_fhir_resources() -> None:
    examples = _project()
    assert len(examples) >= 3
    _check(examples)


def test_official_examples_sample_parse_with_fhir_resources() -> None:
    examples = _official(sample=True)
    assert len(examples) > 300
    _check(examples)


@pytest.mark.slow
@pytest.mark.skipif(not os.environ.get("JOURNALLOFT_SECOND_OPINION_ALL"), reason="set JOURNALLOFT_SECOND_OPINION_ALL=1")
def test_all_official_examples_parse_with_fhir_resources() -> None:
    _check(_official(sample=False))


def test_every_quirk_has_a_reason_and_a_pattern() -> None:
    for quirk, entry in _quirks().items():
        assert len(entry["reason"]) > 80, quirk
        re.compile(entry["pattern"])
        assert entry["examples"], quirk
