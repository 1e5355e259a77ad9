"""The config file cannot reach in from outside the project, and every report names it (issue 20, items 9, 10, 14).

Before, the search walked up to ``/``: a ``journalloft.toml`` in a shared temporary folder or a CI
workspace above the repository ignored every error (exit 0, JUnit ``failures="0"``, OperationOutcome
"no issues found"), and no output named the file. Now only the working directory and the project root
(``.git``/``.hg``) are read, and every format names the file and carries the ignored count.
"""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from journalloft.policy import NUMBER_BOUNDS, find_config
from journalloft.reporters.operationoutcome import CONFIG_EXTENSION, IGNORED_EXTENSION

ROOT = Path(__file__).resolve().parents[1]
EXE = Path(sys.executable).with_name("journalloft")
FNR_BAD = ROOT / "examples" / "fhir-r4" / "valid" / "patient-feil-fodselsnummer.json"
IGNORE_BOTH = 'ignore = ["no-id-check-digits", "no-id-format"]\n'


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    if args[:1] == ("validate",):
        # The example's bad person and organisation numbers are errors only where valid identifiers are
        # required: the tests need two errors for a config file to ignore.
        args = ("validate", "--strict-identifiers", *args[1:])
    proc = subprocess.run([str(EXE), *args], capture_output=True, text=True, cwd=cwd, timeout=300, check=False)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A repository (``.git``) inside a shared folder that holds a hostile journalloft.toml."""
    (tmp_path / "journalloft.toml").write_text(IGNORE_BOTH, encoding="utf-8")
    repo = tmp_path / "workspace" / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "src" / "deep").mkdir(parents=True)
    return repo


# -- where the search looks -------------------------------------------------------------------------


def test_a_config_above_the_project_root_is_not_read(project: Path) -> None:
    for cwd in (project, project / "src" / "deep"):
        assert find_config(cwd) is None
        proc = run("validate", "--format", "json", str(FNR_BAD), cwd=cwd)
        out = json.loads(proc.stdout)
        assert proc.returncode == 1
        assert out["summary"]["ignored"] == 0 and "config" not in out["summary"]


def test_without_a_project_only_the_working_directory_is_read(tmp_path: Path) -> None:
    (tmp_path / "journalloft.toml").write_text(IGNORE_BOTH, encoding="utf-8")
    below = tmp_path / "a" / "b"
    below.mkdir(parents=True)
    assert find_config(below) is None
    assert run("validate", str(FNR_BAD), cwd=below).returncode == 1
    assert find_config(tmp_path) == tmp_path / "journalloft.toml"
    assert run("validate", str(FNR_BAD), cwd=tmp_path).returncode == 0


def test_the_project_roots_config_is_read_from_a_subfolder(project: Path) -> None:
    (project / "pyproject.toml").write_text('[tool.journalloft]\nignore = ["no-id-format"]\n', encoding="utf-8")
    assert find_config(project / "src" / "deep") == project / "pyproject.toml"
    (project / "src" / "deep" / "journalloft.toml").write_text('lang = "nb"\n', encoding="utf-8")
    assert find_config(project / "src" / "deep") == project / "src" / "deep" / "journalloft.toml"  # the nearer
    (project / "src" / "journalloft.toml").write_text(IGNORE_BOTH, encoding="utf-8")
    (project / "src" / "deep" / "journalloft.toml").unlink()
    # a folder between the working directory and the root is neither: the root's file is used
    assert find_config(project / "src" / "deep") == project / "pyproject.toml"


def test_a_git_file_marks_a_worktree_root_and_hg_a_mercurial_root(tmp_path: Path) -> None:
    for marker, is_dir in ((".git", False), (".hg", True)):
        root = tmp_path / marker.strip(".")
        (root / "sub").mkdir(parents=True)
        target = root / marker
        target.mkdir() if is_dir else target.write_text("gitdir: /elsewhere\n", encoding="utf-8")
        (root / "journalloft.toml").write_text("", encoding="utf-8")
        assert find_config(root / "sub") == root / "journalloft.toml"


# -- every format names the file and counts what it ignored ----------------------------------------


@pytest.mark.parametrize("fmt", ["text", "json", "junit", "operationoutcome"])
def test_a_used_config_is_named_in_every_format_with_the_ignored_count(project: Path, fmt: str) -> None:
    config = project / "journalloft.toml"
    config.write_text(IGNORE_BOTH, encoding="utf-8")
    proc = run("validate", "--format", fmt, str(FNR_BAD), cwd=project / "src")
    assert proc.returncode == 0  # both errors ignored, on purpose, by a file the report names
    if fmt == "text":
        lines = proc.stdout.splitlines()
        assert lines[-2] == f"config: {config}"
        assert lines[-1] == "1 checked: 1 valid, 0 invalid (0 errors, 0 warnings, 2 ignored)"
    elif fmt == "json":
        summary = json.loads(proc.stdout)["summary"]
        assert (summary["ignored"], summary["config"]) == (2, str(config))
    elif fmt == "junit":
        suite = ET.fromstring(proc.stdout).find("testsuite")
        assert suite is not None and suite.get("failures") == "0"
        properties = {p.get("name"): p.get("value") for p in suite.iterfind("properties/property")}
        assert properties == {"ignored": "2", "config": str(config)}
        assert suite[0].tag == "properties"  # JUnit's schema puts properties before the test cases
    else:
        oo = json.loads(proc.stdout)
        extensions = {e["url"]: e.get("valueString", e.get("valueUnsignedInt")) for e in oo["extension"]}
        assert extensions[CONFIG_EXTENSION] == str(config)
        assert extensions[IGNORED_EXTENSION] == 2
        assert oo["issue"][0]["diagnostics"].startswith(f"{FNR_BAD}: no issues found, 2 ignored")


@pytest.mark.parametrize("fmt", ["text", "junit", "operationoutcome"])
def test_no_config_means_no_config_named(fmt: str, tmp_path: Path) -> None:
    proc = run("validate", "--no-config", "--format", fmt, str(FNR_BAD), cwd=tmp_path)
    assert "config" not in proc.stdout.replace("/config", "")
    if fmt == "junit":
        suite = ET.fromstring(proc.stdout).find("testsuite")
        assert suite is not None
        assert {p.get("name"): p.get("value") for p in suite.iterfind("properties/property")} == {"ignored": "0"}


# -- values within the flags' bounds (item 10) ------------------------------------------------------


@pytest.mark.parametrize("jobs", ["0", "65", "1000"])
def test_config_jobs_obeys_the_flags_bounds(tmp_path: Path, jobs: str) -> None:
    low, high = NUMBER_BOUNDS["jobs"]
    (tmp_path / "journalloft.toml").write_text(f"jobs = {jobs}\n", encoding="utf-8")
    proc = run("validate", str(FNR_BAD), cwd=tmp_path)
    assert proc.returncode == 2
    assert f"journalloft.toml: jobs = {jobs}: must be between {low} and {high}" in proc.stderr
    flag = run("validate", "--no-config", "--jobs", jobs, str(FNR_BAD), cwd=tmp_path)
    assert flag.returncode == 2 and f"must be between {low} and {high}" in flag.stderr


def test_config_jobs_within_bounds_is_used(tmp_path: Path) -> None:
    (tmp_path / "journalloft.toml").write_text("jobs = 2\n", encoding="utf-8")
    assert run("validate", str(FNR_BAD), cwd=tmp_path).returncode == 1
    (tmp_path / "journalloft.toml").write_text('jobs = "2"\n', encoding="utf-8")
    proc = run("validate", str(FNR_BAD), cwd=tmp_path)
    assert proc.returncode == 2 and "jobs must be a whole number" in proc.stderr


# -- a config file that cannot be used is a usage error (item 14) -----------------------------------


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "pyproject.toml",
            'tool = "journalloft"\n',
            "pyproject.toml: tool must be a table ([tool.journalloft]), not str",
        ),
        (
            "journalloft.toml",
            "a = " + "[" * 3000 + "]" * 3000 + "\n",
            "journalloft.toml: not usable TOML (nested too deep)",
        ),
        ("journalloft.toml", "a = " + "{b = " * 3000 + "1" + "}" * 3000 + "\n", "not usable TOML (nested too deep)"),
    ],
)
def test_a_hostile_config_file_is_a_usage_error(tmp_path: Path, name: str, content: str, message: str) -> None:
    config = tmp_path / name
    config.write_text(content, encoding="utf-8")
    proc = run("validate", "--config", str(config), str(FNR_BAD), cwd=tmp_path)
    assert proc.returncode == 2
    assert message in proc.stderr
    if name == "pyproject.toml":  # found by the search, someone else's pyproject.toml is not ours to report
        assert run("validate", str(FNR_BAD), cwd=tmp_path).returncode == 1
