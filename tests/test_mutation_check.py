"""scripts/mutation-check: the breaks issue 24 found unnoticed are caught in CI (``ci: true`` in
scripts/mutations.yaml, about a minute); the whole list runs by hand. The script runs as a program,
never imported, and works on a copy of the package: this checkout is not changed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "mutation-check"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args], cwd=ROOT, capture_output=True, text=True, timeout=900, check=False
    )


def test_every_break_in_the_list_applies_to_the_checkout() -> None:
    proc = _run("--verify")
    assert (proc.returncode, proc.stderr) == (0, "")
    assert proc.stdout.startswith("mutation-check: ") and "break(s) apply to the checkout" in proc.stdout


def test_the_ci_breaks_are_all_caught() -> None:
    proc = _run("--ci", "--no-baseline")  # the selections run unbroken in the suite itself
    caught = [line.split()[1] for line in proc.stdout.splitlines() if line.startswith("caught")]
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr
    assert {
        "slicing-exists-ignores-max-0",
        "slicing-type-drops-resource-wildcard",
        "slicing-pattern-any-to-all",
        "news2-single-three-ignores-temperature",
        "answers-weight-decimal-comma",
        "identifiers-k1-weights-swapped",
    } <= set(caught)


def test_a_break_no_test_notices_fails_the_check(tmp_path: Path) -> None:
    listed = tmp_path / "breaks.yaml"
    listed.write_text(
        "- name: harmless\n"
        "  file: validators/journalloft/news2/engine.py\n"
        '  old: "RISK_TITLES = {"\n'
        '  new: "RISK_TITLES = {**{}, "\n'
        "  tests: [tests/news2/test_single_parameter.py]\n",
        encoding="utf-8",
    )
    proc = _run("--list", str(listed), "--no-baseline")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "SURVIVED  harmless" in proc.stdout
    assert "0 of 1 break(s) caught" in proc.stdout


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "- name: x\n  file: validators/journalloft/news2/engine.py\n  old: no such text\n  new: y\n  tests: [t]\n",
            "x: the old text occurs 0 times in validators/journalloft/news2/engine.py, not once",
        ),
        (
            "- name: x\n  file: README.md\n  old: a\n  new: b\n  tests: [t]\n",
            "file must lie in validators/journalloft/",
        ),
        ("- name: x\n  file: validators/journalloft/news2/engine.py\n", "needs name, file, old, new, tests"),
        ("[", "cannot be read"),
    ],
)
def test_a_broken_list_is_a_usage_error(tmp_path: Path, text: str, message: str) -> None:
    listed = tmp_path / "breaks.yaml"
    listed.write_text(text, encoding="utf-8")
    proc = _run("--list", str(listed))
    assert proc.returncode == 2
    assert message in proc.stderr and "Traceback" not in proc.stderr
