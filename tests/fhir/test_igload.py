"""Loading IGs and packages published by others (``--ig``, ``ig=``, spec.yaml ``dependencies``).

The package tests use the profile-features test spec, written as a FHIR package by our own
packager, so they need no SUSHI run. The SUSHI-project tests build small FSH projects offline.
"""

from __future__ import annotations

import copy
import json
import shutil
import tarfile
from pathlib import Path
from typing import Any

import pytest

from journalloft import validate
from journalloft.cli import main
from journalloft.fhir.igload import IgError, load_ig
from journalloft.fhir.package import build_package
from journalloft.specs import Registry

HERE = Path(__file__).parent
SPEC = HERE / "specs" / "profile-features" / "1.0.0"
INVALID = HERE / "specs" / "profile-features" / "invalid"
JL_PATIENT = "http://example.org/fhir/journalloft-test/StructureDefinition/jl-patient"


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_package(SPEC, tmp_path_factory.mktemp("pkg") / "profile-features.tgz")


@pytest.fixture(scope="module")
def unpacked(package: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("unpacked")
    with tarfile.open(package) as archive:
        archive.extractall(target, filter="data")
    return target


def no_gender() -> dict[str, Any]:
    return json.loads((INVALID / "patient-no-gender.json").read_text("utf-8"))


def findings(report: Any) -> set[tuple[str, str, str]]:
    return {
        (i.severity.value, i.code, i.expression) for r in report.results for i in r.issues if i.code != "fhir-invariant"
    }


def empty_registry() -> Registry:
    return Registry(roots=[])


def test_tarball_loads_name_version_and_resources(package: Path) -> None:
    ig = load_ig(package)
    assert ig.label == "journalloft.test.profilefeatures#1.0.0"
    urls = {r.get("url") for r in ig.resources}
    assert JL_PATIENT in urls
    assert ig.warnings == ()


def test_unpacked_folder_gives_the_same_resources(package: Path, unpacked: Path) -> None:
    from_folder = load_ig(unpacked)
    assert from_folder.label == load_ig(package).label
    assert sorted(json.dumps(r, sort_keys=True) for r in from_folder.resources) == sorted(
        json.dumps(r, sort_keys=True) for r in load_ig(package).resources
    )


def test_claimed_profile_from_a_loaded_package_applies(package: Path) -> None:
    # Without the package the profile is unknown: a warning with the hint to pass --ig.
    without = validate(no_gender(), registry=empty_registry())
    unknown = [i for i in without.results[0].issues if i.code == "fhir-profile-unknown"]
    assert [(i.severity.value, i.expression) for i in unknown] == [("warning", "Patient.meta.profile[0]")]
    assert "--ig" in unknown[0].message
    assert ("error", "fhir-cardinality-min", "Patient") not in findings(without)
    with_ig = validate(no_gender(), registry=empty_registry(), ig=[package])
    assert ("error", "fhir-cardinality-min", "Patient") in findings(with_ig)
    assert not any(code == "fhir-profile-unknown" for _, code, _ in findings(with_ig))


def test_unclaimed_resource_is_not_judged_by_a_loaded_profile(package: Path) -> None:
    patient = no_gender()
    del patient["meta"]
    with_ig = findings(validate(patient, registry=empty_registry(), ig=[package]))
    assert not any(severity == "error" for severity, _, _ in with_ig)
    # The package's extension definitions are known now, so its extensions are no longer "unknown"
    # (nor, being known, example URLs that are not allowed: the package's canonicals are example.org).
    without = findings(validate(patient, registry=empty_registry()))
    assert with_ig == {f for f in without if f[1] not in ("fhir-extension-unknown", "fhir-example-url")}


def test_spec_dependencies_load_a_package_relative_to_the_spec(package: Path, tmp_path: Path) -> None:
    folder = tmp_path / "specs" / "depends" / "1.0.0"
    folder.mkdir(parents=True)
    shutil.copy(package, tmp_path / "pf.tgz")
    (folder / "spec.yaml").write_text(
        "id: depends\nversion: 1.0.0\ntitle: Depends\nkind: fhir\ndependencies: [../../../pf.tgz]\n", "utf-8"
    )
    registry = Registry(roots=[tmp_path / "specs"])
    assert registry.resolve("depends").dependencies == ("../../../pf.tgz",)
    report = validate(no_gender(), "depends", registry=registry)
    assert ("error", "fhir-cardinality-min", "Patient") in findings(report)


def test_bad_dependency_list_is_a_spec_error(tmp_path: Path) -> None:
    folder = tmp_path / "bad" / "1.0.0"
    folder.mkdir(parents=True)
    (folder / "spec.yaml").write_text("id: bad\nversion: 1.0.0\ntitle: Bad\nkind: fhir\ndependencies: 7\n", "utf-8")
    with pytest.raises(Exception, match="dependencies must be a list"):
        Registry(roots=[tmp_path])


def test_package_id_from_the_local_fhir_package_cache(
    unpacked: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / ".fhir" / "packages" / "journalloft.test.profilefeatures#1.0.0"
    shutil.copytree(unpacked, cache)
    monkeypatch.setenv("JOURNALLOFT_FHIR_HOME", str(tmp_path))
    assert load_ig("journalloft.test.profilefeatures#1.0.0").label == "journalloft.test.profilefeatures#1.0.0"
    with pytest.raises(IgError, match="not found in the local FHIR package cache"):
        load_ig("no.such.package#1.0.0")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file or folder"),
        (b"not a tarball", "cannot read the package"),
    ],
)
def test_unreadable_ig_is_a_clear_error(tmp_path: Path, content: bytes | None, message: str) -> None:
    path = tmp_path / "broken.tgz"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(IgError, match=message):
        load_ig(path)


