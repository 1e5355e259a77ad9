"""The interactive part of the catalogue's overview page: the filter, the municipality's set and their data.

The page's scripts (docs/assets/krav-filter.js and xlsx-skriver.js) read the data this module writes
inline, so filtering the catalogue and writing the tender annex never make a request.
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Callable

from journalloft.requirements.export import (
    ANSWER_COLUMNS,
    ANSWER_VALUES,
    BUYER_COLUMNS,
    HEADERS,
    KRAVTYPE_COLUMN,
    METADATA_LABELS,
    WEIGHT_COLUMN,
    csv_status_row,
    metadata_rows,
    row_values,
)
from journalloft.requirements.mdtext import inline
from journalloft.requirements.model import TENDER_USE_LABELS, Catalogue, Requirement, Version
from journalloft.requirements.tender_set import suggested_kravtype
from journalloft.requirements.versions import requirements_at
from journalloft.status import STATUS_NOTE


def finder_section(
    catalogue: Catalogue,
    version: Version,
    page: str,
    version_pages: dict[str, str],
    link: Callable[[str], str],
) -> list[str]:
    """The filter, the set builder, the table they work on and their data, for the overview page and for
    each version page (``page``: the docs path; ``version_pages``: version -> docs path of its page;
    ``link``: the markdown link of a requirement id in the table)."""
    members = requirements_at(catalogue, version.version)
    current = catalogue.current
    newer = (
        (current.version, page_url(page, version_pages[current.version]))
        if version.version != current.version and current.version in version_pages
        else None
    )
    body = [
        *filter_form(catalogue, version, members, newer),
        "",
        '<div class="jl-krav-tabell" markdown>',
        "",
        "| ID | Tittel | Kategori | Foreslått nivå | Bruk i konkurranse | Tjenesteområder |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for req in members:
        uses = ", ".join(TENDER_USE_LABELS[u] for u in req.tender_use)
        areas = ", ".join(inline(catalogue.service_area_title(a)) for a in req.service_areas)
        body.append(f"| {link(req.id)} | {inline(req.title)} | {req.category} | {req.level} | {uses} | {areas} |")
    urls = {name: page_url(page, target) for name, target in version_pages.items()}
    return [*body, "", "</div>", "", filter_data(catalogue, version, members, urls), ""]


def filter_form(
    catalogue: Catalogue, version: Version, members: tuple[Requirement, ...], newer: tuple[str, str] | None = None
) -> list[str]:
    """The filter's fields, offering only values some requirement of the version has: a choice that
    can only ever show an empty table is a dead end. ``newer`` is (version, link) when the page is an
    older version: the set section says so."""
    categories = {req.category for req in members}
    levels = {req.level for req in members}
    uses = {use for req in members for use in req.tender_use}
    areas = {area for req in members for area in req.service_areas}

    def select(name: str, label: str, options: list[tuple[str, str]]) -> list[str]:
        return [
            '<div class="jl-felt">',
            f'<label for="krav-{name}">{label}</label>',
            f'<select id="krav-{name}" name="{name}">',
            '<option value="">Alle</option>',
            *(f'<option value="{value}">{_html(text)}</option>' for value, text in options),
            "</select>",
            "</div>",
        ]

    return [
        '<div id="krav-filter" class="jl-krav-filter" hidden>',
        '<form id="krav-filter-skjema" aria-label="Filtrer kravene">',
        *select(
            "kategori", "Kategori", [(c.id, f"{c.id} – {c.title}") for c in catalogue.categories if c.id in categories]
        ),
        *select(
            "niva", "Foreslått nivå", [(level, level) for level in ("må", "skal", "bør", "kan") if level in levels]
        ),
        *select("bruk", "Bruk i konkurranse", [(k, v) for k, v in TENDER_USE_LABELS.items() if k in uses]),
        *select("omrade", "Tjenesteområde", [(a.id, a.title) for a in catalogue.service_areas if a.id in areas]),
        '<div class="jl-felt jl-felt--tekst">',
        '<label for="krav-tekst">Fritekst (ID, tittel eller kravtekst)</label>',
        '<input type="search" id="krav-tekst" name="tekst" autocomplete="off">',
        "</div>",
        '<div class="jl-knapper">',
        '<button type="reset" class="md-button">Nullstill</button>',
        '<button type="button" id="krav-csv" class="md-button">Last ned kravene som vises (CSV)</button>',
        "</div>",
        "</form>",
        '<p id="krav-antall" role="status" aria-live="polite"></p>',
        *_tender_set_form(version, newer),
        "</div>",
    ]


def _tender_set_form(version: Version, newer: tuple[str, str] | None) -> list[str]:
    """The municipality's set: chosen requirements with kravtype and weight, the annex, the file and a link.

    Filled by docs/assets/krav-filter.js; the annex is written in the page by xlsx-skriver.js.
    """
    newer_note = (
        [
            f'<p id="krav-nyere-versjon" class="jl-merknad">Dette utvalget gjelder versjon {version.version}. '
            f'En nyere versjon, {newer[0]}, finnes: <a href="{newer[1]}">kravene i versjon {newer[0]}</a>. '
            "Et utvalg flyttes ikke mellom versjoner; se endringene før dere bytter.</p>"
        ]
        if newer
        else []
    )
    return [
        '<section id="krav-utvalg" class="jl-krav-utvalg" aria-labelledby="krav-utvalg-tittel">',
        f'<p id="krav-utvalg-tittel" class="jl-utvalg-tittel"><strong>Kommunens utvalg (versjon {version.version})'
        "</strong></p>",
        *newer_note,
        "<p>Velg krav i tabellen (avkrysningsboksen ved ID-en) eller legg til alle som vises. Sett kravtype for "
        "hvert krav: A absolutt krav, V evalueringskrav (med vekt i prosent om du vil) eller Ø ønske. "
        "Forslaget kommer fra kravets foreslåtte bruk (A bare der katalogen bare foreslår absolutt krav); "
        "kommunen bestemmer. Utvalget huskes i denne nettleseren for denne versjonen til du tømmer det. "
        "Excel-bilaget og filen lages i nettleseren, og ingenting sendes noe sted.</p>",
        '<p class="jl-felt"><label for="krav-tittel">Konkurransens tittel (valgfritt)</label>',
        '<input type="text" id="krav-tittel" maxlength="200" autocomplete="off"></p>',
        '<div class="jl-knapper">',
        '<button type="button" id="krav-velg-viste" class="md-button">Legg viste krav i utvalget</button>',
        '<button type="button" id="krav-tom" class="md-button">Tøm utvalget</button>',
        '<button type="button" id="krav-xlsx" class="md-button">Last ned utvalget som Excel-bilag (xlsx)</button>',
        '<button type="button" id="krav-lagre" class="md-button">Lagre utvalget som fil (JSON)</button>',
        "</div>",
        '<p class="jl-felt"><label for="krav-fil">Hent et lagret utvalg (JSON-fil)</label>',
        '<input type="file" id="krav-fil" accept=".json,application/json"></p>',
        '<p id="krav-utvalg-melding" role="status" aria-live="polite" hidden></p>',
        '<p id="krav-utvalg-antall" role="status" aria-live="polite"></p>',
        '<table id="krav-utvalg-tabell" class="jl-utvalg-tabell" hidden>',
        "<caption>Kravene i utvalget</caption>",
        '<thead><tr><th scope="col">ID</th><th scope="col">Tittel</th><th scope="col">Kravtype</th>'
        '<th scope="col">Vekt (%)</th><th scope="col">Fjern</th></tr></thead>',
        "<tbody></tbody>",
        "</table>",
        '<p class="jl-lenke"><label for="krav-lenke">Lenke som gjenoppretter utvalget og filteret '
        "(med katalogversjonen)</label>",
        '<input type="text" id="krav-lenke" readonly>',
        '<button type="button" id="krav-kopier" class="md-button">Kopier lenken</button></p>',
        "</section>",
    ]


def page_url(from_doc: str, to_doc: str) -> str:
    """The relative URL from one generated page to another as the site serves them (``krav.md`` is
    ``krav/``), for links the page's script follows."""
    source = posixpath.dirname(from_doc) + "/" + posixpath.basename(from_doc).removesuffix(".md")
    target = posixpath.dirname(to_doc) + "/" + posixpath.basename(to_doc).removesuffix(".md")
    return posixpath.relpath(target, source) + "/"


