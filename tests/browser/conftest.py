"""Fixtures for driving Chromium against the built site; shared by every browser test.

The site is built once per session (``mkdocs build --strict``) and served from 127.0.0.1 on a free
port. One Chromium and one page are reused for the whole session. Every request the page makes is
recorded, and anything not addressed to the local server is aborted, so a test can never reach the
network and :func:`request_log` shows what would have left the machine.

Fixtures:
- ``built_site``: Path of the built site;
- ``site_url``: its base URL on the local server, ending in "/";
- ``site_pages`` / ``site_page_urls``: every built HTML page, as URL path ("" is the front page) or
  absolute URL;
- ``browser_page``: the session's Playwright page, blank and in the light scheme at each test start;
- ``request_log``: URLs requested during the current test;
- ``run_axe``: ``run_axe(page) -> list[dict]``, axe-core's WCAG 2.1 A/AA violations;
- ``describe_violations``: those violations as readable lines for an assertion message.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Route, sync_playwright

from journalloft.site.build import mkdocs_build

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
LOCAL_HOST = "127.0.0.1"

RunAxe = Callable[[Page], list[dict[str, Any]]]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Everything in this folder drives the browser; mark it so `-m "not browser"` skips it.
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built once, strictly, into a temporary directory."""
    target = tmp_path_factory.mktemp("site")
    proc = mkdocs_build(ROOT, target)
    if proc.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{proc.stdout}{proc.stderr}", pytrace=False)
    return target


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """Base URL of the built site, served by a thread on a free local port."""
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer((LOCAL_HOST, 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://{LOCAL_HOST}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def site_pages(built_site: Path) -> list[str]:
    """Every built HTML page as a URL path relative to ``site_url`` ("" is the front page).

    404.html is included: it is a real page visitors see, built from the same theme.
    """
    pages = []
    for html in sorted(built_site.rglob("*.html")):
        relative = html.relative_to(built_site).as_posix()
        pages.append(relative.removesuffix("index.html"))
    return pages


@pytest.fixture(scope="session")
def site_page_urls(site_url: str, site_pages: list[str]) -> list[str]:
    """Every built HTML page as an absolute URL on the local server."""
    return [site_url + path for path in site_pages]


@pytest.fixture(scope="session")
def _browser() -> Iterator[Browser]:
    if not CHROMIUM.is_file():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}. Install Debian's chromium package "
            "(the setup script scripts/test does); the browser tests never download a browser.",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


class _RequestRecorder:
    """Routes every request of the context: records the URL, lets only local ones through."""

    def __init__(self) -> None:
        self.urls: list[str] = []

    def handle(self, route: Route) -> None:
        url = route.request.url
        self.urls.append(url)
        scheme = urlsplit(url).scheme
        if scheme in ("data", "blob") or urlsplit(url).hostname == LOCAL_HOST:
            route.continue_()
        else:
            route.abort("blockedbyclient")


@pytest.fixture(scope="session")
def _recorder() -> _RequestRecorder:
    return _RequestRecorder()


@pytest.fixture(scope="session")
def _context(_browser: Browser, _recorder: _RequestRecorder) -> Iterator[BrowserContext]:
    context = _browser.new_context(service_workers="block")
    context.route("**/*", _recorder.handle)
    try:
        yield context
    finally:
        context.close()


@pytest.fixture(scope="session")
def _page(_context: BrowserContext) -> Page:
    page = _context.new_page()
    page.set_default_timeout(15_000)
    return page


@pytest.fixture
def browser_page(_page: Page, _recorder: _RequestRecorder, site_url: str) -> Iterator[Page]:
    """The session's page, blank, with light colour scheme and no stored theme choice."""
    _recorder.urls.clear()
    yield _page
    # Leave nothing behind for the next test: stored palette choice, emulated scheme, open dialogs.
    if _page.url.startswith(site_url):
        _page.evaluate("() => localStorage.clear()")
    _page.emulate_media(color_scheme="light")
    _page.goto("about:blank")


@pytest.fixture
def request_log(_recorder: _RequestRecorder, browser_page: Page) -> list[str]:
    """URLs requested by ``browser_page`` since the current test started (the live list)."""
    return _recorder.urls


@pytest.fixture(scope="session")
def run_axe() -> RunAxe:
    """``run_axe(page)``: axe-core's WCAG 2.1 A/AA violations on the page as loaded.

    Each violation is axe's own dict (id, impact, help, nodes[].target …) plus "page", the URL.
    """
    if not AXE_SCRIPT.is_file():
        pytest.fail(f"axe-core not found at {AXE_SCRIPT}; run npm ci (the setup script does)", pytrace=False)

    def run(page: Page) -> list[dict[str, Any]]:
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            page.add_script_tag(path=str(AXE_SCRIPT))
        violations: list[dict[str, Any]] = page.evaluate(
            "async (options) => (await axe.run(document, options)).violations", AXE_OPTIONS
        )
        return [{**violation, "page": page.url} for violation in violations]

    return run


def _describe(violations: list[dict[str, Any]]) -> list[str]:
    lines = []
    for violation in violations:
        for node in violation.get("nodes", []):
            target = " ".join(str(part) for part in node.get("target", []))
            lines.append(
                f"{violation.get('page', '?')}: {violation['id']} ({violation.get('impact')}) "
                f"at {target}: {violation['help']}"
            )
    return lines


@pytest.fixture(scope="session")
def describe_violations() -> Callable[[list[dict[str, Any]]], list[str]]:
    """``describe_violations(violations)``: one line per violating element: page, rule, impact, selector."""
    return _describe
