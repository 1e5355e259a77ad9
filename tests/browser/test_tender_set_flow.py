"""The municipality's tender set across versions, navigation and files, in Chromium against the built site.

- version pinning: the link carries the catalogue version; a link for an older version opens that
  version's page with the set and says a newer version exists; a link for an unknown version loads nothing;
- persistence: the set is kept per version in localStorage, survives going to a requirement and back
  through the menu, and "Tøm utvalget" empties it for good;
- save and restore: "Lagre utvalget som fil" downloads the `--set` format (read back with the CLI's
  reader), "Hent et lagret utvalg" restores it, also for another version;
- the status line's counted nouns and the set table's fit at 1024 px;
- the tamper check: a vendor's kravtype edit in both sheets of the downloaded annex is caught by
  `check-answers --set` with the page's saved set file and with the annex itself.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from playwright.sync_api import Page

from journalloft.requirements.cli import main as requirements_main
from journalloft.requirements.export import ANSWER_COLUMN, DESCRIPTION_COLUMN, KRAVTYPE_COLUMN
from journalloft.requirements.load import load_catalogue
from journalloft.requirements.model import Catalogue, Requirement
from journalloft.requirements.paths import default_root
from journalloft.requirements.tender_set import read_tender_set, suggested_kravtype
from journalloft.requirements.versions import requirements_at

OVERVIEW = "anbefalinger/krav/"
RunAxe = Callable[[Page], list[dict[str, Any]]]


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue(default_root())


@pytest.fixture
def older(catalogue: Catalogue) -> str:
    """The newest published version before the current one."""
    return catalogue.published_versions[-2].version


def _open(page: Page, url: str) -> None:
    """A real page load, as a pasted link gives (a change of fragment alone would not load the page)."""
    page.goto("about:blank")
    page.goto(url)
    page.wait_for_selector("#krav-filter:not([hidden])")


def _fresh(page: Page, url: str) -> None:
    """Open ``url`` with nothing kept from earlier tests."""
    _open(page, url)
    page.evaluate("() => localStorage.clear()")
    _open(page, url)


def _set_rows(page: Page) -> list[tuple[str, str, str]]:
    return [
        tuple(row)
        for row in page.eval_on_selector_all(
            "#krav-utvalg-tabell tbody tr",
            "rows => rows.map(r => [r.dataset.id, r.querySelector('select').value, r.querySelector('input').value])",
        )
    ]


def _only_in(catalogue: Catalogue, version: str) -> Requirement:
    """A requirement of ``version`` that the current version no longer has (so the test sees the version)."""
    current = {req.id for req in requirements_at(catalogue, catalogue.current.version)}
    gone = [req for req in requirements_at(catalogue, version) if req.id not in current]
    return gone[0] if gone else requirements_at(catalogue, version)[0]


def test_the_link_pins_the_version_and_an_old_link_opens_its_version(
    browser_page: Page, site_url: str, catalogue: Catalogue, older: str
) -> None:
    current = catalogue.current.version
    _fresh(browser_page, site_url + OVERVIEW)
    first = requirements_at(catalogue, current)[0].id
    browser_page.check(f"input.krav-velg[value='{first}']")
    assert f"versjon={current}" in browser_page.input_value("#krav-lenke")
    assert browser_page.locator("#krav-nyere-versjon").count() == 0

    # a link made while `older` was current, opened after the release: the set opens in its version
    req = _only_in(catalogue, older)
    _open(browser_page, f"{site_url}{OVERVIEW}#versjon={older}&utvalg={req.id}:V:20&tittel=Hjemmetjenester")
    browser_page.wait_for_url(f"**/anbefalinger/versjoner/{older}/**")
    assert _set_rows(browser_page) == [(req.id, "V", "20")]
    assert browser_page.input_value("#krav-tittel") == "Hjemmetjenester"
    note = browser_page.locator("#krav-nyere-versjon")
    assert note.is_visible()
    assert f"versjon {older}" in (note.text_content() or "") and f"nyere versjon, {current}" in (
        note.text_content() or ""
    )
    assert f"versjon={older}" in browser_page.input_value("#krav-lenke")
    with browser_page.expect_download() as info:
        browser_page.click("#krav-xlsx")
    assert info.value.suggested_filename == f"krav-utvalg-{older}.xlsx"
    workbook = openpyxl.load_workbook(io.BytesIO(Path(info.value.path()).read_bytes()))
    about = {row[0]: row[1] for row in workbook["Om eksporten"].iter_rows(values_only=True)}
    assert about["Versjon"] == older
    assert about["Kommunens kravtype per krav"] == f"{req.id}=V:20"
    assert about["Utvalg"].startswith("Hjemmetjenester: ")
    # the current version's set is kept apart
    _open(browser_page, site_url + OVERVIEW)
    assert _set_rows(browser_page) == [(first, suggested_kravtype(requirements_at(catalogue, current)[0]), "")]


def test_a_link_for_an_unknown_version_loads_nothing(browser_page: Page, site_url: str, catalogue: Catalogue) -> None:
    _fresh(browser_page, site_url + OVERVIEW)
    rid = requirements_at(catalogue, catalogue.current.version)[0].id
    _open(browser_page, f"{site_url}{OVERVIEW}#versjon=9.9.9&utvalg={rid}:A")
    assert _set_rows(browser_page) == []
    assert browser_page.locator("#krav-utvalg-melding").text_content() == (
        "Lenken gjelder versjon 9.9.9, som ikke finnes i katalogen. Utvalget i lenken er ikke lest inn."
    )


def test_the_set_survives_the_menu_until_emptied(browser_page: Page, site_url: str, catalogue: Catalogue) -> None:
    _fresh(browser_page, site_url + OVERVIEW)
    members = requirements_at(catalogue, catalogue.current.version)
    chosen = [members[0].id, members[1].id]
    for rid in chosen:
        browser_page.check(f"input.krav-velg[value='{rid}']")
    browser_page.select_option(f"#krav-utvalg-tabell tr[data-id='{chosen[1]}'] select", "Ø")
    before = _set_rows(browser_page)
    # read a requirement, then "Alle krav" in the menu: a URL without the set in it
    browser_page.click(f".jl-krav-tabell a:has-text('{chosen[0]}')")
    browser_page.wait_for_url(f"**#{chosen[0]}")
    _open(browser_page, site_url + OVERVIEW)
    assert _set_rows(browser_page) == before
    assert "utvalg=" in browser_page.input_value("#krav-lenke")
    browser_page.click("#krav-tom")
    assert _set_rows(browser_page) == []
    _open(browser_page, site_url + OVERVIEW)
    assert browser_page.locator("#krav-utvalg-antall").text_content() == "Utvalget er tomt."


def test_save_and_restore_the_set_file(
    browser_page: Page, site_url: str, catalogue: Catalogue, older: str, tmp_path: Path
) -> None:
    current = catalogue.current.version
    _fresh(browser_page, site_url + OVERVIEW)
    members = requirements_at(catalogue, current)
    first, second = members[0].id, members[1].id
    browser_page.fill("#krav-tittel", "Journal for hjemmetjenesten")
    browser_page.press("#krav-tittel", "Tab")
    browser_page.check(f"input.krav-velg[value='{first}']")
    browser_page.check(f"input.krav-velg[value='{second}']")
    browser_page.select_option(f"#krav-utvalg-tabell tr[data-id='{first}'] select", "V")
    browser_page.fill(f"#krav-utvalg-tabell tr[data-id='{first}'] input", "12.5")
    browser_page.press(f"#krav-utvalg-tabell tr[data-id='{first}'] input", "Tab")
    browser_page.select_option(f"#krav-utvalg-tabell tr[data-id='{second}'] select", "A")
    with browser_page.expect_download() as info:
        browser_page.click("#krav-lagre")
    assert info.value.suggested_filename == f"krav-utvalg-{current}.json"
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    assert json.loads(saved.read_text(encoding="utf-8")) == {
        "catalogue": catalogue.id,
        "version": current,
        "title": "Journal for hjemmetjenesten",
        "requirements": [{"id": first, "kravtype": "V", "weight": 12.5}, {"id": second, "kravtype": "A"}],
    }
    # the CLI reads it as --set
    tender_set = read_tender_set(saved)
    assert (tender_set.version, tender_set.title) == (current, "Journal for hjemmetjenesten")

    browser_page.click("#krav-tom")
    assert _set_rows(browser_page) == []
    browser_page.set_input_files("#krav-fil", str(saved))
    browser_page.wait_for_selector(f"#krav-utvalg-tabell tr[data-id='{second}']")
    assert _set_rows(browser_page) == [(first, "V", "12.5"), (second, "A", "")]
    assert browser_page.input_value("#krav-tittel") == "Journal for hjemmetjenesten"
    assert browser_page.locator("#krav-utvalg-melding").text_content() == f"Utvalget er hentet fra {saved.name}."

    # a file for an older version opens on that version's page
    req = _only_in(catalogue, older)
    old_file = tmp_path / f"krav-utvalg-{older}.json"
    old_file.write_text(
        json.dumps({"version": older, "requirements": [{"id": req.id, "kravtype": "Ø"}]}), encoding="utf-8"
    )
    browser_page.set_input_files("#krav-fil", str(old_file))
    browser_page.wait_for_url(f"**/anbefalinger/versjoner/{older}/**")
    browser_page.wait_for_selector("#krav-filter:not([hidden])")
    assert _set_rows(browser_page) == [(req.id, "Ø", "")]

    # a file naming what this version lacks is refused, and the set is left as it was
    bad = tmp_path / "feil.json"
    bad.write_text(json.dumps({"requirements": [{"id": "FJL-XXX-999", "kravtype": "A"}]}), encoding="utf-8")
    browser_page.set_input_files("#krav-fil", str(bad))
    browser_page.wait_for_selector("#krav-utvalg-melding:has-text('FJL-XXX-999')")
    assert _set_rows(browser_page) == [(req.id, "Ø", "")]


def test_status_line_counts_in_norwegian(browser_page: Page, site_url: str, catalogue: Catalogue) -> None:
    _fresh(browser_page, site_url + OVERVIEW)
    members = requirements_at(catalogue, catalogue.current.version)
    browser_page.check(f"input.krav-velg[value='{members[0].id}']")
    browser_page.select_option(f"#krav-utvalg-tabell tr[data-id='{members[0].id}'] select", "Ø")
    assert browser_page.locator("#krav-utvalg-antall").text_content() == (
        "1 krav i utvalget: 0 absolutte krav, 0 evalueringskrav og 1 ønske."
    )
    browser_page.check(f"input.krav-velg[value='{members[1].id}']")
    browser_page.select_option(f"#krav-utvalg-tabell tr[data-id='{members[1].id}'] select", "A")
    browser_page.check(f"input.krav-velg[value='{members[2].id}']")
    browser_page.select_option(f"#krav-utvalg-tabell tr[data-id='{members[2].id}'] select", "Ø")
    assert browser_page.locator("#krav-utvalg-antall").text_content() == (
        "3 krav i utvalget: 1 absolutt krav, 0 evalueringskrav og 2 ønsker."
    )


def test_the_set_table_fits_at_1024_px(browser_page: Page, site_url: str, catalogue: Catalogue) -> None:
    browser_page.set_viewport_size({"width": 1024, "height": 800})
    try:
        _fresh(browser_page, site_url + OVERVIEW)
        browser_page.click("#krav-velg-viste")
        problems = browser_page.eval_on_selector_all(
            "#krav-utvalg-tabell tbody tr",
            """rows => rows.flatMap(row => {
                const id = row.cells[0];
                const range = document.createRange();
                range.selectNodeContents(id);
                const select = row.querySelector('select');
                const cell = select.parentElement.getBoundingClientRect();
                const box = select.getBoundingClientRect();
                // the longest option's text in the select's own font, plus its padding and arrow
                const context = document.createElement('canvas').getContext('2d');
                const style = getComputedStyle(select);  // its "font" shorthand is empty in Chromium
                context.font = style.fontWeight + ' ' + style.fontSize + ' ' + style.fontFamily;
                const longest = Math.max(...[...select.options].map(o => context.measureText(o.text).width));
                const out = [];
                if (range.getClientRects().length !== 1) out.push(row.dataset.id + ': the ID wraps');
                if (box.right > cell.right + 1 || select.clientWidth < longest + 28)
                    out.push(row.dataset.id + ': the kravtype select is cut off');
                return out;
            })""",
        )
        assert problems == []
        table = browser_page.locator("#krav-utvalg-tabell").bounding_box()
        content = browser_page.locator("article.md-content__inner").bounding_box()
        assert table is not None and content is not None
        widths = browser_page.eval_on_selector_all(
            "#krav-utvalg-tabell thead th", "cells => cells.map(c => Math.round(c.getBoundingClientRect().width))"
        )
        assert table["x"] + table["width"] <= content["x"] + content["width"] + 1, f"column widths {widths}"
    finally:
        browser_page.set_viewport_size({"width": 1280, "height": 720})


def test_an_old_version_page_with_its_set_passes_axe(
    browser_page: Page, site_url: str, catalogue: Catalogue, older: str, run_axe: RunAxe
) -> None:
    req = _only_in(catalogue, older)
    _fresh(browser_page, f"{site_url}anbefalinger/versjoner/{older}/#versjon={older}&utvalg={req.id}:V:20")
    browser_page.fill("#krav-tittel", "Tittel")
    assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in run_axe(browser_page)] == []


def test_the_copy_button_copies_the_link(browser_page: Page, site_url: str, catalogue: Catalogue) -> None:
    browser_page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    try:
        _fresh(browser_page, site_url + OVERVIEW)
        rid = requirements_at(catalogue, catalogue.current.version)[0].id
        browser_page.check(f"input.krav-velg[value='{rid}']")
        browser_page.click("#krav-kopier")
        browser_page.wait_for_selector("#krav-utvalg-melding:has-text('Lenken er kopiert.')")
        copied = browser_page.evaluate("() => navigator.clipboard.readText()")
        assert copied == browser_page.input_value("#krav-lenke")
        assert f"versjon={catalogue.current.version}" in copied and f"utvalg={rid}" in copied
    finally:
        browser_page.context.clear_permissions()


def _tamper(annex: Path, target: Path, rid: str, was: str) -> None:
    """The vendor's answers: ``rid`` turned from ``was`` into Ø in both sheets and answered Nei, the rest Ja."""
    workbook = openpyxl.load_workbook(annex)
    sheet = workbook["Krav"]
    headers = [cell.value for cell in sheet[1]]
    kravtype, answer = headers.index(KRAVTYPE_COLUMN) + 1, headers.index(ANSWER_COLUMN) + 1
    description = headers.index(DESCRIPTION_COLUMN) + 1
    for row in range(2, sheet.max_row + 1):
        first_row = sheet.cell(row, 1).value == rid
        if first_row:
            sheet.cell(row, kravtype).value = "Ø"
        sheet.cell(row, answer).value = "Nei" if first_row else "Ja"
        sheet.cell(row, description).value = "Beskrevet i vedlegg 2."
    for row in workbook["Om eksporten"].iter_rows():
        if row[0].value == "Kommunens kravtype per krav":
            assert f"{rid}={was}" in row[1].value
            row[1].value = row[1].value.replace(f"{rid}={was}", f"{rid}=Ø")
    workbook.save(target)


