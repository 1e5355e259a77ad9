"""``requirements check-answers``: read a vendor's filled-in xlsx export and report what is wrong.

The file is the annex this package exports (sheet "Krav", header row, one row per requirement, the
vendor's answer in "Oppfylt"). The catalogue version comes from the "Om eksporten" sheet, or, if a
vendor dropped that sheet, from the rows' "Versjon" column when they all agree. Whether a requirement
is absolute is read from the catalogue at that version, never from the file, which a vendor can edit.

Two kinds of outcome: the file cannot be checked at all (:class:`AnswersUnreadable`, exit 2), or it
can, and every fault is a :class:`AnswerFinding` naming the sheet and cell (``Krav!K7``).

The workbook is read in openpyxl's streaming (read-only) mode, within fixed bounds: a sheet that
claims more rows or columns than any annex has (a cell at ``XFD1048576`` makes a full-mode load
allocate every cell in between), more data rows than :data:`MAX_ROWS`, or parts that unpack to more
than :data:`MAX_SHARED_STRINGS_BYTES` (shared strings, which openpyxl reads whole) or
:data:`MAX_UNPACKED_BYTES` (all parts) is refused with a message before anything large is built.
"""

from __future__ import annotations

import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

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
MAX_ROWS = 10_000
"""Most rows a sheet may have; catalogues hold hundreds of requirements."""
MAX_COLUMNS = 200
"""Most columns a sheet may have; the export writes about a dozen, vendors may add their own."""
MAX_METADATA_ROWS = 200
MAX_SHARED_STRINGS_BYTES = 32 * 1024 * 1024
MAX_UNPACKED_BYTES = 256 * 1024 * 1024
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
    try:
        return _check_workbook(path, workbook, catalogue)
    finally:
        workbook.close()  # a read-only workbook keeps the file open until closed


def _check_workbook(path: Path, workbook: Any, catalogue: Catalogue) -> AnswersReport:
    if REQUIREMENTS_SHEET not in workbook.sheetnames:
        raise AnswersUnreadable(
            f"{path}: no sheet named {REQUIREMENTS_SHEET!r} (found: {', '.join(workbook.sheetnames)}); "
            "answer in the workbook exported by `journalloft requirements export --format xlsx`"
        )
    sheet = workbook[REQUIREMENTS_SHEET]
    if not isinstance(sheet, ReadOnlyWorksheet):
        raise AnswersUnreadable(f"{path}: {REQUIREMENTS_SHEET!r} is a chart sheet, not a worksheet with answers")
    try:
        _check_claimed_size(path, sheet)
        columns = _header_columns(path, sheet)
        rows = _rows(path, sheet, columns)
        metadata = _metadata(workbook)
    except AnswersUnreadable:
        raise
    except Exception as exc:
        # Streaming mode reads the sheet's XML only now, so a damaged part fails here, not in _open.
        raise AnswersUnreadable(f"{path}: not a readable xlsx workbook ({type(exc).__name__}: {exc})") from None
    version = _file_version(path, metadata, catalogue, rows)
    members = {req.id: req for req in requirements_at(catalogue, version)}
    report = AnswersReport(path, catalogue.id, version, len(rows))
    seen: dict[str, str] = {}
    for row_number, values in rows:
        _check_row(report, row_number, values, columns=columns, members=members, seen=seen)
    _check_selection_complete(report, metadata, seen)
    return report


def _check_claimed_size(path: Path, sheet: Any) -> None:
    """Refuse a sheet whose dimension (``<dimension ref="A1:XFD1048576">``) no annex has."""
    rows, columns = sheet.max_row, sheet.max_column
    if (rows or 0) > MAX_ROWS + 1 or (columns or 0) > MAX_COLUMNS:
        raise AnswersUnreadable(
            f"{path}: sheet {REQUIREMENTS_SHEET!r} claims {rows:,} rows and {columns:,} columns "
            f"(up to cell {get_column_letter(min(columns or 1, 18278))}{rows}); an answers file has at most "
            f"{MAX_ROWS:,} rows and {MAX_COLUMNS} columns. Delete the cells far below or to the right "
            "of the table and save again"
        )


