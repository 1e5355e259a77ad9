"""The offline SUSHI build: cache seeding, deterministic generated/, staleness check, errors.

The tests that run SUSHI take about two seconds each (Node start-up plus loading R4 core).
"""

from __future__ import annotations

import io
import json
import shutil
import tarfile
from pathlib import Path

import pytest

from journalloft.fhir import build, sushi_home
from journalloft.fhir.build import BuildError, build_spec, check_spec, inputs_digest, main, seed_fhir_cache

ROOT = Path(__file__).resolve().parents[2]
TEST_SPEC = Path(__file__).parent / "specs" / "profile-features" / "1.0.0"
FSH_SPECS = sorted(
    path.parent
    for pattern in ("tests/fhir/specs/*/*/sushi-config.yaml", "specs/*/*/sushi-config.yaml")
    for path in ROOT.glob(pattern)
)


@pytest.mark.parametrize("spec_dir", FSH_SPECS, ids=lambda p: str(p.relative_to(ROOT)))
def test_committed_generated_is_what_sushi_produces_now(spec_dir: Path) -> None:
    assert check_spec(spec_dir) == []


@pytest.mark.parametrize("spec_dir", FSH_SPECS, ids=lambda p: str(p.relative_to(ROOT)))
def test_provenance_names_generator_source_licence_and_inputs(spec_dir: Path) -> None:
    text = (spec_dir / "generated" / "PROVENANCE.md").read_text("utf-8")
    assert f"- Generator: fsh-sushi {build.sushi_version()} " in text
    assert (
        "hl7.fhir.r4.core 4.0.1, seeded from the conformance resources of the npm package hl7.fhir.r4.examples@4.0.1"
        in text
    )
    assert f"- Inputs SHA-256: {inputs_digest(spec_dir)}" in text
    assert "- Licence of this content: " in text and "(not set" not in text
    assert "python -m journalloft.fhir.build" in text


def test_check_reports_stale_output_and_build_repairs_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = tmp_path / "spec"
    shutil.copytree(TEST_SPEC, spec)
    profiles = spec / "input" / "fsh" / "profiles.fsh"
    profiles.write_text(profiles.read_text("utf-8").replace("* gender 1..1\n", ""), "utf-8")
    (spec / "generated" / "Patient-left-over.json").write_text("{}\n", "utf-8")

    assert main(["--check", str(spec)]) == 1
    out = capsys.readouterr().out
    assert "generated/StructureDefinition-jl-patient.json: differs" in out
    assert '"id": "Patient.gender"' in out
    assert "generated/PROVENANCE.md: differs" in out
    assert "generated/Patient-left-over.json: not produced by SUSHI any more" in out

    written = build_spec(spec)
    assert written == sorted((spec / "generated").glob("*.json"))
    assert not (spec / "generated" / "Patient-left-over.json").exists()
    differential = json.loads((spec / "generated" / "StructureDefinition-jl-patient.json").read_text("utf-8"))
    assert "Patient.gender" not in [e["id"] for e in differential["differential"]["element"]]
    provenance = (spec / "generated" / "PROVENANCE.md").read_text("utf-8")
    assert f"- Inputs SHA-256: {inputs_digest(spec)}" in provenance


def test_fsh_error_is_reported_with_file_and_line(tmp_path: Path) -> None:
    spec = tmp_path / "spec"
    shutil.copytree(TEST_SPEC, spec, ignore=shutil.ignore_patterns("generated"))
    broken = spec / "input" / "fsh" / "broken.fsh"
    broken.write_text("Profile: Broken\nParent: Patient\n* gender 1..1 2..3\n", "utf-8")
    with pytest.raises(BuildError, match=r"(?s)SUSHI failed.*broken\.fsh.*Line: 3"):
        build_spec(spec)
    assert not (spec / "generated").exists()


def test_layout_problems_are_reported_before_running_sushi(tmp_path: Path) -> None:
    with pytest.raises(BuildError, match=r"no sushi-config\.yaml"):
        build_spec(tmp_path)
    (tmp_path / "sushi-config.yaml").write_text("canonical: http://example.org\n", "utf-8")
    with pytest.raises(BuildError, match="no FSH files under input/fsh/"):
        build_spec(tmp_path)


def test_cli_exit_status_2_and_message_on_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path)]) == 2
    assert capsys.readouterr().err == f"error: {tmp_path}: no sushi-config.yaml\n"


SAMPLE_LOG = """\
warn  Failed to load automatically-provided hl7.fhir.uv.tools.r4#latest
warn  Unable to determine the latest version of sushi: connect ECONNREFUSED 127.0.0.1:9
warn  The FSHOnly property is set to true, so no output specific to IG creation will be generated.
  File: sushi-config.yaml
warn  Cannot resolve the value set http://example.org/vs
  File: /spec/input/fsh/a.fsh
  Line: 7
error Element Observation.foo not found
"""


def test_only_the_expected_offline_warnings_are_tolerated() -> None:
    assert build._unexpected_messages(SAMPLE_LOG) == [
        "warn  Cannot resolve the value set http://example.org/vs\n  File: /spec/input/fsh/a.fsh\n  Line: 7",
        "error Element Observation.foo not found",
    ]
    assert build._unexpected_messages("\n".join(SAMPLE_LOG.splitlines()[:4])) == []


