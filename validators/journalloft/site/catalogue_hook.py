"""MkDocs hook: add the catalogue downloads to the site while it builds.

Registered in mkdocs.yml under ``hooks:``. The files are added in ``on_files`` rather than written in
``on_post_build``, so they are ordinary site files when MkDocs validates links: the pages link to
them with plain relative markdown links and ``strict: true`` checks those links like any other.
Nothing is committed for the downloads; they are rebuilt from the YAML on every build.

Under ``mkdocs serve`` (``scripts/start``) the catalogue's generated pages are also made again from
``specs/`` for every build, and mkdocs.yml watches ``specs/``: an editor who changes a category file
sees the result, drafts included, without running the generator. The fresh pages are served from
memory, never written into docs/: ``serve`` also watches docs/, so a page written during the build
started a second full build after every edit (issue 25's walk: two builds of about a minute each).
docs/ is written by ``python -m journalloft.site generate`` and ``journalloft requirements release``;
under ``mkdocs build`` a stale page is the staleness test's to catch.
"""

from __future__ import annotations

import logging
import os
import re
import sys
from pathlib import Path
from typing import Any

# MkDocs loads a hook by path; make the package importable when it is not installed.
_VALIDATORS = Path(__file__).resolve().parents[2]
if str(_VALIDATORS) not in sys.path:
    sys.path.insert(0, str(_VALIDATORS))

from mkdocs.structure.files import File, Files  # noqa: E402

from journalloft.requirements.load import load_catalogue  # noqa: E402
from journalloft.requirements.page_paths import draft_page_path  # noqa: E402
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


def fresh_pages(repo_root: Path) -> dict[str, str]:
    """The catalogue's generated pages as ``specs/`` makes them now (docs/-relative path -> text)."""
    from journalloft.site.catalogue_pages import editor_page, reference_page
    from journalloft.site.catalogue_pages import pages as requirement_pages
    from journalloft.site.generate import generate

    return generate(repo_root, [requirement_pages.pages, reference_page.pages, editor_page.pages])


def serve_fresh_pages(files: Files, config: Any) -> list[str]:
    """Put the pages made from specs/ in place of docs/'s copies, in memory; return the paths that differ.

    A draft page left in docs/ for a version that is no longer a draft is dropped, as ``release`` does."""
    fresh = fresh_pages(Path(config["config_file_path"]).resolve().parent)
    changed = []
    for path, text in fresh.items():
        on_disk = files.get_file_from_path(path)
        if on_disk is not None:
            if on_disk.content_string == text:
                continue
            files.remove(on_disk)
        files.append(File.generated(config, path, content=text))
        changed.append(path)
    for file in list(files):
        if _DRAFT_PAGE.fullmatch(file.src_uri) and file.src_uri not in fresh:
            files.remove(file)
            changed.append(file.src_uri)
    for path in changed:
        log.info("journalloft: %s laget på nytt fra specs/", path)
    return changed


# draft_page_path's shape, for any version: "anbefalinger/versjoner/utkast-X.Y.Z.md".
_DRAFT_PAGE = re.compile(re.escape(draft_page_path("VERSION")).replace("VERSION", r"[0-9]+\.[0-9]+\.[0-9]+"))


def on_files(files: Files, config: Any) -> Files:
    if _serving:
        serve_fresh_pages(files, config)
    catalogue = load_catalogue(catalogue_root(config))
    for path, content in download_files(catalogue).items():
        files.append(File.generated(config, path, content=content))
    return files
