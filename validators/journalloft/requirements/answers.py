"""``requirements check-answers``: read a vendor's filled-in xlsx export and report what is wrong.

The file is the annex this package exports (sheet "Krav", header row, one row per requirement, the
vendor's answer in "Oppfylt"). The catalogue version comes from the "Om eksporten" sheet, or, if a
vendor dropped that sheet, from the rows' "Versjon" column when they all agree. Whether a requirement
is absolute is read from the catalogue at that version, never from the file, which a vendor can edit.

Two kinds of outcome: the file cannot be checked at all (:class:`AnswersUnreadable`, exit 2), or it
can, and every fault is a :class:`AnswerFinding` naming the sheet and cell (``Krav!K7``).
"""

from __future__ import annotations

import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from journalloft.requirements.export import (
    ANSWER_COLUMN,
    ANSWER_VALUES,
    DESCRIPTION_COLUMN,
    METADATA_LABELS,
    METADATA_SHEET,
    REQUIREMENTS_SHEET,
)
from journalloft.requirements.model import Catalogue, Requirement
from journalloft.requirements.versions import requirements_at

MAX_FILE_BYTES = 50 * 1024 * 1024
REQUIRED_COLUMNS: tuple[str, ...] = ("ID", "Versjon", ANSWER_COLUMN, DESCRIPTION_COLUMN)

# code -> meaning; every finding uses one of these.
ANSWER_CODES: dict[str, str] = {
    "unanswered": "The Oppfylt cell is empty.",
    "invalid-answer": "The Oppfylt cell holds a value other than Ja, Delvis, Nei or Ikke aktuelt.",
    "absolute-not-fulfilled": "An absolute requirement (A) is answered Nei.",
    "absolute-partly-fulfilled": "An absolute requirement (A) is answered Delvis (warning).",
    "description-missing": "Ja or Delvis without the description the requirement asks for (warning).",
    "unknown-id": "The row names an id that is not in the catalogue version of the file.",
    "duplicate-id": "Two rows name the same requirement.",
    "id-missing": "A row has content but no requirement id.",
    "version-mismatch": "A row's Versjon differs from the version of the file.",
    "requirement-missing": "A requirement of the exported selection has no row any more.",
}


class AnswersUnreadable(Exception):
    """The file is not an answers file this command can check; the message says why."""


@dataclass(frozen=True)
class AnswerFinding:
    severity: str  # "error" or "warning"
    code: str
    cell: str
    requirement_id: str
    message: str

    def format(self) -> str:
        return f"{self.cell}: {self.severity}: {self.code}: {self.message}"

    def to_dict(self) -> dict[str, str]:
        return {
            "severity": self.severity,
            "code": self.code,
            "cell": self.cell,
            "id": self.requirement_id,
            "message": self.message,
        }


@dataclass
class AnswersReport:
    path: Path
    catalogue_id: str
    version: str
    rows: int
    findings: list[AnswerFinding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(f.severity == "error" for f in self.findings)

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": str(self.path),
            "catalogue": self.catalogue_id,
            "version": self.version,
            "rows": self.rows,
            "ok": self.ok,
            "findings": [f.to_dict() for f in self.findings],
        }


def check_answers(path: Path, catalogue: Catalogue) -> AnswersReport:
    workbook = _open(path)
    if REQUIREMENTS_SHEET not in workbook.sheetnames:
        raise AnswersUnreadable(
            f"{path}: no sheet named {REQUIREMENTS_SHEET!r} (found: {', '.join(workbook.sheetnames)}); "
            "answer in the workbook exported by `journalloft requirements export --format xlsx`"
        )
    sheet = workbook[REQUIREMENTS_SHEET]
    if not isinstance(sheet, Worksheet):
        raise AnswersUnreadable(f"{path}: {REQUIREMENTS_SHEET!r} is a chart sheet, not a worksheet with answers")
    columns = _header_columns(path, sheet)
    rows = _rows(sheet, columns)
    metadata = _metadata(workbook)
    version = _file_version(path, metadata, catalogue, rows)
    members = {req.id: req for req in requirements_at(catalogue, version)}
    report = AnswersReport(path, catalogue.id, version, len(rows))
    seen: dict[str, str] = {}
    for row_number, values in rows:
        _check_row(report, row_number, values, columns=columns, members=members, seen=seen)
    _check_selection_complete(report, metadata, seen)
    return report


def _metadata(workbook: Any) -> dict[str, tuple[str, int]]:
    """The export's metadata sheet as label -> (value, row number); empty if a vendor removed it."""
    metadata: dict[str, tuple[str, int]] = {}
    if METADATA_SHEET in workbook.sheetnames:
        for number, cells in enumerate(workbook[METADATA_SHEET].iter_rows(min_row=1, max_col=2, values_only=True), 1):
            if cells and cells[0] is not None:
                metadata[_text(cells[0])] = (_text(cells[1] if len(cells) > 1 else None), number)
    return metadata


def _check_selection_complete(
    report: AnswersReport, metadata: dict[str, tuple[str, int]], seen: dict[str, str]
) -> None:
    """Every requirement the export held must still have a row: deleting one is not an answer."""
    listed, row = metadata.get(METADATA_LABELS["ids"], ("", 0))
    for rid in (part.strip() for part in listed.split(",") if part.strip()):
        if rid not in seen:
            report.findings.append(
                AnswerFinding(
                    "error",
                    "requirement-missing",
                    f"{METADATA_SHEET}!B{row}",
                    rid,
                    f"{rid} was exported to the vendor but has no row in sheet {REQUIREMENTS_SHEET!r}",
                )
            )


