"""Generated site pages: up to date, anchored by id, versions and changes right; a strict MkDocs build."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import openpyxl

from journalloft.requirements.answers import ANSWER_CODES
from journalloft.requirements.lint import RULES
from journalloft.requirements.load import load_catalogue
from journalloft.requirements.mdtext import inline, site_path_to_doc
from journalloft.requirements.model import Catalogue
from journalloft.requirements.selection import Selection, select
from journalloft.requirements.versions import is_member
from journalloft.site.catalogue_pages.downloads import download_files
from journalloft.site.catalogue_pages.guide_page import ANSWER_CODES_NB, RULES_NB
from journalloft.site.catalogue_pages.page_parts import HEADER
from journalloft.site.catalogue_pages.pages import pages, render_pages

REPO = Path(__file__).resolve().parents[2]
ANCHOR = re.compile(r"\{ #([^ }]+) \}")


def test_committed_pages_are_up_to_date() -> None:
    stale = [
        path
        for path, text in pages(REPO).items()
        if not (REPO / "docs" / path).is_file() or (REPO / "docs" / path).read_text(encoding="utf-8") != text
    ]
    assert stale == [], f"regenerate with: PYTHONPATH=validators python -m journalloft.site generate ({stale})"


def test_every_page_has_the_provenance_header_and_unique_anchors(fixture_catalogue: Catalogue) -> None:
    for path, text in render_pages(fixture_catalogue).items():
        assert text.startswith(HEADER + "\n"), path
        anchors = ANCHOR.findall(text)
        assert len(anchors) == len(set(anchors)), path


def test_category_pages_anchor_every_requirement_with_its_history(fixture_catalogue: Catalogue) -> None:
    rendered = render_pages(fixture_catalogue)
    inf = rendered["anbefalinger/informasjon.md"]
    assert "## FJL-INF-001 Kommunen eier opplysningene { #FJL-INF-001 }" in inf
    assert "    - 2.0.0: redaksjonell endring. Presisert ordlyd." in inf
    assert "### FJL-INF-003 Eksport på forespørsel { #FJL-INF-003 }" in inf.split("## Utgåtte krav")[1]
    assert "[se kravet i versjon 1.0.0](versjoner/1.0.0.md#FJL-INF-003)" in inf
    assert "Erstattet av: [FJL-INF-002](#FJL-INF-002)" in inf
    # Requirements of a draft version are not published yet.
    assert "FJL-DEL-002" not in rendered["anbefalinger/deling.md"]
    assert (
        "- [OKT-tjenesten](../tjenester/index.md) (spesifikasjon på dette nettstedet, "
        "[i referanselisten](referanser.md#ref-okt-spec))"
    ) in rendered["anbefalinger/deling.md"].replace("    ", "")


def test_version_pages_show_each_published_version_as_it_was(fixture_catalogue: Catalogue) -> None:
    rendered = render_pages(fixture_catalogue)
    assert sorted(p for p in rendered if "/versjoner/" in p) == [
        "anbefalinger/versjoner/1.0.0.md",
        "anbefalinger/versjoner/2.0.0.md",
        "anbefalinger/versjoner/index.md",
        "anbefalinger/versjoner/utkast-2.1.0.md",  # the fixture's draft (test_requirements_draft_page.py)
    ]
    old = rendered["anbefalinger/versjoner/1.0.0.md"]
    assert ":   Leverandøren skal bekrefte at kommunen eier opplysningene." in old
    assert "FJL-INF-002" not in old
    assert '!!! warning "Ikke gjeldende versjon"' in old
    assert "### FJL-INF-003 Eksport på forespørsel { #FJL-INF-003 }" in old
    assert ":   **skal**" in old.split("{ #FJL-DEL-001 }")[1]
    current = rendered["anbefalinger/versjoner/2.0.0.md"]
    assert ":   **bør**" in current.split("{ #FJL-DEL-001 }")[1]
    assert "[JSON](../nedlasting/testkatalog-2.0.0.json)" in current


def test_changes_page_classifies_from_the_lifecycle(fixture_catalogue: Catalogue) -> None:
    page = render_pages(fixture_catalogue)["anbefalinger/endringer.md"]
    section = page.split("## Versjon 2.0.0 { #versjon-2.0.0 }")[1].split("## Versjon 1.0.0")[0]
    rows = re.findall(r"^\| \[(FJL-[A-Z]{3}-\d{3})\]\([^)]*\) \| ([^|]+) \| ([a-zæøå ]+) \|", section, re.MULTILINE)
    assert rows == [
        ("FJL-INF-003", "Utgått, erstattet av [FJL-INF-002](informasjon.md#FJL-INF-002)", "ikke bakoverkompatibel"),
        ("FJL-INF-002", "Nytt, erstatter FJL-INF-003", "kompatibel"),
        ("FJL-INF-001", "Endret (kravtekst)", "redaksjonell"),
        ("FJL-DEL-001", "Endret (foreslått nivå, tjenesteområder)", "kompatibel"),
    ]
    assert "Samlet klasse: **ikke bakoverkompatibel**" in section
    assert "Første utgave med 3 krav." in page


def test_overview_carries_the_filter_and_its_data(fixture_catalogue: Catalogue) -> None:
    page = render_pages(fixture_catalogue)["anbefalinger/krav.md"]
    for control in ("kategori", "niva", "bruk", "omrade", "tekst"):
        assert f'<label for="krav-{control}">' in page
    assert '<p id="krav-antall" role="status" aria-live="polite"></p>' in page
    raw = re.search(r'<script type="application/json" id="krav-data">(.*)</script>', page)
    assert raw is not None
    data = json.loads(raw.group(1))
    assert list(data["requirements"]) == ["FJL-INF-001", "FJL-INF-002", "FJL-DEL-001"]
    assert data["requirements"]["FJL-DEL-001"]["serviceAreas"] == ["helse-og-omsorg", "legevakt"]
    assert re.findall(r"^\| \[(FJL-[^\]]+)\]", page, re.MULTILINE) == list(data["requirements"])


def test_filter_offers_only_values_that_occur(fixture_catalogue: Catalogue) -> None:
    page = render_pages(fixture_catalogue)["anbefalinger/krav.md"]
    options = {
        name: re.findall(r'<option value="([^"]+)">', block)
        for name, block in re.findall(r'<select id="krav-(\w+)" name="\w+">(.*?)</select>', page, re.DOTALL)
    }
    current = select(fixture_catalogue, fixture_catalogue.current, Selection())
    assert options["niva"] == [lvl for lvl in ("må", "skal", "bør", "kan") if any(r.level == lvl for r in current)]
    assert set(options["bruk"]) == {use for r in current for use in r.tender_use}
    assert set(options["omrade"]) == {area for r in current for area in r.service_areas}
    assert "kan" not in options["niva"]  # the fixture's current version has no requirement at level kan


def test_markdown_escaping_and_site_paths() -> None:
    assert inline("a *b* <c> [d] x_y | z\n  w") == r"a \*b\* &lt;c&gt; \[d\] x\_y \| z w"
    assert (
        inline("kjør `journalloft validate --spec okt` og *se*") == r"kjør `journalloft validate --spec okt` og \*se\*"
    )
    assert inline("en ` alene") == r"en \` alene"
    assert site_path_to_doc("../../tjenester/okt/", "anbefalinger/kategori") == "tjenester/okt/index.md"
    assert site_path_to_doc("../../om/#versjonering", "anbefalinger/kategori") == "om/index.md#versjonering"
    assert site_path_to_doc("../../om.md", "anbefalinger/kategori") == "om.md"


def test_downloads_cover_every_published_version(fixture_catalogue: Catalogue) -> None:
    files = download_files(fixture_catalogue)
    assert sorted(files) == [
        f"anbefalinger/nedlasting/testkatalog-{v}.{fmt}" for v in ("1.0.0", "2.0.0") for fmt in ("csv", "json", "xlsx")
    ]
    sheet = openpyxl.load_workbook(io.BytesIO(files["anbefalinger/nedlasting/testkatalog-1.0.0.xlsx"]))["Krav"]
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        req.id for req in fixture_catalogue.requirements if is_member(req, "1.0.0")
    ]


MKDOCS_YML = """\
site_name: Prøvebygg
docs_dir: docs
strict: true
validation:
  nav: {{omitted_files: warn, not_found: warn, absolute_links: warn}}
  links: {{not_found: warn, absolute_links: warn, unrecognized_links: warn, anchors: warn}}
