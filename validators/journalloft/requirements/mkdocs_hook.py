"""MkDocs hook: add the catalogue downloads to the site while it builds.

Registered in mkdocs.yml under ``hooks:``. The files are added in ``on_files`` rather than written in
``on_post_build``, so they are ordinary site files when MkDocs validates links: the pages link to
them with plain relative markdown links and ``strict: true`` checks those links like any other.
Nothing is committed for the downloads; they are rebuilt from the YAML on every build.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

# MkDocs loads a hook by path; make the package importable when it is not installed.
_VALIDATORS = Path(__file__).resolve().parents[2]
if str(_VALIDATORS) not in sys.path:
    sys.path.insert(0, str(_VALIDATORS))

from mkdocs.structure.files import File, Files  # noqa: E402

from journalloft.requirements.downloads import download_files  # noqa: E402
from journalloft.requirements.lint import load_catalogue  # noqa: E402
from journalloft.requirements.paths import default_root  # noqa: E402


def catalogue_root(config: Any) -> Path:
    """JOURNALLOFT_REQUIREMENTS_ROOT if set (trial builds), else specs/requirements beside mkdocs.yml."""
    override = os.environ.get("JOURNALLOFT_REQUIREMENTS_ROOT")
    if override:
        return Path(override)
    beside_config = Path(config["config_file_path"]).resolve().parent / "specs" / "requirements"
    return beside_config if (beside_config / "catalogue.yaml").is_file() else default_root()


def on_files(files: Files, config: Any) -> Files:
    catalogue = load_catalogue(catalogue_root(config))
    for path, content in download_files(catalogue).items():
        files.append(File.generated(config, path, content=content))
    return files
