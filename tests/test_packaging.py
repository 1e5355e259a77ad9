"""The wheel vendors install carries everything validation needs offline: specs and FHIR definitions."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_carries_specs_and_fhir_definitions(tmp_path: Path) -> None:
    # --no-build-isolation: the build backend comes from this environment, so no download is needed
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    (wheel,) = tmp_path.glob("journalloft-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped_specs = {
        "journalloft/_specs/" + str(p.relative_to(ROOT / "specs")) for p in (ROOT / "specs").rglob("*") if p.is_file()
    }
    assert shipped_specs <= names
    data = {"journalloft/fhir/data/" + p.name for p in (ROOT / "validators/journalloft/fhir/data").iterdir()}
    assert data <= names
    assert not any(name.startswith(("tests/", "docs/", "examples/")) for name in names)
    seeds = {"journalloft/_examples/okt/fhir/valid/" + p.name for p in (ROOT / "examples/okt/fhir/valid").iterdir()}
    assert seeds <= names  # the reference server's starting data (serve --reference okt)
    assert any(name.endswith("entry_points.txt") for name in names)
