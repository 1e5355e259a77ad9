"""Registry of page generators, and writing and checking the pages they produce.

A generator takes the repository root and returns ``{docs-relative path: markdown}``. To add a
generated page, write such a function in its own module and append it to :data:`GENERATORS`; the
staleness test (tests/test_site_generated.py) and ``python -m journalloft.site check`` then cover it.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from journalloft.requirements.load import CatalogueInvalid
from journalloft.site import (
    adoption_page,
    code_table,
    conformance_page,
    examples_page,
    glossary,
    ig_differences_page,
    news2_chart_page,
    spec_pages,
    testkit_page,
)
from journalloft.site.catalogue_pages import editor_page, reference_page
from journalloft.site.catalogue_pages import pages as requirement_pages
from journalloft.site.figures import FiguresError, stale_figures, write_figures
from journalloft.site.provenance import provenance_header
from journalloft.site.specdata import SpecDataError
from journalloft.specs import SpecError

Generator = Callable[[Path], dict[str, str]]

GENERATORS: list[Generator] = [
    code_table.pages,
    requirement_pages.pages,
    examples_page.pages,
    reference_page.pages,
    spec_pages.pages,
    adoption_page.pages,
    news2_chart_page.pages,
    editor_page.pages,
    testkit_page.pages,
    conformance_page.pages,
    glossary.pages,
    ig_differences_page.pages,
]

DOCS_DIR = "docs"

__all__ = ["GENERATORS", "Generator", "generate", "main", "provenance_header", "stale", "write"]


class GeneratorConflict(ValueError):
    """Two generators claim the same page, or a generator names a path outside docs/."""


def generate(repo_root: Path, generators: list[Generator] | None = None) -> dict[str, str]:
    """Run every generator and return all pages, keyed by path relative to docs/."""
    pages: dict[str, str] = {}
    for generator in GENERATORS if generators is None else generators:
        for path, text in generator(repo_root).items():
            _check_path(path, generator)
            if path in pages:
                raise GeneratorConflict(f"{path} is produced by more than one generator")
            pages[path] = text
    return pages


def write(repo_root: Path, generators: list[Generator] | None = None) -> list[str]:
    """Write every generated page into docs/; return the paths whose content changed."""
    changed = []
    for path, text in generate(repo_root, generators).items():
        target = repo_root / DOCS_DIR / path
        if _read(target) != text:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8", newline="\n")
            changed.append(path)
    return changed


def stale(repo_root: Path, generators: list[Generator] | None = None) -> list[str]:
    """Paths of generated pages that are missing from docs/ or differ from what would be generated."""
    return [
        path for path, text in generate(repo_root, generators).items() if _read(repo_root / DOCS_DIR / path) != text
    ]


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None


def _check_path(path: str, generator: Generator) -> None:
    pure = PurePosixPath(path)
    if pure.is_absolute() or ".." in pure.parts or pure.suffix != ".md":
        name = getattr(generator, "__qualname__", repr(generator))
        raise GeneratorConflict(f"{name} returned {path!r}; expected a relative .md path inside docs/")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m journalloft.site",
        description="Write the generated pages of the documentation site, or check that they are current.",
    )
    parser.add_argument("command", choices=["generate", "check"])
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="repository root holding mkdocs.yml (default: .)")
    args = parser.parse_args(argv)
    root: Path = args.root
    if not (root / "mkdocs.yml").is_file():
        print(f"error: {root} holds no mkdocs.yml; run from the repository root or pass --root", file=sys.stderr)
        return 2
    try:
        return _run(args.command, root)
    except (SpecDataError, CatalogueInvalid, SpecError, FiguresError) as exc:
        # A broken data file is the author's to fix: say which file and where, not a traceback.
        print(f"error: {exc}", file=sys.stderr)
        return 2


def _run(command: str, root: Path) -> int:
    # Benchmark figures (README.md and pages, rendered from benchmarks/*.json) are generated text too.
    if command == "generate":
        changed = [f"{DOCS_DIR}/{path}" for path in write(root)] + write_figures(root)
        for path in changed:
            print(f"wrote {path}")
        if not changed:
            print("all generated pages are up to date")
        return 0
    outdated = [f"{DOCS_DIR}/{path}" for path in stale(root)] + stale_figures(root)
    for path in outdated:
        print(f"stale: {path}", file=sys.stderr)
    if outdated:
        print("regenerate with: python -m journalloft.site generate", file=sys.stderr)
        return 1
    print("all generated pages are up to date")
    return 0
