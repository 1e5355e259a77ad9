"""``--ig`` under hostile or unlucky input (issue 20): SUSHI never touches what is not ours, the IG
build cache cannot be confused or tampered with, and packages are read within bounds.

The SUSHI tests run SUSHI offline (a few seconds each, plus seeding its private home once per cache).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from journalloft.cli import main
from journalloft.fhir import igload
from journalloft.fhir.ig_sushi import CACHE_FORMAT, cache_key
from journalloft.fhir.igload import load_ig
from journalloft.registry_cache import registry_cache_dir

ROOT = Path(__file__).resolve().parents[2]

SUSHI_CONFIG = """id: example.{name}
canonical: http://example.org/fhir/{name}
name: {name}
status: draft
version: 0.1.0
fhirVersion: 4.0.1
FSHOnly: true
"""
PROFILE = "Profile: {name}Patient\nParent: Patient\nId: {name}-patient\n* gender 1..1\n"


def sushi_project(folder: Path, files: dict[str, str | bytes], name: str = "hostile") -> Path:
    folder.mkdir(parents=True)
    (folder / "sushi-config.yaml").write_text(SUSHI_CONFIG.format(name=name), "utf-8")
    for relative, content in files.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return folder


@pytest.fixture(scope="module")
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One journalloft cache for the module, so SUSHI's private home is seeded once."""
    return tmp_path_factory.mktemp("cache")


