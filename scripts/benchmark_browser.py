"""What a reader downloads to validate in the browser (docs/validator/nettleser.md), against a budget.

Usage: .venv/bin/python scripts/benchmark_browser.py [--budget BYTES] [--time] [--json]

Sizes: every file the page's worker fetches, as the site build assembles them
(``journalloft.site.browser_files.browser_files``: Pyodide's runtime, the wheels, our wheel,
pyodide-lock.json, worker.js; tests/browser/test_validate_in_browser.py checks that this is exactly
what Chromium fetches), raw and gzip-compressed at level 6, as a web server sends them. The page's
own HTML, CSS and script are the site's and left out (a few kB).

Budget: ``journalloft.site.browser_page.BUDGET_GZIP`` (12.5 MB gzip). It was set about 1.3 MB (12 %)
above what was measured (11.2 MB: Pyodide's runtime 5.4 MB, our wheel with the FHIR R4 definitions,
value sets and the specs 4.3 MB, the FHIRPath engine and its helpers 0.9 MB, jsonschema with its
pure-Python stand-in for rpds-py 0.5 MB, all wheels with bytecode), so the specs and definitions can
grow a little, but a larger jump (another runtime, a big dependency) is a decision someone makes by
raising the budget there, saying why, rather than an accident a reader pays for on a slow line.
Over budget: exit status 1.

``--time`` also loads the built page in Debian's Chromium from 127.0.0.1 (the site is built into a
temporary folder first), each time in a fresh browser context (empty cache), and times in wall-clock
seconds, best of ``--rounds``: until the validator is ready (Pyodide started, wheels installed, FHIR
definitions loaded), and one validation of examples/fhir-r4/invalid/observation-feil.json after that.
Two baselines in the same run: the same site with wheels that carry source instead of bytecode
(``browser_files(..., bytecode=False)``), for the start-up ratio; and the same validation by
``journalloft.browser.validate`` under CPython in this process (best of 5, after a warm-up).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "validators"))

from measurement import add_json_option, emit  # noqa: E402

from journalloft.site.browser_files import BROWSER_DIR, browser_files, pyodide_version  # noqa: E402
from journalloft.site.browser_page import BUDGET_GZIP, download_size, size_of  # noqa: E402

EXAMPLE = ROOT / "examples" / "fhir-r4" / "invalid" / "observation-feil.json"
PAGE = "validator/nettleser/"


def _mb(count: int) -> str:
    return f"{count / 1_000_000:7.2f} MB"


def sizes(budget: int) -> tuple[dict[str, Any], bool]:
    files = browser_files(ROOT)
    total = download_size(files)
    print(f"{'file':52} {'raw':>10} {'gzip':>10} {'share':>6}")
    rows = {}
    for name, content in sorted(files.items(), key=lambda item: -len(item[1])):
        size = size_of(content)
        rows[name] = {"raw": size.raw, "gzip": size.gzip}
        print(f"{name:52} {_mb(size.raw)} {_mb(size.gzip)} {size.gzip / total.gzip:6.1%}")
    print(f"{'total':52} {_mb(total.raw)} {_mb(total.gzip)}")
    within = total.gzip <= budget
    verdict = "within budget" if within else "OVER BUDGET"
    print(f"budget (gzip) {_mb(budget)}: {verdict} ({total.gzip / budget:.0%} of it)")
    figures = {"files": rows, "raw": total.raw, "gzip": total.gzip, "budget": budget, "within": within}
    return {**figures, "pyodide": pyodide_version(ROOT)}, within


def _serve(site: str) -> tuple[http.server.ThreadingHTTPServer, str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=site))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def _time_page(chromium: Any, base: str, text: str) -> tuple[float, float]:
    """(seconds until the validator is ready, seconds for one validation) in a fresh browser context."""
    context = chromium.new_context()
    page = context.new_page()
    start = time.perf_counter()
    page.goto(base + PAGE)
    page.wait_for_selector("#jl-skjema[data-validator=klar]", timeout=120_000)
    ready = time.perf_counter() - start
    page.fill("#jl-innhold", text)
    start = time.perf_counter()
    page.click("#jl-valider")
    page.wait_for_selector("#jl-rapport[data-rapport]", timeout=60_000)
    validation = time.perf_counter() - start
    context.close()
    return ready, validation


def timings(rounds: int) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    from journalloft import browser
    from journalloft.site.build import mkdocs_build

    data = EXAMPLE.read_bytes()
    browser.validate(data, EXAMPLE.name)
    cpython = []
    for _ in range(5):
        start = time.perf_counter()
        browser.validate(data, EXAMPLE.name)
        cpython.append(time.perf_counter() - start)
    with tempfile.TemporaryDirectory(prefix="journalloft-bench-site-") as work:
        site, source_site = Path(work) / "site", Path(work) / "source"
        proc = mkdocs_build(ROOT, site)
        if proc.returncode != 0:
            raise SystemExit(f"mkdocs build failed:\n{proc.stderr[-2000:]}")
        # The baseline site: the same, but with wheels that carry their source instead of bytecode.
        shutil.copytree(site, source_site)
        for name, content in browser_files(ROOT, bytecode=False).items():
            (source_site / BROWSER_DIR / name).write_bytes(content)
        servers = [_serve(str(site)), _serve(str(source_site))]
        try:
            with sync_playwright() as playwright:
                chromium = playwright.chromium.launch(
                    executable_path="/usr/bin/chromium",
                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
                )
                compiled = [_time_page(chromium, servers[0][1], data.decode("utf-8")) for _ in range(rounds)]
                plain = [_time_page(chromium, servers[1][1], data.decode("utf-8")) for _ in range(rounds)]
                chromium.close()
        finally:
            for server, _ in servers:
                server.shutdown()
                server.server_close()
    ready, validation = min(r for r, _ in compiled), min(v for _, v in compiled)
    ready_source = min(r for r, _ in plain)
    best = min(cpython)
    print(f"ready in Chromium, bytecode wheels (best of {rounds}):  {ready:6.2f} s")
    print(f"ready in Chromium, source wheels (best of {rounds}):    {ready_source:6.2f} s")
    print(f"ratio bytecode / source:                           {ready / ready_source:6.2f}")
    print(f"one validation in Chromium (click to report):      {validation:6.3f} s")
    print(f"the same validation under CPython (best of 5):     {best:6.3f} s")
    print(f"ratio browser / CPython:                           {validation / best:6.2f}")
    return {
        "ready_s": ready,
        "ready_source_s": ready_source,
        "validation_s": validation,
        "cpython_s": best,
        "ratio_validation": validation / best,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--budget", type=int, default=BUDGET_GZIP, help="gzip bytes allowed (default: the page's)")
    parser.add_argument("--time", action="store_true", help="also time loading and one validation in Chromium")
    parser.add_argument("--rounds", type=int, default=3, help="page loads per variant with --time (default 3)")
    add_json_option(parser)
    args = parser.parse_args()
    figures, within = sizes(args.budget)
    if args.time:
        figures["timings"] = timings(args.rounds)
    emit(args.json, figures)
    return 0 if within else 1


if __name__ == "__main__":
    sys.exit(main())
