"""The requirement overview's filter in Chromium, against the built site and the real catalogue.

Expected results come from the same selection code the CLI export uses, so the page and
``journalloft requirements export`` must agree on every filter.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page

from journalloft.requirements.export import to_csv
from journalloft.requirements.load import load_catalogue
from journalloft.requirements.model import Catalogue
from journalloft.requirements.paths import default_root
from journalloft.requirements.selection import Selection, select
from journalloft.site.catalogue_pages.page_parts import category_page_path
from journalloft.site.catalogue_pages.pages import render_pages

OVERVIEW = "anbefalinger/krav/"
RunAxe = Callable[[Page], list[dict[str, Any]]]


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue(default_root())


def _expected(catalogue: Catalogue, selection: Selection) -> list[str]:
    return [req.id for req in select(catalogue, catalogue.current, selection)]


def _visible_ids(page: Page) -> list[str]:
    return page.eval_on_selector_all(
        ".jl-krav-tabell tbody tr:not([hidden])", "rows => rows.map(r => r.cells[0].textContent.trim())"
    )


def _reset(page: Page, total: int) -> None:
    """Press the form's reset button and wait until the page shows everything again.

    The page re-applies the filter one tick after the reset event (the form's values are restored only
    after the event), so reading the rows straight after the click races with it.
    """
    page.locator("#krav-filter-skjema button[type=reset]").click()
    page.wait_for_function(
        "text => document.querySelector('#krav-antall').textContent === text", arg=f"Viser alle {total} krav."
    )


def _open(page: Page, site_url: str) -> None:
    page.goto(site_url + OVERVIEW)
    page.wait_for_selector("#krav-filter:not([hidden])")


def test_filter_starts_with_everything_and_announces_the_count(
    browser_page: Page, site_url: str, catalogue: Catalogue
) -> None:
    _open(browser_page, site_url)
    everything = _expected(catalogue, Selection())
    assert _visible_ids(browser_page) == everything
    status = browser_page.locator("#krav-antall")
    assert status.get_attribute("aria-live") == "polite"
    assert status.text_content() == f"Viser alle {len(everything)} krav."
    for control in ("kategori", "niva", "bruk", "omrade", "tekst"):
        label = browser_page.locator(f'label[for="krav-{control}"]')
        assert label.count() == 1 and label.text_content()


def test_each_filter_matches_the_export_selection(
    browser_page: Page, site_url: str, catalogue: Catalogue, request_log: list[str]
) -> None:
    _open(browser_page, site_url)
    # The theme's search loads its index in the background; let that finish before counting.
    browser_page.wait_for_load_state("networkidle")
    requests_after_load = len(request_log)
    first = catalogue.categories[0]
    word = select(catalogue, catalogue.current, Selection())[0].title.split()[-1]
    cases: list[tuple[str, str, Selection]] = [
        ("kategori", first.id, Selection(categories=(first.id,))),
        ("niva", "skal", Selection(levels=("skal",))),
        ("bruk", "absolute", Selection(tender_uses=("absolute",))),
        ("omrade", "legevakt", Selection(service_areas=("legevakt",))),
    ]
    total = len(_expected(catalogue, Selection()))
    for control, value, selection in cases:
        _reset(browser_page, total)
        browser_page.select_option(f"#krav-{control}", value)
        expected = _expected(catalogue, selection)
        assert expected, f"the catalogue has no requirement for {control}={value}; pick another value"
        assert _visible_ids(browser_page) == expected, control
        assert browser_page.locator("#krav-antall").text_content() in (
            f"Viser {len(expected)} av {total} krav.",
            f"Viser alle {total} krav.",
        )
    _reset(browser_page, total)
    browser_page.fill("#krav-tekst", word.upper())
    assert _visible_ids(browser_page) == _expected(catalogue, Selection(text=word))
    browser_page.select_option("#krav-niva", "skal")
    assert _visible_ids(browser_page) == _expected(catalogue, Selection(text=word, levels=("skal",)))
    browser_page.fill("#krav-tekst", "zzz-finnes-ikke")
    assert _visible_ids(browser_page) == []
    assert (browser_page.locator("#krav-antall").text_content() or "").startswith("Viser 0 av ")
    _reset(browser_page, total)
    assert _visible_ids(browser_page) == _expected(catalogue, Selection())
    # The filter is kept in the URL fragment; Chromium fetches the site's own favicon again on each change.
    made = [url for url in request_log[requests_after_load:] if url != site_url + "assets/images/favicon.png"]
    assert made == [], "filtering must not make requests"


def test_selection_downloads_as_the_same_csv_as_the_cli(
    browser_page: Page, site_url: str, catalogue: Catalogue
) -> None:
    _open(browser_page, site_url)
    browser_page.select_option("#krav-bruk", "absolute")
    with browser_page.expect_download() as info:
        browser_page.click("#krav-csv")
    path = info.value.path()
    version = catalogue.current
    expected = to_csv(catalogue, version, select(catalogue, version, Selection(tender_uses=("absolute",))))
    assert path.read_bytes().decode("utf-8") == expected
    # the filter result, named apart from the set (krav-utvalg-<versjon>.xlsx/.json)
    assert info.value.suggested_filename == f"krav-filtrert-{version.version}.csv"


def test_filtered_overview_passes_axe(browser_page: Page, site_url: str, run_axe: RunAxe) -> None:
    _open(browser_page, site_url)
    browser_page.select_option("#krav-niva", "bør")
    assert run_axe(browser_page) == []


def test_requirement_ids_are_anchors_on_category_pages(
    browser_page: Page, site_url: str, catalogue: Catalogue
) -> None:
    for category in catalogue.categories:
        requirement = next(req for req in category.requirements if req.lifecycle.status == "active")
        url = site_url + category_page_path(category).removesuffix(".md") + "/#" + requirement.id
        browser_page.goto(url)
        heading = browser_page.locator(f"h2[id='{requirement.id}']")
        assert heading.count() == 1
        assert requirement.id in (heading.text_content() or "")


def test_every_catalogue_page_passes_axe(
    browser_page: Page, site_url: str, catalogue: Catalogue, run_axe: RunAxe
) -> None:
    failures = []
    for path in sorted(render_pages(catalogue)):
        url = site_url + path.removesuffix("index.md").removesuffix(".md") + ("" if path.endswith("index.md") else "/")
        browser_page.goto(url)
        failures += [f"{path}: {v['id']}: {v['help']}" for v in run_axe(browser_page)]
    assert failures == []