def test_cli_ig_option_and_exit_status(package: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    payload = tmp_path / "p.json"
    payload.write_text(json.dumps(no_gender()), "utf-8")
    assert main(["validate", "--ig", str(package), "--format", "json", str(payload)]) == 1
    out = json.loads(capsys.readouterr().out)
    codes = {(i["code"], i["expression"]) for r in out["results"] for i in r["issues"]}
    assert ("fhir-cardinality-min", "Patient") in codes
    # the result names the IG it was checked with beside the spec
    assert [(r["spec"], r["igs"]) for r in out["results"]] == [("fhir-r4@4.0.1", [load_ig(package).label])]
    assert main(["validate", "--ig", str(package), str(payload)]) == 1
    assert f"[fhir-r4@4.0.1 + {load_ig(package).label}]" in capsys.readouterr().out
    # without the IG its example.org extensions are unknown: errors, as in HL7's validator, unless allowed
    assert main(["validate", "--format", "json", str(payload)]) == 1
    capsys.readouterr()
    assert main(["validate", "--format", "json", "--allow-example-urls", str(payload)]) == 0
    assert "igs" not in json.loads(capsys.readouterr().out)["results"][0]
    assert main(["validate", "--ig", str(tmp_path / "missing"), str(payload)]) == 2
    err = capsys.readouterr().err
    assert "missing: no such file or folder" in err and "Traceback" not in err


# --- SUSHI projects ------------------------------------------------------------------------------

SUSHI_CONFIG = """id: example.broken
canonical: http://example.org/fhir/broken
name: Broken
status: draft
version: 0.1.0
fhirVersion: 4.0.1
FSHOnly: true
"""


def test_sushi_errors_are_shown_with_file_and_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JOURNALLOFT_CACHE", str(tmp_path / "cache"))
    project = tmp_path / "broken"
    (project / "input" / "fsh").mkdir(parents=True)
    (project / "sushi-config.yaml").write_text(SUSHI_CONFIG, "utf-8")
    (project / "input" / "fsh" / "profiles.fsh").write_text(
        "Profile: BrokenPatient\nParent: Patient\n* name 1..1\n* nosuchelement 1..1\n", "utf-8"
    )
    with pytest.raises(IgError) as raised:
        load_ig(project)
    text = str(raised.value)
    assert "nosuchelement" in text
    assert "File: input/fsh/profiles.fsh" in text and "Line: 4" in text
    assert not (tmp_path / "cache" / "ig").exists() or not any((tmp_path / "cache" / "ig").iterdir())


def test_sushi_warnings_are_kept_and_the_build_is_cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JOURNALLOFT_CACHE", str(tmp_path / "cache"))
    project = tmp_path / "warns"
    (project / "input" / "fsh").mkdir(parents=True)
    (project / "sushi-config.yaml").write_text(SUSHI_CONFIG.replace("broken", "warns"), "utf-8")
    # Two entities of different kinds with one name: SUSHI warns (as it does on no-basis) and builds.
    (project / "input" / "fsh" / "defs.fsh").write_text(
        'CodeSystem: Colours\nId: colours-cs\n* #red "Red"\n\n'
        "ValueSet: Colours\nId: colours-vs\n* include codes from system colours-cs\n\n"
        "Profile: WarnPatient\nParent: Patient\nId: warn-patient\n* gender 1..1\n",
        "utf-8",
    )
    ig = load_ig(project)
    assert any("duplicate names" in w for w in ig.warnings)
    assert "http://example.org/fhir/warns/StructureDefinition/warn-patient" in {r.get("url") for r in ig.resources}
    builds = list((tmp_path / "cache" / "ig").iterdir())
    assert len(builds) == 1 and (builds[0] / "build.json").is_file()
    assert load_ig(project).key == ig.key  # second load: from the cache
    patient = copy.deepcopy(no_gender())
    patient["meta"] = {"profile": ["http://example.org/fhir/warns/StructureDefinition/warn-patient"]}
    report = validate(patient, registry=empty_registry(), ig=[project])
    assert ("error", "fhir-cardinality-min", "Patient") in findings(report)


def test_missing_spec_dependency_is_a_usage_error_when_the_spec_is_chosen(tmp_path: Path) -> None:
    folder = tmp_path / "needs" / "1.0.0"
    folder.mkdir(parents=True)
    (folder / "spec.yaml").write_text(
        "id: needs\nversion: 1.0.0\ntitle: Needs\nkind: fhir\ndependencies: ['no.such.pkg#1.0.0']\n", "utf-8"
    )
    with pytest.raises(IgError, match=r"no\.such\.pkg#1\.0\.0: package not found"):
        validate(no_gender(), "needs", registry=Registry(roots=[tmp_path]))
