"""The municipality's own xlsx annex as the reference set for ``check-answers --set``.

A municipality that built its set on the site or with ``export --set`` has the annex it published
(the "Krav" sheet with its Kravtype and Vekt columns, and "Om eksporten" with the ids and the
kravtype list). That file is as good a reference as the set file, so ``--set`` takes either: a zip
package is read as an annex, anything else as the YAML/JSON set.

The annex is only a reference if it is the municipality's own, untouched one: its two records of
the kravtypes (the cells and the list) must agree, and no row may be answered. Otherwise the
vendor's file (or an edited copy) could pass itself off as the reference, and the check would be
empty; such a file is refused with the cell that gives it away.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from journalloft.requirements.answers import (
    AnswersUnreadable,
    check_claimed_size,
    data_rows,
    header_columns,
    open_workbook,
    read_metadata,
)
from journalloft.requirements.export import (
    ANSWER_COLUMN,
    KRAVTYPE_COLUMN,
    METADATA_LABELS,
    METADATA_SHEET,
    REQUIREMENTS_SHEET,
    WEIGHT_COLUMN,
)
from journalloft.requirements.tender_set import (
    KRAVTYPE_LABELS,
    Choice,
    TenderSet,
    TenderSetError,
    parse_markers,
    read_tender_set,
)


def read_reference_set(path: Path) -> TenderSet:
    """The set ``--set`` names: the municipality's xlsx annex, or a YAML/JSON set file."""
    if path.is_file() and zipfile.is_zipfile(path):
        return tender_set_from_annex(path)
    return read_tender_set(path)


def tender_set_from_annex(path: Path) -> TenderSet:
    """The set recorded in an annex the export (CLI or site) wrote; refused if it was edited or answered."""
    try:
        workbook = open_workbook(path)
    except AnswersUnreadable as exc:
        raise TenderSetError(str(exc)) from None
    try:
        return _read_annex(path, workbook)
    except AnswersUnreadable as exc:
        raise TenderSetError(str(exc)) from None
    except TenderSetError:
        raise
    except Exception as exc:
        # streaming mode parses the sheets only now; a damaged part fails with whatever its parser raises
        raise TenderSetError(f"{path}: ikke en lesbar xlsx-arbeidsbok ({type(exc).__name__}: {exc})") from None
    finally:
        workbook.close()


def _read_annex(path: Path, workbook: Any) -> TenderSet:
    if REQUIREMENTS_SHEET not in workbook.sheetnames or not isinstance(
        workbook[REQUIREMENTS_SHEET], ReadOnlyWorksheet
    ):
        raise TenderSetError(f"{path}: ingen ark med navnet {REQUIREMENTS_SHEET!r}; er dette kommunens bilag?")
    metadata = read_metadata(workbook)
    listed, ids_row = metadata.get(METADATA_LABELS["ids"], ("", 0))
    ids = [part.strip() for part in listed.split(",") if part.strip()]
    if not ids:
        raise TenderSetError(
            f"{path}: arket {METADATA_SHEET!r} har ingen rad {METADATA_LABELS['ids']!r} med krav; bruk bilaget "
            "kommunen lastet ned eller eksporterte, eller utvalgsfilen (YAML eller JSON)"
        )
    markers_text, markers_row = metadata.get(METADATA_LABELS["choices"], ("", 0))
    markers = parse_markers(markers_text)
    sheet = workbook[REQUIREMENTS_SHEET]
    check_claimed_size(path, sheet)
    columns = header_columns(path, sheet)
    rows = data_rows(path, sheet, columns)

    def cell(name: str, row: int) -> str:
        return f"{REQUIREMENTS_SHEET}!{get_column_letter(columns[name])}{row}"

    by_id: dict[str, tuple[int, dict[str, str]]] = {}
    for row, values in rows:
        if values[ANSWER_COLUMN]:
            raise TenderSetError(
                f"{path}: {cell(ANSWER_COLUMN, row)} er besvart ({values[ANSWER_COLUMN]!r}); som --set brukes "
                "kommunens eget, ubesvarte bilag, ikke leverandørens svar"
            )
        if values["ID"] not in ids:
            raise TenderSetError(
                f"{path}: {cell('ID', row)} ({values['ID'] or 'tom'}) står ikke i {METADATA_SHEET}!B{ids_row}; "
                "bilaget er endret"
            )
        by_id[values["ID"]] = (row, values)
    choices = []
    for rid in ids:
        choice = markers.get(rid, Choice(rid, ""))
        if rid in by_id and KRAVTYPE_COLUMN in columns:
            row, values = by_id[rid]
            listed_at = f"{METADATA_SHEET}!B{markers_row}" if markers_row else f"{METADATA_SHEET} (ingen kravtypeliste)"
            _agree(path, choice, values, cell(KRAVTYPE_COLUMN, row), listed_at)
        choices.append(choice)
    version = metadata.get(METADATA_LABELS["version"], ("", 0))[0] or None
    catalogue = metadata.get(METADATA_LABELS["catalogue"], ("", 0))[0] or None
    return TenderSet(tuple(choices), version, catalogue)


def _agree(path: Path, choice: Choice, values: dict[str, str], where: str, listed_at: str) -> None:
    """The row's Kravtype and Vekt must say what the kravtype list says, or the annex was edited."""
    written = values[KRAVTYPE_COLUMN]
    weight_text = values.get(WEIGHT_COLUMN, "")
    try:
        weight = float(weight_text.replace(",", ".")) if weight_text else None
    except ValueError:
        weight = -1.0  # not a number: never equal to a chosen weight
    if written not in ("", *KRAVTYPE_LABELS) or written != choice.kravtype or weight != choice.weight:
        said = choice.marker if choice.kravtype else f"{choice.id} uten kravtype"
        raise TenderSetError(
            f"{path}: {where} sier Kravtype {written or '(tom)'}"
            + (f" og Vekt {weight_text}" if weight_text else "")
            + f", men {listed_at} sier {said}; bilaget er endret og kan ikke være fasit"
        )