def filter_data(
    catalogue: Catalogue,
    version: Version,
    members: tuple[Requirement, ...],
    version_pages: dict[str, str] | None = None,
) -> str:
    """The data the filter needs, inline as JSON, so filtering never makes a request.

    ``version_pages`` maps every published version to its page's URL relative to this page: a link
    or saved file for another version is opened there.
    """
    data = {
        "catalogue": catalogue.id,
        "version": version.version,
        "versionPages": version_pages or {},
        "csvStatus": csv_status_row(),
        "columns": [col.header for col in BUYER_COLUMNS],
        "requirements": {
            req.id: {
                "category": req.category,
                "level": req.level,
                "tenderUse": list(req.tender_use),
                "serviceAreas": list(req.service_areas),
                "kravtype": suggested_kravtype(req),
                "search": " ".join((req.id, req.title, req.text)).casefold(),
                "row": row_values(catalogue, version, req, None),
            }
            for req in members
        },
        "annex": _annex_template(catalogue, version),
    }
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
    return f'<script type="application/json" id="krav-data">{text}</script>'


SITE_SELECTION = "kommunens utvalg (laget på nettstedet)"
"""The annex's "Utvalg" text when the set is built on the site."""


def _annex_template(catalogue: Catalogue, version: Version) -> dict[str, object]:
    """What docs/assets/xlsx-skriver.js needs to write the same annex as ``export --set``.

    The metadata rows are the export's own, computed for an empty set; the four rows that depend on
    the set are named by key so the page fills them in.
    """
    filled = {METADATA_LABELS[key]: key for key in ("selection", "count", "ids", "choices")}
    headers = [col.header for col in BUYER_COLUMNS]
    return {
        "title": f"{catalogue.title} – versjon {version.version}",
        "status": STATUS_NOTE,
        "headers": list(HEADERS),
        "widths": [col.width for col in BUYER_COLUMNS] + [width for _, width in ANSWER_COLUMNS],
        "answerValues": list(ANSWER_VALUES),
        "kravtypeColumn": headers.index(KRAVTYPE_COLUMN),
        "weightColumn": headers.index(WEIGHT_COLUMN),
        "selectionText": SITE_SELECTION,
        "metadata": [
            [label, value, filled.get(label, "")] for label, value in metadata_rows(catalogue, version, (), "", None)
        ],
    }


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
