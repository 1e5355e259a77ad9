"""check-answers on real xlsx files: exported by the CLI, filled in with openpyxl as a vendor would."""

from __future__ import annotations

import json
import random
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from journalloft.requirements.cli import main

# Rows of the export of sets/kommune.yaml: 2 FJL-INF-001 (kravtype A), 3 FJL-INF-002 (V, weight 30), 4 FJL-DEL-001 (Ø).
# Columns: A ID, B Versjon, D Tittel, E Kravtekst, F Kravtype, G Vekt, M Oppfylt, N Leverandørens beskrivelse.
SET = Path(__file__).parent / "sets" / "kommune.yaml"
ALL_GOOD = {2: ("Ja", "Avtalen sier det."), 3: ("Ja", "CSV og FHIR."), 4: ("Delvis", "Patient og Observation.")}

Fill = Callable[..., Path]


@pytest.fixture
def filled(fixture_root: Path, tmp_path: Path) -> Fill:
    """Export the current version and fill in answers; extra rows and edits simulate a vendor's file."""

    def make(answers: dict[int, tuple[str | None, str | None]], extra_rows: tuple[tuple[str, ...], ...] = ()) -> Path:
        path = tmp_path / "svar.xlsx"
        export = [
            "--catalogue",
            str(fixture_root),
            "export",
            "--format",
            "xlsx",
            "--set",
            str(SET),
            "--output",
            str(path),
        ]
        assert main(export) == 0
        workbook = openpyxl.load_workbook(path)
        sheet = workbook["Krav"]
        for row, (answer, description) in answers.items():
            sheet[f"M{row}"] = answer
            sheet[f"N{row}"] = description
        for extra in extra_rows:
            sheet.append(list(extra))
        workbook.save(path)
        return path

    return make


def _check(fixture_root: Path, path: Path, *args: str) -> int:
    return main(["--catalogue", str(fixture_root), "check-answers", str(path), *args])


def _findings(out: str) -> list[tuple[str, str, str]]:
    """(cell, severity, code) of each finding line; the text report names severities in Norwegian."""
    severity = {"feil": "error", "advarsel": "warning", "merknad": "info"}
    found = [line.split(": ")[:3] for line in out.splitlines() if line.startswith("Krav!")]
    return [(cell, severity[name], code) for cell, name, code in found]


def test_clean_file_passes(fixture_root: Path, filled: Fill, capsys: pytest.CaptureFixture[str]) -> None:
    assert _check(fixture_root, filled(ALL_GOOD)) == 0
    out = capsys.readouterr().out
    assert out == "ok: 3 svarrader kontrollert mot testkatalog versjon 2.0.0: 0 feil, 0 advarsler\n"


def test_every_planted_fault_is_found_with_its_cell(
    fixture_root: Path, filled: Fill, capsys: pytest.CaptureFixture[str]
) -> None:
    path = filled(
        {2: ("Nei", "Ikke støttet."), 3: (None, None), 4: ("Kanskje", "Vi ser på det.")},
        extra_rows=(
            ("FJL-INF-003", "2.0.0", *[""] * 10, "Ja", "Utgått krav."),
            ("FJL-XYZ-001", "2.0.0", *[""] * 10, "Ja", "Fremmed id."),
            ("FJL-INF-001", "2.0.0", *[""] * 10, "Ja", "To ganger."),
            ("", "", *[""] * 10, "Ja", "Uten id."),
        ),
    )
    assert _check(fixture_root, path) == 1
    out = capsys.readouterr().out
    assert _findings(out) == [
        ("Krav!M2", "error", "absolute-not-fulfilled"),
        ("Krav!M3", "error", "unanswered"),
        ("Krav!M4", "error", "invalid-answer"),
        ("Krav!A5", "error", "unknown-id"),
        ("Krav!A6", "error", "unknown-id"),
        ("Krav!A7", "error", "duplicate-id"),
        ("Krav!A8", "error", "id-missing"),
    ]
    assert "FJL-INF-003 er ikke et krav i katalogversjon 2.0.0" in out
    assert "'Kanskje' er ikke ett av svarene Ja, Delvis, Nei, Ikke aktuelt" in out
    assert "FJL-INF-001 er allerede besvart i Krav!A2" in out
    assert out.splitlines()[-1] == "ikke ok: 7 svarrader kontrollert mot testkatalog versjon 2.0.0: 7 feil, 0 advarsler"


def test_partial_absolute_and_missing_description_are_warnings(
    fixture_root: Path, filled: Fill, capsys: pytest.CaptureFixture[str]
) -> None:
    path = filled({2: ("Delvis", "Delvis i avtalen."), 3: ("Ja", None), 4: ("Ikke aktuelt", None)})
    assert _check(fixture_root, path) == 0
    assert _findings(capsys.readouterr().out) == [
        ("Krav!M2", "warning", "absolute-partly-fulfilled"),
        ("Krav!N3", "warning", "description-missing"),
    ]


