"""The built site in Chromium: every page renders, search works in Norwegian, nothing leaves the
machine, and every page passes axe-core's WCAG 2.1 A/AA rules in both colour schemes."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

LOCAL_HOST = "127.0.0.1"
SITE_LANGUAGE = "nb"
SEARCH_READY = "Skriv søkeord"  # the theme's Norwegian (nb) prompt once the search index is loaded


def test_every_page_has_a_heading_and_the_norwegian_language(
    browser_page: Page, site_url: str, site_pages: list[str]
) -> None:
    problems = []
    for path in site_pages:
        response = browser_page.goto(site_url + path)
        if response is None or not (response.ok or path == "404.html"):
            problems.append(f"/{path}: HTTP {response.status if response else 'no response'}")
            continue
        lang = browser_page.get_attribute("html", "lang")
        headings = [text.strip() for text in browser_page.locator("h1").all_inner_texts()]
        if lang != SITE_LANGUAGE:
            problems.append(f"/{path}: lang={lang!r}, expected {SITE_LANGUAGE!r}")
        if not headings or not headings[0]:
            problems.append(f"/{path}: no h1 with text")
    assert len(site_pages) >= 8, site_pages
    assert not problems, "\n".join(problems)


def _search(page: Page, site_url: str, term: str) -> list[str]:
    """Type ``term`` into the theme's search box on the front page; return the result URLs' paths."""
    page.goto(site_url)
    meta = page.locator(".md-search-result__meta")
    # The worker has loaded the index once the box invites typing instead of saying it is starting.
    expect(meta).to_have_text(SEARCH_READY)
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(term)  # the theme searches on key events; fill() can go unnoticed
    expect(meta).to_have_text(re.compile(r"treff$"))
    hrefs: list[str] = page.locator("a.md-search-result__link").evaluate_all("links => links.map(a => a.href)")
    return [urlsplit(href).path for href in hrefs]


def test_search_finds_a_norwegian_word_from_the_front_page(browser_page: Page, site_url: str) -> None:
    # An inflected Norwegian word ("the pilots") that the front page uses in running text.
    paths = _search(browser_page, site_url, "pilotene")
    assert "/" in paths, f"front page not among the results {paths}"


def test_search_reports_no_hits_for_a_word_that_is_on_no_page(browser_page: Page, site_url: str) -> None:
    assert _search(browser_page, site_url, "xylofonorkester") == []


def test_no_request_leaves_the_machine(
    browser_page: Page, site_url: str, site_pages: list[str], request_log: list[str]
) -> None:
    for path in site_pages:
        browser_page.goto(site_url + path)
        browser_page.wait_for_load_state("networkidle")
    # Search loads a worker, the index and the Norwegian stemmer; include a query.
    assert _search(browser_page, site_url, "journalsystem")
    hosts = {urlsplit(url).hostname for url in request_log if urlsplit(url).scheme not in ("data", "blob")}
    outside = sorted(url for url in request_log if urlsplit(url).hostname not in (LOCAL_HOST, None))
    assert hosts == {LOCAL_HOST}, f"requests to other hosts: {outside}"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_passes_axe_wcag21_aa(
    browser_page: Page,
    site_page_urls: list[str],
    run_axe: Callable[[Page], list[dict[str, Any]]],
    describe_violations: Callable[[list[dict[str, Any]]], list[str]],
    scheme: Literal["light", "dark"],
) -> None:
    browser_page.emulate_media(color_scheme=scheme)
    theme = "slate" if scheme == "dark" else "default"
    violations: list[dict[str, Any]] = []
    for url in site_page_urls:
        browser_page.goto(url)
        assert browser_page.get_attribute("body", "data-md-color-scheme") == theme, url
        violations.extend(run_axe(browser_page))
    assert not violations, "\n".join(describe_violations(violations))


def test_the_recorder_sees_and_blocks_a_request_to_another_host(
    browser_page: Page, site_url: str, request_log: list[str]
) -> None:
    browser_page.goto(site_url)
    with browser_page.expect_event("requestfailed") as failed:
        browser_page.set_content('<img alt="" src="https://example.org/sporing.png">')
    assert failed.value.url == "https://example.org/sporing.png"
    assert "https://example.org/sporing.png" in request_log


def test_axe_reports_a_contrast_violation_with_its_selector(
    browser_page: Page,
    site_url: str,
    run_axe: Callable[[Page], list[dict[str, Any]]],
    describe_violations: Callable[[list[dict[str, Any]]], list[str]],
) -> None:
    browser_page.goto(site_url)
    browser_page.set_content(
        '<html lang="nb"><head><title>Test</title></head><body><main><h1>Test</h1>'
        '<p id="svak" style="color:#bbb;background:#fff">Lys grå tekst på hvitt</p></main></body></html>'
    )
    violations = run_axe(browser_page)
    assert [v["id"] for v in violations] == ["color-contrast"]
    assert violations[0]["nodes"][0]["target"] == ["#svak"]
    assert "color-contrast (serious) at #svak" in describe_violations(violations)[0]


# Static check of everything built: no page, stylesheet or script names a third-party host.

# Host names, not words: "CDN" in running text is fine, "cdn.example.net" is not.
FORBIDDEN = re.compile(r"fonts\.googleapis|gstatic\.|\bcdn[\w-]*\.|unpkg\.|jsdelivr\.", re.IGNORECASE)
# Material's bundle names two URLs it would only fetch in situations this site never creates:
# a ResizeObserver polyfill for browsers without ResizeObserver, and Mermaid when a page holds a
# Mermaid diagram (no page does: the superfences config defines no mermaid fence, checked below).
THEME_LAZY_URLS = {
    "https://unpkg.com/resize-observer-polyfill",
    "https://unpkg.com/mermaid@11/dist/mermaid.min.js",
}
THEME_BUNDLE = re.compile(r"assets/javascripts/bundle\.[0-9a-f]+\.min\.js")
# Pyodide's loader (nettleser/pyodide.js, validation in the browser) falls back to its CDN for
# packages only when no packageBaseUrl is given; our worker always gives it (the site's own
# nettleser/ folder; tests/browser/test_validate_in_browser.py checks that nothing is fetched elsewhere).
PYODIDE_LOADER = "nettleser/pyodide.js"
PYODIDE_FALLBACK_URL = "https://cdn.jsdelivr.net/pyodide/v${x}/full/"
# Attributes that make a browser fetch something (links in <a href> are only followed on a click).
FETCHING_ATTRIBUTE = re.compile(
    r"<(?:script|img|iframe|source|audio|video|embed|track)\b[^>]*?\s(?:src|srcset|poster)=[\"']?(?P<a>[^\"' >]+)"
    r"|<link\b[^>]*?\shref=[\"']?(?P<b>[^\"' >]+)"
    r"|<object\b[^>]*?\sdata=[\"']?(?P<c>[^\"' >]+)",
    re.IGNORECASE,
)


def _built_text_files(built_site: Path) -> list[Path]:
    return sorted(p for p in built_site.rglob("*") if p.suffix in (".html", ".css", ".js"))


def test_no_built_file_names_a_font_or_cdn_host(built_site: Path) -> None:
    found: list[str] = []
    for path in _built_text_files(built_site):
        relative = path.relative_to(built_site).as_posix()
        text = path.read_text(encoding="utf-8")
        if THEME_BUNDLE.fullmatch(relative):
            for url in THEME_LAZY_URLS:
                text = text.replace(url, "")
        if relative == PYODIDE_LOADER:
            text = text.replace(PYODIDE_FALLBACK_URL, "")
        found.extend(
            f"{relative}: …{m.string[max(0, m.start() - 40) : m.end() + 40]}…" for m in FORBIDDEN.finditer(text)
        )
    assert not found, "\n".join(found)


def test_every_resource_a_page_loads_is_relative(built_site: Path) -> None:
    absolute = []
    for page in sorted(built_site.rglob("*.html")):
        for match in FETCHING_ATTRIBUTE.finditer(page.read_text(encoding="utf-8")):
            url = next(group for group in match.groups() if group)
            if urlsplit(url).scheme not in ("", "data") or url.startswith("//"):
                absolute.append(f"{page.relative_to(built_site)}: {url}")
    assert not absolute, "\n".join(absolute)


def test_no_page_holds_a_mermaid_diagram(built_site: Path) -> None:
    pages = [p.relative_to(built_site) for p in built_site.rglob("*.html") if 'class="mermaid"' in p.read_text("utf-8")]
    assert not pages, f"a Mermaid diagram would make the theme load mermaid from unpkg.com: {pages}"


def test_the_static_checks_catch_what_they_look_for() -> None:
    assert FORBIDDEN.search('<link href="https://fonts.googleapis.com/css?family=Roboto">')
    assert FORBIDDEN.search("src=https://cdn.jsdelivr.net/npm/x.js")
    assert not FORBIDDEN.search("<p>Kodeoversikt og journalløft</p>")
    match = FETCHING_ATTRIBUTE.search('<img alt="x" src="https://example.org/a.png">')
    assert match and match.group("a") == "https://example.org/a.png"
    assert not FETCHING_ATTRIBUTE.search('<a href="https://example.org/">lenke</a>')
