"""Drafts are visible before release (issue 25: "Se resultatet" showed nothing): a draft version gets a
page with an «Utkast» banner, linked from the versions index, and `mkdocs serve` writes the catalogue's
pages again from specs/ before every build (it watches specs/)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Literal

import pytest
import yaml
from mkdocs.config import load_config
from mkdocs.structure.files import Files, get_files

from journalloft.requirements.lint import lint
from journalloft.requirements.model import Catalogue
from journalloft.requirements.release import release
from journalloft.requirements.release_lock import LOCK_FILE, build_lock, render_lock
from journalloft.site.catalogue_pages.pages import render_pages, write_pages

from .conftest import REPO, edit

DRAFT = "anbefalinger/versjoner/utkast-2.1.0.md"
BANNER = (
    '!!! warning "Utkast"\n'
    "    Dette er et utkast til versjon 2.1.0. Det er ikke utgitt og kan endres før utgivelsen; vis ikke til "
    "det i en konkurranse. Gjeldende versjon er [2.0.0](2.0.0.md).\n"
)


def test_a_draft_version_has_a_page_with_the_utkast_banner(fixture_catalogue: Catalogue) -> None:
    pages = render_pages(fixture_catalogue)
    page = pages[DRAFT]
    assert "# Utkast til versjon 2.1.0\n\n" + BANNER in page
    assert "### FJL-DEL-002 Planlagt krav { #FJL-DEL-002 }" in page  # introduced in the draft
    assert "Ikke utgitt ennå: [2.1.0 (utkast)](utkast-2.1.0.md)." in pages["anbefalinger/versjoner/index.md"]
    # The draft's requirement is on no released version's page.
    assert "FJL-DEL-002" not in pages["anbefalinger/versjoner/2.0.0.md"]


def test_without_a_draft_there_is_no_draft_page(catalogue_copy: Path) -> None:
    edit(
        catalogue_copy / "catalogue.yaml",
        '  - version: "2.1.0"\n    status: draft\n    summary: Utkast under arbeid.\n',
        "",
    )
    edit(catalogue_copy / "categories" / "deling.yaml", '      introduced: "2.1.0"', '      introduced: "2.0.0"')
    result = lint(catalogue_copy)
    assert result.catalogue is not None, [f.format(catalogue_copy) for f in result.findings]
    pages = render_pages(result.catalogue)
    assert not [path for path in pages if "utkast-" in path]
    assert "Ikke utgitt ennå" not in pages["anbefalinger/versjoner/index.md"]


@pytest.fixture
def repo(fixture_root: Path, tmp_path: Path) -> Path:
    root = tmp_path / "specs" / "requirements"
    shutil.copytree(fixture_root, root)
    shutil.copytree(REPO / "specs" / "requirements" / "schema", root / "schema", dirs_exist_ok=True)
    result = lint(root)
    assert result.catalogue is not None
    (root / LOCK_FILE).write_text(render_lock(build_lock(result.catalogue, None)), encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: test\nnav:\n  - Versjoner:\n      - anbefalinger/versjoner/index.md\n", encoding="utf-8"
    )
    return tmp_path


def test_release_removes_the_draft_page(repo: Path) -> None:
    write_pages(repo)
    assert (repo / "docs" / DRAFT).is_file()
    done = release(repo, "2.1.0", dt.date(2026, 12, 1), write_pages)
    assert f"docs/{DRAFT}: utkastsiden er fjernet" in done
    assert not (repo / "docs" / DRAFT).exists()
    assert (repo / "docs" / "anbefalinger" / "versjoner" / "2.1.0.md").is_file()
    # The versions index is the last line of this mkdocs.yml: the entry goes on the next line, not after a blank one.
    assert (
        (repo / "mkdocs.yml")
        .read_text(encoding="utf-8")
        .endswith("      - anbefalinger/versjoner/index.md\n      - Versjon 2.1.0: anbefalinger/versjoner/2.1.0.md\n")
    )


def _docs(repo: Path) -> dict[str, bytes]:
    return {str(path.relative_to(repo)): path.read_bytes() for path in (repo / "docs").rglob("*") if path.is_file()}


HOOK = REPO / "validators" / "journalloft" / "site" / "catalogue_hook.py"


def run_hooks(repo: Path, command: Literal["build", "serve"]) -> Files:
    """The catalogue hook's events up to the files, through MkDocs' own plugin machinery: what `mkdocs
    build` or `mkdocs serve` (scripts/start) builds the site from."""
    config_path = repo / "mkdocs.yml"
    if "\nhooks:" not in config_path.read_text(encoding="utf-8"):
        with config_path.open("a", encoding="utf-8") as config_file:
            config_file.write(f"hooks:\n  - {HOOK}\n")
    config = load_config(config_file=str(repo / "mkdocs.yml"))
    config.plugins.on_startup(command=command, dirty=False)
    config.plugins.on_pre_build(config=config)
    return config.plugins.on_files(get_files(config), config=config)


@pytest.mark.parametrize("command", ["serve", "build"])
def test_serve_makes_the_pages_from_specs_without_writing_docs(repo: Path, command: Literal["build", "serve"]) -> None:
    """Under `serve` the draft page is made from specs/ for each build; docs/ is left alone, since a page
    written there during a build made `serve` (which also watches docs/) build everything a second time."""
    write_pages(repo)
    edit(repo / "specs" / "requirements" / "categories" / "deling.yaml", "title: Planlagt krav", "title: Nytt navn")
    before = _docs(repo)
    files = run_hooks(repo, command)
    assert _docs(repo) == before
    served = files.get_file_from_path(DRAFT)
    assert served is not None and BANNER in served.content_string
    assert ("### FJL-DEL-002 Nytt navn" in served.content_string) is (command == "serve")


def test_serve_drops_a_draft_page_left_in_docs_after_its_release(repo: Path) -> None:
    write_pages(repo)
    draft = (repo / "docs" / DRAFT).read_bytes()
    release(repo, "2.1.0", dt.date(2026, 12, 1), write_pages)
    (repo / "docs" / DRAFT).write_bytes(draft)  # an old copy, for instance from a branch made before
    files = run_hooks(repo, "serve")
    assert files.get_file_from_path(DRAFT) is None
    served = files.get_file_from_path("anbefalinger/versjoner/2.1.0.md")
    assert served is not None and "# Versjon 2.1.0" in served.content_string


def test_mkdocs_watches_specs_and_keeps_drafts_out_of_the_nav() -> None:
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8").split("\nnav:", 1)[0])
    assert "specs" in config["watch"]
    assert "/anbefalinger/versjoner/utkast-*.md" in config["not_in_nav"].splitlines()
