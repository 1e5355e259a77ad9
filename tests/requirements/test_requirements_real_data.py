"""The published catalogue itself: it passes the lint, exports, and round-trips through check-answers."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from journalloft.cli import build_parser
from journalloft.cli import main as top_level_main
from journalloft.requirements.answers import check_answers
from journalloft.requirements.cli import main
from journalloft.requirements.lint import lint
from journalloft.requirements.versions import requirements_at

REAL_ROOT = Path(__file__).resolve().parents[2] / "specs" / "requirements"


def test_real_catalogue_passes_lint(capsys: pytest.CaptureFixture[str]) -> None:
    result = lint(REAL_ROOT, commands=build_parser())  # with the CLI's parser, so quoted commands are checked
    assert [f.format() for f in result.findings] == []
    assert result.catalogue is not None
    assert main(["lint"], whole_cli=build_parser) == 0
    current = result.catalogue.current.version
    out = capsys.readouterr().out
    assert out.startswith(f"ok: {len(requirements_at(result.catalogue, current))} krav i gjeldende versjon {current} ")
    assert f"filene har {len(result.catalogue.requirements)} krav i " in out


def test_real_catalogue_exports_and_a_clean_answer_file_passes(tmp_path: Path) -> None:
    catalogue = lint(REAL_ROOT).catalogue
    assert catalogue is not None
    for version in catalogue.published_versions:
        path = tmp_path / f"krav-{version.version}.xlsx"
        assert main(["export", "--format", "xlsx", "--version", version.version, "--output", str(path)]) == 0
        workbook = openpyxl.load_workbook(path)
        sheet = workbook["Krav"]
        ids = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
        assert ids == [req.id for req in requirements_at(catalogue, version.version)]
        assert str(sheet.data_validations.dataValidation[0].sqref) == f"M2:M{len(ids) + 1}"
        for row in range(2, len(ids) + 2):
            sheet[f"M{row}"] = "Ja"
            sheet[f"N{row}"] = "Beskrevet i bilag 2."
        workbook.save(path)
        report = check_answers(path, catalogue)
        # exported without a tender set: nothing is wrong, but every row lacks the municipality's kravtype
        assert (report.ok, report.rows) == (True, len(ids))
        assert [(f.code, f.cell) for f in report.findings] == [
            ("kravtype-missing", f"Krav!F{row}") for row in range(2, len(ids) + 2)
        ]


def test_top_level_cli_runs_the_requirements_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert top_level_main(["requirements", "lint"]) == 0
    assert capsys.readouterr().out.startswith("ok: ")
    assert top_level_main(["requirements", "export", "--ids", "FJL-XYZ-999"]) == 2
    assert "finnes ikke i versjon" in capsys.readouterr().err
