"""The lock files in requirements/ (written by scripts/lock) are current, complete and agree with each other.

pyproject.toml keeps open ranges for users; CI and scripts/start install exactly the lock. These tests
run offline: they compare the lock files with pyproject.toml and with each other, not with PyPI.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
LOCKS = ROOT / "requirements"
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
LOCK_FILES = sorted(LOCKS.glob("*.txt"))
# A pinned line of a lock: name==version, an optional marker, then its hashes on continuation lines.
PIN = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>[^\s;\\]+)(?: ; (?P<marker>[^\\\n]+?))? \\\n"
                 r"(?P<hashes>(?:    --hash=sha256:[0-9a-f]{64}(?: \\)?\n)+)", re.M)  # fmt: skip


def pins(path: Path) -> list[tuple[str, str, str | None]]:
    """(canonical name, version, marker) of every pin, checking that the file holds nothing else."""
    text = path.read_text("utf-8")
    found: list[tuple[str, str, str | None]] = [
        (canonicalize_name(m["name"]), m["version"], m["marker"]) for m in PIN.finditer(text)
    ]
    leftover = PIN.sub("", text)
    strays = [line for line in leftover.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    assert not strays, f"{path.name}: lines that are neither a hashed pin nor a comment: {strays[:3]}"
    return found


def extras_of(path: Path) -> tuple[str, ...]:
    purpose = re.search(r"^# Purpose: the package(?P<extras>.*)\. Refresh", path.read_text("utf-8"), re.M)
    assert purpose, f"{path.name} has no 'Purpose:' header line: regenerate it with scripts/lock"
    return tuple(re.findall(r"extra '([a-z-]+)'", purpose["extras"]))


def recorded_inputs(path: Path) -> list[str]:
    header = path.read_text("utf-8").split("\n# Made from these lines of pyproject.toml", 1)[1]
    return re.findall(r"^#   (.+)$", header.split("\n\n", 1)[0].split("\n", 1)[1], re.M)


def test_the_lock_files_are_there() -> None:
    assert [p.name for p in LOCK_FILES] == ["docs.txt", "runtime.txt", "serve.txt", "test.txt"]
    assert extras_of(LOCKS / "test.txt") == tuple(sorted(PROJECT["optional-dependencies"]))  # every extra
    assert extras_of(LOCKS / "runtime.txt") == ()


@pytest.mark.parametrize("path", LOCK_FILES, ids=lambda p: p.name)
def test_a_lock_records_the_current_pyproject(path: Path) -> None:
    """Fails after a change to pyproject.toml's dependencies until scripts/lock has been run again."""
    current = [f"requires-python {PROJECT['requires-python']}"]
    current += [f"dependencies {r}" for r in PROJECT["dependencies"]]
    for extra in extras_of(path):
        current += [f"{extra} {r}" for r in PROJECT["optional-dependencies"][extra]]
    assert recorded_inputs(path) == current, f"{path.name} is stale: run scripts/lock"


@pytest.mark.parametrize("path", LOCK_FILES, ids=lambda p: p.name)
def test_every_requirement_is_pinned_in_its_range(path: Path) -> None:
    locked = pins(path)
    wanted = [Requirement(r) for r in PROJECT["dependencies"]]
    for extra in extras_of(path):
        wanted += [Requirement(r) for r in PROJECT["optional-dependencies"][extra]]
    for requirement in wanted:
        versions = [v for name, v, _ in locked if name == canonicalize_name(requirement.name)]
        assert versions, f"{path.name} does not pin {requirement.name}: run scripts/lock"
        for version in versions:
            assert Version(version) in requirement.specifier, f"{path.name}: {requirement.name}=={version}"


@pytest.mark.parametrize("path", LOCK_FILES, ids=lambda p: p.name)
def test_one_version_per_package_on_any_supported_python(path: Path) -> None:
    """Universal lock: several pins of one package only with markers that never hold together."""
    locked = pins(path)
    minor = int(PROJECT["requires-python"].removeprefix(">=").split(".")[1])
    for name in {n for n, _, _ in locked}:
        for python in [f"3.{m}.{micro}" for m in range(minor, 16) for micro in (0, 9)]:
            environment = {"python_full_version": python, "python_version": python.rsplit(".", 1)[0]}
            chosen = [
                v for n, v, marker in locked if n == name and (marker is None or Marker(marker).evaluate(environment))
            ]
            assert len(chosen) <= 1, f"{path.name}: {name} pinned twice for Python {python}: {chosen}"


@pytest.mark.parametrize("path", [p for p in LOCK_FILES if p.name != "test.txt"], ids=lambda p: p.name)
def test_a_smaller_lock_holds_the_versions_of_test_txt(path: Path) -> None:
    """CI tests test.txt; scripts/start and users of the smaller files must get the same versions."""
    # Markers may differ (a package the smaller set needs only on old Pythons); versions may not.
    assert {(n, v) for n, v, _ in pins(path)} <= {(n, v) for n, v, _ in pins(LOCKS / "test.txt")}


def test_the_browser_page_loads_the_versions_the_cli_was_tested_with() -> None:
    browser = ROOT / "validators" / "journalloft" / "site" / "browser-requirements.txt"
    runtime = {name: version for name, version, _ in pins(LOCKS / "runtime.txt")}
    browser_pins = re.findall(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+) --hash", browser.read_text("utf-8"), re.M)
    shared = {canonicalize_name(name): version for name, version in browser_pins if canonicalize_name(name) in runtime}
    assert {"fhirpathpy", "jsonschema", "pyyaml"} <= shared.keys()
    assert {name: runtime[name] for name in shared} == shared


def test_setup_installs_the_locks_and_nothing_unpinned() -> None:
    setup = (ROOT / "scripts" / "setup").read_text("utf-8")
    newest = (ROOT / "scripts" / "newest-python").read_text("utf-8")
    assert "requirements/docs.txt" in setup and "requirements/test.txt" in setup
    assert "scripts/install-lock requirements/test.txt" in newest
    for script in (setup, newest):
        assert not re.search(r"pip install[^\n]*(--upgrade|-U\b|\.\[)", script), "an unpinned pip install is back"
