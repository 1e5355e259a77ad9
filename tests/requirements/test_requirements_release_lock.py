"""Released versions are frozen: released.yaml fingerprints them, and lint names what changed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from journalloft.cli import build_parser
from journalloft.cli import main as top_level_main
from journalloft.requirements.cli import main as requirements_main
from journalloft.requirements.command_refs import problem
from journalloft.requirements.lint import lint
from journalloft.requirements.release_lock import LOCK_FILE, build_lock, render_lock

Edit = Callable[[Path, str, str], int]


@pytest.fixture
def locked(catalogue_copy: Path) -> Path:
    result = lint(catalogue_copy)
    assert result.catalogue is not None
    (catalogue_copy / LOCK_FILE).write_text(render_lock(build_lock(result.catalogue, None)), encoding="utf-8")
    assert lint(catalogue_copy).ok
    return catalogue_copy


def _rules(root: Path) -> list[tuple[str, int, str]]:
    return [(f.path.name, f.line, f.rule) for f in lint(root).findings]


def test_the_real_catalogue_is_recorded_and_unchanged() -> None:
    root = Path(__file__).resolve().parents[2] / "specs" / "requirements"
    result = lint(root)
    assert result.ok, [f.format() for f in result.findings]
    assert result.catalogue is not None
    recorded = (root / LOCK_FILE).read_text(encoding="utf-8")
    assert recorded == render_lock(build_lock(result.catalogue, None)), "run `journalloft requirements release`"


def test_changing_released_text_names_requirement_and_field(locked: Path, edit: Edit) -> None:
    path = locked / "categories" / "informasjon.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("id: FJL-INF-002")
    sentence = text[start:].split("text: >-\n", 1)[1].splitlines()[0]
    line = edit(path, sentence, sentence.replace("skal", "må", 1) if "skal" in sentence else sentence + " Også nå.")
    findings = lint(locked).findings
    assert [(f.path.name, f.line, f.rule) for f in findings] == [("informasjon.yaml", line - 1, "release-changed")]
    assert "FJL-INF-002: text i den utgitte versjonen 2.0.0 er ikke slik den ble utgitt" in findings[0].message


def test_introducing_into_a_released_version_is_caught(locked: Path, edit: Edit) -> None:
    path = locked / "categories" / "deling.yaml"
    edit(path, 'introduced: "2.1.0"', 'introduced: "2.0.0"')
    findings = [f for f in lint(locked).findings if f.rule == "release-changed"]
    assert len(findings) == 1
    assert "FJL-DEL-002 er nå med i den utgitte versjonen 2.0.0" in findings[0].message


def test_deleting_the_highest_id_is_caught(locked: Path) -> None:
    path = locked / "categories" / "deling.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("  - id: FJL-DEL-002")], encoding="utf-8")
    findings = [f for f in lint(locked).findings if f.rule == "id-deleted"]
    assert [(f.path.name, f.message.split()[0]) for f in findings] == [(LOCK_FILE, "FJL-DEL-002")]
    lines = (locked / LOCK_FILE).read_text(encoding="utf-8").splitlines()
    assert lines[findings[0].line - 1] == "  - FJL-DEL-002"


def test_a_released_version_without_a_record_and_a_broken_record(locked: Path) -> None:
    lock = locked / LOCK_FILE
    text = lock.read_text(encoding="utf-8")
    lock.write_text(text[: text.index('  "2.0.0":')], encoding="utf-8")
    assert [rule for _, _, rule in _rules(locked)] == ["release-unrecorded"]
    lock.write_text("issued_ids: 7\n", encoding="utf-8")
    assert _rules(locked) == [(LOCK_FILE, 1, "release-record")]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (
            "issued_ids: [FJL-INF-001\nversions: {}\n",
            2,
            "ikke gyldig YAML; YAML-leseren sier «did not find expected ',' or ']'»; filen skrives av "
            "`journalloft requirements release`",
        ),
        ("versions: {}\n", 1, "mangler nøkkelen 'issued_ids'; filen skrives av `journalloft requirements release`"),
        (
            "issued_ids: 7\n",
            1,
            "innholdet har ikke formen utgivelsen skriver; filen skrives av `journalloft requirements release`",
        ),
    ],
)
def test_a_broken_record_is_reported_in_norwegian_at_its_line(locked: Path, text: str, line: int, message: str) -> None:
    """Issue 25 (lint in Norwegian): the finding quoted Python's and the YAML parser's English text bare."""
    (locked / LOCK_FILE).write_text(text, encoding="utf-8")
    assert [(f.path.name, f.line, f.rule, f.message) for f in lint(locked).findings] == [
        (LOCK_FILE, line, "release-record", message)
    ]


@pytest.mark.parametrize(
    ("command", "reason"),
    [
        ("journalloft validate --spec okt", None),
        ("journalloft requirements export --format xlsx --set sett.yaml", None),
        ("journalloft valider --spec okt", "har ingen kommando 'valider'"),
        ("journalloft validate --profil okt", "har ikke valget --profil"),
        ("journalloft requirements", "trenger en kommando"),
        ("journalloft validate 'x", "kan ikke leses som en kommando: et anførselstegn er ikke lukket"),
        ("journalloft validate x\\", "kan ikke leses som en kommando: den slutter med \\"),
    ],
)
def test_quoted_commands_are_parsed_against_the_cli(command: str, reason: str | None) -> None:
    found = problem(command, build_parser())
    assert (found is None) if reason is None else (found is not None and reason in found)


def test_a_requirement_quoting_a_missing_command_fails_lint(catalogue_copy: Path, edit: Edit) -> None:
    path = catalogue_copy / "categories" / "informasjon.yaml"
    text = path.read_text(encoding="utf-8")
    guidance = text[text.index("id: FJL-INF-001") :].split("guidance:", 1)[1].splitlines()[0]
    line = edit(path, "guidance:" + guidance, "guidance: Kjør `journalloft valider melding.json` først.")
    findings = lint(catalogue_copy, commands=build_parser()).findings
    assert [(f.path.name, f.line, f.rule) for f in findings] == [("informasjon.yaml", line, "command-unknown")]
    assert "FJL-INF-001: guidance siterer `journalloft valider melding.json`" in findings[0].message


def test_command_unknown_runs_only_with_the_parser_the_cli_hands_down(catalogue_copy: Path, edit: Edit) -> None:
    """The catalogue never imports the CLI (issue 24): without a parser (pages, exports) the rule is off,
    and the CLI's ``requirements lint`` hands its parser down, so the same catalogue fails there."""
    path = catalogue_copy / "categories" / "informasjon.yaml"
    text = path.read_text(encoding="utf-8")
    guidance = text[text.index("id: FJL-INF-001") :].split("guidance:", 1)[1].splitlines()[0]
    edit(path, "guidance:" + guidance, "guidance: Kjør `journalloft valider melding.json` først.")
    assert lint(catalogue_copy).findings == []
    assert top_level_main(["requirements", "--catalogue", str(catalogue_copy), "lint"]) == 1
    assert requirements_main(["--catalogue", str(catalogue_copy), "lint"]) == 0  # run alone, nothing handed in
    assert requirements_main(["--catalogue", str(catalogue_copy), "lint"], whole_cli=build_parser) == 1
