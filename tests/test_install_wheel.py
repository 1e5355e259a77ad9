"""The wheel the site offers installs into a fresh virtual environment and validates the examples.

The wheel is built exactly as the site build builds it (journalloft.site.distributions). The fresh
environment is made outside the checkout without system site-packages, and pip installs the wheel
with ``--no-index --find-links`` from a wheelhouse of this environment's own installed distributions
(tests/wheelhouse.py): pip resolves the wheel's declared dependencies itself, nothing is imported from
the checkout, and nothing is downloaded. The examples are then validated through the installed
``journalloft`` entry point, from a directory outside the checkout, and must give what
examples/manifest.yaml says.
"""

from __future__ import annotations

import json
import os
import subprocess
import venv
from pathlib import Path

import pytest
import yaml

import wheelhouse
from journalloft import __version__
from journalloft.site.distributions import _build, distributions, wheel_name

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bin/ folder of a fresh venv holding the site's wheel and its dependencies."""
    tmp = tmp_path_factory.mktemp("fresh")
    files = distributions(ROOT)
    wheel = tmp / wheel_name(files)
    wheel.write_bytes(files[wheel.name])
    house = tmp / "wheelhouse"
    wheelhouse.build(["journalloft"], house)
    env_dir = tmp / "venv"
    venv.EnvBuilder(with_pip=True, system_site_packages=False).create(env_dir)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "PIP_", "VIRTUAL_ENV"))}
    proc = subprocess.run(
        [
            str(env_dir / "bin" / "python"),
            "-m",
            "pip",
            "install",
            "--no-index",
            "--find-links",
            str(house),
            "--disable-pip-version-check",
            "-q",
            str(wheel),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp,
        env=env,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return env_dir / "bin"


def _run(bin_dir: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    return subprocess.run(
        [str(bin_dir / "journalloft"), *args], capture_output=True, text=True, timeout=600, cwd=cwd, env=env
    )


def test_the_wheel_has_the_documented_version_and_is_reproducible() -> None:
    files = distributions(ROOT)
    assert sorted(files) == [f"journalloft-{__version__}-py3-none-any.whl", f"journalloft-{__version__}.tar.gz"]
    again = dict(_build.__wrapped__(ROOT.resolve()))  # a second real build, not the cached one
    assert again == files


def test_fresh_install_validates_every_example_as_the_manifest_says(installed: Path, tmp_path: Path) -> None:
    where = subprocess.run(
        [str(installed / "python"), "-c", "import journalloft, sys; print(journalloft.__file__); print(sys.path)"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=True,
    ).stdout
    assert str(ROOT) not in where  # the installed copy, not the checkout
    assert _run(installed, "--version", cwd=tmp_path).stdout.strip() == f"journalloft {__version__}"
    manifest = yaml.safe_load((ROOT / "examples/manifest.yaml").read_text(encoding="utf-8"))["examples"]
    paths = [str(ROOT / "examples" / entry["file"]) for entry in manifest]
    proc = _run(installed, "validate", "--format", "json", *paths, cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr  # the invalid examples have errors; nothing failed to run
    report = json.loads(proc.stdout)
    results = {r["path"]: r for r in report["results"]}
    for entry in manifest:
        path = str(ROOT / "examples" / entry["file"])
        got = [r for p, r in results.items() if p == path or p.startswith(path + ":")]
        assert got, path
        found = sorted(
            (i["severity"], i["code"], i["expression"])
            for r in got
            for i in r["issues"]
            if i["severity"] in ("error", "warning")
        )
        assert found == sorted(tuple(i) for i in entry["issues"]), entry["file"]
        assert {r["spec"] for r in got} == {entry["spec"]}, entry["file"]


def test_readme_install_line_names_this_versions_wheel() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"pip install journalloft-{__version__}-py3-none-any.whl" in readme
    assert "git+<" not in readme
