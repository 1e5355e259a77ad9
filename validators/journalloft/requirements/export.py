"""Exports of a catalogue selection: xlsx (a tender annex with answer columns), csv and json.

Every export is a pure function of catalogue, version and selection: no clock, no host name. The xlsx
carries the version's release date as its document date and fixed zip timestamps, so the same inputs
give the same bytes and a committed or downloaded file can be compared with a fresh one.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import posixpath
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from journalloft.requirements.model import TENDER_USE_LABELS, Catalogue, Reference, Requirement, Version
from journalloft.requirements.tender_set import KRAVTYPE_LABELS, Choice
from journalloft.status import STATUS_LABEL, STATUS_NOTE

REQUIREMENTS_SHEET = "Krav"
METADATA_SHEET = "Om eksporten"
ANSWER_VALUES: tuple[str, ...] = ("Ja", "Delvis", "Nei", "Ikke aktuelt")
ANSWER_COLUMN = "Oppfylt"
DESCRIPTION_COLUMN = "Leverandørens beskrivelse"
KRAVTYPE_COLUMN = "Kravtype"
WEIGHT_COLUMN = "Vekt"
TITLE_COLUMN = "Tittel"
TEXT_COLUMN = "Kravtekst"
Choices = dict[str, Choice]
"""The municipality's kravtype per requirement id; a requirement without an entry has none chosen."""


def citation(requirement: Requirement, version: Version) -> str:
    """How a requirement is cited: its permanent id with the catalogue version."""
    return f"{requirement.id} (v{version.version})"


def tender_use_text(requirement: Requirement) -> str:
    return ", ".join(TENDER_USE_LABELS[use] for use in requirement.tender_use)


def references_text(requirement: Requirement) -> str:
    """One line per reference; a cited paragraph and the Lovdata id go with the name, as in a tender text."""
    lines = []
    for ref in requirement.references:
        name = ref.title + (f", {ref.pinpoint}" if ref.pinpoint else "") + (f" ({ref.lovdata})" if ref.lovdata else "")
        lines.append(f"{name}: {reference_url(ref.url)}")
    return "\n".join(lines)


def _reference_json(ref: Reference) -> dict[str, str]:
    data = {"title": ref.title, "url": ref.url, "kind": ref.kind}
    # Only references cited from the reference list (3.0.0 on) have these; older ones stay as they were.
    for name in ("key", "pinpoint", "lovdata"):
        value = getattr(ref, name)
        if value:
            data[name] = value
    return data


def reference_url(url: str) -> str:
    """A reference as a reader of an exported file can follow it.

    Spec references on this site are written relative to a category page (``../../tjenester/``);
    outside the site that means nothing, so exports name the site path instead.
    """
    if url.startswith("https://"):
        return url
    site_path = posixpath.normpath(posixpath.join("anbefalinger/kategori", url.partition("#")[0]))
    return f"/{site_path}/ på nettstedet for felles journalløft"


@dataclass(frozen=True)
class Column:
    header: str
    width: int
    value: Callable[[Catalogue, Version, Requirement, Choice], str]


BUYER_COLUMNS: tuple[Column, ...] = (
    Column("ID", 14, lambda cat, ver, req, ch: req.id),
    Column("Versjon", 9, lambda cat, ver, req, ch: ver.version),
    Column("Kategori", 18, lambda cat, ver, req, ch: _category_title(cat, req)),
    Column(TITLE_COLUMN, 28, lambda cat, ver, req, ch: req.title),
    Column(TEXT_COLUMN, 60, lambda cat, ver, req, ch: req.text),
    Column(KRAVTYPE_COLUMN, 10, lambda cat, ver, req, ch: ch.kravtype),
    Column(WEIGHT_COLUMN, 7, lambda cat, ver, req, ch: ch.weight_text),
    Column("Foreslått nivå", 10, lambda cat, ver, req, ch: req.level),
    Column("Bruk i konkurranse", 20, lambda cat, ver, req, ch: tender_use_text(req)),
    Column("Leverandøren skal beskrive", 45, lambda cat, ver, req, ch: req.vendor_answer),
    Column("Verifikasjon", 35, lambda cat, ver, req, ch: req.verification),
    Column("Referanser", 35, lambda cat, ver, req, ch: references_text(req)),
)
ANSWER_COLUMNS: tuple[tuple[str, int], ...] = ((ANSWER_COLUMN, 14), (DESCRIPTION_COLUMN, 60))
HEADERS: tuple[str, ...] = tuple(col.header for col in BUYER_COLUMNS) + tuple(name for name, _ in ANSWER_COLUMNS)


