"""The NEWS2 scoring chart page, drawn from the same table the scoring engine uses.

One generated page, ``tjenester/news2/skaringstabell.md``: the chart in the RCP's layout (scores
3-2-1 for low values, 0 in the middle, 1-2-3 for high values), the risk bands, and the statement
that the engine checks data quality and is not for clinical decisions.
"""

from __future__ import annotations

from pathlib import Path

from journalloft.news2.chart import CHART, Band, Parameter
from journalloft.news2.engine import RISK_TITLES
from journalloft.site.provenance import provenance_header
from journalloft.site.specdata import table

PAGE = "tjenester/news2/skaringstabell.md"
COLUMNS = ("3", "2", "1", "0", "1", "2", "3")


def pages(repo_root: Path) -> dict[str, str]:
    del repo_root  # the chart lives in the package, not in a data file
    return {PAGE: page()}


def _cells(parameter: Parameter) -> list[str]:
    """Seven cells: a band goes left of the 0 column when it comes before the first 0 band."""
    cells: list[list[str]] = [[] for _ in COLUMNS]
    zero_seen = False
    for band in parameter.bands:
        if band.score == 0:
            zero_seen = True
            cells[3].append(_label(band, parameter))
        elif zero_seen:
            cells[3 + band.score].append(_label(band, parameter))
        else:
            cells[3 - band.score].append(_label(band, parameter))
    return ["<br>".join(c) for c in cells]


def _label(band: Band, parameter: Parameter) -> str:
    return band.label(parameter.decimals)


def page() -> str:
    rows = [
        "| Parameter | " + " | ".join(COLUMNS) + " |",
        "|---|" + "---|" * len(COLUMNS),
    ]
    for parameter in CHART:
        unit = f" ({parameter.unit})" if parameter.unit else ""
        rows.append(f"| {parameter.title}{unit} | " + " | ".join(_cells(parameter)) + " |")
    risk = [
        "| Risikonivå | Når |",
        "|---|---|",
        f"| {RISK_TITLES['lav']} | Totalskår 0–4, og ingen parameter gir 3 poeng |",
        f"| {RISK_TITLES['lav-middels']} | Totalskår 0–4, og én parameter gir 3 poeng |",
        f"| {RISK_TITLES['middels']} | Totalskår 5–6 |",
        f"| {RISK_TITLES['hoy']} | Totalskår 7 eller mer |",
    ]
    parts = [
        provenance_header(["journalloft.news2.chart"]),
        "",
        "# Skåringstabellen for NEWS2",
        "",
        '!!! warning "Ikke for kliniske beslutninger"',
        "    Tabellen og validatoren kontrollerer datakvalitet: at skårene som deles, stemmer med",
        "    målingene. Validatoren er ikke medisinsk utstyr og skal ikke brukes til kliniske",
        "    beslutninger. Den kliniske kilden er Royal College of Physicians' NEWS2 (2017).",
        "",
        "Tabellen er laget fra den samme tabellen som validatoren og `journalloft news2 score` regner",
        "med (`journalloft.news2.chart`), etter Royal College of Physicians' skåringstabell for",
        "National Early Warning Score 2 (2017). Kolonnene er poeng: lave verdier til venstre, høye til høyre.",
        "",
        *table(rows),
        "Grensene er med i båndet. Verdier rundes først (halv opp) til tabellens oppløsning: hele tall for",
        "frekvenser, oksygenmetning og blodtrykk, én desimal for temperatur. 38,05 °C skåres altså som",
        "38,1 °C. Skala 2 for oksygenmetning brukes bare etter klinisk beslutning ved hyperkapnisk",
        "respirasjonssvikt; validatoren bruker den bare når vurderingen har delskår for skala 2.",
        "",
        "## Risikonivå",
        "",
        *table(risk),
    ]
    return "\n".join(parts)
