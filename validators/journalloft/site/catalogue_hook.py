"""MkDocs hook: add the catalogue downloads to the site while it builds.

Registered in mkdocs.yml under ``hooks:``. The files are added in ``on_files`` rather than written in
``on_post_build``, so they are ordinary site files when MkDocs validates links: the pages link to
them with plain relative markdown links and ``strict: true`` checks those links like any other.
Nothing is committed for the downloads; they are rebuilt from the YAML on every build.

Under ``mkdocs serve`` (``scripts/start``) the catalogue's generated pages are also written again
from ``specs/`` before every build, and mkdocs.yml watches ``specs/``: an editor who changes a
category file sees the result, drafts included, without running the generator. ``mkdocs build``
never writes into docs/; there a stale page is the staleness test's to catch.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Any

# MkDocs loads a hook by path; make the package importable when it is not installed.
_VALIDATORS = Path(__file__).resolve().parents[2]
if str(_VALIDATORS) not in sys.path:
    sys.path.insert(0, str(_VALIDATORS))

from mkdocs.structure.files import File, Files  # noqa: E402

from journalloft.requirements.load import load_catalogue  # noqa: E402
from journalloft.requirements.paths import default_root  # noqa: E402
from journalloft.site.catalogue_pages.downloads import download_files  # noqa: E402

log = logging.getLogger("mkdocs.plugins.journalloft")


def catalogue_root(config: Any) -> Path:
    """JOURNALLOFT_REQUIREMENTS_ROOT if set (trial builds), else specs/requirements beside mkdocs.yml."""
    override = os.environ.get("JOURNALLOFT_REQUIREMENTS_ROOT")
    if override:
        return Path(override)
    beside_config = Path(config["config_file_path"]).resolve().parent / "specs" / "requirements"
    return beside_config if (beside_config / "catalogue.yaml").is_file() else default_root()


_serving = False


def on_startup(*, command: str, dirty: bool) -> None:
    global _serving  # noqa: PLW0603 - MkDocs calls hooks as plain functions; the command is known only here
    _serving = command == "serve"


def on_pre_build(config: Any) -> None:
    if _serving:
        regenerate(Path(config["config_file_path"]).resolve().parent)


def regenerate(repo_root: Path) -> list[str]:
    """Write the catalogue's generated pages from specs/ (only those whose text changed)."""
    from journalloft.site.catalogue_pages import editor_page, reference_page
    from journalloft.site.catalogue_pages import pages as requirement_pages
    from journalloft.site.generate import write

    changed = write(repo_root, [requirement_pages.pages, reference_page.pages, editor_page.pages])
    for path in changed:
        log.info("journalloft: %s laget på nytt fra specs/", path)
    return changed


def on_files(files: Files, config: Any) -> Files:
    catalogue = load_catalogue(catalogue_root(config))
    for path, content in download_files(catalogue).items():
        files.append(File.generated(config, path, content=content))
    return files
