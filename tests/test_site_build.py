"""The site builds strictly, and strict mode really rejects broken links and pages left out of the nav."""

from __future__ import annotations

import hashlib
import html
import json
import re
import shutil
from pathlib import Path

import pytest

from journalloft.site.build import mkdocs_build
from journalloft.status import STATUS_NOTE

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def site_copy(tmp_path: Path) -> Path:
    """A throwaway copy of the site sources, to break on purpose."""
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    # mkdocs.yml's hook (catalogue downloads) lives in the package and reads specs/: link, don't copy.
    for shared in ("validators", "specs", "overrides"):
        (tmp_path / shared).symlink_to(ROOT / shared, target_is_directory=True)
    return tmp_path


def _title(page: Path) -> str:
    match = re.search(r"<title>(.*?)</title>", page.read_text(encoding="utf-8"), re.DOTALL)
    return html.unescape(match.group(1).strip()) if match else ""


def _footer(page: Path) -> str:
    """The text of the page's copyright line, whitespace collapsed."""
    match = re.search(r'<div class="md-copyright">(.*?)</div>\s*</div>', page.read_text(encoding="utf-8"), re.DOTALL)
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split()) if match else ""


def test_the_site_builds_strictly(tmp_path: Path) -> None:
    proc = mkdocs_build(ROOT, tmp_path / "site")
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "site" / "validator" / "feilkoder" / "index.html").is_file()
    # Norwegian stemming in search: a bare `no` in mkdocs.yml would have become the boolean false.
    index = json.loads((tmp_path / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["no"]
    # The spec hook: downloads written at build time, with the sums the overview page lists.
    package = tmp_path / "site" / "tjenester" / "okt" / "nedlasting" / "1.0.0" / "package.tgz"
    overview = (tmp_path / "site" / "tjenester" / "okt" / "index.html").read_text(encoding="utf-8")
    assert hashlib.sha256(package.read_bytes()).hexdigest() in overview
    assert (tmp_path / "site" / "tjenester" / "okt-prototype" / "nedlasting" / "0.3.0" / "schema.json").is_file()
    # ... and the flow diagram drawn into the page that asks for it.
    flow = (tmp_path / "site" / "tjenester" / "okt" / "formal-og-flyt" / "index.html").read_text(encoding="utf-8")
    assert 'aria-labelledby="flyt-okt-tittel flyt-okt-beskrivelse"' in flow
    assert "journalloft:flyt" not in flow
    # The theme's English credit line is switched off (extra.generator: false).
    front = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "Made with" not in front and "Material for MkDocs" not in front
    # No page is too large to open quickly (the NEWS2 examples were one 3.6 MB page; now they come in parts).
    pages = list((tmp_path / "site").rglob("*.html"))
    oversized = {str(page.relative_to(tmp_path)): size for page in pages if (size := page.stat().st_size) > 1_000_000}
    assert not oversized, oversized
    assert (tmp_path / "site" / "tjenester" / "news2" / "eksempler-2" / "index.html").is_file()
    # Tab titles come from each page's heading, never the file name ("Index - Felles journalløft").
    titles = {str(page.relative_to(tmp_path / "site")): _title(page) for page in pages}
    assert not [path for path, title in titles.items() if title.startswith("Index")], titles
    assert titles["tjenester/okt/index.html"] == "Oversikt over kommunale tjenester (OKT), FHIR R4 - Felles journalløft"
    assert titles["anbefalinger/versjoner/index.html"].startswith("Versjoner")
    # A Norwegian 404 page, and every page's footer says what the site is.
    not_found = (tmp_path / "site" / "404.html").read_text(encoding="utf-8")
    assert "Not found" not in not_found and "<h1>Fant ikke siden (404)</h1>" in not_found
    assert titles["404.html"] == "Fant ikke siden - Felles journalløft"
    unmarked = [path for path in titles if STATUS_NOTE not in html.unescape(_footer(tmp_path / "site" / path))]
    assert not unmarked, unmarked[:5]
    assert STATUS_NOTE in " ".join(html.unescape(front).split())  # and the front page's own note


def test_a_link_to_a_missing_anchor_fails_the_build(site_copy: Path) -> None:
    page = site_copy / "docs" / "om.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nSe [koden](validator/feilkoder.md#finnes-ikke).\n", "utf-8")
    proc = mkdocs_build(site_copy, site_copy / "site")
    assert proc.returncode == 1
    assert "does not contain an anchor '#finnes-ikke'" in proc.stderr


def test_a_page_missing_from_the_nav_fails_the_build(site_copy: Path) -> None:
    (site_copy / "docs" / "glemt.md").write_text("# Glemt\n\nEn side uten plass i menyen.\n", "utf-8")
    proc = mkdocs_build(site_copy, site_copy / "site")
    assert proc.returncode == 1
    assert "glemt.md" in proc.stderr


def test_a_flow_marker_for_a_service_without_flow_data_fails_the_build(site_copy: Path) -> None:
    page = site_copy / "docs" / "om.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n<!-- journalloft:flyt kartlegging -->\n", "utf-8")
    proc = mkdocs_build(site_copy, site_copy / "site")
    assert proc.returncode == 1
    assert "om.md: no flow data for service 'kartlegging'" in proc.stderr
