"""The pre-commit hook in .pre-commit-hooks.yaml, run by pre-commit itself, offline.

``pre-commit try-repo`` installs the hook the way a vendor's ``repo:`` entry does (``language:
python``: a virtualenv with this repository pip-installed into it), then runs it on files in a
throwaway git repository. Offline, pip gets its packages (hatchling for the build, the validator's
dependencies) only from a wheelhouse of this environment's installed distributions
(``PIP_NO_INDEX=1``, ``PIP_FIND_LINKS``; see tests/wheelhouse.py), so the hook's install is the real
one, not a shortcut through this environment.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import wheelhouse

ROOT = Path(__file__).resolve().parent.parent
PRE_COMMIT = Path(sys.executable).with_name("pre-commit")


def test_hook_definition_runs_the_real_cli() -> None:
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "journalloft-validate"
    assert hook["entry"] == "journalloft validate"
    assert hook["language"] == "python"
    from journalloft.cli import build_parser

    args = build_parser().parse_args(["validate", "a.json", "b.ndjson"])
    assert args.paths == ["a.json", "b.ndjson"]


@pytest.mark.skipif(not PRE_COMMIT.exists(), reason="pre-commit is in the test extra (scripts/setup)")
def test_pre_commit_try_repo_passes_valid_and_stops_invalid_payloads(tmp_path: Path) -> None:
    house = tmp_path / "wheelhouse"
    # the hook's dependencies, and the build backend pip needs to build this repository in isolation
    names = wheelhouse.build(["journalloft", "hatchling"], house)
    assert {"hatchling", "PyYAML", "fhirpathpy"} <= set(names)
    repo = tmp_path / "leverandor"
    (repo / "testdata").mkdir(parents=True)
    shutil.copy(ROOT / "examples/fhir-r4/valid/patient-syntetisk.json", repo / "testdata/gyldig.json")
    shutil.copy(ROOT / "examples/fhir-r4/invalid/observation-feil.json", repo / "testdata/feil.json")
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "VIRTUAL_ENV", "PYTHON"))},
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "PIP_NO_INDEX": "1",
        "PIP_FIND_LINKS": str(house),
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.invalid",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.invalid",
    }
    subprocess.run(["git", "init", "-q", str(repo)], check=True, env=env)
    subprocess.run(["git", "add", "."], cwd=repo, check=True, env=env)

    def try_repo(*files: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(PRE_COMMIT), "try-repo", str(ROOT), "journalloft-validate", "--files", *files],
            cwd=repo,
            capture_output=True,
            text=True,
            timeout=900,
            env=env,
        )

    good = try_repo("testdata/gyldig.json")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "journalloft validate" in good.stdout and "Passed" in good.stdout
    bad = try_repo("testdata/gyldig.json", "testdata/feil.json")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "Failed" in bad.stdout
    assert "fhir-unknown-element" in bad.stdout and "Observation.merknad" in bad.stdout
