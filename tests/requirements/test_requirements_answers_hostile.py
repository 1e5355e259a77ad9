"""check-answers on hostile workbooks (issue 12): bounded reading, escaped echoes, a guard with exit 3."""

from __future__ import annotations

import json
import os
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from journalloft.requirements import answers
from journalloft.requirements.cli import main


def _export(fixture_root: Path, path: Path) -> None:
    assert main(["--catalogue", str(fixture_root), "export", "--format", "xlsx", "--output", str(path)]) == 0


def _without_dimension(path: Path, target: Path) -> Path:
    """A copy whose sheets lack <dimension>, so only the bounded reading protects."""
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data = re.sub(rb"<dimension[^>]*/>", b"", data)
            copy.writestr(item, data)
    return target


def _check(fixture_root: Path, path: Path) -> int:
    return main(["--catalogue", str(fixture_root), "check-answers", str(path)])


def test_a_cell_at_xfd1048576_is_refused_with_a_message(
    fixture_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "svar.xlsx"
    _export(fixture_root, path)
    workbook = openpyxl.load_workbook(path)
    workbook["Krav"]["XFD1048576"] = "x"
    workbook.save(path)
    capsys.readouterr()
    assert _check(fixture_root, path) == 2
    err = capsys.readouterr().err
    assert "claims 1,048,576 rows and 16,384 columns (up to cell XFD1048576)" in err


def test_without_a_dimension_the_far_cell_is_never_reached(
    fixture_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "svar.xlsx"
    _export(fixture_root, path)
    workbook = openpyxl.load_workbook(path)
    workbook["Krav"]["XFD1048576"] = "x"
    workbook.save(path)
    stripped = _without_dimension(path, tmp_path / "uten-dimensjon.xlsx")
    assert _check(fixture_root, stripped) == 1  # the three rows are unanswered; nothing else is read
    assert capsys.readouterr().out.count("unanswered") == 3


def test_rows_beyond_the_limit_are_refused(
    fixture_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(answers, "MAX_ROWS", 5)
    path = tmp_path / "svar.xlsx"
    _export(fixture_root, path)
    workbook = openpyxl.load_workbook(path)
    workbook["Krav"]["A7"] = "FJL-X-001"
    workbook.save(path)
    capsys.readouterr()
    assert _check(fixture_root, path) == 2
    assert "claims 7 rows" in capsys.readouterr().err
    assert _check(fixture_root, _without_dimension(path, tmp_path / "uten.xlsx")) == 2
    assert "has content in row 7; an answers file has at most 5 rows" in capsys.readouterr().err


def test_bidi_and_control_characters_in_cells_are_escaped(
    fixture_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "svar.xlsx"
    _export(fixture_root, path)
    workbook = openpyxl.load_workbook(path)
    workbook["Krav"]["M2"] = "Ja\u202e ieN"
    workbook["Krav"]["A3"] = "FJL-INF-002\u2066x"
    workbook.save(path)
    assert _check(fixture_root, path) == 1
    out = capsys.readouterr().out
    assert "\u202e" not in out and "\u2066" not in out
    assert "'Ja\\u202e ieN' er ikke ett av svarene" in out
    assert "FJL-INF-002\\u2066x er ikke et krav" in out


def test_an_unexpected_failure_is_exit_3_without_a_traceback(
    fixture_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "svar.xlsx"
    _export(fixture_root, path)

    def broken(*args: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("journalloft.requirements.cli_answers.check_answers", broken)
    capsys.readouterr()
    assert _check(fixture_root, path) == 3
    assert capsys.readouterr().err == "internal error: RuntimeError: boom; please report it\n"
    monkeypatch.setattr("journalloft.requirements.lint.lint", broken)
    assert main(["--catalogue", str(fixture_root), "lint"]) == 3


def test_a_file_name_that_is_not_utf8_keeps_every_output_utf8(
    fixture_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "svar.xlsx"
    _export(fixture_root, path)
    odd = Path(os.fsdecode(os.fsencode(tmp_path) + b"/svar\xff\x1b[2J.xlsx"))  # held as U+DCFF in str
    path.rename(odd)
    capsys.readouterr()
    assert _check(fixture_root, odd) == 1
    capsys.readouterr()  # the text report names no file; its findings are checked elsewhere
    assert main(["--catalogue", str(fixture_root), "check-answers", str(odd), "--format", "json"]) == 1
    out = capsys.readouterr().out
    out.encode("utf-8")
    assert json.loads(out)["file"].endswith("svar\udcff\x1b[2J.xlsx")
    odd.write_bytes(b"not a zip")
    assert _check(fixture_root, odd) == 2
    err = capsys.readouterr().err
    err.encode("utf-8")
    assert "svar\\udcff\\x1b[2J.xlsx: ikke en xlsx-arbeidsbok" in err
