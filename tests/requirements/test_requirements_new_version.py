"""`requirements new-version`: the next version is declared as a draft, last in `versions:`, with a
summary drafted from the lifecycle; `release` refuses that draft summary until it is rewritten."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from journalloft.requirements.cli import main
from journalloft.requirements.lint import lint
from journalloft.requirements.release import SUMMARY_TODO, ReleaseError, release
from journalloft.site.catalogue_pages.pages import write_pages

from .conftest import edit


def _root(repo: Path) -> Path:
    return repo / "specs" / "requirements"


def test_new_version_declares_a_draft_last_with_a_drafted_summary(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _root(repo)
    # The editor first records a change under 2.2.0; lint cannot know that version yet.
    edit(root / "categories" / "deling.yaml", '      introduced: "2.1.0"', '      introduced: "2.2.0"')
    assert [f.rule for f in lint(root).findings] == ["version-unknown"]

    assert main(["--catalogue", str(root), "new-version"]) == 0

    out = capsys.readouterr().out.splitlines()
    summary = f"Nye punkter: FJL-DEL-002 (Planlagt krav). {SUMMARY_TODO}"
    assert out == [
        "catalogue.yaml:44: versjon 2.2.0 er åpnet som utkast",
        f"utkast til sammendrag: {summary}",
        "neste: registrer endringene i livsløpene (lifecycle) under versjon 2.2.0, skriv sammendraget med egne "
        "ord og gi ut med `journalloft requirements release 2.2.0`.",
    ]
    lines = (root / "catalogue.yaml").read_text(encoding="utf-8").splitlines()
    assert lines[40:47] == [
        '  - version: "2.1.0"',
        "    status: draft",
        "    summary: Utkast under arbeid.",
        '  - version: "2.2.0"',
        "    status: draft",
        "    summary: >-",
        f"      {summary}",
    ]
    assert lines[47] == "retired_ids: [FJL-INF-099]"
    result = lint(root)
    assert result.ok and result.catalogue is not None
    assert result.catalogue.versions[-1].summary == summary


def test_new_version_without_a_number_opens_the_next_minor(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--catalogue", str(_root(repo)), "new-version"]) == 0
    assert capsys.readouterr().out.splitlines()[:2] == [
        "catalogue.yaml:44: versjon 2.2.0 er åpnet som utkast",
        f"utkast til sammendrag: Ingen endringer i punktene. {SUMMARY_TODO}",
    ]


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["2.1.0"], 1, "feil: versjon 2.1.0 er allerede erklært i catalogue.yaml\n"),
        (["1.5.0"], 1, "feil: 1.5.0 er ikke høyere enn den nyeste erklærte versjonen 2.1.0\n"),
        (["to"], 2, "feil: to er ikke et versjonsnummer på formen X.Y.Z\n"),
    ],
)
def test_new_version_refusals(
    repo: Path, capsys: pytest.CaptureFixture[str], argv: list[str], code: int, message: str
) -> None:
    before = (_root(repo) / "catalogue.yaml").read_bytes()
    assert main(["--catalogue", str(_root(repo)), "new-version", *argv]) == code
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", message)
    assert (_root(repo) / "catalogue.yaml").read_bytes() == before


def test_new_version_that_does_not_fit_the_changes_leaves_the_file_alone(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _root(repo)
    edit(root / "categories" / "deling.yaml", '      introduced: "2.1.0"', '      introduced: "2.1.1"')
    before = (root / "catalogue.yaml").read_bytes()
    # A new requirement needs a new minor version: 2.1.1 is refused by lint's version-bump rule.
    assert main(["--catalogue", str(root), "new-version", "2.1.1"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("feil: versjon 2.1.1 passer ikke med endringene i livsløpene (1 funn, første: ")
    assert ": version-bump: " in err and err.endswith("catalogue.yaml er ikke endret\n")
    assert (root / "catalogue.yaml").read_bytes() == before


def test_release_refuses_the_drafted_summary_until_it_is_rewritten(repo: Path) -> None:
    release(repo, "2.1.0", dt.date(2026, 12, 1), write_pages)
    assert main(["--catalogue", str(_root(repo)), "new-version", "2.2.0"]) == 0
    with pytest.raises(ReleaseError, match=r"sammendraget for 2\.2\.0 i catalogue\.yaml er fortsatt utkastet"):
        release(repo, "2.2.0", dt.date(2026, 12, 2), write_pages)
    edit(
        _root(repo) / "catalogue.yaml",
        f"      Ingen endringer i punktene. {SUMMARY_TODO}",
        "      Ingen endringer i punktene; utgaven samler rettinger i dokumentasjonen.",
    )
    release(repo, "2.2.0", dt.date(2026, 12, 2), write_pages)
    result = lint(_root(repo))
    assert result.ok and result.catalogue is not None
    assert (result.catalogue.current.version, result.catalogue.current.summary) == (
        "2.2.0",
        "Ingen endringer i punktene; utgaven samler rettinger i dokumentasjonen.",
    )


def test_release_refuses_an_undeclared_version(repo: Path) -> None:
    release(repo, "2.1.0", dt.date(2026, 12, 1), write_pages)
    with pytest.raises(ReleaseError, match=r"åpne den først med `journalloft requirements new-version 2\.2\.0`"):
        release(repo, "2.2.0", dt.date(2026, 12, 2), write_pages)