def _open(path: Path) -> Any:
    if not path.is_file():
        raise AnswersUnreadable(f"{path}: no such file")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise AnswersUnreadable(f"{path}: larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB")
    if not zipfile.is_zipfile(path):
        raise AnswersUnreadable(f"{path}: not an xlsx workbook (the file is not a zip package)")
    try:
        with warnings.catch_warnings():
            # Workbooks saved by Excel carry extensions openpyxl warns about; they do not matter here.
            warnings.simplefilter("ignore")
            return load_workbook(path, data_only=True)
    except Exception as exc:
        # A damaged package fails deep inside zipfile, zlib or the XML parser with whatever error they
        # raise; every one of them means the same to the user: this is not a workbook we can read.
        raise AnswersUnreadable(f"{path}: not a readable xlsx workbook ({type(exc).__name__}: {exc})") from None


def _header_columns(path: Path, sheet: Any) -> dict[str, int]:
    """Map each header text of row 1 to its column number (1-based); columns may be moved."""
    columns: dict[str, int] = {}
    for cell in next(sheet.iter_rows(min_row=1, max_row=1), ()):
        if cell.value is not None and str(cell.value).strip():
            columns.setdefault(str(cell.value).strip(), cell.column)
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        raise AnswersUnreadable(
            f"{path}: sheet {REQUIREMENTS_SHEET!r} lacks the column(s) {', '.join(missing)} in row 1 "
            f"(found: {', '.join(columns) or 'nothing'})"
        )
    return columns


def _rows(sheet: Any, columns: dict[str, int]) -> list[tuple[int, dict[str, str]]]:
    """The non-empty data rows as (row number, header -> text)."""
    rows = []
    for number, cells in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
        values = {name: _text(cells[index - 1]) if index - 1 < len(cells) else "" for name, index in columns.items()}
        if any(values.values()):
            rows.append((number, values))
    return rows


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _file_version(
    path: Path, metadata: dict[str, tuple[str, int]], catalogue: Catalogue, rows: list[tuple[int, dict[str, str]]]
) -> str:
    named_catalogue = metadata.get(METADATA_LABELS["catalogue"], ("", 0))[0]
    if named_catalogue and named_catalogue != catalogue.id:
        raise AnswersUnreadable(f"{path}: exported from catalogue {named_catalogue!r}, not {catalogue.id!r}")
    version, version_row = metadata.get(METADATA_LABELS["version"], ("", 0))
    source = f"{METADATA_SHEET}!B{version_row}"
    if not version:
        in_rows = {values["Versjon"] for _, values in rows if values["Versjon"]}
        if len(in_rows) != 1:
            raise AnswersUnreadable(
                f"{path}: cannot tell the catalogue version: no sheet {METADATA_SHEET!r} with a Versjon row, "
                f"and the Versjon column holds {', '.join(sorted(in_rows)) or 'nothing'}"
            )
        version = in_rows.pop()
        source = f"{REQUIREMENTS_SHEET}!Versjon"
    if catalogue.version(version) is None:
        known = ", ".join(v.version for v in catalogue.versions)
        raise AnswersUnreadable(f"{path}: version {version} ({source}) is not in the catalogue (known: {known})")
    return version


def _check_row(
    report: AnswersReport,
    row: int,
    values: dict[str, str],
    *,
    columns: dict[str, int],
    members: dict[str, Requirement],
    seen: dict[str, str],
) -> None:
    def cell(name: str) -> str:
        return f"{REQUIREMENTS_SHEET}!{get_column_letter(columns[name])}{row}"

    def add(severity: str, code: str, where: str, message: str) -> None:
        report.findings.append(AnswerFinding(severity, code, where, rid, message))

    rid = values["ID"]
    if not rid:
        add("error", "id-missing", cell("ID"), f"row {row} has content but no requirement id")
        return
    if rid in seen:
        add("error", "duplicate-id", cell("ID"), f"{rid} is already answered in {seen[rid]}")
        return
    seen[rid] = cell("ID")
    requirement = members.get(rid)
    if requirement is None:
        add("error", "unknown-id", cell("ID"), f"{rid} is not a requirement of catalogue version {report.version}")
        return
    if values["Versjon"] and values["Versjon"] != report.version:
        add(
            "error",
            "version-mismatch",
            cell("Versjon"),
            f"{rid}: row says version {values['Versjon']}, the file is version {report.version}",
        )
    answer = values[ANSWER_COLUMN]
    if not answer:
        add("error", "unanswered", cell(ANSWER_COLUMN), f"{rid} is not answered")
        return
    if answer not in ANSWER_VALUES:
        allowed = ", ".join(ANSWER_VALUES)
        add("error", "invalid-answer", cell(ANSWER_COLUMN), f"{rid}: {answer!r} is not one of {allowed}")
        return
    if requirement.is_absolute and answer == "Nei":
        add(
            "error",
            "absolute-not-fulfilled",
            cell(ANSWER_COLUMN),
            f"{rid} is an absolute requirement (A) and is answered Nei",
        )
    elif requirement.is_absolute and answer == "Delvis":
        add(
            "warning",
            "absolute-partly-fulfilled",
            cell(ANSWER_COLUMN),
            f"{rid} is an absolute requirement (A) and is only partly fulfilled (Delvis)",
        )
    if answer in ("Ja", "Delvis") and not values[DESCRIPTION_COLUMN]:
        add(
            "warning",
            "description-missing",
            cell(DESCRIPTION_COLUMN),
            f"{rid} is answered {answer} without a description; the requirement asks: {requirement.vendor_answer}",
        )
