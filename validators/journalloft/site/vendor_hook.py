"""MkDocs hook for the vendor pages: the validator's wheel and sdist as downloads, and example files.

Registered in mkdocs.yml under ``hooks:``. Thin glue; the work is done by
:mod:`journalloft.site.distributions`.

- ``on_files`` adds ``nedlasting/<wheel>`` and ``nedlasting/<sdist>`` as site files, so pages link to
  them with plain relative links that the strict build checks;
- ``on_page_markdown`` replaces ``<!-- journalloft:nedlasting -->`` with the table of files, sizes and
  sums, ``{{ journalloft-wheel }}`` with the wheel's file name, and ``<!-- journalloft:fil PATH -->``
  with the file PATH under examples/ as a code block, so a page shows the very file a test checks.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

# MkDocs loads a hook by path; make the package importable when it is not installed.
_VALIDATORS = Path(__file__).resolve().parents[2]
if str(_VALIDATORS) not in sys.path:
    sys.path.insert(0, str(_VALIDATORS))

from mkdocs.structure.files import File, Files  # noqa: E402

from journalloft.site.distributions import DOWNLOAD_DIR, distributions, download_table, wheel_name  # noqa: E402

TABLE_MARKER = "<!-- journalloft:nedlasting -->"
WHEEL_MARKER = "{{ journalloft-wheel }}"
FILE_MARKER = re.compile(r"^([ \t]*)<!--\s*journalloft:fil\s+(examples/[A-Za-z0-9_./-]+)\s*-->", re.MULTILINE)
_LANGUAGES = {".yml": "yaml", ".yaml": "yaml", ".json": "json", ".sh": "sh", ".py": "python"}


class FileMarkerError(ValueError):
    """A file marker names a file that is not there."""


def _root(config: Any) -> Path:
    # The checkout this hook file belongs to (through symlinks), where pyproject.toml is: a trial copy
    # of the site's pages still gets the wheel of the package that builds it.
    return _VALIDATORS.parent


def on_files(files: Files, config: Any) -> Files:
    for name, content in distributions(_root(config)).items():
        files.append(File.generated(config, f"{DOWNLOAD_DIR}/{name}", content=content))
    return files


def on_page_markdown(markdown: str, page: Any, config: Any, files: Files) -> str:
    root = _root(config)

    def embed(match: re.Match[str]) -> str:
        indent, name = match.group(1), match.group(2)
        path = root / name
        if ".." in name or not path.is_file():
            raise FileMarkerError(f"{page.file.src_path}: no file {name} to show")
        lines = [
            f'```{_LANGUAGES.get(path.suffix, "text")} title="{name}"',
            *path.read_text("utf-8").rstrip().splitlines(),
        ]
        return "\n".join(indent + line if line else line for line in [*lines, "```"])

    markdown = FILE_MARKER.sub(embed, markdown)
    if TABLE_MARKER not in markdown and WHEEL_MARKER not in markdown:
        return markdown
    built = distributions(root)
    page_dir = Path(page.file.src_uri).parent.as_posix()
    page_dir = "" if page_dir == "." else page_dir
    markdown = markdown.replace(TABLE_MARKER, download_table(built, page_dir))
    return markdown.replace(WHEEL_MARKER, wheel_name(built))
