"""examples/ci/testkit-github-actions.yml: real commands, the token from a secret in the environment, and
the verify and render steps work as written on a report the kit made."""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from journalloft.cli import build_parser
from journalloft.testkit.runner import run_kit

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
EXAMPLE = ROOT / "examples/ci/testkit-github-actions.yml"


def _steps() -> list[dict[str, Any]]:
    workflow = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    (job,) = workflow["jobs"].values()
    return list(job["steps"])


def _commands(step: dict[str, Any]) -> list[list[str]]:
    return [shlex.split(line) for line in step["run"].splitlines() if line.strip().startswith("journalloft")]


def test_the_kit_runs_with_the_token_from_a_secret_and_writes_json() -> None:
    (step,) = [s for s in _steps() if "testkit okt" in s.get("run", "")]
    (command,) = _commands(step)
    args = build_parser().parse_args(command[1:])
    assert args.format == "json" and str(args.output) == "testrapport.json" and args.token is None
    assert step["env"]["JOURNALLOFT_TESTKIT_TOKEN"].startswith("${{ secrets.")


def test_verify_and_render_work_as_written_and_every_report_is_uploaded(good_server: str, tmp_path: Path) -> None:
    (tmp_path / "testrapport.json").write_text(json.dumps(run_kit(good_server, seed=5)), encoding="utf-8")
    (step,) = [s for s in _steps() if "testkit verify" in s.get("run", "")]
    assert step["if"] == "always()"
    written = []
    for command in _commands(step):
        build_parser().parse_args(command[1:])
        proc = subprocess.run(
            [str(BIN / "journalloft"), *command[1:]], cwd=tmp_path, capture_output=True, text=True, timeout=120
        )
        assert proc.returncode == 0, proc.stderr
        if "--output" in command:
            written.append(command[command.index("--output") + 1])
    assert (tmp_path / "testrapport.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    (upload,) = [s for s in _steps() if str(s.get("uses", "")).startswith("actions/upload-artifact@")]
    assert upload["if"] == "always()"
    assert set(upload["with"]["path"].split()) == {"testrapport.json", *written}
