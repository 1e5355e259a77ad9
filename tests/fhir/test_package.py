"""The FHIR NPM package of a spec: layout, index, manifest and reproducible bytes."""

from __future__ import annotations

import json
import shutil
import tarfile
from pathlib import Path

import pytest

from journalloft.fhir.package import FIXED_MTIME, PackageError, build_package

SPEC = Path(__file__).parent / "specs" / "profile-features" / "1.0.0"


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_package(SPEC, tmp_path_factory.mktemp("pkg") / "package.tgz")


def _members(path: Path) -> dict[str, bytes]:
    with tarfile.open(path, "r:gz") as archive:
        result = {}
        for member in archive.getmembers():
            handle = archive.extractfile(member)
            assert handle is not None
            result[member.name] = handle.read()
        return result


def test_layout_puts_conformance_resources_at_the_top_and_instances_under_example(package: Path) -> None:
    names = sorted(_members(package))
    generated = sorted(p.name for p in (SPEC / "generated").glob("*.json"))
    top = [
        n.removeprefix("package/")
        for n in names
        if n.count("/") == 1 and not n.endswith((".index.json", "package.json"))
    ]
    examples = [
        n.removeprefix("package/example/")
        for n in names
        if n.startswith("package/example/") and not n.endswith(".index.json")
    ]
    assert sorted(top + examples) == generated
    assert all(n.startswith(("StructureDefinition-", "ValueSet-", "CodeSystem-")) for n in top)
    assert all(n.startswith(("Patient-", "Observation-", "Bundle-")) for n in examples)
    assert {"package/package.json", "package/.index.json", "package/example/.index.json"} <= set(names)


def test_manifest_comes_from_sushi_config(package: Path) -> None:
    manifest = json.loads(_members(package)["package/package.json"])
    assert manifest["name"] == "journalloft.test.profilefeatures"
    assert manifest["version"] == "1.0.0"
    assert manifest["fhirVersions"] == ["4.0.1"]
    assert manifest["dependencies"] == {"hl7.fhir.r4.core": "4.0.1"}
    assert manifest["license"] == "CC0-1.0"
    assert manifest["canonical"] == "http://example.org/fhir/journalloft-test"


@pytest.mark.parametrize("folder", ["package", "package/example"])
def test_index_lists_exactly_the_files_of_its_folder(package: Path, folder: str) -> None:
    members = _members(package)
    index = json.loads(members[f"{folder}/.index.json"])
    assert index["index-version"] == 1
    files = {n.removeprefix(folder + "/") for n in members if n.rsplit("/", 1)[0] == folder}
    files -= {".index.json", "package.json"}
    assert sorted(entry["filename"] for entry in index["files"]) == sorted(files)
    for entry in index["files"]:
        resource = json.loads(members[f"{folder}/{entry['filename']}"])
        assert entry["resourceType"] == resource["resourceType"]
        assert entry["id"] == resource["id"]
        assert entry.get("url") == resource.get("url")
        assert entry.get("version") == resource.get("version")
        assert entry.get("kind") == resource.get("kind")
        assert entry.get("type") == (resource.get("type") if isinstance(resource.get("type"), str) else None)


def test_member_bytes_are_the_committed_generated_files(package: Path) -> None:
    members = _members(package)
    sd = "StructureDefinition-jl-patient.json"
    assert members[f"package/{sd}"] == (SPEC / "generated" / sd).read_bytes()


def test_tarball_is_reproducible(package: Path, tmp_path: Path) -> None:
    again = build_package(SPEC, tmp_path / "again.tgz")
    assert again.read_bytes() == package.read_bytes()
    with tarfile.open(package, "r:gz") as archive:
        members = archive.getmembers()
    assert [m.name for m in members] == sorted(m.name for m in members)
    assert {(m.uid, m.gid, m.uname, m.gname, m.mtime, m.mode) for m in members} == {(0, 0, "", "", FIXED_MTIME, 0o644)}


def test_missing_licence_is_a_clear_error(tmp_path: Path) -> None:
    spec = tmp_path / "spec"
    shutil.copytree(SPEC, spec)
    config = spec / "sushi-config.yaml"
    config.write_text(config.read_text("utf-8").replace("license: CC0-1.0\n", ""), "utf-8")
    with pytest.raises(PackageError, match=r"sushi-config\.yaml: 'license' is required"):
        build_package(spec, tmp_path / "p.tgz")


def test_spec_without_generated_resources_is_a_clear_error(tmp_path: Path) -> None:
    spec = tmp_path / "spec"
    shutil.copytree(SPEC, spec, ignore=shutil.ignore_patterns("generated"))
    with pytest.raises(PackageError, match="no generated resources; run the spec build first"):
        build_package(spec, tmp_path / "p.tgz")


def test_command_line_writes_the_package_or_explains_the_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from journalloft.fhir.package import main

    assert main([str(SPEC), str(tmp_path / "out.tgz")]) == 0
    assert tarfile.is_tarfile(tmp_path / "out.tgz")
    assert main([str(tmp_path / "missing"), str(tmp_path / "x.tgz")]) == 2
    assert "sushi-config.yaml: cannot read" in capsys.readouterr().err