def _check_answers(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, set[tuple[str, str]]]:
    code = requirements_main(["check-answers", *args, "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    return code, {(finding["code"], finding["severity"]) for finding in report["findings"]}


def test_a_kravtype_edited_in_both_sheets_is_caught_with_the_sites_files(
    browser_page: Page, site_url: str, catalogue: Catalogue, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 25's done-when: the annex and the set file downloaded from the page each catch the vendor's edit."""
    current = catalogue.current.version
    _fresh(browser_page, site_url + OVERVIEW)
    first, second = (req.id for req in requirements_at(catalogue, current)[:2])
    browser_page.fill("#krav-tittel", "Journal for hjemmetjenesten")
    browser_page.press("#krav-tittel", "Tab")
    for rid, kravtype in ((first, "A"), (second, "V")):
        browser_page.check(f"input.krav-velg[value='{rid}']")
        browser_page.select_option(f"#krav-utvalg-tabell tr[data-id='{rid}'] select", kravtype)
    files = {}
    for button in ("#krav-xlsx", "#krav-lagre"):
        with browser_page.expect_download() as info:
            browser_page.click(button)
        files[button] = tmp_path / info.value.suggested_filename
        info.value.save_as(files[button])
    annex, saved = files["#krav-xlsx"], files["#krav-lagre"]
    answers = tmp_path / "svar.xlsx"
    _tamper(annex, answers, first, "A")

    # the workbook alone is its own reference: the edit passes, as the issue found
    assert _check_answers(capsys, str(answers)) == (0, {("wish-not-fulfilled", "info")})
    caught = (1, {("kravtype-changed", "error"), ("absolute-not-fulfilled", "error")})
    assert _check_answers(capsys, str(answers), "--set", str(saved)) == caught
    assert _check_answers(capsys, str(answers), "--set", str(annex)) == caught