def _metadata(workbook: Any) -> dict[str, tuple[str, int]]:
    """The export's metadata sheet as label -> (value, row number); empty if a vendor removed it."""
    metadata: dict[str, tuple[str, int]] = {}
    if METADATA_SHEET in workbook.sheetnames:
        sheet = workbook[METADATA_SHEET]
        if not isinstance(sheet, ReadOnlyWorksheet):
            return metadata
        rows = sheet.iter_rows(min_row=1, max_row=MAX_METADATA_ROWS, max_col=2, values_only=True)
        for number, cells in enumerate(rows, 1):
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
    _check_unpacked_size(path)
    try:
        with warnings.catch_warnings():
            # Workbooks saved by Excel carry extensions openpyxl warns about; they do not matter here.
            warnings.simplefilter("ignore")
            return load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        # A damaged package fails deep inside zipfile, zlib or the XML parser with whatever error they
        # raise; every one of them means the same to the user: this is not a workbook we can read.
        raise AnswersUnreadable(f"{path}: not a readable xlsx workbook ({type(exc).__name__}: {exc})") from None


def _check_unpacked_size(path: Path) -> None:
    """Refuse packages whose parts unpack to more than any annex needs (the sizes the zip declares)."""
    try:
        with zipfile.ZipFile(path) as package:
            parts = package.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise AnswersUnreadable(f"{path}: not a readable xlsx workbook ({type(exc).__name__}: {exc})") from None
    total = sum(part.file_size for part in parts)
    shared = sum(part.file_size for part in parts if part.filename.lower().endswith("sharedstrings.xml"))
    if shared > MAX_SHARED_STRINGS_BYTES:
        raise AnswersUnreadable(
            f"{path}: the shared strings unpack to {shared:,} bytes; an answers file needs at most "
            f"{MAX_SHARED_STRINGS_BYTES:,}"
        )
    if total > MAX_UNPACKED_BYTES:
        raise AnswersUnreadable(
            f"{path}: the workbook unpacks to {total:,} bytes; an answers file needs at most {MAX_UNPACKED_BYTES:,}"
        )


def _header_columns(path: Path, sheet: Any) -> dict[str, int]:
    """Map each header text of row 1 to its column number (1-based); columns may be moved."""
    columns: dict[str, int] = {}
    for cells in sheet.iter_rows(min_row=1, max_row=1, max_col=MAX_COLUMNS, values_only=True):
        for number, value in enumerate(cells, start=1):
            if value is not None and str(value).strip():
                columns.setdefault(str(value).strip(), number)
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        raise AnswersUnreadable(
            f"{path}: sheet {REQUIREMENTS_SHEET!r} lacks the column(s) {', '.join(missing)} in row 1 "
            f"(found: {', '.join(columns) or 'nothing'})"
        )
    return columns


def _rows(path: Path, sheet: Any, columns: dict[str, int]) -> list[tuple[int, dict[str, str]]]:
    """The non-empty data rows as (row number, header -> text); more than MAX_ROWS is refused."""
    rows = []
    cells_per_row = max(columns.values())
    bounded = sheet.iter_rows(min_row=2, max_row=MAX_ROWS + 2, max_col=cells_per_row, values_only=True)
    for number, cells in enumerate(bounded, start=2):
        values = {name: _text(cells[index - 1]) if index - 1 < len(cells) else "" for name, index in columns.items()}
        if not any(values.values()):
            continue
        if number > MAX_ROWS + 1:
            raise AnswersUnreadable(
                f"{path}: sheet {REQUIREMENTS_SHEET!r} has content in row {number:,}; an answers file has at most "
                f"{MAX_ROWS:,} rows"
            )
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
