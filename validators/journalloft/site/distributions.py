"""The validator's own wheel and sdist, built while the site builds, for the site's download page.

``distributions(root)`` builds both with the environment's hatchling (``python -m hatchling build``,
no network, no build isolation) from the checkout at ``root``, with ``SOURCE_DATE_EPOCH`` fixed so the
same sources give the same bytes; the version is the one in pyproject.toml, which is the version the
site documents (``journalloft.__version__``; tests/test_distributions.py keeps the two equal).
``download_table`` renders the file names, sizes and SHA-256 sums for the page; the MkDocs hook
(journalloft/site/vendor_hook.py) adds the files under ``nedlasting/`` and fills the table in.
Nothing is committed: the files are rebuilt on every site build.
"""

from __future__ import annotations

import functools
import hashlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from journalloft.fhir.package import FIXED_MTIME

DOWNLOAD_DIR = "nedlasting"
BUILD_TIMEOUT = 600


class DistributionError(RuntimeError):
    """The wheel or sdist could not be built (hatchling missing or failing); the message says why."""


def distributions(root: Path) -> dict[str, bytes]:
    """``{file name: bytes}`` of the wheel and the sdist built from ``root``, sorted by name."""
    return dict(_build(root.resolve()))


@functools.cache
def _build(root: Path) -> tuple[tuple[str, bytes], ...]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(FIXED_MTIME)}
    with tempfile.TemporaryDirectory(prefix="journalloft-dist-") as out:
        proc = subprocess.run(
            [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-t", "sdist", "-d", out],
            cwd=root,
            env=env,
            check=False,
            capture_output=True,
            text=True,
            timeout=BUILD_TIMEOUT,
        )
        if proc.returncode != 0:
            raise DistributionError(f"hatchling could not build the wheel and sdist in {root}: {proc.stderr[-2000:]}")
        files = {path.name: path.read_bytes() for path in Path(out).iterdir()}
    if not any(name.endswith(".whl") for name in files) or not any(name.endswith(".tar.gz") for name in files):
        raise DistributionError(f"hatchling built {sorted(files)} in {root}, not a wheel and an sdist")
    return tuple(sorted(files.items()))


def wheel_name(files: dict[str, bytes]) -> str:
    return next(name for name in files if name.endswith(".whl"))


def download_table(files: dict[str, bytes], page_dir: str) -> str:
    """A markdown table of the files with links relative to the page at ``page_dir`` (e.g. ``validator``)."""
    up = "../" * len([part for part in page_dir.split("/") if part])
    rows = [
        "| Fil | Størrelse | SHA-256 |",
        "|---|---|---|",
    ]
    for name, content in files.items():
        kind = "wheel" if name.endswith(".whl") else "kildekode, sdist"
        size = f"{len(content) / 1_000_000:.1f} MB".replace(".", ",")
        digest = hashlib.sha256(content).hexdigest()
        rows.append(f"| [{name}]({up}{DOWNLOAD_DIR}/{name}) ({kind}) | {size} | `{digest}` |")
    return "\n".join(rows) + "\n"
