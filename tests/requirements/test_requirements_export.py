"""Exports: xlsx opens in openpyxl with the expected rows and drop-down; csv and json carry the selection."""

from __future__ import annotations

import argparse
import csv
import io
import json
from pathlib import Path

import openpyxl
import pytest

from journalloft.requirements.cli import main, register
from journalloft.requirements.export import ANSWER_VALUES, HEADERS, to_xlsx
from journalloft.requirements.model import Catalogue
from journalloft.requirements.selection import Selection, select
from journalloft.status import STATUS_NOTE


def _export(fixture_root: Path, *args: str) -> int:
    return main(["--catalogue", str(fixture_root), "export", *args])


def test_xlsx_has_one_row_per_requirement_and_answer_drop_down(fixture_root: Path, tmp_path: Path) -> None:
    out = tmp_path / "krav.xlsx"
    assert _export(fixture_root, "--format", "xlsx", "--output", str(out)) == 0
    workbook = openpyxl.load_workbook(out)
    assert workbook.sheetnames == ["Krav", "Om eksporten"]
    sheet = workbook["Krav"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == HEADERS
    assert [row[0] for row in rows[1:]] == ["FJL-INF-001", "FJL-INF-002", "FJL-DEL-001"]
    first = dict(zip(HEADERS, rows[1], strict=True))
    assert first["Versjon"] == "2.0.0"
    assert first["Kategori"] == "INF – Informasjon og eierskap"
    assert first["Foreslått nivå"] == "skal"
    assert first["Bruk i konkurranse"] == "Absolutt krav (A)"
    assert (
        first["Referanser"]
        == "Pasientjournalloven, § 22 (LOV-2014-06-20-42): https://lovdata.no/dokument/NL/lov/2014-06-20-42"
    )
    assert first["Oppfylt"] is None
    assert first["Leverandørens beskrivelse"] is None
    validations = sheet.data_validations.dataValidation
    assert len(validations) == 1
    assert validations[0].type == "list"
    assert validations[0].formula1 == '"' + ",".join(ANSWER_VALUES) + '"'
    assert str(validations[0].sqref) == "M2:M4"
    assert sheet.freeze_panes == "B2"
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet["E2"].alignment.wrap_text
    metadata = {row[0]: row[1] for row in workbook["Om eksporten"].iter_rows(values_only=True)}
    assert metadata["Katalog"] == "testkatalog"
    assert metadata["Versjon"] == "2.0.0"
    assert metadata["Utgitt"] == "2026-06-01"
    assert metadata["Utvalg"] == "alle krav i versjonen"
    assert "Hver kommune bestemmer selv" in metadata["Nivå"]


def test_xlsx_of_an_older_version_and_an_id_selection(fixture_root: Path, tmp_path: Path) -> None:
    out = tmp_path / "utvalg.xlsx"
    code = _export(
        fixture_root, "--format", "xlsx", "--version", "1.0.0", "--ids", "FJL-DEL-001,FJL-INF-003", "--output", str(out)
    )
    assert code == 0
    workbook = openpyxl.load_workbook(out)
    rows = list(workbook["Krav"].iter_rows(min_row=2, values_only=True))
    assert [(row[0], row[1], row[7]) for row in rows] == [
        ("FJL-DEL-001", "1.0.0", "skal"),
        ("FJL-INF-003", "1.0.0", "bør"),
    ]
    assert str(workbook["Krav"].data_validations.dataValidation[0].sqref) == "M2:M3"
    metadata = {row[0]: row[1] for row in workbook["Om eksporten"].iter_rows(values_only=True)}
    assert metadata["Utvalg"] == "id: FJL-DEL-001, FJL-INF-003"


def test_xlsx_bytes_are_deterministic(fixture_catalogue: Catalogue) -> None:
    version = fixture_catalogue.current
    chosen = select(fixture_catalogue, version, Selection())
    assert to_xlsx(fixture_catalogue, version, chosen, "x") == to_xlsx(fixture_catalogue, version, chosen, "x")


def test_csv_by_filter(fixture_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _export(fixture_root, "--format", "csv", "--tender-use", "absolute", "--level", "må") == 0
    out = capsys.readouterr().out
    # Norwegian Excel: a BOM so æøå survive, ';' since ',' is the decimal sign
    assert out.startswith("\ufeffStatus;")
    rows = list(csv.reader(io.StringIO(out.removeprefix("\ufeff")), delimiter=";"))
    assert rows[0] == ["Status", STATUS_NOTE]  # the file says what it is before the columns
    assert rows[1] == list(HEADERS[:12])
    assert [row[0] for row in rows[2:]] == ["FJL-INF-002"]
    assert rows[2][8] == "Absolutt krav (A), Evalueringskrav (V)"


def test_plain_csv_dialect(fixture_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _export(fixture_root, "--format", "csv", "--csv-dialect", "plain", "--ids", "FJL-INF-001") == 0
    out = capsys.readouterr().out
    assert out.startswith("Status,")
    assert list(csv.reader(io.StringIO(out)))[1][:3] == ["ID", "Versjon", "Kategori"]
    assert list(csv.reader(io.StringIO(out)))[2][:2] == ["FJL-INF-001", "2.0.0"]


def test_site_references_are_named_as_site_paths_in_exports(
    fixture_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _export(fixture_root, "--format", "csv", "--csv-dialect", "plain", "--ids", "FJL-DEL-001") == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert (
        rows[2][11]
        == "FHIR R4: https://hl7.org/fhir/R4/\nOKT-tjenesten: /tjenester/ på nettstedet for felles journalløft"
    )


def test_json_by_service_area_and_text_with_citation(fixture_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _export(fixture_root, "--format", "json", "--service-area", "legevakt", "--text", "fhir") == 0
    document = json.loads(capsys.readouterr().out)
    assert (document["catalogue"], document["version"], document["released"]) == ("testkatalog", "2.0.0", "2026-06-01")
    assert document["selection"] == "tjenesteområde: legevakt; fritekst: fhir"
    [requirement] = document["requirements"]
    assert requirement["citation"] == "FJL-DEL-001 (v2.0.0)"
    assert requirement["relations"]["depends_on"] == ["FJL-INF-001"]
    assert requirement["lifecycle"]["changes"] == [
        {"version": "2.0.0", "kind": "compatible", "note": "Utvidet til legevakt og satt nivå til bør."}
    ]


def test_json_of_older_version_shows_old_content(fixture_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _export(fixture_root, "--format", "json", "--version", "1.0.0", "--ids", "FJL-INF-001") == 0
    [requirement] = json.loads(capsys.readouterr().out)["requirements"]
    assert requirement["text"] == "Leverandøren skal bekrefte at kommunen eier opplysningene."


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "xlsx"], "--output FIL må oppgis"),
        (["--ids", "FJL-INF-003"], "finnes ikke i versjon 2.0.0: FJL-INF-003"),
        (["--version", "9.0.0"], "versjon 9.0.0 finnes ikke i katalogen"),
        (["--service-area", "tannhelse"], "ukjent tjenesteområde: tannhelse"),
        (["--text", "finnes ikke i noe krav"], "ingen krav i versjon 2.0.0 passer med utvalget"),
        (["--format", "xlsx", "--output", "x.xlsx", "--level", "kan"], "ingen krav i versjon 2.0.0 passer"),
    ],
)
def test_export_usage_errors_exit_2(
    fixture_root: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert _export(fixture_root, *args) == 2
    assert message in capsys.readouterr().err


def test_export_refuses_a_catalogue_that_fails_lint(catalogue_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (catalogue_copy / "categories" / "deling.yaml").write_text("category: DEL\nrequirements: [1]\n", encoding="utf-8")
    assert main(["--catalogue", str(catalogue_copy), "export"]) == 2
    assert "har funn fra kontrollen" in capsys.readouterr().err


def test_text_starting_with_equals_is_not_a_formula(catalogue_copy: Path, tmp_path: Path) -> None:
    path = catalogue_copy / "categories" / "deling.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("    title: Deling med FHIR\n", '    title: "=1+1"\n'))
    out = tmp_path / "krav.xlsx"
    assert main(["--catalogue", str(catalogue_copy), "export", "--format", "xlsx", "--output", str(out)]) == 0
    cell = openpyxl.load_workbook(out)["Krav"]["D4"]
    assert (cell.value, cell.data_type) == ("=1+1", "s")


def test_register_adds_the_command_to_a_top_level_parser(
    fixture_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    parser = argparse.ArgumentParser(prog="journalloft")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["requirements", "--catalogue", str(fixture_root), "export", "--ids", "FJL-INF-001"])
    assert args.func(args) == 0
    assert json.loads(capsys.readouterr().out)["requirements"][0]["id"] == "FJL-INF-001"
