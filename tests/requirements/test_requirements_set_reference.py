"""``check-answers --set`` with each reference the municipality has: its set file and its own xlsx annex.

A vendor who changes a kravtype in both sheets (the Kravtype cell and the list in "Om eksporten")
passes when the workbook is its own reference; either reference catches it at the cell.
"""

from __future__ import annotations

import argparse
import json
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest

from journalloft.cli import main as journalloft_main
from journalloft.requirements.cli import main, register
from journalloft.requirements.load import load_catalogue
from journalloft.requirements.norwegian import count_nb
from journalloft.requirements.paths import default_root
from journalloft.requirements.tender_set import suggested_kravtype
from journalloft.requirements.versions import requirements_at
from journalloft.site.catalogue_pages.guide_page import guide_page
from journalloft.site.catalogue_pages.overview_forms import filter_form

SET = Path(__file__).parent / "sets" / "kommune.yaml"
GOOD = {2: ("Ja", "Avtalen sier det."), 3: ("Ja", "CSV og FHIR."), 4: ("Ja", "Patient og Observation.")}
CAUGHT = (1, [("Krav!F2", "error", "kravtype-changed"), ("Krav!M2", "error", "absolute-not-fulfilled")])


def _run(fixture_root: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--catalogue", str(fixture_root), *args])
    out, err = capsys.readouterr()
    return code, out, err


def _findings(
    fixture_root: Path, path: Path, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, list[tuple[str, str, str]]]:
    code, out, _ = _run(fixture_root, capsys, "check-answers", str(path), "--format", "json", *args)
    report = json.loads(out)
    return code, [(f["cell"], f["severity"], f["code"]) for f in report["findings"]]


def _set_metadata(workbook: openpyxl.Workbook, label: str, value: str) -> None:
    for row in workbook["Om eksporten"].iter_rows():
        if row[0].value == label:
            row[1].value = value


@pytest.fixture
def annex(fixture_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """The municipality's annex, exported from its set, as it published it."""
    path = tmp_path / "bilag.xlsx"
    code, _, _ = _run(fixture_root, capsys, "export", "--format", "xlsx", "--set", str(SET), "--output", str(path))
    assert code == 0
    return path


@pytest.fixture
def tampered(annex: Path, tmp_path: Path) -> Path:
    """The vendor's answers: FJL-INF-001 turned from A into Ø in both sheets, then answered Nei."""
    path = tmp_path / "svar.xlsx"
    shutil.copy(annex, path)
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Krav"]
    sheet["F2"] = "Ø"
    _set_metadata(workbook, "Kommunens kravtype per krav", "FJL-INF-001=Ø, FJL-INF-002=V:30, FJL-DEL-001=Ø")
    sheet["M2"] = "Nei"
    for row, (answer, description) in GOOD.items():
        if row != 2:
            sheet[f"M{row}"], sheet[f"N{row}"] = answer, description
    workbook.save(path)
    return path


def test_without_a_reference_the_edit_passes(
    fixture_root: Path, tampered: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _findings(fixture_root, tampered, capsys) == (0, [("Krav!M2", "info", "wish-not-fulfilled")])


def test_the_municipalitys_own_annex_catches_the_edit(
    fixture_root: Path, annex: Path, tampered: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _findings(fixture_root, tampered, capsys, "--set", str(annex)) == CAUGHT


def test_the_saved_set_file_catches_the_edit(
    fixture_root: Path, tampered: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # the shape "Lagre utvalget som fil" downloads (docs/assets/krav-filter.js, saveSetFile)
    saved = tmp_path / "krav-utvalg-2.0.0.json"
    saved.write_text(
        json.dumps(
            {
                "catalogue": "testkatalog",
                "version": "2.0.0",
                "title": "Testkommunens journalanskaffelse",
                "requirements": [
                    {"id": "FJL-INF-001", "kravtype": "A"},
                    {"id": "FJL-INF-002", "kravtype": "V", "weight": 30},
                    {"id": "FJL-DEL-001", "kravtype": "Ø"},
                ],
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    assert _findings(fixture_root, tampered, capsys, "--set", str(saved)) == CAUGHT


def test_an_untouched_answer_file_passes_against_the_annex(
    fixture_root: Path, annex: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "svar.xlsx"
    shutil.copy(annex, path)
    workbook = openpyxl.load_workbook(path)
    for row, (answer, description) in GOOD.items():
        workbook["Krav"][f"M{row}"], workbook["Krav"][f"N{row}"] = answer, description
    workbook.save(path)
    assert _findings(fixture_root, path, capsys, "--set", str(annex)) == (0, [])
    code, out, _ = _run(fixture_root, capsys, "check-answers", str(path), "--set", str(annex))
    assert (code, out) == (0, "ok: 3 svarrader kontrollert mot testkatalog versjon 2.0.0: 0 feil, 0 advarsler\n")


@pytest.mark.parametrize(
    "case",
    [
        # the vendor's own (answered) file is no reference
        ({"Krav!M3": "Ja"}, "Krav!M3 er besvart ('Ja'); som --set brukes kommunens eget, ubesvarte bilag"),
        # the two records disagree: the annex was edited
        ({"Krav!F2": "V"}, "Krav!F2 sier Kravtype V, men Om eksporten!B12 sier FJL-INF-001=A; bilaget er endret"),
        ({"Krav!G3": "40"}, "Krav!F3 sier Kravtype V og Vekt 40, men Om eksporten!B12 sier FJL-INF-002=V:30"),
        ({"Krav!A3": "FJL-DEL-002"}, "Krav!A3 (FJL-DEL-002) står ikke i Om eksporten!B7; bilaget er endret"),
        ({"Om eksporten!B7": ""}, "arket 'Om eksporten' har ingen rad 'Krav i utvalget' med krav"),
    ],
)
def test_an_edited_or_answered_annex_is_refused_as_reference(
    fixture_root: Path,
    annex: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    case: tuple[dict[str, str], str],
) -> None:
    edit, message = case
    reference = tmp_path / "fasit.xlsx"
    shutil.copy(annex, reference)
    workbook = openpyxl.load_workbook(reference)
    for where, value in edit.items():
        sheet, cell = where.split("!")
        workbook[sheet][cell] = value or None
    workbook.save(reference)
    code, out, err = _run(fixture_root, capsys, "check-answers", str(annex), "--set", str(reference))
    assert code == 2, out
    assert message in err
    assert "Traceback" not in err


def test_a_zip_that_is_no_workbook_is_a_usage_error(
    fixture_root: Path, annex: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    reference = tmp_path / "fasit.xlsx"
    with zipfile.ZipFile(reference, "w") as package:
        package.writestr("hei.txt", "ikke et bilag")
    code, _, err = _run(fixture_root, capsys, "check-answers", str(annex), "--set", str(reference))
    assert code == 2
    assert f"{reference}: ikke en lesbar xlsx-arbeidsbok" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("count", "text"), [(0, "0 svarrader"), (1, "1 svarrad"), (2, "2 svarrader"), (8, "8 svarrader")]
)
def test_counted_nouns_take_the_number(count: int, text: str) -> None:
    assert count_nb(count, "svarrad", "svarrader") == text


def test_suggested_kravtype_is_absolute_only_where_the_catalogue_suggests_only_that() -> None:
    catalogue = load_catalogue(default_root())
    by_uses = {
        tuple(sorted(req.tender_use)): suggested_kravtype(req)
        for req in requirements_at(catalogue, catalogue.current.version)
    }
    assert by_uses[("absolute",)] == "A"
    assert by_uses[("absolute", "evaluated")] == "V"
    assert by_uses[("contract-term",)] == "Ø"
    assert by_uses[("absolute", "contract-term")] == "A"


def _catalogue_commands() -> list[list[str]]:
    """Every subcommand of `journalloft requirements`, read from the parser, so a new one is covered too."""
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers())
    (requirements,) = [
        action.choices["requirements"] for action in parser._actions if isinstance(action, argparse._SubParsersAction)
    ]
    (commands,) = [action for action in requirements._actions if isinstance(action, argparse._SubParsersAction)]
    return [[], *([name] for name in commands.choices)]


@pytest.mark.parametrize("command", _catalogue_commands())
@pytest.mark.parametrize("entry", ["requirements", "journalloft"])
def test_every_catalogue_command_has_norwegian_help(
    command: list[str], entry: str, capsys: pytest.CaptureFixture[str]
) -> None:
    if entry == "requirements":
        assert main([*command, "--help"]) == 0
    else:
        with pytest.raises(SystemExit) as stop:
            journalloft_main(["requirements", *command, "--help"])
        assert stop.value.code == 0
    text = capsys.readouterr().out
    assert text.startswith("bruk: ")
    assert "vis denne hjelpen og avslutt" in text
    for english in ("usage:", "options:", "positional arguments", "show this help", "default:", " the "):
        assert english not in text, f"{english!r} in the help of {' '.join(command) or 'requirements'}"


def test_the_export_page_links_the_install_page() -> None:
    page = guide_page("", "testkatalog", "2.0.0")
    link = "[Installasjon](../validator/installasjon.md)"
    assert link in page
    assert (Path(__file__).resolve().parents[2] / "docs" / "validator" / "installasjon.md").is_file()


def test_the_filter_result_and_the_set_have_distinct_names() -> None:
    """Issue 25: the filter's CSV and the set's annex were both "utvalget"; the filter's part never says so."""
    catalogue = load_catalogue(default_root())
    version = catalogue.current
    html = "\n".join(filter_form(catalogue, version, requirements_at(catalogue, version.version)))
    filter_part, set_part = html.split('<p id="krav-antall"', 1)
    assert "utvalg" not in filter_part.casefold()
    assert "Last ned kravene som vises (CSV)" in filter_part
    assert "Last ned utvalget som Excel-bilag (xlsx)" in set_part and "Lagre utvalget som fil" in set_part
    script = (Path(__file__).resolve().parents[2] / "docs" / "assets" / "krav-filter.js").read_text(encoding="utf-8")
    assert 'save(blob, "krav-filtrert-" + data.version + ".csv")' in script  # the set's files are krav-utvalg-*
