"""MkDocs hook for "Valider i nettleseren": Pyodide, the wheels, the lock file and the worker.

Registered in mkdocs.yml under ``hooks:``. Thin glue; the work is done by
:mod:`journalloft.site.browser_files` and :mod:`journalloft.site.browser_page`.

- ``on_files`` adds every file of :func:`~journalloft.site.browser_files.browser_files` under
  ``nettleser/`` as a site file (never committed: rebuilt on every site build);
- ``on_page_markdown`` replaces ``<!-- journalloft:nettleser-spesifikasjoner -->`` with the spec
  chooser's options, ``<!-- journalloft:nettleser-filer -->`` with the table of files, versions,
  licences and sizes, ``{{ pyodide-versjon }}`` with the pinned Pyodide version and
  ``{{ nettleser-budsjett }}`` with the download budget.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

# MkDocs loads a hook by path; make the package importable when it is not installed.
_VALIDATORS = Path(__file__).resolve().parents[2]
if str(_VALIDATORS) not in sys.path:
    sys.path.insert(0, str(_VALIDATORS))

from mkdocs.structure.files import File, Files  # noqa: E402

from journalloft.site.browser_files import BROWSER_DIR, browser_files, pyodide_version  # noqa: E402
from journalloft.site.browser_page import budget_text, files_table, spec_options  # noqa: E402

SPECS_MARKER = "<!-- journalloft:nettleser-spesifikasjoner -->"
FILES_MARKER = "<!-- journalloft:nettleser-filer -->"
VERSION_MARKER = "{{ pyodide-versjon }}"
BUDGET_MARKER = "{{ nettleser-budsjett }}"


def _root() -> Path:
    return _VALIDATORS.parent


def on_files(files: Files, config: Any) -> Files:
    for name, content in browser_files(_root()).items():
        files.append(File.generated(config, f"{BROWSER_DIR}/{name}", content=content))
    return files


def on_page_markdown(markdown: str, page: Any, config: Any, files: Files) -> str:
    if SPECS_MARKER in markdown:
        markdown = markdown.replace(SPECS_MARKER, spec_options())
    if FILES_MARKER in markdown:
        markdown = markdown.replace(FILES_MARKER, files_table(browser_files(_root()), pyodide_version(_root())))
    markdown = markdown.replace(VERSION_MARKER, pyodide_version(_root()))
    return markdown.replace(BUDGET_MARKER, budget_text())
