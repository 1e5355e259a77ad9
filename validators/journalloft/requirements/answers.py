"""``requirements check-answers``: read a vendor's filled-in xlsx export and report what is wrong.

The file is the annex this package exports (sheet "Krav", header row, one row per requirement, the
vendor's answer in "Oppfylt"). The catalogue version comes from the "Om eksporten" sheet, or, if a
vendor dropped that sheet, from the rows' "Versjon" column when they all agree.

How a "Nei" weighs is the municipality's decision, its kravtype (A absolutt krav, V evalueringskrav,
Ø ønske), never the catalogue's suggested use. The kravtype is taken from the municipality's own set
file when one is given (``--set``), else from the list the export wrote into "Om eksporten"; the
row's Kravtype and Vekt cells must agree with it. The requirement columns are locked in the workbook,
and the ID, Tittel and Kravtekst cells are compared with the catalogue at the file's version, so an
edited requirement is reported at its cell.

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
    KRAVTYPE_COLUMN,
    METADATA_LABELS,
    METADATA_SHEET,
    REQUIREMENTS_SHEET,
    TEXT_COLUMN,
    TITLE_COLUMN,
    WEIGHT_COLUMN,
)
from journalloft.requirements.model import Catalogue, Requirement
from journalloft.requirements.tender_set import KRAVTYPE_LABELS, Choice, TenderSet, parse_markers
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
LOCKED_COLUMNS: tuple[str, ...] = (TITLE_COLUMN, TEXT_COLUMN, KRAVTYPE_COLUMN, WEIGHT_COLUMN)
"""Columns of the municipality a vendor must not remove; their absence is a finding, not a refusal."""
SEVERITIES: tuple[str, ...] = ("error", "warning", "info")
SEVERITY_NB: dict[str, str] = {"error": "feil", "warning": "advarsel", "info": "merknad"}
"""How the text report names a severity; the json report keeps the codes."""

# code -> meaning; every finding uses one of these.
ANSWER_CODES: dict[str, str] = {
    "unanswered": "The Oppfylt cell is empty.",
    "invalid-answer": "The Oppfylt cell holds a value other than Ja, Delvis, Nei or Ikke aktuelt.",
    "absolute-not-fulfilled": "A requirement the municipality made absolute (kravtype A) is answered Nei.",
    "absolute-partly-fulfilled": "A requirement of kravtype A is answered Delvis (warning).",
    "evaluated-not-fulfilled": "An evalueringskrav (kravtype V) is answered Nei; it scores nothing (warning).",
    "wish-not-fulfilled": "A wish (kravtype Ø) is answered Nei (information).",
    "kravtype-missing": "The municipality set no kravtype for the requirement; a Nei cannot be weighed (warning).",
    "kravtype-invalid": "The Kravtype cell holds something other than A, V or Ø.",
    "kravtype-changed": "The row's Kravtype or Vekt differs from the municipality's set.",
    "requirement-changed": "The ID, Tittel or Kravtekst cell differs from the catalogue at the file's version.",
    "column-removed": "A column of the municipality (Tittel, Kravtekst, Kravtype, Vekt) is missing from row 1.",
    "id-not-exported": "The row names a catalogue requirement that was not in the exported set.",
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
    severity: str  # one of SEVERITIES
    code: str
    cell: str
    requirement_id: str
    message: str

    def format(self) -> str:
        return f"{self.cell}: {SEVERITY_NB[self.severity]}: {self.code}: {self.message}"

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


def check_answers(path: Path, catalogue: Catalogue, tender_set: TenderSet | None = None) -> AnswersReport:
    """Check the answers; ``tender_set`` is the municipality's own file, which outranks the workbook's list."""
    workbook = open_workbook(path)
    try:
        return _check_workbook(path, workbook, catalogue, tender_set)
    finally:
        workbook.close()  # a read-only workbook keeps the file open until closed


def _check_workbook(path: Path, workbook: Any, catalogue: Catalogue, tender_set: TenderSet | None) -> AnswersReport:
    if REQUIREMENTS_SHEET not in workbook.sheetnames:
        raise AnswersUnreadable(
            f"{path}: ingen ark med navnet {REQUIREMENTS_SHEET!r} (fant: {', '.join(workbook.sheetnames)}); "
            "svar i arbeidsboken som `journalloft requirements export --format xlsx` lager"
        )
    sheet = workbook[REQUIREMENTS_SHEET]
    if not isinstance(sheet, ReadOnlyWorksheet):
        raise AnswersUnreadable(f"{path}: {REQUIREMENTS_SHEET!r} er et diagramark, ikke et regneark med svar")
    try:
        check_claimed_size(path, sheet)
        columns = header_columns(path, sheet)
        rows = data_rows(path, sheet, columns)
        metadata = read_metadata(workbook)
    except AnswersUnreadable:
        raise
    except Exception as exc:
        # Streaming mode reads the sheet's XML only now, so a damaged part fails here, not in open_workbook.
        raise AnswersUnreadable(f"{path}: ikke en lesbar xlsx-arbeidsbok ({type(exc).__name__}: {exc})") from None
    version = _file_version(path, metadata, catalogue, rows)
    if tender_set is not None and tender_set.version and tender_set.version != version:
        raise AnswersUnreadable(f"{path}: filen er versjon {version}, kommunens utvalg er versjon {tender_set.version}")
    members = {req.id: req for req in requirements_at(catalogue, version)}
    report = AnswersReport(path, catalogue.id, version, len(rows))
    for name in LOCKED_COLUMNS:
        if name not in columns:
            report.findings.append(
                AnswerFinding(
                    "error", "column-removed", f"{REQUIREMENTS_SHEET}!1", "", f"kolonnen {name} mangler i rad 1"
                )
            )
    expected, exported = _expected(metadata, tender_set)
    context = _RowContext(columns, members, expected, exported, {})
    for row_number, values in rows:
        _check_row(report, row_number, values, context)
    _check_selection_complete(report, metadata, context.seen, tender_set)
    return report


@dataclass
class _RowContext:
    columns: dict[str, int]
    members: dict[str, Requirement]
    expected: dict[str, Choice] | None
    """The municipality's kravtype per id (its set file, else the export's list); None if neither exists."""
    exported: set[str] | None
    """The ids the export held; None when the file no longer says."""
    seen: dict[str, str]


def _expected(
    metadata: dict[str, tuple[str, int]], tender_set: TenderSet | None
) -> tuple[dict[str, Choice] | None, set[str] | None]:
    if tender_set is not None:
        return tender_set.by_id(), {choice.id for choice in tender_set.choices}
    listed = metadata.get(METADATA_LABELS["ids"])
    exported = {part.strip() for part in listed[0].split(",") if part.strip()} if listed else None
    markers = metadata.get(METADATA_LABELS["choices"])
    return (parse_markers(markers[0]) if markers else None), exported


def check_claimed_size(path: Path, sheet: Any) -> None:
    """Refuse a sheet whose dimension (``<dimension ref="A1:XFD1048576">``) no annex has."""
    rows, columns = sheet.max_row, sheet.max_column
    if (rows or 0) > MAX_ROWS + 1 or (columns or 0) > MAX_COLUMNS:
        raise AnswersUnreadable(
            f"{path}: sheet {REQUIREMENTS_SHEET!r} claims {rows:,} rows and {columns:,} columns "
            f"(up to cell {get_column_letter(min(columns or 1, 18278))}{rows}); an answers file has at most "
            f"{MAX_ROWS:,} rows and {MAX_COLUMNS} columns. Delete the cells far below or to the right "
            "of the table and save again"
        )


def read_metadata(workbook: Any) -> dict[str, tuple[str, int]]:
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
    report: AnswersReport, metadata: dict[str, tuple[str, int]], seen: dict[str, str], tender_set: TenderSet | None
) -> None:
    """Every requirement the export held must still have a row: deleting one is not an answer."""
    listed, row = metadata.get(METADATA_LABELS["ids"], ("", 0))
    where = f"{METADATA_SHEET}!B{row}"
    if tender_set is not None:
        listed, where = ", ".join(choice.id for choice in tender_set.choices), "(kommunens utvalg)"
    for rid in (part.strip() for part in listed.split(",") if part.strip()):
        if rid not in seen:
            report.findings.append(
                AnswerFinding(
                    "error",
                    "requirement-missing",
                    where,
                    rid,
                    f"{rid} var med i bilaget, men har ingen rad i arket {REQUIREMENTS_SHEET!r}",
                )
            )


def open_workbook(path: Path) -> Any:
    if not path.is_file():
        raise AnswersUnreadable(f"{path}: filen finnes ikke")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise AnswersUnreadable(f"{path}: større enn {MAX_FILE_BYTES // (1024 * 1024)} MiB")
    if not zipfile.is_zipfile(path):
        raise AnswersUnreadable(f"{path}: ikke en xlsx-arbeidsbok (filen er ikke en zip-pakke)")
    _check_unpacked_size(path)
    try:
        with warnings.catch_warnings():
            # Workbooks saved by Excel carry extensions openpyxl warns about; they do not matter here.
            warnings.simplefilter("ignore")
            return load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        # A damaged package fails deep inside zipfile, zlib or the XML parser with whatever error they
        # raise; every one of them means the same to the user: this is not a workbook we can read.
        raise AnswersUnreadable(f"{path}: ikke en lesbar xlsx-arbeidsbok ({type(exc).__name__}: {exc})") from None


def _check_unpacked_size(path: Path) -> None:
    """Refuse packages whose parts unpack to more than any annex needs (the sizes the zip declares)."""
    try:
        with zipfile.ZipFile(path) as package:
            parts = package.infolist()
    except (zipfile.BadZipFile, OSError, NotImplementedError) as exc:
        # NotImplementedError: a damaged directory entry can claim a zip version zipfile does not know.
        raise AnswersUnreadable(f"{path}: ikke en lesbar xlsx-arbeidsbok ({type(exc).__name__}: {exc})") from None
    total = sum(part.file_size for part in parts)
    shared = sum(part.file_size for part in parts if part.filename.lower().endswith("sharedstrings.xml"))
    if shared > MAX_SHARED_STRINGS_BYTES:
        raise AnswersUnreadable(
            f"{path}: ikke en lesbar xlsx-arbeidsbok (tekstdelen pakkes ut til {_bytes_nb(shared)} byte; "
            f"et svarbilag trenger høyst {_bytes_nb(MAX_SHARED_STRINGS_BYTES)})"
        )
    if total > MAX_UNPACKED_BYTES:
        raise AnswersUnreadable(
            f"{path}: ikke en lesbar xlsx-arbeidsbok (den pakkes ut til {_bytes_nb(total)} byte; "
            f"et svarbilag trenger høyst {_bytes_nb(MAX_UNPACKED_BYTES)})"
        )


def _bytes_nb(count: int) -> str:
    """A byte count grouped the Norwegian way, with a non-breaking space between thousands."""
    return f"{count:,}".replace(",", "\u00a0")


def header_columns(path: Path, sheet: Any) -> dict[str, int]:
    """Map each header text of row 1 to its column number (1-based); columns may be moved."""
    columns: dict[str, int] = {}
    for cells in sheet.iter_rows(min_row=1, max_row=1, max_col=MAX_COLUMNS, values_only=True):
        for number, value in enumerate(cells, start=1):
            if value is not None and str(value).strip():
                columns.setdefault(str(value).strip(), number)
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        raise AnswersUnreadable(
            f"{path}: arket {REQUIREMENTS_SHEET!r} mangler kolonnen(e) {', '.join(missing)} i rad 1 "
            f"(fant: {', '.join(columns) or 'ingenting'})"
        )
    return columns


def data_rows(path: Path, sheet: Any, columns: dict[str, int]) -> list[tuple[int, dict[str, str]]]:
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
        raise AnswersUnreadable(f"{path}: eksportert fra katalogen {named_catalogue!r}, ikke {catalogue.id!r}")
    version, version_row = metadata.get(METADATA_LABELS["version"], ("", 0))
    source = f"{METADATA_SHEET}!B{version_row}"
    if not version:
        in_rows = {values["Versjon"] for _, values in rows if values["Versjon"]}
        if len(in_rows) != 1:
            raise AnswersUnreadable(
                f"{path}: kan ikke avgjøre katalogversjonen: ikke noe ark {METADATA_SHEET!r} med raden Versjon, "
                f"og kolonnen Versjon har {', '.join(sorted(in_rows)) or 'ingenting'}"
            )
        version = in_rows.pop()
        source = f"{REQUIREMENTS_SHEET}!Versjon"
    if catalogue.version(version) is None:
        known = ", ".join(v.version for v in catalogue.versions)
        raise AnswersUnreadable(f"{path}: versjon {version} ({source}) finnes ikke i katalogen (kjente: {known})")
    return version


def _check_row(report: AnswersReport, row: int, values: dict[str, str], context: _RowContext) -> None:
    columns = context.columns

    def cell(name: str) -> str:
        return f"{REQUIREMENTS_SHEET}!{get_column_letter(columns[name])}{row}"

    def add(severity: str, code: str, where: str, message: str) -> None:
        report.findings.append(AnswerFinding(severity, code, where, rid, message))

    rid = values["ID"]
    if not rid:
        add("error", "id-missing", cell("ID"), f"rad {row} har innhold, men ingen krav-ID")
        return
    if rid in context.seen:
        add("error", "duplicate-id", cell("ID"), f"{rid} er allerede besvart i {context.seen[rid]}")
        return
    context.seen[rid] = cell("ID")
    requirement = context.members.get(rid)
    if requirement is None:
        add("error", "unknown-id", cell("ID"), f"{rid} er ikke et krav i katalogversjon {report.version}")
        return
    if context.exported is not None and rid not in context.exported:
        add(
            "error",
            "id-not-exported",
            cell("ID"),
            f"{rid} var ikke med i utvalget kommunen eksporterte; er ID-en endret?",
        )
    if values["Versjon"] and values["Versjon"] != report.version:
        add(
            "error",
            "version-mismatch",
            cell("Versjon"),
            f"{rid}: raden sier versjon {values['Versjon']}, filen er versjon {report.version}",
        )
    for name, original in ((TITLE_COLUMN, requirement.title), (TEXT_COLUMN, requirement.text)):
        if name in values and _same_text(values[name]) != _same_text(original):
            add(
                "error",
                "requirement-changed",
                cell(name),
                f"{rid}: {name} er ikke lik katalogens tekst i versjon {report.version}",
            )
    kravtype = _check_kravtype(values, context, rid, cell, add)
    answer = values[ANSWER_COLUMN]
    if not answer:
        add("error", "unanswered", cell(ANSWER_COLUMN), f"{rid} er ikke besvart")
        return
    if answer not in ANSWER_VALUES:
        allowed = ", ".join(ANSWER_VALUES)
        add("error", "invalid-answer", cell(ANSWER_COLUMN), f"{rid}: {answer!r} er ikke ett av svarene {allowed}")
        return
    _judge(kravtype, answer, rid, cell(ANSWER_COLUMN), add)
    if answer in ("Ja", "Delvis") and not values[DESCRIPTION_COLUMN]:
        add(
            "warning",
            "description-missing",
            cell(DESCRIPTION_COLUMN),
            f"{rid} er besvart med {answer} uten beskrivelse; kravet ber om: {requirement.vendor_answer}",
        )


def _same_text(text: str) -> str:
    """Text as compared: line ends and surrounding space as a spreadsheet program may have changed them."""
    return "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").strip().split("\n"))


def _check_kravtype(values: dict[str, str], context: _RowContext, rid: str, cell: Any, add: Any) -> str:
    """The kravtype that weighs this row's answer ("" if none), reporting a bad or changed cell."""
    if KRAVTYPE_COLUMN not in values:
        return context.expected[rid].kravtype if context.expected and rid in context.expected else ""
    written = values[KRAVTYPE_COLUMN]
    weight = values.get(WEIGHT_COLUMN, "")
    if written and written not in KRAVTYPE_LABELS:
        add("error", "kravtype-invalid", cell(KRAVTYPE_COLUMN), f"{rid}: {written!r} er ikke A, V eller Ø")
        written = ""
    if context.expected is None:
        kravtype = written
    else:
        choice = context.expected.get(rid)
        kravtype = choice.kravtype if choice else ""
        if written != kravtype:
            add(
                "error",
                "kravtype-changed",
                cell(KRAVTYPE_COLUMN),
                f"{rid}: Kravtype er {written or '(tom)'}, men kommunen valgte {kravtype or '(ingen)'}",
            )
        elif WEIGHT_COLUMN in values and not _same_weight(weight, choice.weight if choice else None):
            add(
                "error",
                "kravtype-changed",
                cell(WEIGHT_COLUMN),
                f"{rid}: Vekt er {weight or '(tom)'}, men kommunen satte "
                f"{(choice.weight_text if choice else '') or '(ingen)'}",
            )
    if not kravtype:
        add(
            "warning",
            "kravtype-missing",
            cell(KRAVTYPE_COLUMN),
            f"{rid} har ingen kravtype; kommunen må velge A, V eller Ø før svaret kan vektes",
        )
    return kravtype


def _same_weight(written: str, chosen: float | None) -> bool:
    if not written:
        return chosen is None
    try:
        return chosen is not None and float(written.replace(",", ".")) == chosen
    except ValueError:
        return False


def _judge(kravtype: str, answer: str, rid: str, where: str, add: Any) -> None:
    """What a Nei or Delvis means under the municipality's kravtype."""
    if kravtype == "A" and answer == "Nei":
        add("error", "absolute-not-fulfilled", where, f"{rid} er et absolutt krav (A) og er besvart med Nei")
    elif kravtype == "A" and answer == "Delvis":
        add(
            "warning",
            "absolute-partly-fulfilled",
            where,
            f"{rid} er et absolutt krav (A) og er bare delvis oppfylt (Delvis)",
        )
    elif kravtype == "V" and answer == "Nei":
        add(
            "warning",
            "evaluated-not-fulfilled",
            where,
            f"{rid} er et evalueringskrav (V) besvart med Nei; ta det med i evalueringen",
        )
    elif kravtype == "Ø" and answer == "Nei":
        add("info", "wish-not-fulfilled", where, f"{rid} er et ønske (Ø) besvart med Nei")
