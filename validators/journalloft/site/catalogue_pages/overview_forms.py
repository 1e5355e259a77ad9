"""The interactive part of the catalogue's overview page: the filter, the municipality's set and their data.

The page's scripts (docs/assets/krav-filter.js and xlsx-skriver.js) read the data this module writes
inline, so filtering the catalogue and writing the tender annex never make a request.
"""

from __future__ import annotations

import json

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
from journalloft.requirements.model import TENDER_USE_LABELS, Catalogue, Requirement, Version
from journalloft.status import STATUS_NOTE


def filter_form(catalogue: Catalogue, members: tuple[Requirement, ...]) -> list[str]:
    """The filter's fields, offering only values some requirement of the version has: a choice that
    can only ever show an empty table is a dead end."""
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
        '<button type="button" id="krav-csv" class="md-button">Last ned utvalget (CSV)</button>',
        "</div>",
        "</form>",
        '<p id="krav-antall" role="status" aria-live="polite"></p>',
        *_tender_set_form(),
        "</div>",
    ]


def _tender_set_form() -> list[str]:
    """The municipality's set: chosen requirements with kravtype and weight, the annex and a link.

    Filled by docs/assets/krav-filter.js; the annex is written in the page by xlsx-skriver.js.
    """
    return [
        '<section id="krav-utvalg" class="jl-krav-utvalg" aria-labelledby="krav-utvalg-tittel">',
        '<p id="krav-utvalg-tittel" class="jl-utvalg-tittel"><strong>Kommunens utvalg</strong></p>',
        "<p>Velg krav i tabellen (avkrysningsboksen ved ID-en) eller legg til alle som vises. Sett kravtype for "
        "hvert krav: A absolutt krav, V evalueringskrav (med vekt i prosent om du vil) eller Ø ønske. "
        "Forslaget kommer fra kravets foreslåtte bruk; kommunen bestemmer. Excel-bilaget lages i nettleseren, "
        "og ingenting sendes noe sted.</p>",
        '<div class="jl-knapper">',
        '<button type="button" id="krav-velg-viste" class="md-button">Legg viste krav i utvalget</button>',
        '<button type="button" id="krav-tom" class="md-button">Tøm utvalget</button>',
        '<button type="button" id="krav-xlsx" class="md-button">Last ned utvalget som Excel-bilag (xlsx)</button>',
        "</div>",
        '<p id="krav-utvalg-antall" role="status" aria-live="polite"></p>',
        '<table id="krav-utvalg-tabell" class="jl-utvalg-tabell" hidden>',
        "<caption>Kravene i utvalget</caption>",
        '<thead><tr><th scope="col">ID</th><th scope="col">Tittel</th><th scope="col">Kravtype</th>'
        '<th scope="col">Vekt (%)</th><th scope="col">Fjern</th></tr></thead>',
        "<tbody></tbody>",
        "</table>",
        '<p class="jl-lenke"><label for="krav-lenke">Lenke som gjenoppretter utvalget og filteret</label>',
        '<input type="text" id="krav-lenke" readonly></p>',
        "</section>",
    ]


def filter_data(catalogue: Catalogue, version: Version, members: tuple[Requirement, ...]) -> str:
    """The data the filter needs, inline as JSON, so filtering never makes a request."""
    data = {
        "version": version.version,
        "csvStatus": csv_status_row(),
        "columns": [col.header for col in BUYER_COLUMNS],
        "requirements": {
            req.id: {
                "category": req.category,
                "level": req.level,
                "tenderUse": list(req.tender_use),
                "serviceAreas": list(req.service_areas),
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