def test_version_mismatch_in_a_row(fixture_root: Path, filled: Fill, capsys: pytest.CaptureFixture[str]) -> None:
    path = filled(ALL_GOOD)
    workbook = openpyxl.load_workbook(path)
    workbook["Krav"]["B3"] = "1.0.0"
    workbook.save(path)
    assert _check(fixture_root, path) == 1
    assert _findings(capsys.readouterr().out) == [("Krav!B3", "error", "version-mismatch")]


@pytest.mark.parametrize("written", ["30,0", "30.0", "30", " 30,00"])
def test_a_weight_written_with_a_decimal_comma_is_the_same_weight(
    fixture_root: Path, filled: Fill, capsys: pytest.CaptureFixture[str], written: str
) -> None:
    """A spreadsheet program in Norwegian writes 30 as "30,0": the municipality's weight, not a change."""
    path = filled(ALL_GOOD)
    workbook = openpyxl.load_workbook(path)
    workbook["Krav"]["G3"] = written
    workbook.save(path)
    assert _check(fixture_root, path) == 0, capsys.readouterr().out
    assert _findings(capsys.readouterr().out) == []


@pytest.mark.parametrize("written", ["30,5", "31,0", "3,0", "tretti"])
def test_another_weight_with_a_decimal_comma_is_a_change(
    fixture_root: Path, filled: Fill, capsys: pytest.CaptureFixture[str], written: str
) -> None:
    path = filled(ALL_GOOD)
    workbook = openpyxl.load_workbook(path)
    workbook["Krav"]["G3"] = written
    workbook.save(path)
    assert _check(fixture_root, path) == 1
    assert _findings(capsys.readouterr().out) == [("Krav!G3", "error", "kravtype-changed")]


def test_json_report(fixture_root: Path, filled: Fill, capsys: pytest.CaptureFixture[str]) -> None:
    assert _check(fixture_root, filled({**ALL_GOOD, 2: ("Nei", "Nei.")}), "--format", "json") == 1
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is False
    assert report["version"] == "2.0.0"
    assert report["findings"] == [
        {
            "severity": "error",
            "code": "absolute-not-fulfilled",
            "cell": "Krav!M2",
            "id": "FJL-INF-001",
            "message": "FJL-INF-001 er et absolutt krav (A) og er besvart med Nei",
        }
    ]


def test_moved_columns_are_found_by_header(
    fixture_root: Path, filled: Fill, capsys: pytest.CaptureFixture[str]
) -> None:
    path = filled({**ALL_GOOD, 4: (None, None)})
    workbook = openpyxl.load_workbook(path)
    workbook["Krav"].insert_cols(1)
    workbook.save(path)
    assert _check(fixture_root, path) == 1
    assert _findings(capsys.readouterr().out) == [("Krav!N4", "error", "unanswered")]


def test_missing_metadata_sheet_takes_the_version_from_the_rows(
    fixture_root: Path, filled: Fill, capsys: pytest.CaptureFixture[str]
) -> None:
    path = filled(ALL_GOOD)
    workbook = openpyxl.load_workbook(path)
    del workbook["Om eksporten"]
    workbook.save(path)
    assert _check(fixture_root, path) == 0
    assert "versjon 2.0.0" in capsys.readouterr().out


