"""The spec registry is built once per process: ``journalloft.validate()`` does not re-read every
spec.yaml on each call (that cost six times what the engine costs on a vital-sign Observation), and a
changed spec file is still picked up. Counted in spec reads, never in seconds."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import journalloft
from journalloft import specs

ROOT = Path(__file__).resolve().parents[1]
PULSE = {
    "resourceType": "Observation",
    "status": "final",
    "code": {"coding": [{"system": "http://loinc.org", "code": "8867-4"}]},
    "valueQuantity": {"value": 72, "unit": "/min", "system": "http://unitsofmeasure.org", "code": "/min"},
}


@pytest.fixture
def spec_reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every spec.yaml the registry reads, in order."""
    read: list[Path] = []
    original = specs._read_spec

    def counting(spec_file: Path) -> specs.SpecVersion:
        read.append(spec_file)
        return original(spec_file)

    monkeypatch.setattr(specs, "_read_spec", counting)
    monkeypatch.setattr(specs, "_shared", {})
    return read


@pytest.fixture
def always_recheck(monkeypatch: pytest.MonkeyPatch) -> None:
    """Look at the files on every call (the registry waits RECHECK_SECONDS between looks)."""
    monkeypatch.setattr(specs, "RECHECK_SECONDS", 0.0)


@pytest.mark.usefixtures("always_recheck")
def test_two_validate_calls_read_the_specs_once(spec_reads: list[Path]) -> None:
    first = journalloft.validate(PULSE)
    after_first = len(spec_reads)
    second = journalloft.validate(PULSE, spec="news2")
    assert after_first == len(list((ROOT / "specs").glob("*/*/spec.yaml"))) > 0
    assert len(spec_reads) == after_first  # the second call reads no spec.yaml
    assert first.results[0].spec == "fhir-r4@4.0.1"
    assert second.results[0].spec is not None and second.results[0].spec.startswith("news2@")


def _copy_spec(tmp_path: Path) -> Path:
    root = tmp_path / "specs"
    shutil.copytree(ROOT / "tests/data/specs/rules-demo", root / "rules-demo")
    return root


@pytest.mark.usefixtures("always_recheck")
def test_a_changed_spec_file_is_read_again(spec_reads: list[Path], tmp_path: Path) -> None:
    root = _copy_spec(tmp_path)
    spec_file = root / "rules-demo/1.0.0/spec.yaml"
    first = specs.shared_registry([root])
    assert specs.shared_registry([root]) is first
    reads = len(spec_reads)
    text = spec_file.read_text(encoding="utf-8")
    spec_file.write_text(text.replace("title:", "title: Endret", 1) + "\n", encoding="utf-8")
    second = specs.shared_registry([root])
    assert second is not first
    assert second.resolve("rules-demo").title.startswith("Endret")
    assert spec_reads[reads:].count(spec_file) == 1


@pytest.mark.usefixtures("always_recheck")
def test_a_changed_codesystem_or_a_new_version_is_read_again(spec_reads: list[Path], tmp_path: Path) -> None:
    root = _copy_spec(tmp_path)
    first = specs.shared_registry([root])
    codesystem = root / "rules-demo/1.0.0/CodeSystem-demo.json"
    codesystem.write_text(codesystem.read_text(encoding="utf-8") + " ", encoding="utf-8")
    second = specs.shared_registry([root])
    assert second is not first
    shutil.copytree(root / "rules-demo/1.0.0", root / "rules-demo/1.0.1")
    (root / "rules-demo/1.0.1/spec.yaml").write_text(
        (root / "rules-demo/1.0.0/spec.yaml").read_text(encoding="utf-8").replace("1.0.0", "1.0.1"), encoding="utf-8"
    )
    assert specs.shared_registry([root]).latest("rules-demo").version == "1.0.1"


def test_files_are_looked_at_again_only_after_the_recheck_interval(
    spec_reads: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _copy_spec(tmp_path)
    clock = [1000.0]
    monkeypatch.setattr(specs.time, "monotonic", lambda: clock[0])
    first = specs.shared_registry([root])
    spec_file = root / "rules-demo/1.0.0/spec.yaml"
    spec_file.write_text(spec_file.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    clock[0] += specs.RECHECK_SECONDS / 2
    assert specs.shared_registry([root]) is first
    clock[0] += specs.RECHECK_SECONDS
    assert specs.shared_registry([root]) is not first
