"""The CI examples under examples/ci/ are valid YAML whose commands are real: the CLI accepts their
options, they install this version's wheel, they keep the JUnit report they write, and running the
validate command as written produces that report."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import yaml

from journalloft import __version__
from journalloft.cli import build_parser

ROOT = Path(__file__).resolve().parent.parent
CI = ROOT / "examples" / "ci"
WHEEL = f"journalloft-{__version__}-py3-none-any.whl"


def _commands(lines: list[str]) -> list[list[str]]:
    return [shlex.split(line) for text in lines for line in text.splitlines() if line.strip()]


def _github() -> tuple[list[list[str]], list[dict[str, Any]]]:
    workflow = yaml.safe_load((CI / "github-actions.yml").read_text(encoding="utf-8"))
    assert workflow["name"] and workflow[True] == ["push", "pull_request"]  # YAML 1.1 reads `on` as true
    (job,) = workflow["jobs"].values()
    steps = job["steps"]
    return _commands([s["run"] for s in steps if "run" in s]), steps


def _gitlab() -> tuple[list[list[str]], dict[str, Any]]:
    (job,) = yaml.safe_load((CI / "gitlab-ci.yml").read_text(encoding="utf-8")).values()
    return _commands(job["script"]), job


def _validate_args(commands: list[list[str]]) -> Any:
    (command,) = [c for c in commands if c[0] == "journalloft"]
    args = build_parser().parse_args(command[1:])  # exits (fails the test) on an unknown option
    assert args.command == "validate" and args.format == "junit"
    return args


def _installs_this_wheel(commands: list[list[str]]) -> None:
    (install,) = [c for c in commands if "pip" in c and "install" in c]
    assert Path(install[-1]).name == WHEEL


def test_github_actions_validates_and_uploads_the_junit_report() -> None:
    commands, steps = _github()
    _installs_this_wheel(commands)
    args = _validate_args(commands)
    (upload,) = [s for s in steps if str(s.get("uses", "")).startswith("actions/upload-artifact@")]
    assert upload["if"] == "always()"
    assert upload["with"]["path"] == str(args.output)


def test_gitlab_ci_validates_and_reports_junit() -> None:
    commands, job = _gitlab()
    _installs_this_wheel(commands)
    args = _validate_args(commands)
    assert job["artifacts"]["when"] == "always"
    assert job["artifacts"]["reports"]["junit"] == str(args.output)


def test_pre_commit_config_example_uses_the_hook_id() -> None:
    config = yaml.safe_load((CI / "pre-commit-config.yaml").read_text(encoding="utf-8"))
    (hook_def,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert config["repos"][0]["hooks"][0]["id"] == hook_def["id"]


@pytest.mark.parametrize("which", ["github", "gitlab"])
def test_the_validate_command_as_written_writes_a_junit_report(which: str, tmp_path: Path) -> None:
    commands = _github()[0] if which == "github" else _gitlab()[0]
    (command,) = [c for c in commands if c[0] == "journalloft"]
    shutil.copytree(ROOT / "examples/fhir-r4", tmp_path / "testdata")
    (tmp_path / "testdata/invalid/patient-syntaksfeil.json").unlink()
    journalloft = Path(sys.executable).with_name("journalloft")
    proc = subprocess.run([str(journalloft), *command[1:]], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1, proc.stderr  # the invalid examples fail the job
    root = ET.parse(tmp_path / _validate_args(commands).output).getroot()
    suite = root if root.tag == "testsuite" else root.find("testsuite")
    # 5 files, 2 invalid: the bad-fnr patient is valid with warnings under base R4 (no spec requires ids)
    assert suite is not None and int(suite.get("tests", "0")) == 5 and int(suite.get("failures", "0")) == 2
