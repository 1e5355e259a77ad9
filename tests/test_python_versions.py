"""The Python versions we claim, the ones CI runs the suite on, and the one running now agree.

scripts/test runs the suite on .venv (Debian stable's python3, the oldest version we support) and again
on the newest, through scripts/newest-python, which sets JOURNALLOFT_EXPECT_PYTHON to the version it
was asked for. So a newest run that ended up on another interpreter fails here instead of passing.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))


def _version(text: str) -> tuple[int, int]:
    major, minor = text.split(".")
    return int(major), int(minor)


def _oldest() -> tuple[int, int]:
    found = re.fullmatch(r">=\s*(\d+\.\d+)", PYPROJECT["project"]["requires-python"])
    assert found, PYPROJECT["project"]["requires-python"]
    return _version(found.group(1))


def _classified() -> list[tuple[int, int]]:
    prefix = "Programming Language :: Python :: "
    return sorted(
        _version(c.removeprefix(prefix))
        for c in PYPROJECT["project"]["classifiers"]
        if re.fullmatch(re.escape(prefix) + r"\d+\.\d+", c)
    )


def _newest_in_ci() -> tuple[int, int]:
    found = re.search(
        r"^version=\$\{JOURNALLOFT_NEWEST_PYTHON:-(\d+\.\d+)\}$",
        (ROOT / "scripts/newest-python").read_text("utf-8"),
        re.M,
    )
    assert found, "scripts/newest-python has no default version line"
    return _version(found.group(1))


def test_classifiers_list_every_version_from_the_oldest_to_the_one_ci_runs_as_newest() -> None:
    oldest, newest = _oldest(), _newest_in_ci()
    assert _classified() == [(3, minor) for minor in range(oldest[1], newest[1] + 1)]


def test_the_install_page_names_the_versions_the_suite_runs_on() -> None:
    (old_major, old_minor), (new_major, new_minor) = _oldest(), _newest_in_ci()
    page = (ROOT / "docs/validator/installasjon.md").read_text("utf-8")
    stated = f"kjøres på Python {old_major}.{old_minor} og på Python {new_major}.{new_minor}, den eldste og den nyeste"
    assert stated in page


def test_the_running_python_is_the_one_this_run_was_meant_for() -> None:
    expected = os.environ.get("JOURNALLOFT_EXPECT_PYTHON")
    if expected:
        assert sys.version_info[:2] == _version(expected), sys.version
        assert sys.version_info.releaselevel == "final", sys.version
    else:
        assert sys.version_info[:2] in _classified(), sys.version


def test_every_module_imports_with_warnings_as_errors() -> None:
    """Deprecations in our own imports show up here first, on each version the suite runs on."""
    code = (
        "import importlib, pkgutil, journalloft\n"
        "names = [m.name for m in pkgutil.walk_packages(journalloft.__path__, 'journalloft.')"
        " if not m.name.endswith('.__main__')]\n"
        "for name in names: importlib.import_module(name)\n"
        "print(len(names))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-X", "dev", "-W", "error", "-c", code], capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stderr
    assert int(proc.stdout) > 100  # the whole package, not an empty walk