def _unreadable(fixture_root: Path, path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    assert _check(fixture_root, path) == 2
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err + captured.out
    return captured.err


def test_missing_columns_are_reported(fixture_root: Path, filled: Fill, capsys: pytest.CaptureFixture[str]) -> None:
    path = filled(ALL_GOOD)
    workbook = openpyxl.load_workbook(path)
    workbook["Krav"].delete_cols(13, 2)
    workbook.save(path)
    err = _unreadable(fixture_root, path, capsys)
    assert "arket 'Krav' mangler kolonnen(e) Oppfylt, Leverandørens beskrivelse i rad 1" in err


def test_wrong_sheet_is_reported(fixture_root: Path, filled: Fill, capsys: pytest.CaptureFixture[str]) -> None:
    path = filled(ALL_GOOD)
    workbook = openpyxl.load_workbook(path)
    workbook["Krav"].title = "Svar"
    workbook.save(path)
    assert "ingen ark med navnet 'Krav' (fant: Svar, Om eksporten)" in _unreadable(fixture_root, path, capsys)


def test_unknown_version_in_metadata(fixture_root: Path, filled: Fill, capsys: pytest.CaptureFixture[str]) -> None:
    path = filled(ALL_GOOD)
    workbook = openpyxl.load_workbook(path)
    workbook["Om eksporten"]["B3"] = "7.0.0"
    workbook.save(path)
    assert "versjon 7.0.0 (Om eksporten!B3) finnes ikke i katalogen" in _unreadable(fixture_root, path, capsys)


def test_foreign_catalogue(fixture_root: Path, filled: Fill, capsys: pytest.CaptureFixture[str]) -> None:
    path = filled(ALL_GOOD)
    workbook = openpyxl.load_workbook(path)
    workbook["Om eksporten"]["B1"] = "en-annen-katalog"
    workbook.save(path)
    assert "eksportert fra katalogen 'en-annen-katalog', ikke 'testkatalog'" in _unreadable(fixture_root, path, capsys)


def test_not_an_xlsx_file(fixture_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text_file = tmp_path / "svar.xlsx"
    text_file.write_text("ID;Oppfylt\nFJL-INF-001;Ja\n", encoding="utf-8")
    assert "ikke en xlsx-arbeidsbok (filen er ikke en zip-pakke)" in _unreadable(fixture_root, text_file, capsys)
    other_zip = tmp_path / "arkiv.xlsx"
    with zipfile.ZipFile(other_zip, "w") as archive:
        archive.writestr("readme.txt", "hei")
    assert "ikke en lesbar xlsx-arbeidsbok" in _unreadable(fixture_root, other_zip, capsys)
    assert "filen finnes ikke" in _unreadable(fixture_root, tmp_path / "finnes-ikke.xlsx", capsys)


def test_deleted_row_is_a_missing_requirement(
    fixture_root: Path, filled: Fill, capsys: pytest.CaptureFixture[str]
) -> None:
    path = filled(ALL_GOOD)
    workbook = openpyxl.load_workbook(path)
    workbook["Krav"].delete_rows(3)
    workbook.save(path)
    assert _check(fixture_root, path) == 1
    out = capsys.readouterr().out
    assert out.splitlines()[0] == (
        "Om eksporten!B7: feil: requirement-missing: FJL-INF-002 var med i bilaget, men har ingen rad i arket 'Krav'"
    )


def test_a_directory_entry_claiming_an_unknown_zip_version_is_unreadable_not_an_internal_error(
    fixture_root: Path, filled: Fill, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # zipfile raises NotImplementedError("zip file version ...") for such an entry; one random damage
    # in the test below hit it now and then (exit 3) before check-answers caught it.
    data = bytearray(filled(ALL_GOOD).read_bytes())
    entry = data.index(b"PK\x01\x02")  # the first central directory entry
    data[entry + 6] = 200  # "version needed to extract": 20.0, more than zipfile supports
    damaged = tmp_path / "ukjent-versjon.xlsx"
    damaged.write_bytes(bytes(data))
    assert _check(fixture_root, damaged) == 2
    assert "ikke en lesbar xlsx-arbeidsbok (NotImplementedError: zip file version 20.0)" in capsys.readouterr().err


def test_a_workbook_claiming_a_huge_unpacked_size_is_refused_in_norwegian(
    fixture_root: Path, filled: Fill, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """One random damage below made a size field claim 687 MB; the refusal was English in a Norwegian tool."""
    data = bytearray(filled(ALL_GOOD).read_bytes())
    entry = data.index(b"PK\x01\x02")  # the first central directory entry
    data[entry + 24 : entry + 28] = (300 * 1024 * 1024).to_bytes(4, "little")  # its uncompressed size
    damaged = tmp_path / "for-stor.xlsx"
    damaged.write_bytes(bytes(data))
    assert _check(fixture_root, damaged) == 2
    err = capsys.readouterr().err
    assert "ikke en lesbar xlsx-arbeidsbok (den pakkes ut til 314\u00a0" in err
    assert "et svarbilag trenger høyst 268\u00a0435\u00a0456)" in err


def test_damaged_workbooks_are_reported_not_raised(
    fixture_root: Path, filled: Fill, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    original = filled(ALL_GOOD).read_bytes()
    damaged = tmp_path / "skadet.xlsx"
    codes = []
    for seed in range(12):
        data = bytearray(original)
        generator = random.Random(seed)
        for _ in range(5):
            data[generator.randrange(len(data))] = generator.randrange(256)
        damaged.write_bytes(bytes(data))
        codes.append(_check(fixture_root, damaged))
        captured = capsys.readouterr()
        if codes[-1] == 2:
            assert "ikke en lesbar xlsx-arbeidsbok" in captured.err or "ikke en xlsx-arbeidsbok" in captured.err
    assert set(codes) <= {0, 1, 2}
    assert 2 in codes
