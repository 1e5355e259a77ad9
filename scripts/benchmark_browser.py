"""What a reader downloads to validate in the browser (docs/validator/nettleser.md), against a budget.

Usage: .venv/bin/python scripts/benchmark_browser.py [--budget BYTES] [--time] [--json]

Sizes: every file the page's worker fetches, as the site build assembles them
(``journalloft.site.browser_files.browser_files``: Pyodide's runtime, the wheels, our wheel,
pyodide-lock.json, worker.js; tests/browser/test_validate_in_browser.py checks that this is exactly
what Chromium fetches), raw and gzip-compressed at level 6, as a web server sends them. The page's
own HTML, CSS and script are the site's and left out (a few kB).

Budget: ``journalloft.site.browser_page.BUDGET_GZIP`` (12 MB gzip). It was set about 2 MB (20 %) above
what was measured (10.1 MB: Pyodide's runtime 5.4 MB, our wheel with the FHIR R4 definitions, value
sets and the specs 4.0 MB, the other wheels 0.6 MB), so the specs and definitions can grow a little, but a larger
jump (another runtime, a big dependency) is a decision someone makes by raising the budget there,
saying why, rather than an accident a reader pays for on a slow line. Over budget: exit status 1.

``--time`` also loads the built page in Debian's Chromium from 127.0.0.1 (the site is built into a
temporary folder first) and times, in wall-clock seconds: until the validator is ready (Pyodide
started, wheels installed, FHIR definitions loaded), and one validation of
examples/fhir-r4/invalid/observation-feil.json. The baseline is the same validation by
``journalloft.browser.validate`` in this process under CPython (best of 5, after a warm-up); the ratio
is the browser's time over it.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "validators"))

from journalloft.site.browser_files import browser_files  # noqa: E402
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
    return {"files": rows, "raw": total.raw, "gzip": total.gzip, "budget": budget, "within": within}, within


def timings() -> dict[str, float]:
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
    with tempfile.TemporaryDirectory(prefix="journalloft-bench-site-") as site:
        proc = mkdocs_build(ROOT, Path(site))
        if proc.returncode != 0:
            raise SystemExit(f"mkdocs build failed:\n{proc.stderr[-2000:]}")

        class Quiet(http.server.SimpleHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=site))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            with sync_playwright() as playwright:
                chromium = playwright.chromium.launch(
                    executable_path="/usr/bin/chromium",
                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
                )
                page = chromium.new_page()
                start = time.perf_counter()
                page.goto(f"http://127.0.0.1:{server.server_address[1]}/{PAGE}")
                page.wait_for_selector("#jl-skjema[data-validator=klar]", timeout=120_000)
                ready = time.perf_counter() - start
                page.fill("#jl-innhold", data.decode("utf-8"))
                start = time.perf_counter()
                page.click("#jl-valider")
                page.wait_for_selector("#jl-rapport[data-rapport]", timeout=60_000)
                validation = time.perf_counter() - start
                chromium.close()
        finally:
            server.shutdown()
            server.server_close()
    best = min(cpython)
    print(f"ready in Chromium (load, install, FHIR definitions): {ready:6.2f} s")
    print(f"one validation in Chromium (page click to report):  {validation:6.3f} s")
    print(f"the same validation under CPython (best of 5):      {best:6.3f} s")
    print(f"ratio browser / CPython:                            {validation / best:6.2f}")
    return {"ready_s": ready, "validation_s": validation, "cpython_s": best, "ratio": validation / best}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--budget", type=int, default=BUDGET_GZIP, help="gzip bytes allowed (default: the page's)")
    parser.add_argument("--time", action="store_true", help="also time loading and one validation in Chromium")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON at the end")
    args = parser.parse_args()
    figures, within = sizes(args.budget)
    if args.time:
        figures["timings"] = timings()
    if args.json:
        print(json.dumps(figures, indent=2))
    return 0 if within else 1


if __name__ == "__main__":
    sys.exit(main())