@pytest.fixture
def cache(shared_cache: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The shared cache with no IG builds in it yet."""
    shutil.rmtree(shared_cache / "ig", ignore_errors=True)
    monkeypatch.setenv("JOURNALLOFT_CACHE", str(shared_cache))
    return shared_cache


def tree_digest(folder: Path) -> dict[str, str]:
    """Every entry below ``folder``: files by content hash, links by target, folders by name."""
    entries: dict[str, str] = {}
    for path in sorted(folder.rglob("*")):
        key = path.relative_to(folder).as_posix()
        if path.is_symlink():
            entries[key] = "link:" + os.readlink(path)
        elif path.is_file():
            entries[key] = hashlib.sha256(path.read_bytes()).hexdigest() + f":{path.stat().st_mode:o}"
        else:
            entries[key] = "dir"
    return entries


# --- item 3: SUSHI writes only under our own cache -----------------------------------------------


def test_ig_from_a_sushi_folder_leaves_the_users_fhir_and_npm_folders_alone(tmp_path: Path) -> None:
    home = tmp_path / "home"
    core = home / ".fhir" / "packages" / "hl7.fhir.r4.core#4.0.1"
    (core / "package").mkdir(parents=True)
    (core / "package" / "package.json").write_text('{"name": "hl7.fhir.r4.core", "version": "4.0.1"}', "utf-8")
    (core / "package" / "sentinel.json").write_text('{"written by": "another FHIR tool"}', "utf-8")
    (home / ".npm" / "_logs").mkdir(parents=True)
    (home / ".npm" / "_logs" / "old.log").write_text("another tool's log\n", "utf-8")
    before = tree_digest(home)
    project = sushi_project(tmp_path / "project", {"input/fsh/p.fsh": PROFILE.format(name="Home")})
    payload = tmp_path / "patient.json"
    payload.write_text(
        json.dumps(
            {
                "resourceType": "Patient",
                "meta": {"profile": ["http://example.org/fhir/hostile/StructureDefinition/Home-patient"]},
            }
        ),
        "utf-8",
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JOURNALLOFT_", "XDG_", "npm_config"))}
    env.update(HOME=str(home), JOURNALLOFT_REGISTRY_CACHE=str(registry_cache_dir()))
    env["PYTHONPATH"] = str(ROOT / "validators")
    run = subprocess.run(
        [sys.executable, "-m", "journalloft", "validate", "--no-config", "--format", "json", "--ig", str(project),
         str(payload)],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert run.returncode == 1, run.stderr  # the profile ran: gender is missing
    codes = {(i["code"], i["expression"]) for r in json.loads(run.stdout)["results"] for i in r["issues"]}
    assert ("fhir-cardinality-min", "Patient") in codes
    after = tree_digest(home)
    ours = {k: v for k, v in after.items() if k == ".cache" or k.startswith(".cache/")}
    assert {k: v for k, v in after.items() if k not in ours} == before  # ~/.fhir and ~/.npm byte-identical
    assert ".cache/journalloft/sushi-home/.fhir/packages/hl7.fhir.r4.core#4.0.1/package/.journalloft-seed.json" in ours
    assert {k.split("/")[1] for k in ours if k != ".cache"} == {"journalloft"}


# --- item 13: the build cache key and the check of a cached build ----------------------------------


def collided_projects(tmp_path: Path) -> tuple[Path, Path]:
    """Two projects whose inputs gave one key when the key hashed ``path NUL content NUL`` per file."""
    shared = PROFILE.format(name="Shared")
    extra = PROFILE.format(name="Extra")
    # First: a notes file that holds, after a NUL, what looks like a second file's path and content.
    first = sushi_project(
        tmp_path / "first",
        {"input/fsh/a.txt": "notes\0input/fsh/b.fsh\0" + extra, "input/fsh/c.fsh": shared},
    )
    # Second: the same notes, and that second file for real; SUSHI compiles it.
    second = sushi_project(
        tmp_path / "second",
        {"input/fsh/a.txt": "notes", "input/fsh/b.fsh": extra, "input/fsh/c.fsh": shared},
    )
    return first, second


def old_key(project: Path) -> str:
    """The key before issue 20 (build.inputs_digest's concatenation), to show the two projects collided."""
    digest = hashlib.sha256()
    for path in [project / "sushi-config.yaml", *sorted((project / "input").rglob("*"))]:
        if path.is_file():
            digest.update(path.relative_to(project).as_posix().encode("utf-8") + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def test_projects_that_shared_a_cache_key_get_their_own_builds(tmp_path: Path, cache: Path) -> None:
    first, second = collided_projects(tmp_path)
    assert old_key(first) == old_key(second)
    assert cache_key(first, "3") != cache_key(second, "3")
    extra_url = "http://example.org/fhir/hostile/StructureDefinition/Extra-patient"
    assert extra_url not in {r.get("url") for r in load_ig(first).resources}
    # Loaded second, it must not get the first project's build from the cache.
    assert extra_url in {r.get("url") for r in load_ig(second).resources}


def cached_folder(cache: Path) -> Path:
    (folder,) = [p for p in (cache / "ig").iterdir() if not p.name.startswith(".")]
    return folder


@pytest.fixture(scope="module")
def pristine(shared_cache: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """A project built once, and a copy of its untouched build folder for each tampering test."""
    root = tmp_path_factory.mktemp("pristine")
    project = sushi_project(root / "project", {"input/fsh/p.fsh": PROFILE.format(name="Kept")})
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JOURNALLOFT_CACHE", str(shared_cache))
        shutil.rmtree(shared_cache / "ig", ignore_errors=True)
        key = load_ig(project).key
    shutil.copytree(shared_cache / "ig", root / "saved")
    return project, root / "saved", key


@pytest.mark.parametrize(
    "tamper",
    [
        "resource-changed",
        "resource-removed",
        "resource-is-a-link",
        "build-json-not-json",
        "build-json-other-key",
        "build-json-lists-a-path",
        "build-json-wrong-types",
    ],
)
def test_a_tampered_cached_build_is_rebuilt_not_trusted(
    tmp_path: Path, cache: Path, pristine: tuple[Path, Path, str], tamper: str
) -> None:
    project, saved, key = pristine
    shutil.copytree(saved, cache / "ig", dirs_exist_ok=True)
    url = "http://example.org/fhir/hostile/StructureDefinition/Kept-patient"
    first = load_ig(project)  # from the cache, as built
    assert first.key == key
    folder = cached_folder(cache)
    info = json.loads((folder / "build.json").read_text("utf-8"))
    assert info["format"] == CACHE_FORMAT and info["key"] == first.key
    profile_file = next(name for name in info["files"] if "Kept" in name)
    profile = folder / profile_file
    forged = json.loads(profile.read_text("utf-8"))
    forged["url"] = "http://attacker.example/StructureDefinition/forged"
    if tamper == "resource-changed":
        profile.write_text(json.dumps(forged), "utf-8")
    elif tamper == "resource-removed":
        profile.unlink()
    elif tamper == "resource-is-a-link":
        (tmp_path / "elsewhere.json").write_text(json.dumps(forged), "utf-8")
        profile.unlink()
        profile.symlink_to(tmp_path / "elsewhere.json")
    elif tamper == "build-json-not-json":
        (folder / "build.json").write_text("{", "utf-8")
    elif tamper == "build-json-other-key":
        (folder / "build.json").write_text(json.dumps({**info, "key": "0" * 64}), "utf-8")
    elif tamper == "build-json-lists-a-path":
        (tmp_path / "outside.json").write_text(json.dumps(forged), "utf-8")
        digest = hashlib.sha256((tmp_path / "outside.json").read_bytes()).hexdigest()
        (folder / "build.json").write_text(json.dumps({**info, "files": {"../../../outside.json": digest}}), "utf-8")
    else:
        (folder / "build.json").write_text(json.dumps({**info, "warnings": "not a list", "name": 7}), "utf-8")
    again = load_ig(project)
    urls = {r.get("url") for r in again.resources}
    assert url in urls and "http://attacker.example/StructureDefinition/forged" not in urls
    assert again.label == first.label == "example.hostile#0.1.0"
    # The rebuilt folder passes its check again, and the next load uses it as it is.
    rebuilt = json.loads((cached_folder(cache) / "build.json").read_text("utf-8"))
    assert rebuilt["key"] == first.key
    assert not (cached_folder(cache) / profile_file).is_symlink()


# --- packages: a profile that cannot be built is never "valid" (item 4, item 14) ------------------

PROFILE_BASE = "http://example.org/fhir/pkg/StructureDefinition/"


def profile_sd(name: str, base: str, differential: list[dict], **extra: object) -> dict:
    return {
        "resourceType": "StructureDefinition",
        "id": name,
        "url": PROFILE_BASE + name,
        "name": name,
        "status": "draft",
        "kind": "resource",
        "abstract": False,
        "type": "Patient",
        "baseDefinition": base,
        "derivation": "constraint",
        "differential": {"element": [{"id": "Patient", "path": "Patient"}, *differential]},
        **extra,
    }


def package_tgz(path: Path, resources: list[dict], extra_members: dict[str, bytes] | None = None) -> Path:
    from journalloft.fhir.package import tgz

    members = {"package/package.json": json.dumps({"name": "example.pkg", "version": "1.0.0"}).encode("utf-8")}
    members.update({f"package/{r['resourceType']}-{r['id']}.json": json.dumps(r).encode("utf-8") for r in resources})
    members.update(extra_members or {})
    path.write_bytes(tgz(members))
    return path


def claiming_patient(folder: Path, profile: str) -> Path:
    payload = folder / "patient.json"
    payload.write_text(
        json.dumps({"resourceType": "Patient", "meta": {"profile": [PROFILE_BASE + profile]}, "gender": "male"}),
        "utf-8",
    )
    return payload


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict, str]:
    status = main(["validate", "--no-config", "--format", "json", *args])
    captured = capsys.readouterr()
    return status, (json.loads(captured.out) if captured.out.strip() else {}), captured.err


def profile_findings(report: dict) -> list[tuple[str, str, str]]:
    return [
        (i["severity"], i["code"], i["expression"])
        for r in report["results"]
        for i in r["issues"]
        if i["code"].startswith("fhir-profile") or i["code"] == "fhir-cardinality-min"
    ]


BIRTH_DATE_REQUIRED = [{"id": "Patient.birthDate", "path": "Patient.birthDate", "min": 1}]
TYPO = [{"id": "Patient.birthdate", "path": "Patient.birthdate", "min": 1}]
CORE_PATIENT = "http://hl7.org/fhir/StructureDefinition/Patient"


@pytest.mark.parametrize(
    "case",
    [
        # pass/fail pair: the same rule with the right path applies (the resource lacks birthDate) ...
        ([profile_sd("Good", CORE_PATIENT, BIRTH_DATE_REQUIRED)], "Good", ("error", "fhir-cardinality-min", "Patient"),
         None),
        # ... and with a typo the profile cannot be built: an error naming the path, not "valid"
        ([profile_sd("Typo", CORE_PATIENT, TYPO)], "Typo",
         ("error", "fhir-profile-unusable", "Patient.meta.profile[0]"), "Patient.birthdate: no such element"),
        # two profiles that are each other's base
        (
            [profile_sd("Ping", PROFILE_BASE + "Pong", []), profile_sd("Pong", PROFILE_BASE + "Ping", [])],
            "Ping",
            ("error", "fhir-profile-unusable", "Patient.meta.profile[0]"),
            "cycle",
        ),
    ],
    ids=["good", "typo", "cycle"],
)
def test_a_profile_that_cannot_be_built_makes_every_claim_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: tuple[list[dict], str, tuple[str, str, str], str | None]
) -> None:
    resources, claimed, expected, reason = case
    package = package_tgz(tmp_path / "pkg.tgz", resources)
    status, report, err = cli(capsys, "--ig", str(package), str(claiming_patient(tmp_path, claimed)))
    assert status == 1, err
    assert expected in profile_findings(report)
    assert not any(code == "fhir-profile-unknown" for _, code, _ in profile_findings(report))
    if reason is not None:
        message = next(i["message"] for r in report["results"] for i in r["issues"] if i["code"] == expected[1])
        assert PROFILE_BASE + claimed in message and reason in message


# --- packages: bounds, regular files only, deep nesting (items 6 and 14) ---------------------------


def patient_file(folder: Path) -> Path:
    payload = folder / "patient.json"
    payload.write_text(json.dumps({"resourceType": "Patient", "gender": "male"}), "utf-8")
    return payload


def big_member_tgz(path: Path, members: int, size: int) -> Path:
    """A .tgz of ``members`` resource files of ``size`` bytes each (spaces compress to almost nothing)."""
    with tarfile.open(path, "w:gz") as archive:
        manifest = json.dumps({"name": "example.big", "version": "1.0.0"}).encode("utf-8")
        info = tarfile.TarInfo("package/package.json")
        info.size = len(manifest)
        archive.addfile(info, io.BytesIO(manifest))
        for index in range(members):
            body = b'{"resourceType": "Basic"}'.ljust(size, b" ")
            info = tarfile.TarInfo(f"package/Basic-{index}.json")
            info.size = len(body)
            archive.addfile(info, io.BytesIO(body))
    return path


def test_a_package_over_the_total_size_bound_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(igload, "MAX_PACKAGE_BYTES", 1_000_000)
    within = big_member_tgz(tmp_path / "within.tgz", 3, 300_000)
    status, _, err = cli(capsys, "--ig", str(within), str(patient_file(tmp_path)))
    assert status == 0, err
    over = big_member_tgz(tmp_path / "over.tgz", 4, 300_000)
    status, _, err = cli(capsys, "--ig", str(over), str(patient_file(tmp_path)))
    assert status == 2
    assert f"{over}: the package holds more than 1,000,000 bytes (unpacked)" in err and "Traceback" not in err


def test_a_package_over_the_member_count_bound_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(igload, "MAX_PACKAGE_MEMBERS", 50)
    within = big_member_tgz(tmp_path / "within.tgz", 48, 30)
    assert cli(capsys, "--ig", str(within), str(patient_file(tmp_path)))[0] == 0
    over = big_member_tgz(tmp_path / "over.tgz", 60, 30)
    status, _, err = cli(capsys, "--ig", str(over), str(patient_file(tmp_path)))
    assert status == 2 and f"{over}: the package holds more than 50 members" in err
    # unpacked, the same bound counts JSON files
    folder = tmp_path / "unpacked"
    with tarfile.open(over) as archive:
        archive.extractall(folder, filter="data")
    status, _, err = cli(capsys, "--ig", str(folder), str(patient_file(tmp_path)))
    assert status == 2 and f"{folder}: the package holds more than 50 JSON files" in err


def test_the_default_bounds_hold_hl7s_largest_packages() -> None:
    assert igload.MAX_PACKAGE_MEMBERS >= 5_307  # hl7.fhir.r4.examples 4.0.1
    assert igload.MAX_PACKAGE_BYTES >= 187_564_471


def unpacked_package(folder: Path) -> Path:
    (folder / "package").mkdir(parents=True)
    (folder / "package" / "package.json").write_text('{"name": "example.unpacked", "version": "1.0.0"}', "utf-8")
    (folder / "package" / "Basic-ok.json").write_text('{"resourceType": "Basic", "id": "ok"}', "utf-8")
    return folder


@pytest.mark.parametrize("kind", ["none", "symlink-to-dev-zero", "fifo", "symlink-to-a-file", "folder"])
def test_an_unpacked_package_is_read_from_regular_files_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    folder = unpacked_package(tmp_path / "pkg")
    odd = folder / "package" / "zero.json"
    if kind == "symlink-to-dev-zero":
        odd.symlink_to("/dev/zero")
    elif kind == "fifo":
        os.mkfifo(odd)  # opening it for reading used to wait for a writer forever
    elif kind == "symlink-to-a-file":
        (tmp_path / "outside.json").write_text('{"resourceType": "Basic", "id": "outside"}', "utf-8")
        odd.symlink_to(tmp_path / "outside.json")
    elif kind == "folder":
        odd.mkdir()
    status, _, err = cli(capsys, "--ig", str(folder), str(patient_file(tmp_path)))
    if kind == "none":
        assert status == 0, err
        return
    assert status == 2 and "Traceback" not in err
    reason = "a symbolic link" if kind.startswith("symlink") else "not a regular file"
    assert f"{odd}: {reason}" in err and "package files must be regular files" in err


def test_an_unpacked_package_over_the_total_size_bound_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(igload, "MAX_PACKAGE_BYTES", 100_000)
    folder = unpacked_package(tmp_path / "pkg")
    for index in range(3):
        (folder / "package" / f"Basic-{index}.json").write_bytes(b'{"resourceType": "Basic"}'.ljust(40_000, b" "))
    status, _, err = cli(capsys, "--ig", str(folder), str(patient_file(tmp_path)))
    assert status == 2 and "the package holds more than 100,000 bytes" in err and "Traceback" not in err


@pytest.mark.parametrize("depth", [150, 100_000])
def test_a_deeply_nested_package_member_is_a_usage_error_or_loads(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], depth: int
) -> None:
    nested = b'{"resourceType": "Basic", "extension": ' + b"[" * depth + b"]" * depth + b"}"
    package = package_tgz(tmp_path / "deep.tgz", [], {"package/Basic-deep.json": nested})
    status, _, err = cli(capsys, "--ig", str(package), str(patient_file(tmp_path)))
    if depth < igload.MAX_RESOURCE_DEPTH:
        assert status == 0, err
    else:
        assert status == 2 and "Traceback" not in err
        assert "Basic-deep.json: not JSON (nested more than 200 levels deep" in err or (
            "Basic-deep.json: nested more than 200 levels deep" in err
        )


@pytest.mark.parametrize(
    ("snapshot", "where"),
    [
        ({"element": ["Patient", 7, None]}, "StructureDefinition.snapshot.element[0]: an object was expected"),
        ({"element": [{"id": "Patient", "path": "Patient", "min": 1.5}]}, "snapshot.element[0].min: an integer"),
        ({"element": [{"id": "Patient", "path": "Patient", "type": "Patient"}]}, "snapshot.element[0].type: an array"),
        ("x", "StructureDefinition.snapshot: an object was expected"),
    ],
)
def test_a_malformed_package_snapshot_is_a_usage_error_naming_the_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], snapshot: object, where: str
) -> None:
    """It was an AttributeError (exit 3) on every resource claiming the profile."""
    package = package_tgz(tmp_path / "pkg.tgz", [profile_sd("Junk", CORE_PATIENT, [], snapshot=snapshot)])
    status, _, err = cli(capsys, "--ig", str(package), str(claiming_patient(tmp_path, "Junk")))
    assert status == 2 and "Traceback" not in err
    assert f"{package}!package/StructureDefinition-Junk.json: " in err and where in err


def test_a_snapshot_the_validator_cannot_compile_is_an_error_on_the_claim_not_a_crash() -> None:
    """Defence in depth below the load-time shape check: compile failures become fhir-profile-unusable."""
    from journalloft.fhir.context import FhirContext
    from journalloft.fhir.definitions import load_core
    from journalloft.fhir.validator import FhirValidator

    junk = profile_sd("Junk", CORE_PATIENT, [], snapshot={"element": ["Patient", 7]})
    validator = FhirValidator(FhirContext(load_core(), [junk]))
    patient = {"resourceType": "Patient", "meta": {"profile": [PROFILE_BASE + "Junk"]}}
    issues = [(i.severity.value, i.code, i.expression) for i in validator.validate(patient)]
    assert ("error", "fhir-profile-unusable", "Patient.meta.profile[0]") in issues
    assert "its snapshot is malformed" in validator.definition_errors[PROFILE_BASE + "Junk"]
