"""What the pages about validating in the browser show, as plain functions of the built files.

- :func:`spec_options`: the ``<option>`` list of the page's spec chooser (every spec the CLI knows);
- :func:`files_table`: every file the page loads, with what it is, version, licence, size and gzip size;
- :func:`download_size`: the sum of those sizes, raw and gzip, and :data:`BUDGET_GZIP`, the budget the
  benchmark (scripts/benchmark_browser.py) holds it to.
"""

from __future__ import annotations

import gzip
import html
import json
from dataclasses import dataclass

from journalloft.browser import page_specs
from journalloft.site.browser_files import RUNTIME_FILES

BUDGET_GZIP = 12_500_000
"""Bytes (gzip-compressed, as a web server sends them) a reader may download to validate once.

Measured at 11.2 MB when set (Pyodide 0.29.5's runtime 5.4 MB; the validator's wheel, with the
FHIR R4 definitions, value sets and our specs, 4.3 MB; the FHIRPath engine and its helpers 0.9 MB;
jsonschema with its pure-Python stand-in for rpds-py 0.5 MB; all wheels carry bytecode, about 0.6 MB
more than their source, which saves the browser compiling them at every start). The budget leaves
about 1.3 MB (12 %) for the specs and definitions to grow; going over it means a reader on a slow
line waits noticeably longer, so it should be a decision (raise the budget here and say why), not an
accident.
"""

LICENCES = {
    "pyodide": ("Pyodide (Python 3.13 kompilert til WebAssembly)", "MPL-2.0; CPython i den: PSF-2.0"),
    "journalloft": ("Validatoren (bygget fra dette repositoriet)", "MIT"),
    "fhirpathpy": ("FHIRPath-motoren", "MIT"),
    "antlr4-python3-runtime": ("ANTLR-kjøretid, brukt av FHIRPath-motoren", "BSD-3-Clause"),
    "python-dateutil": ("Dato- og tidsfunksjoner, brukt av FHIRPath-motoren", "Apache-2.0 eller BSD-3-Clause"),
    "six": ("Hjelpebibliotek, brukt av python-dateutil", "MIT"),
    "pyyaml": ("YAML-leser for spesifikasjonene (ren Python, bygget fra kildekoden)", "MIT"),
    "jsonschema": ("JSON Schema-validering", "MIT"),
    "jsonschema-specifications": ("JSON Schema-metaskjemaene, brukt av jsonschema", "MIT"),
    "referencing": ("Oppslag av $ref i skjemaene, brukt av jsonschema", "MIT"),
    "attrs": ("Hjelpebibliotek for klasser, brukt av jsonschema og referencing", "MIT"),
    "pyrsistent": ("Uforanderlige datastrukturer (ren Python, bygget fra kildekoden)", "MIT"),
    "pyrsistent-as-rpds-py": ("rpds-py-grensesnittet i ren Python, bygget på pyrsistent", "MIT"),
    "rpds-py": ("Modulen rpds for jsonschema, som viser til pyrsistent-as-rpds-py (skrevet av byggingen)", "MIT"),
}
"""What each package is and its licence, as its own distribution states it; a test checks every
wheel the build ships has an entry here."""


@dataclass(frozen=True, slots=True)
class Size:
    raw: int
    gzip: int


def spec_options() -> str:
    """The spec chooser's options: detect first, then each spec version."""
    options = ['<option value="">Finn spesifikasjonen automatisk</option>']
    for spec in page_specs():
        key, title = html.escape(spec["key"]), html.escape(spec["title"])
        options.append(f'<option value="{key}">{key}: {title}</option>')
    return "\n".join(options)


def size_of(content: bytes) -> Size:
    # Level 6 is what common web servers use for on-the-fly compression.
    return Size(len(content), len(gzip.compress(content, compresslevel=6, mtime=0)))


def download_size(files: dict[str, bytes]) -> Size:
    sizes = [size_of(content) for content in files.values()]
    return Size(sum(s.raw for s in sizes), sum(s.gzip for s in sizes))


def describe(name: str, files: dict[str, bytes], pyodide_version: str) -> tuple[str, str, str]:
    """(what the file is, version, licence) of one file under nettleser/."""
    if name in RUNTIME_FILES:
        what, licence = LICENCES["pyodide"]
        return f"{what}: kjøretid", pyodide_version, licence
    if name == "pyodide-lock.json":
        return "Liste over pakkene med SHA-256, skrevet av byggingen", "", ""
    if name == "worker.js":
        return "Web Worker som laster Pyodide og kjører validatoren", "", "MIT"
    if name.endswith(".whl"):
        lock = json.loads(files["pyodide-lock.json"])["packages"]
        entry = next(p for p in lock.values() if p["file_name"] == name)
        what, licence = LICENCES[entry["name"]]
        return what, entry["version"], licence
    raise KeyError(f"no description of {name}")


def _mb(count: int) -> str:
    text = f"{count / 1000:.1f} kB" if count < 100_000 else f"{count / 1_000_000:.2f} MB"
    return text.replace(".", ",")


def files_table(files: dict[str, bytes], pyodide_version: str) -> str:
    """A markdown table of every file the page loads, with a total row; narrow enough to fit the
    content column (a table that scrolls is a region a keyboard cannot reach, which axe-core flags).
    The files' SHA-256 sums are in the published pyodide-lock.json."""
    rows = [
        '<div class="jl-spec-tabell" markdown>',
        "",
        "| Fil | Hva | Versjon | Lisens | Størrelse | Med gzip |",
        "|---|---|---|---|---:|---:|",
    ]
    for name, content in files.items():
        what, version, licence = describe(name, files, pyodide_version)
        size = size_of(content)
        rows.append(f"| `{name}` | {what} | {version} | {licence} | {_mb(size.raw)} | {_mb(size.gzip)} |")
    total = download_size(files)
    rows += [f"| **Sum** | | | | **{_mb(total.raw)}** | **{_mb(total.gzip)}** |", "", "</div>"]
    return "\n".join(rows) + "\n"


def budget_text() -> str:
    return _mb(BUDGET_GZIP)
