"""A released version's `source_checks` are part of the release record: lint refuses them moving to
another version entry (issue 25: a new entry put above 3.0.0's `source_checks` took them over, and the
regenerated pages dropped the published "Kontrollert mot kildene i versjon 3.0.0" section)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from journalloft.requirements.cli import main
from journalloft.requirements.lint import lint
from journalloft.requirements.release_lock import LOCK_FILE, build_lock, read_lock, render_lock

from .conftest import REAL_ROOT, edit

CHECK = """    summary: Andre testutgave med ett nytt og ett erstattet krav.
    source_checks:
      - topic: Pasientjournalloven
        requirements: [FJL-INF-001]
        text: Paragrafen er kontrollert mot Lovdata.
        sources: [pasientjournalloven]
"""


@pytest.fixture
def released(fixture_root: Path, tmp_path: Path) -> Path:
    """The fixture catalogue with source checks on its released 2.0.0, recorded in released.yaml."""
    root = tmp_path / "specs" / "requirements"
    shutil.copytree(fixture_root, root)
    edit(root / "catalogue.yaml", "    summary: Andre testutgave med ett nytt og ett erstattet krav.\n", CHECK)
    result = lint(root)
    assert result.ok and result.catalogue is not None
    (root / LOCK_FILE).write_text(render_lock(build_lock(result.catalogue, None)), encoding="utf-8")
    lock = read_lock(root)
    assert lock is not None and lock.source_checks is not None and len(lock.source_checks["2.0.0"]) == 1
    return root


def test_a_version_opened_with_new_version_leaves_released_checks_in_place(released: Path) -> None:
    assert main(["--catalogue", str(released), "new-version", "2.2.0"]) == 0
    result = lint(released)
    assert result.ok and result.catalogue is not None
    version = result.catalogue.version("2.0.0")
    assert version is not None and [c.topic for c in version.source_checks] == ["Pasientjournalloven"]


def test_an_entry_put_above_released_checks_is_refused(released: Path) -> None:
    line = edit(
        released / "catalogue.yaml",
        "    source_checks:\n",
        '  - version: "2.0.5"\n    status: draft\n    summary: Ny versjon.\n    source_checks:\n',
    )
    findings = [f.format(released) for f in lint(released).findings]
    assert findings == [
        f"catalogue.yaml:{line}: release-source-checks: 1 av kildekontrollene (source_checks) i den utgitte "
        "versjonen 2.0.0 står nå under versjon 2.0.5; en versjon som legges til, skal stå etter hele oppføringen "
        "for 2.0.0, også etter source_checks (bruk `journalloft requirements new-version`)"
    ]


def test_a_released_check_rewritten_in_place_is_refused(released: Path) -> None:
    edit(released / "catalogue.yaml", "text: Paragrafen er kontrollert", "text: Paragrafen er sjekket")
    findings = [(f.rule, f.line) for f in lint(released).findings]
    assert findings == [("release-source-checks", 37)]


def test_the_real_release_record_keeps_every_released_versions_checks() -> None:
    result = lint(REAL_ROOT)
    assert result.catalogue is not None
    lock = read_lock(REAL_ROOT)
    assert lock is not None and lock.source_checks is not None
    for version in result.catalogue.published_versions:
        assert len(lock.source_checks[version.version]) == len(version.source_checks), version.version
    assert len(lock.source_checks["3.0.0"]) == 14