def choice_for(choices: Choices | None, requirement: Requirement) -> Choice:
    return (choices or {}).get(requirement.id) or Choice(requirement.id, "")


def row_values(catalogue: Catalogue, version: Version, requirement: Requirement, choices: Choices | None) -> list[str]:
    choice = choice_for(choices, requirement)
    return [col.value(catalogue, version, requirement, choice) for col in BUYER_COLUMNS]


def _category_title(catalogue: Catalogue, requirement: Requirement) -> str:
    category = catalogue.category(requirement.category)
    return f"{requirement.category} – {category.title}" if category else requirement.category


# csv ------------------------------------------------------------------------------------------------


CSV_DIALECTS: dict[str, str] = {
    "excel-no": "semikolon og BOM-merke, slik norsk Excel åpner filen direkte med æøå",
    "plain": "komma og UTF-8 uten BOM (RFC 4180), for andre programmer og skript",
}


def to_csv(
    catalogue: Catalogue,
    version: Version,
    requirements: tuple[Requirement, ...],
    choices: Choices | None = None,
    dialect: str = "excel-no",
) -> str:
    """CSV with a status line, then the buyer's columns, one row per requirement, CRLF line ends.

    The first line says what the file is (journalloft.status), so a copy that travels on its own
    cannot be read as KS' document; the column headers follow on the second line.

    ``excel-no`` (default) is what Norwegian Excel opens by double-click: ``;`` as separator, since
    the comma is the decimal sign there, and a BOM so the UTF-8 æøå are not read as Windows-1252.
    ``plain`` is RFC 4180: comma, no BOM.
    """
    if dialect not in CSV_DIALECTS:
        raise ValueError(f"unknown csv dialect {dialect!r}")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", delimiter=";" if dialect == "excel-no" else ",")
    writer.writerow(csv_status_row())
    writer.writerow([col.header for col in BUYER_COLUMNS])
    for req in requirements:
        writer.writerow(row_values(catalogue, version, req, choices))
    return ("\ufeff" if dialect == "excel-no" else "") + buffer.getvalue()


def csv_status_row() -> list[str]:
    """The CSV's first line: the label and the status sentence (docs/assets/krav-filter.js writes the same)."""
    return [STATUS_LABEL, STATUS_NOTE]


# json -----------------------------------------------------------------------------------------------


def to_json(
    catalogue: Catalogue,
    version: Version,
    requirements: tuple[Requirement, ...],
    selection_text: str,
    choices: Choices | None = None,
) -> str:
    document: dict[str, Any] = {
        "status": STATUS_NOTE,
        "edition_note": catalogue.edition_note,
        "catalogue": catalogue.id,
        "title": catalogue.title,
        "version": version.version,
        "released": version.released,
        "selection": selection_text,
        "level_reminder": catalogue.level_reminder,
        "requirements": [_requirement_json(catalogue, version, req) for req in requirements],
    }
    if choices:
        document["tender_set"] = [
            {"id": c.id, "kravtype": c.kravtype, **({"weight": c.weight} if c.weight is not None else {})}
            for c in (choice_for(choices, req) for req in requirements)
            if c.kravtype
        ]
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _requirement_json(catalogue: Catalogue, version: Version, req: Requirement) -> dict[str, Any]:
    lifecycle = req.lifecycle
    return {
        "id": req.id,
        "citation": citation(req, version),
        "category": req.category,
        "title": req.title,
        "text": req.text,
        "level": req.level,
        "tender_use": list(req.tender_use),
        "rationale": {"aims": list(req.rationale_aims), "text": req.rationale_text},
        "guidance": req.guidance,
        "vendor_answer": req.vendor_answer,
        "verification": req.verification,
        "references": [_reference_json(r) for r in req.references],
        "service_areas": list(req.service_areas),
        "relations": {
            "depends_on": list(req.depends_on),
            "related": list(req.related),
            "supersedes": list(req.supersedes),
        },
        "lifecycle": {
            "status": lifecycle.status,
            "introduced": lifecycle.introduced,
            "changes": [{"version": c.version, "kind": c.kind, "note": c.note} for c in lifecycle.changes],
            "retired": (
                {
                    "version": lifecycle.retired.version,
                    "reason": lifecycle.retired.reason,
                    "replaced_by": list(lifecycle.retired.replaced_by),
                }
                if lifecycle.retired
                else None
            ),
        },
    }