def test_sushi_environment_cannot_reach_the_network(tmp_path: Path) -> None:
    env = build.offline_environment(tmp_path)
    assert env["HOME"] == str(tmp_path)
    assert env["npm_config_offline"] == "true"
    assert {env[k] for k in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy")} == {"http://127.0.0.1:9"}
    assert "NO_PROXY" not in env and "no_proxy" not in env and "FPL_REGISTRY" not in env


def _fake_examples_tarball(path: Path, patient_family: str = "Nordmann") -> Path:
    files = {
        "package/package.json": {"name": "hl7.fhir.r4.examples", "version": "4.0.1", "type": "fhir.examples"},
        "package/StructureDefinition-Patient.json": {
            "resourceType": "StructureDefinition",
            "id": "Patient",
            "url": "http://hl7.org/fhir/StructureDefinition/Patient",
            "version": "4.0.1",
            "kind": "resource",
            "type": "Patient",
        },
        "package/ValueSet-gender.json": {"resourceType": "ValueSet", "id": "gender", "url": "http://x/vs"},
        "package/Patient-example.json": {
            "resourceType": "Patient",
            "id": "example",
            "name": [{"family": patient_family}],
        },
    }
    with tarfile.open(path, "w:gz") as archive:
        for name, content in files.items():
            data = json.dumps(content).encode("utf-8")
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return path


def test_seeding_copies_conformance_resources_and_renames_the_package(tmp_path: Path) -> None:
    source = _fake_examples_tarball(tmp_path / "examples.tgz")
    package = seed_fhir_cache(tmp_path / "home", source)
    assert package == tmp_path / "home" / ".fhir" / "packages" / "hl7.fhir.r4.core#4.0.1" / "package"
    assert sorted(p.name for p in package.iterdir()) == [
        ".index.json",
        ".journalloft-seed.json",
        "StructureDefinition-Patient.json",
        "ValueSet-gender.json",
        "package.json",
    ]
    manifest = json.loads((package / "package.json").read_text("utf-8"))
    assert (manifest["name"], manifest["version"], manifest["type"]) == ("hl7.fhir.r4.core", "4.0.1", "fhir.core")
    index = json.loads((package / ".index.json").read_text("utf-8"))
    assert index["index-version"] == 1
    assert index["files"][0] == {
        "filename": "StructureDefinition-Patient.json",
        "resourceType": "StructureDefinition",
        "id": "Patient",
        "url": "http://hl7.org/fhir/StructureDefinition/Patient",
        "version": "4.0.1",
        "kind": "resource",
        "type": "Patient",
    }


def test_seeding_is_idempotent_and_redone_when_the_tarball_changes(tmp_path: Path) -> None:
    source = _fake_examples_tarball(tmp_path / "examples.tgz")
    package = seed_fhir_cache(tmp_path / "home", source)
    marker = package / ".journalloft-seed.json"
    (package / "ValueSet-gender.json").write_text("{}", "utf-8")  # a change the marker does not know about
    seed_fhir_cache(tmp_path / "home", source)
    assert (package / "ValueSet-gender.json").read_text("utf-8") == "{}"  # untouched: same tarball

    _fake_examples_tarball(source, patient_family="Hansen")
    seed_fhir_cache(tmp_path / "home", source)
    assert json.loads((package / "ValueSet-gender.json").read_text("utf-8"))["id"] == "gender"
    assert json.loads(marker.read_text("utf-8"))["sha256"] == sushi_home._sha256_file(source)


def test_seeding_never_deletes_or_rewrites_an_entry_that_is_not_ours(tmp_path: Path) -> None:
    """Another tool's hl7.fhir.r4.core entry (no seed marker of ours) is used as it is, byte for byte."""
    source = _fake_examples_tarball(tmp_path / "examples.tgz")
    foreign = tmp_path / "home" / ".fhir" / "packages" / "hl7.fhir.r4.core#4.0.1"
    (foreign / "package").mkdir(parents=True)
    (foreign / "package" / "package.json").write_text('{"name": "hl7.fhir.r4.core"}', "utf-8")
    (foreign / "sentinel.txt").write_text("another tool's file", "utf-8")
    before = {p.relative_to(foreign): p.read_bytes() for p in foreign.rglob("*") if p.is_file()}
    assert seed_fhir_cache(tmp_path / "home", source) == foreign / "package"
    assert {p.relative_to(foreign): p.read_bytes() for p in foreign.rglob("*") if p.is_file()} == before


def test_sushi_runs_with_a_private_home_under_our_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JOURNALLOFT_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("npm_config_cache", str(tmp_path / "users-npm-cache"))
    home = sushi_home.sushi_home()
    assert home == tmp_path / "cache" / "sushi-home"
    env = build.offline_environment(home)
    assert env["HOME"] == str(home)
    assert env["npm_config_cache"] == str(home / ".npm")  # the user's npm cache setting is not inherited
    assert env["npm_config_logs_dir"] == str(home / ".npm" / "_logs")
    assert env["XDG_CACHE_HOME"] == str(home / ".cache")


def test_seeding_without_the_tarball_names_the_setup_step(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JOURNALLOFT_REGISTRY_CACHE", str(tmp_path / "empty"))
    with pytest.raises(BuildError, match=r"hl7\.fhir\.r4\.examples@4\.0\.1 not found.*scripts/setup --all"):
        seed_fhir_cache(tmp_path / "home")


def test_cli_seed_prepares_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _fake_examples_tarball(tmp_path / "hl7.fhir.r4.examples-4.0.1.tgz")
    monkeypatch.setenv("JOURNALLOFT_REGISTRY_CACHE", str(tmp_path))
    monkeypatch.setenv("JOURNALLOFT_CACHE", str(tmp_path / "cache"))
    assert main(["--seed"]) == 0
    package = tmp_path / "cache" / "sushi-home" / ".fhir" / "packages" / "hl7.fhir.r4.core#4.0.1" / "package"
    assert capsys.readouterr().out == f"SUSHI's FHIR package cache ready: {package}\n"
    assert (package / "StructureDefinition-Patient.json").is_file()