theme:
  name: material
  language: "nb"
  font: false
extra_css: [assets/krav.css]
extra_javascript: [assets/krav-filter.js]
hooks: [{hook}]
markdown_extensions: [admonition, attr_list, def_list, md_in_html, tables, {{toc: {{permalink: true}}}}]
nav:
{nav}
"""


def test_pages_and_downloads_build_strictly(fixture_root: Path, tmp_path: Path) -> None:
    rendered = render_pages(load_catalogue(fixture_root))
    docs = tmp_path / "docs"
    for path, text in {**rendered, "index.md": "# Prøve\n", "tjenester/index.md": "# Tjenester\n"}.items():
        (docs / path).parent.mkdir(parents=True, exist_ok=True)
        (docs / path).write_text(text, encoding="utf-8")
    for asset in ("krav.css", "krav-filter.js"):
        (docs / "assets").mkdir(exist_ok=True)
        (docs / "assets" / asset).write_bytes((REPO / "docs" / "assets" / asset).read_bytes())
    nav = "\n".join(f"  - {path}" for path in ["index.md", "tjenester/index.md", *rendered])
    hook = REPO / "validators" / "journalloft" / "site" / "catalogue_hook.py"
    (tmp_path / "mkdocs.yml").write_text(MKDOCS_YML.format(hook=hook, nav=nav), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(tmp_path / "site")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        env={"JOURNALLOFT_REQUIREMENTS_ROOT": str(fixture_root), "NO_MKDOCS_2_WARNING": "1", "PATH": ""},
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    site = tmp_path / "site"
    assert (site / "anbefalinger" / "nedlasting" / "testkatalog-2.0.0.xlsx").is_file()
    html = (site / "anbefalinger" / "informasjon" / "index.html").read_text(encoding="utf-8")
    assert 'id="FJL-INF-001"' in html and 'id="FJL-INF-003"' in html


def test_guide_page_explains_every_answer_code_and_lint_rule(fixture_catalogue: Catalogue) -> None:
    assert set(ANSWER_CODES_NB) == set(ANSWER_CODES)
    assert set(RULES_NB) == set(RULES)
    page = render_pages(fixture_catalogue)["anbefalinger/verktoy.md"]
    for code in (*ANSWER_CODES, *RULES):
        assert f"| `{code}` |" in page
    assert "| M | Oppfylt |" in page