# xlsx -----------------------------------------------------------------------------------------------

_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
_ANSWER_FILL = PatternFill("solid", fgColor="FFF2CC")
_WRAP = Alignment(wrap_text=True, vertical="top")


def to_xlsx(
    catalogue: Catalogue,
    version: Version,
    requirements: tuple[Requirement, ...],
    selection_text: str,
    choices: Choices | None = None,
) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = REQUIREMENTS_SHEET
    _fill_requirements(sheet, catalogue, version, requirements, choices)
    _fill_metadata(
        workbook.create_sheet(METADATA_SHEET),
        catalogue=catalogue,
        version=version,
        requirements=requirements,
        selection_text=selection_text,
        choices=choices,
    )
    for filled in workbook.worksheets:
        _text_cells(filled)
        # Printed or saved as PDF, every page of the annex still says what it is.
        filled.oddFooter.center.text = STATUS_NOTE
        filled.evenFooter.center.text = STATUS_NOTE
    stamp = _release_datetime(version)
    workbook.properties.creator = "journalloft"
    workbook.properties.title = f"{catalogue.title} – versjon {version.version}"
    workbook.properties.description = STATUS_NOTE
    workbook.properties.created = stamp
    workbook.properties.modified = stamp
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _fixed_zip_times(buffer.getvalue(), stamp)


def _fill_requirements(
    sheet: Any, catalogue: Catalogue, version: Version, requirements: tuple[Requirement, ...], choices: Choices | None
) -> None:
    sheet.append(list(HEADERS))
    weight_index = [col.header for col in BUYER_COLUMNS].index(WEIGHT_COLUMN)
    for req in requirements:
        values: list[str | float] = [*row_values(catalogue, version, req, choices), "", ""]
        weight = choice_for(choices, req).weight
        if weight is not None:
            # a number, so an evaluation sheet can sum the weights
            values[weight_index] = int(weight) if weight.is_integer() else weight
        sheet.append(values)
    widths = [col.width for col in BUYER_COLUMNS] + [width for _, width in ANSWER_COLUMNS]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for cell in sheet[1]:
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.alignment = _WRAP
    last_row = len(requirements) + 1
    answer_letter = get_column_letter(len(BUYER_COLUMNS) + 1)
    description_letter = get_column_letter(len(BUYER_COLUMNS) + 2)
    for row in sheet.iter_rows(min_row=2, max_row=last_row):
        for cell in row:
            cell.alignment = _WRAP
        for answer_cell in row[len(BUYER_COLUMNS) : len(BUYER_COLUMNS) + 2]:
            answer_cell.fill = _ANSWER_FILL
            answer_cell.protection = _UNLOCKED
    validation = DataValidation(
        type="list",
        formula1='"' + ",".join(ANSWER_VALUES) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Ugyldig svar",
        error="Velg " + ", ".join(ANSWER_VALUES[:-1]) + " eller " + ANSWER_VALUES[-1] + ".",
        showInputMessage=True,
        promptTitle=ANSWER_COLUMN,
        prompt="Velg fra listen om kravet er oppfylt.",
    )
    if requirements:
        validation.add(f"{answer_letter}2:{answer_letter}{last_row}")
    sheet.add_data_validation(validation)
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = f"A1:{description_letter}{last_row}"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    _protect(sheet)


_UNLOCKED = Protection(locked=False)


def _text_cells(sheet: Any) -> None:
    """Every string written as a text cell, in every sheet.

    openpyxl stores a string starting with "=" as a formula and "#N/A" and the like as errors. The
    catalogue's texts and the set file's title (which a municipality's colleague may have written) are
    text: a title ``=HYPERLINK("https://…?d="&Krav!E2, …)`` must not send a requirement elsewhere.
    """
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"


