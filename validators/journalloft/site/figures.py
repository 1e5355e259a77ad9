"""Benchmark figures in README.md and the docs, rendered from the committed measurement files.

Every benchmark script in ``scripts/`` writes its figures with ``--json PATH`` to a measurement file
``benchmarks/<name>.json`` (date, machine note, command, Python version, source and the ``results``);
``benchmarks/figures.yaml`` says where figures appear: each region names a file, a locale and a
template whose placeholders read a measurement (``{benchmark_cli[ratio]:.2f}``, ``{benchmark[date]:date}``).
The text between a region's markers in that file is exactly the rendered template, so a figure typed
by hand into README.md or a page fails ``python -m journalloft.site check`` and
tests/test_figures.py; ``python -m journalloft.site generate`` writes the regions again.

Only the template file decides the prose; only a measurement file holds a figure. The renderer is a
plain function of the repository root, like the page generators in :mod:`journalloft.site.generate`.
"""

from __future__ import annotations

import json
import re
import string
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from journalloft import safe_yaml

MEASUREMENTS_DIR = "benchmarks"
TEMPLATES_FILE = "benchmarks/figures.yaml"
REQUIRED_FIELDS = ("date", "machine", "command", "python", "source", "results")
LOCALES = ("en", "nb")
_NB_MONTHS = (
    "januar", "februar", "mars", "april", "mai", "juni",
    "juli", "august", "september", "oktober", "november", "desember",
)  # fmt: skip
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


class FiguresError(ValueError):
    """A measurement file, the template file or a region's markers are wrong; the message names where."""


@dataclass(frozen=True)
class Region:
    name: str
    file: str
    locale: str
    template: str

    @property
    def begin(self) -> str:
        return (
            f"<!-- figures:begin {self.name}: rendered from {MEASUREMENTS_DIR}/*.json by "
            "`python -m journalloft.site generate`; do not edit -->"
        )

    @property
    def end(self) -> str:
        return f"<!-- figures:end {self.name} -->"


def load_measurements(root: Path) -> dict[str, dict[str, Any]]:
    """Every ``benchmarks/*.json`` by file stem (``-`` read as ``_``): its ``results`` and its metadata."""
    measurements: dict[str, dict[str, Any]] = {}
    for path in sorted((root / MEASUREMENTS_DIR).glob("*.json")):
        where = path.relative_to(root).as_posix()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise FiguresError(f"{where}:{exc.lineno}: not JSON: {exc.msg}") from None
        if not isinstance(data, dict):
            raise FiguresError(f"{where}: expected a JSON object")
        missing = [field for field in REQUIRED_FIELDS if field not in data]
        if missing:
            raise FiguresError(f"{where}: missing {', '.join(missing)} (see {TEMPLATES_FILE})")
        if not isinstance(data["results"], dict):
            raise FiguresError(f"{where}: results must be an object")
        if not _DATE.match(str(data["date"])):
            raise FiguresError(f"{where}: date {data['date']!r} is not YYYY-MM-DD")
        meta = {field: data[field] for field in REQUIRED_FIELDS if field != "results"}
        measurements[path.stem.replace("-", "_")] = {**data["results"], **meta}
    return measurements


def load_regions(root: Path) -> list[Region]:
    """The regions of ``benchmarks/figures.yaml``; none in a tree without it (a copy of docs/ alone)."""
    path = root / TEMPLATES_FILE
    if not path.is_file():
        return []
    data = safe_yaml.load(path.read_text(encoding="utf-8"))
    regions = data.get("regions") if isinstance(data, dict) else None
    if not isinstance(regions, dict):
        raise FiguresError(f"{TEMPLATES_FILE}: expected a mapping 'regions'")
    loaded = []
    for name, spec in regions.items():
        if not isinstance(spec, dict) or not {"file", "locale", "text"} <= spec.keys():
            raise FiguresError(f"{TEMPLATES_FILE}: region {name} needs file, locale and text")
        if spec["locale"] not in LOCALES:
            raise FiguresError(f"{TEMPLATES_FILE}: region {name}: locale must be one of {', '.join(LOCALES)}")
        loaded.append(Region(str(name), str(spec["file"]), str(spec["locale"]), str(spec["text"])))
    return loaded


class _FigureFormatter(string.Formatter):
    """``str.format`` in the locale's number style, with the specs ``date``, ``MB`` and ``yes``."""

    def __init__(self, locale: str) -> None:
        self.locale = locale

    def format_field(self, value: Any, format_spec: str) -> str:
        if format_spec == "date":
            return _date(str(value), self.locale)
        if format_spec == "yes":
            return ("yes" if value else "no") if self.locale == "en" else ("ja" if value else "nei")
        if format_spec == "MB":  # a byte count, as the size tables print it
            return f"{self.format_field(value / 1e6, '.1f')} MB"
        text = format(value, format_spec)
        if self.locale == "nb" and isinstance(value, int | float) and not isinstance(value, bool):
            text = text.translate({ord(","): " ", ord("."): ","})  # 5,411.5 -> 5 411,5
        return text


def _date(value: str, locale: str) -> str:
    match = _DATE.match(value)
    if locale == "en" or match is None:
        return value
    year, month, day = (int(part) for part in match.groups())
    return f"{day}. {_NB_MONTHS[month - 1]} {year}"


def render(region: Region, measurements: dict[str, dict[str, Any]]) -> str:
    """The text between the region's markers (without them), ending in a newline."""
    try:
        text = _FigureFormatter(region.locale).vformat(region.template, (), measurements)
    except KeyError as exc:
        raise FiguresError(
            f"{TEMPLATES_FILE}: region {region.name} reads {exc.args[0]!r}, which no measurement in "
            f"{MEASUREMENTS_DIR}/ holds"
        ) from None
    except (ValueError, IndexError, TypeError) as exc:
        raise FiguresError(f"{TEMPLATES_FILE}: region {region.name}: {exc}") from None
    return text if text.endswith("\n") else text + "\n"


def rendered_files(root: Path) -> dict[str, tuple[str, str]]:
    """``{file: (text on disk, text with every region rendered)}`` for every file that holds a region."""
    measurements = load_measurements(root)
    files: dict[str, tuple[str, str]] = {}
    for region in load_regions(root):
        if region.file not in files:
            try:
                current = (root / region.file).read_text(encoding="utf-8")
            except FileNotFoundError:
                raise FiguresError(f"{TEMPLATES_FILE}: region {region.name}: {region.file} does not exist") from None
            files[region.file] = (current, current)
        original, text = files[region.file]
        files[region.file] = (original, _replace(text, region, render(region, measurements)))
    return files


def _replace(text: str, region: Region, body: str) -> str:
    begin = text.find(f"<!-- figures:begin {region.name}:")
    end = text.find(region.end)
    if begin < 0 or end < begin:
        expected = f"expected its begin marker and then {region.end}"
        raise FiguresError(f"{region.file}: no markers for region {region.name} ({expected})")
    return f"{text[:begin]}{region.begin}\n{body}{text[end:]}"


def stale_figures(root: Path) -> list[str]:
    """Files whose figure regions differ from what the committed measurements render."""
    return [file for file, (current, wanted) in rendered_files(root).items() if current != wanted]


def write_figures(root: Path) -> list[str]:
    """Render every region into its file; return the files that changed."""
    changed = []
    for file, (current, wanted) in rendered_files(root).items():
        if current != wanted:
            (root / file).write_text(wanted, encoding="utf-8", newline="\n")
            changed.append(file)
    return changed
