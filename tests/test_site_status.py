"""The site and every export say plainly what they are: an independent working version, not KS' or NHN's.

The sentence (journalloft.status.STATUS_NOTE) must stand on the front page, the about page, the
catalogue's front page, in every page's footer and in every export format; no page may name KS or
NHN as this site's editors; spec pages call the specs this project's drafts and claim no fulfilment;
NEWS2 is called planned; the pilot page names no spec version without a source.
(tests/test_site_build.py checks the built pages: footer, 404 page, tab titles.)
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import openpyxl
import yaml

from journalloft.requirements.export import METADATA_SHEET, REQUIREMENTS_SHEET, to_csv, to_json, to_xlsx
from journalloft.requirements.load import load_catalogue
from journalloft.requirements.selection import Selection, select
from journalloft.site import adoption_page, generate, spec_pages
from journalloft.site.catalogue_pages.downloads import download_files
from journalloft.site.catalogue_pages.overview_forms import filter_data
from journalloft.status import STATUS_LABEL, STATUS_NOTE

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "specs" / "requirements"

# Phrases that present KS or NHN as this site's editors, or our drafts as fulfilling requirements.
EDITORS = re.compile(r"Redaktør(?:er|ene)? (?:i|fra|hos) (?:KS|NHN|Norsk helsenett)")
FULFILS = re.compile(r"oppfyller disse kravene|Oppfylles av")


def _flat(text: str) -> str:
    """Markdown and HTML wrap lines; the sentence is compared with whitespace collapsed."""
    return " ".join(text.split())


def _all_pages() -> dict[str, str]:
    """Every markdown page as the site would build it: the hand-written ones and the generated ones."""
    pages = {str(p.relative_to(ROOT / "docs")): p.read_text(encoding="utf-8") for p in (ROOT / "docs").rglob("*.md")}
    pages.update(generate(ROOT))
    return pages


def test_the_front_page_the_about_page_and_the_catalogue_page_carry_the_status_sentence() -> None:
    for page in ("index.md", "om.md", "anbefalinger/index.md"):
        assert STATUS_NOTE in _flat((ROOT / "docs" / page).read_text(encoding="utf-8")), page


def test_the_footer_of_every_page_is_the_status_sentence() -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    [line] = [line for line in config.splitlines() if line.startswith("copyright:")]
    assert yaml.safe_load(line)["copyright"] == STATUS_NOTE
    # and the description search engines and link previews show
    description = config.split("site_description: >-\n", 1)[1].split("\ndocs_dir:", 1)[0]
    assert " ".join(description.split()).startswith("Uavhengig arbeidsversjon basert på KS' notat")


def test_no_page_names_ks_or_nhn_as_the_sites_editors() -> None:
    offenders = {path: m.group(0) for path, text in _all_pages().items() if (m := EDITORS.search(_flat(text)))}
    assert not offenders, offenders


def test_the_pattern_catches_the_old_wording() -> None:
    assert EDITORS.search("**Redaktører i KS og NHN**")
    assert EDITORS.search("3. Redaktørene i KS og NHN vurderer forslaget")
    assert not EDITORS.search("Prosjektets redaktører vurderer forslaget")


def test_spec_pages_call_the_specs_the_projects_drafts_and_claim_no_fulfilment() -> None:
    pages = spec_pages.pages(ROOT)
    overviews = {path: text for path, text in pages.items() if path.endswith("/index.md")}
    assert {"tjenester/okt/index.md", "tjenester/news2/index.md", "tjenester/okt-prototype/index.md"} <= set(overviews)
    for path, text in overviews.items():
        assert '!!! note "Prosjektets utkast"' in text, path
        assert "er dette prosjektets eget utkast" in text, path
        assert "ikke en spesifikasjon fra NHN, KS eller HL7 Norge" in text, path
    # the journalloft.no name space is called the project's own where a spec uses it, and only there
    assert "`journalloft.no`" in overviews["tjenester/okt/index.md"]
    assert "`journalloft.no`" not in overviews["tjenester/helseid-tillitsrammeverk/index.md"]
    claims = {path: m.group(0) for path, text in _all_pages().items() if (m := FULFILS.search(text))}
    assert not claims, claims
    assert spec_pages.REQUIREMENTS_INTRO in overviews["tjenester/okt/index.md"]
    category_page = generate(ROOT)["anbefalinger/deling-og-standarder.md"]
    assert "Prosjektets utkast til spesifikasjon for punktet\n:   - [`okt@1.0.0`]" in category_page


def test_news2_is_called_a_planned_service() -> None:
    services = _flat((ROOT / "docs" / "tjenester" / "index.md").read_text(encoding="utf-8"))
    assert "Tjenesten gjør det mulig å dele NEWS2" not in services
    assert "NEWS2-målinger er en planlagt tjeneste" in services
    flow = _flat((ROOT / "docs" / "tjenester" / "news2" / "formal-og-flyt.md").read_text(encoding="utf-8"))
    assert '!!! note "Planlagt tjeneste"' in flow and "NEWS2-målinger er en planlagt tjeneste" in flow
    front = _flat((ROOT / "docs" / "index.md").read_text(encoding="utf-8"))
    assert "Deretter følger *NEWS2-målinger*" not in front and "er planlagt" in front


def test_the_pilot_page_names_a_source_per_row_and_no_unsourced_spec_version() -> None:
    page = adoption_page.pages(ROOT)[adoption_page.PAGE]
    assert "okt-prototype@0.3.0" not in page  # no source says Bodø and Bærum use that version
    rows = [line for line in page.splitlines() if re.match(r"^\| \d{4} \|", line)]
    assert len(rows) == 2
    for row in rows:
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        assert cells[3] == "ikke oppgitt" and cells[-1] == "1", row
    assert "Kilder:\n\n1. KS, beskrivelsen av felles journalløft" in page
    assert "journalloft validate" not in page  # the success criteria do not name this project's tool


# exports ----------------------------------------------------------------------------------------------


def _exports() -> tuple[bytes, str, dict[str, object]]:
    catalogue = load_catalogue(CATALOGUE)
    version = catalogue.current
    chosen = select(catalogue, version, Selection())
    return (
        to_xlsx(catalogue, version, chosen, "alle"),
        to_csv(catalogue, version, chosen),
        json.loads(to_json(catalogue, version, chosen, "alle")),
    )


def test_the_xlsx_annex_says_what_it_is_in_om_eksporten_and_on_every_printed_page() -> None:
    xlsx, _, _ = _exports()
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx))
    about = {row[0]: row[1] for row in workbook[METADATA_SHEET].iter_rows(values_only=True)}
    catalogue = load_catalogue(CATALOGUE)
    assert about[STATUS_LABEL] == STATUS_NOTE
    assert about["Om denne utgaven"] == catalogue.edition_note  # the edition note is no longer dropped
    for name in (REQUIREMENTS_SHEET, METADATA_SHEET):
        assert workbook[name].oddFooter.center.text == STATUS_NOTE, name
    assert workbook.properties.description == STATUS_NOTE


def test_the_csv_starts_with_the_status_line_and_the_json_carries_it() -> None:
    _, text, document = _exports()
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert rows[0] == [STATUS_LABEL, STATUS_NOTE]
    assert rows[1][0] == "ID"
    assert document["status"] == STATUS_NOTE
    assert document["edition_note"] == load_catalogue(CATALOGUE).edition_note


def test_every_download_on_the_site_carries_the_status() -> None:
    files = download_files(load_catalogue(CATALOGUE))
    assert {name.rsplit(".", 1)[1] for name in files} == {"xlsx", "csv", "json"}
    for name, data in files.items():
        if name.endswith(".xlsx"):
            sheet = openpyxl.load_workbook(io.BytesIO(data))[METADATA_SHEET]
            assert STATUS_NOTE in [row[1] for row in sheet.iter_rows(values_only=True)], name
        else:
            assert STATUS_NOTE in data.decode("utf-8"), name


def test_the_annex_and_csv_written_in_the_browser_get_the_status_too() -> None:
    catalogue = load_catalogue(CATALOGUE)
    version = catalogue.current
    script = filter_data(catalogue, version, select(catalogue, version, Selection()))
    data = json.loads(script.split(">", 1)[1].rsplit("<", 1)[0])
    assert data["csvStatus"] == [STATUS_LABEL, STATUS_NOTE]
    assert data["annex"]["status"] == STATUS_NOTE
    assert [STATUS_LABEL, STATUS_NOTE, ""] in data["annex"]["metadata"]
