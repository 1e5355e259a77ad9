"""Shared fixtures: the synthetic fixture catalogue and editable copies of it."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from journalloft.requirements.lint import lint
from journalloft.requirements.model import Catalogue
from journalloft.requirements.release_lock import LOCK_FILE, build_lock, render_lock

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).resolve().parents[2]
REAL_ROOT = REPO / "specs" / "requirements"


@pytest.fixture
def fixture_root() -> Path:
    return DATA


@pytest.fixture
def catalogue_copy(tmp_path: Path) -> Path:
    root = tmp_path / "requirements"
    shutil.copytree(DATA, root)
    return root


@pytest.fixture(scope="session")
def fixture_catalogue() -> Catalogue:
    result = lint(DATA)
    assert result.ok, [finding.format() for finding in result.findings]
    assert result.catalogue is not None
    return result.catalogue


MKDOCS = """site_name: test
nav:
  - Anbefalinger:
      - Versjoner:
          - anbefalinger/versjoner/index.md
          - Versjon 2.0.0: anbefalinger/versjoner/2.0.0.md
"""


@pytest.fixture
def repo(fixture_root: Path, tmp_path: Path) -> Path:
    """A repository with the fixture catalogue under specs/requirements, its release record and a
    mkdocs.yml whose navigation lists version 2.0.0: what `release` and `new-version` change."""
    root = tmp_path / "specs" / "requirements"
    shutil.copytree(fixture_root, root)
    result = lint(root)
    assert result.catalogue is not None
    (root / LOCK_FILE).write_text(render_lock(build_lock(result.catalogue, None)), encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(MKDOCS, encoding="utf-8")
    return tmp_path


@pytest.fixture(name="edit")
def edit_fixture() -> Callable[[Path, str, str], int]:
    return edit


def edit(path: Path, old: str, new: str) -> int:
    """Replace the single occurrence of ``old`` with ``new``; return the line where ``new`` starts."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path.name}"
    start = text.index(old)
    path.write_text(text.replace(old, new), encoding="utf-8")
    return text.count("\n", 0, start) + 1
