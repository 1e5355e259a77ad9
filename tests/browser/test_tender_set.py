"""The municipality's tender set on the overview page, in Chromium against the built site.

The annex the page writes (docs/assets/xlsx-skriver.js) is read back with openpyxl and compared cell
by cell with the CLI's export of the same set, and ``check-answers`` accepts it once answered.
"""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import Page

from journalloft.requirements.answers import check_answers
from journalloft.requirements.export import to_xlsx
from journalloft.requirements.load import load_catalogue
from journalloft.requirements.model import Catalogue
from journalloft.requirements.paths import default_root
from journalloft.requirements.selection import Selection, select
from journalloft.requirements.tender_set import Choice
from journalloft.site.catalogue_pages.overview_forms import SITE_SELECTION
from journalloft.status import STATUS_NOTE

OVERVIEW = "anbefalinger/krav/"


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue(default_root())


def _open(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("#krav-filter:not([hidden])")


def _set_rows(page: Page) -> list[tuple[str, str, str]]:
    return page.eval_on_selector_all(
        "#krav-utvalg-tabell tbody tr",
        "rows => rows.map(r => [r.dataset.id, r.querySelector('select').value, r.querySelector('input').value])",
    )


def _values(sheet: object) -> list[tuple[object, ...]]:
    return list(sheet.iter_rows(values_only=True))  # type: ignore[attr-defined]


def test_build_download_and_share_a_tender_set(  # noqa: PLR0915 - one user's flow through the page, step by step in one browser session
    browser_page: Page, site_url: str, catalogue: Catalogue, tmp_path: Path, request_log: list[str]
) -> None:
    _open(browser_page, site_url + OVERVIEW)
    browser_page.wait_for_load_state("networkidle")
    requests_after_load = len(request_log)
    version = catalogue.current
    absolute = [req.id for req in select(catalogue, version, Selection(tender_uses=("absolute",)))]
    browser_page.select_option("#krav-bruk", "absolute")
    browser_page.click("#krav-velg-viste")
    # one more, picked by hand from the full table
    browser_page.select_option("#krav-bruk", "")
    extra = next(req for req in select(catalogue, version, Selection()) if req.id not in absolute)
    browser_page.check(f"input.krav-velg[value='{extra.id}']")
    ids = [req.id for req in select(catalogue, version, Selection(ids=(*absolute, extra.id)))]
    ids.sort(key=[req.id for req in select(catalogue, version, Selection())].index)
    assert [row[0] for row in _set_rows(browser_page)] == ids
    # the municipality decides: the first becomes an evalueringskrav with weight 20, the second a wish
    first, second = ids[0], ids[1]
    browser_page.select_option(f"#krav-utvalg-tabell tr[data-id='{first}'] select", "V")
    browser_page.fill(f"#krav-utvalg-tabell tr[data-id='{first}'] input", "20")
    browser_page.press(f"#krav-utvalg-tabell tr[data-id='{first}'] input", "Tab")
    browser_page.select_option(f"#krav-utvalg-tabell tr[data-id='{second}'] select", "Ø")
    rows = {rid: (kravtype, weight) for rid, kravtype, weight in _set_rows(browser_page)}
    assert rows[first] == ("V", "20") and rows[second] == ("Ø", "")
    status = browser_page.locator("#krav-utvalg-antall").text_content() or ""
    assert status.startswith(f"{len(ids)} krav i utvalget:")

    with browser_page.expect_download() as info:
        browser_page.click("#krav-xlsx")
    assert info.value.suggested_filename == f"krav-utvalg-{version.version}.xlsx"
    downloaded = Path(info.value.path()).read_bytes()
    # Chromium fetches the site's own favicon again whenever the fragment changes; anything else counts.
    made = [
        url
        for url in request_log[requests_after_load:]
        if not url.startswith("blob:") and url != site_url + "assets/images/favicon.png"
    ]
    assert made == [], f"building and downloading the annex must not make requests: {made}"

    choices = {
        rid: Choice(rid, kravtype, float(weight) if weight else None) for rid, (kravtype, weight) in rows.items()
    }
    chosen = select(catalogue, version, Selection(ids=tuple(ids)))
    expected = openpyxl.load_workbook(io.BytesIO(to_xlsx(catalogue, version, chosen, SITE_SELECTION, choices)))
    actual = openpyxl.load_workbook(io.BytesIO(downloaded))
    assert actual.sheetnames == expected.sheetnames
    for name in expected.sheetnames:
        assert _values(actual[name]) == _values(expected[name]), name
        # printed, every page of the annex says what it is, as the CLI's export does
        assert actual[name].oddFooter.center.text == STATUS_NOTE == expected[name].oddFooter.center.text, name
    sheet = actual["Krav"]
    assert sheet.protection.sheet and not sheet.protection.password
    assert sheet["A2"].protection.locked and not sheet["M2"].protection.locked
    assert str(sheet.data_validations.dataValidation[0].sqref) == f"M2:M{len(ids) + 1}"

    # a vendor answers Nei everywhere: A is an error, V a warning, Ø a note
    for row in range(2, len(ids) + 2):
        sheet[f"M{row}"] = "Nei"
    answered = tmp_path / "svar.xlsx"
    actual.save(answered)
    report = check_answers(answered, catalogue)
    codes = {f.requirement_id: f.code for f in report.findings}
    assert codes[first] == "evaluated-not-fulfilled"
    assert codes[second] == "wish-not-fulfilled"
    assert all(codes[rid] == "absolute-not-fulfilled" for rid in ids[2:] if rows[rid][0] == "A")

    # the link restores the set and the filter
    browser_page.select_option("#krav-niva", "skal")
    link = browser_page.input_value("#krav-lenke")
    assert "utvalg=" in link and "niva=skal" in link
    other = browser_page.context.new_page()
    _open(other, link)
    assert {rid: (k, w) for rid, k, w in _set_rows(other)} == rows
    assert other.input_value("#krav-niva") == "skal"
    other.close()


def test_empty_set_cannot_be_downloaded(browser_page: Page, site_url: str) -> None:
    _open(browser_page, site_url + OVERVIEW)
    assert browser_page.locator("#krav-utvalg-antall").text_content() == "Utvalget er tomt."
    assert browser_page.locator("#krav-xlsx").is_disabled()
