"""`requirements release`: a draft becomes the current version with no hand edits left to do."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from journalloft.requirements.lint import lint
from journalloft.requirements.release import ReleaseError, release
from journalloft.requirements.release_lock import read_lock
from journalloft.site.catalogue_pages.pages import write_pages


def test_releasing_the_draft(repo: Path) -> None:
    done = release(repo, "2.1.0", dt.date(2026, 12, 1), write_pages)
    root = repo / "specs" / "requirements"
    result = lint(root)
    assert result.ok and result.catalogue is not None
    assert [(v.version, v.status, v.released) for v in result.catalogue.versions] == [
        ("1.0.0", "superseded", "2026-01-15"),
        ("2.0.0", "superseded", "2026-06-01"),
        ("2.1.0", "current", "2026-12-01"),
    ]
    lock = read_lock(root)
    assert lock is not None and "FJL-DEL-002" in lock.versions["2.1.0"]
    assert (repo / "docs" / "anbefalinger" / "versjoner" / "2.1.0.md").is_file()
    nav = (repo / "mkdocs.yml").read_text(encoding="utf-8")
    assert (
        "          - anbefalinger/versjoner/index.md\n"
        "          - Versjon 2.1.0: anbefalinger/versjoner/2.1.0.md\n"
        "          - Versjon 2.0.0: anbefalinger/versjoner/2.0.0.md\n"
    ) in nav
    assert done[-1] == "mkdocs.yml: Versjon 2.1.0 lagt til i navigasjonen"


def test_a_new_version_is_opened_before_it_is_released(repo: Path) -> None:
    """release no longer invents an entry (with a placeholder summary it would publish): new-version opens it."""
    release(repo, "2.1.0", dt.date(2026, 12, 1), write_pages)
    with pytest.raises(ReleaseError, match=r"er ikke erklært i catalogue\.yaml"):
        release(repo, "2.2.0", dt.date(2026, 12, 2), write_pages)
    assert "2.2.0" not in (repo / "specs" / "requirements" / "catalogue.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("version", "message"),
    [("2.0.0", "er ikke høyere enn gjeldende versjon 2.0.0"), ("to", "er ikke et versjonsnummer")],
)
def test_refused_releases(repo: Path, version: str, message: str) -> None:
    with pytest.raises(ReleaseError, match=message):
        release(repo, version, dt.date(2026, 12, 1), write_pages)


def test_a_catalogue_with_findings_is_not_released(repo: Path) -> None:
    path = repo / "specs" / "requirements" / "categories" / "deling.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  - id: FJL-DEL-002", "  - id: FJL-DEL-001"), "utf-8")
    with pytest.raises(ReleaseError, match="funn fra `journalloft requirements lint`"):
        release(repo, "2.1.0", dt.date(2026, 12, 1), write_pages)
