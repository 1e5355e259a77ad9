"""Building the site with MkDocs, the one way tests and scripts should do it.

``--strict`` turns every warning (broken link, missing anchor, page left out of the nav) into a
failed build. ``--quiet`` must not be added: it raises the log level above WARNING, so the warnings
are never counted and a strict build with broken links succeeds.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def mkdocs_build(repo_root: Path, site_dir: Path, config: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``mkdocs build --strict`` for ``repo_root`` into ``site_dir``; the caller checks returncode."""
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--strict",
        "--config-file",
        str(config or repo_root / "mkdocs.yml"),
        "--site-dir",
        str(site_dir),
    ]
    # The theme's end-of-life banner is noise in test and CI logs.
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(command, cwd=repo_root, capture_output=True, text=True, env=env, timeout=300, check=False)