def _protect(sheet: Any) -> None:
    """Lock the municipality's columns so that a casual edit is refused; only the answer cells are open.

    No password: the lock guards against slips, not against intent (anyone can lift it), and the
    municipality must be able to lift it too. ``check-answers`` compares the locked text with the
    catalogue, which is what catches a deliberate change.
    """
    protection = sheet.protection
    protection.sheet = True
    # False means "allowed" in these flags: the vendor may filter, sort out of view and resize.
    protection.autoFilter = False
    protection.formatColumns = False
    protection.formatRows = False
    protection.selectLockedCells = False
    protection.selectUnlockedCells = False


METADATA_LABELS = {
    "catalogue": "Katalog",
    "title": "Tittel",
    "version": "Versjon",
    "released": "Utgitt",
    "selection": "Utvalg",
    "count": "Antall krav",
    "ids": "Krav i utvalget",
    "answers": "Tillatte svar i kolonnen Oppfylt",
    "reminder": "Nivå",
    "citation": "Slik siteres et krav",
    "kravtypes": "Kravtyper",
    "choices": "Kommunens kravtype per krav",
    "status": STATUS_LABEL,
    "edition": "Om denne utgaven",
}


def _fill_metadata(
    sheet: Any,
    *,
    catalogue: Catalogue,
    version: Version,
    requirements: tuple[Requirement, ...],
    selection_text: str,
    choices: Choices | None,
) -> None:
    for row in metadata_rows(catalogue, version, requirements, selection_text, choices):
        sheet.append(list(row))
    sheet.column_dimensions["A"].width = 32
    sheet.column_dimensions["B"].width = 100
    for row in sheet.iter_rows():
        row[0].font = Font(bold=True)
        for cell in row:
            cell.alignment = _WRAP
    _protect(sheet)  # the kravtype list here is what check-answers compares the rows with


def metadata_rows(
    catalogue: Catalogue,
    version: Version,
    requirements: tuple[Requirement, ...],
    selection_text: str,
    choices: Choices | None,
) -> list[tuple[str, str]]:
    """The "Om eksporten" sheet as (label, value); the site's annex writer fills the same rows.

    The status and the edition note come last so that the rows check-answers points at keep their
    place in annexes written before they were added.
    """
    return [
        (METADATA_LABELS["catalogue"], catalogue.id),
        (METADATA_LABELS["title"], catalogue.title),
        (METADATA_LABELS["version"], version.version),
        (METADATA_LABELS["released"], version.released or "ikke utgitt (utkast)"),
        (METADATA_LABELS["selection"], selection_text),
        (METADATA_LABELS["count"], str(len(requirements))),
        (METADATA_LABELS["ids"], ", ".join(req.id for req in requirements)),
        (METADATA_LABELS["answers"], ", ".join(ANSWER_VALUES)),
        (METADATA_LABELS["reminder"], catalogue.level_reminder),
        (METADATA_LABELS["citation"], f"Med id og versjon, for eksempel «FJL-INF-001 (v{version.version})»."),
        (
            METADATA_LABELS["kravtypes"],
            "; ".join(f"{letter} = {label}" for letter, label in KRAVTYPE_LABELS.items())
            + "; tom = ikke valgt. Kommunen bestemmer kravtypen; Vekt gjelder evalueringskrav.",
        ),
        (
            METADATA_LABELS["choices"],
            ", ".join(c.marker for c in (choice_for(choices, req) for req in requirements) if c.kravtype),
        ),
        (METADATA_LABELS["status"], STATUS_NOTE),
        (METADATA_LABELS["edition"], catalogue.edition_note),
    ]


def _release_datetime(version: Version) -> dt.datetime:
    day = dt.date.fromisoformat(version.released) if version.released else dt.date(2000, 1, 1)
    return dt.datetime(day.year, day.month, day.day)


def _fixed_zip_times(data: bytes, stamp: dt.datetime) -> bytes:
    """Rewrite the zip with every member dated ``stamp`` so equal content gives equal bytes.

    openpyxl sets the document's modified time to the wall clock while saving; it is put back to
    ``stamp`` here, since the release date is the only honest date of an export.
    """
    source = zipfile.ZipFile(io.BytesIO(data))
    iso = stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    target_buffer = io.BytesIO()
    with zipfile.ZipFile(target_buffer, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(<)", rb"\g<1>" + iso.encode() + rb"\2", content)
            target.writestr(fixed, content)
    return target_buffer.getvalue()
