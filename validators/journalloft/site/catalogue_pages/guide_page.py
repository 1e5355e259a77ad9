"""The generated page about the catalogue's tools (docs/anbefalinger/verktoy.md).

It documents the xlsx columns, the allowed answers, what ``check-answers`` reports and the lint
rules that guard the catalogue, from the same tables the code uses; the Norwegian explanations here
must cover exactly those tables (tests/requirements/test_requirements_pages.py checks it).
"""

from __future__ import annotations

from openpyxl.utils import get_column_letter

from journalloft.requirements.answers import (
    ANSWER_CODES,
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_SHARED_STRINGS_BYTES,
    MAX_UNPACKED_BYTES,
)
from journalloft.requirements.export import (
    ANSWER_COLUMN,
    ANSWER_VALUES,
    CSV_DIALECTS,
    DESCRIPTION_COLUMN,
    HEADERS,
    KRAVTYPE_COLUMN,
    METADATA_SHEET,
    WEIGHT_COLUMN,
)
from journalloft.requirements.lint import RULES
from journalloft.requirements.lint_procurement import PROCUREMENT_RULES_NB
from journalloft.requirements.reference_list import REFERENCE_RULES_NB
from journalloft.requirements.tender_set import KRAVTYPE_LABELS

ANSWER_CODES_NB: dict[str, str] = {
    "unanswered": "Kolonnen Oppfylt er tom for kravet.",
    "invalid-answer": "Oppfylt har en annen verdi enn Ja, Delvis, Nei eller Ikke aktuelt.",
    "absolute-not-fulfilled": (
        "Et krav kommunen har gjort til absolutt krav (kravtype A), er besvart med Nei. "
        "Tilbudet oppfyller ikke et absolutt krav."
    ),
    "absolute-partly-fulfilled": "Advarsel: et absolutt krav (A) er besvart med Delvis. Kommunen må vurdere svaret.",
    "evaluated-not-fulfilled": (
        "Advarsel: et evalueringskrav (V) er besvart med Nei. Det gir ingen uttelling i evalueringen, "
        "men tilbudet kan fortsatt vurderes."
    ),
    "wish-not-fulfilled": "Merknad: et ønske (Ø) er besvart med Nei. Det er bare til informasjon.",
    "kravtype-missing": (
        "Advarsel: kommunen har ikke satt kravtype (A, V eller Ø) for kravet, så et Nei kan ikke vektes."
    ),
    "kravtype-invalid": "Kravtype-cellen har en annen verdi enn A, V eller Ø.",
    "kravtype-changed": "Kravtype eller Vekt i raden er en annen enn kommunen valgte (i egen fil eller i eksporten).",
    "requirement-changed": (
        "ID, Tittel eller Kravtekst i raden er endret: teksten er ikke lik katalogens tekst i versjonen filen gjelder."
    ),
    "column-removed": "En av kommunens kolonner (Tittel, Kravtekst, Kravtype, Vekt) mangler i rad 1.",
    "id-not-exported": "Raden har en krav-ID fra katalogen som ikke var med i utvalget kommunen eksporterte.",
    "description-missing": "Advarsel: svaret er Ja eller Delvis, men leverandørens beskrivelse mangler.",
    "unknown-id": "Raden har en ID som ikke finnes i katalogversjonen filen gjelder.",
    "duplicate-id": "Det samme kravet er besvart i to rader.",
    "id-missing": "En rad har innhold, men ingen krav-ID.",
    "version-mismatch": "Versjonen i raden er en annen enn versjonen filen er eksportert fra.",
    "requirement-missing": "Et krav som var med i eksporten, har ikke lenger noen rad. Rader skal ikke slettes.",
}

RULES_NB: dict[str, str] = {
    "yaml-syntax": "Filen kan ikke leses, er ikke gyldig YAML eller bruker YAML-alias (`*navn`).",
    "yaml-duplicate-key": "Samme nøkkel står to ganger i samme blokk.",
    "yaml-bare-scalar": "En verdi uten anførselstegn er lest som sannhetsverdi eller tall (for eksempel no eller 1.0).",
    "schema": "Filen bryter JSON-skjemaet for katalogen eller kategorien.",
    "catalogue-duplicate": "Et mål, tjenesteområde, en kategori eller en versjon er oppgitt to ganger.",
    "version-order": "Versjonene står ikke i stigende rekkefølge etter nummer og dato.",
    "version-status": "Det er ikke nøyaktig én gjeldende versjon, eller statusene står i feil rekkefølge.",
    "category-file-missing": "En kategori viser til en fil som ikke finnes.",
    "category-unknown": "En kategorifil er ikke oppført i katalogen, eller oppgir en annen kategori.",
    "id-duplicate": "To krav har samme ID.",
    "id-prefix": "ID-en har ikke kategorien sin i seg (FJL-<kategori>-nnn).",
    "id-gap": (
        "Et ID-nummer under det høyeste i kategorien er verken i bruk eller oppført som tatt ut. Krav slettes aldri."
    ),
    "id-reused": "En ID som er tatt ut av bruk, er brukt på nytt. ID-er brukes aldri om igjen.",
    "reference-dangling": "En relasjon eller erstatning viser til en ID som ikke finnes.",
    "relation-self": "Et krav viser til seg selv.",
    "aim-unknown": "Begrunnelsen viser til et mål katalogen ikke har.",
    "service-area-unknown": "Kravet viser til et tjenesteområde katalogen ikke har.",
    "version-unknown": "Livsløpet viser til en versjon katalogen ikke har.",
    "lifecycle-status": "Status og opplysningene om at kravet er utgått, stemmer ikke overens.",
    "lifecycle-order": "Hendelsene i livsløpet står i feil rekkefølge (endring før innføring, etter utgang osv.).",
    "lifecycle-supersedes": (
        "«Erstatter» og «erstattet av» stemmer ikke overens, eller det gamle kravet gjelder fortsatt."
    ),
    "change-meaning": (
        "En endring gjør kravet strengere eller er ikke redaksjonell slik den oppgir. Slike krav får ny ID."
    ),
    "relation-version": "I en versjon viser et krav til et annet krav som ikke finnes i den versjonen.",
    "version-bump": "Versjonsnummeret passer ikke med endringene (utgått krav: hovedversjon, nytt krav: delversjon).",
    "spec-reference-unknown": (
        "Et krav nevner en spesifikasjon eller versjon (`--spec ID`, `ID@VERSJON`) som ikke er publisert "
        "eller reservert i en tjenestefil (specs/services/)."
    ),
    "spec-requirement-unknown": "En spesifikasjons spec.yaml viser til en krav-ID som ikke finnes i katalogen.",
    "command-unknown": (
        "Et krav siterer en `journalloft`-kommando eller et valg som verktøyet ikke har. En spesifikasjon som "
        "ennå ikke er publisert, reserveres i en tjenestefil (specs/services/)."
    ),
    "release-changed": (
        "En utgitt versjon leser ikke lenger som da den ble utgitt (innhold eller hvilke krav den har). Endringer "
        "føres i livsløpet med tidligere verdi og gjelder fra neste versjon."
    ),
    "release-unrecorded": "En utgitt versjon mangler fingeravtrykk i released.yaml.",
    "release-source-checks": (
        "Kildekontrollene (source_checks) i en utgitt versjon er endret eller flyttet til en annen versjon, "
        "for eksempel fordi en ny versjon ble satt inn foran dem. Nye versjoner åpnes med "
        "`journalloft requirements new-version`, som legger dem sist."
    ),
    "release-record": "released.yaml kan ikke leses. Filen skrives av `journalloft requirements release`.",
    "id-deleted": "En ID som er utstedt (står i released.yaml), er verken et krav eller oppført som tatt ut.",
}


RULES_NB.update(REFERENCE_RULES_NB)
RULES_NB.update(PROCUREMENT_RULES_NB)


def guide_page(header: str, catalogue_id: str, current: str) -> str:
    """The export and supplier-answer page: one function per section, joined in page order."""
    return (
        _intro(header)
        + _excel_section(catalogue_id)
        + _answers_section()
        + _export_section()
        + _tender_set_section(current)
        + _maintenance_section()
    )


def _intro(header: str) -> str:
    return f"""{header}

# Eksport og leverandørsvar

Katalogen finnes som Excel (xlsx), CSV og JSON for hver utgitt versjon. Excel-filen er laget for å
legges ved konkurransegrunnlaget: leverandøren svarer i den samme filen, og kommunen kan kontrollere
svarene med verktøyet `journalloft`. Slik installerer du det: [Installasjon](../validator/installasjon.md).

"""


def _excel_section(catalogue_id: str) -> str:
    kravtypes = ", ".join(f"{letter} = {label}" for letter, label in KRAVTYPE_LABELS.items())
    columns = "\n".join(f"| {get_column_letter(number)} | {name} |" for number, name in enumerate(HEADERS, start=1))
    example = f"{catalogue_id}-<versjon>.xlsx"
    return f"""## Excel-filen

Filen ({example}) har arket **Krav** med én rad per krav og arket **{METADATA_SHEET}** med katalog,
versjon, utgivelsesdato, utvalget som ble eksportert og listen over kravene i utvalget. Arket sier
også hva filen er (raden **Status**): en uavhengig arbeidsversjon, ikke KS' eller NHNs offisielle
publikasjon. Det samme står i bunnteksten på hver utskrevne side. Filen har ingen eksportdato: samme
versjon og utvalg gir alltid den samme filen.

| Kolonne | Innhold |
| --- | --- |
{columns}

«{KRAVTYPE_COLUMN}» er kommunens beslutning: {kravtypes}. Tom celle betyr at kommunen ikke har
valgt. «{WEIGHT_COLUMN}» er vekten (i prosent) et evalueringskrav har i evalueringen. Kravets
foreslåtte nivå og bruk i konkurranse er bare katalogens forslag; kommunen bestemmer kravtypen.

Kommunens kolonner er låst med arkbeskyttelse uten passord, slik at en endring ved et uhell blir
avvist; bare de to svarkolonnene er åpne. Låsen kan oppheves av hvem som helst, og derfor
sammenligner kontrollen under også ID, tittel og kravtekst med katalogen.

Leverandøren fyller ut de to siste kolonnene. I «{ANSWER_COLUMN}» velges ett av svarene
{", ".join(f"«{value}»" for value in ANSWER_VALUES)} fra en nedtrekksliste. I «{DESCRIPTION_COLUMN}»
beskriver leverandøren hvordan kravet oppfylles, slik kolonnen «Leverandøren skal beskrive» ber om.
Rader skal ikke slettes eller legges til.

"""


def _answers_section() -> str:
    answer_codes = "\n".join(f"| `{code}` | {ANSWER_CODES_NB[code]} |" for code in ANSWER_CODES)
    max_rows = f"{MAX_ROWS:,}".replace(",", " ")
    return f"""## Kontroll av leverandørens svar

```console
journalloft requirements check-answers svar.xlsx
```

Kommandoen leser arket Krav, finner kolonnene etter overskriftene og kontrollerer svarene mot
katalogversjonen filen ble eksportert fra. Hvordan et «Nei» veier, følger kommunens kravtype:
på et absolutt krav (A) er det en feil, på et evalueringskrav (V) en advarsel til evalueringen, på et
ønske (Ø) en merknad. Et krav uten kravtype gir en advarsel. Endret ID, tittel eller kravtekst
oppgis i cellen der endringen står. Kravtypene sammenlignes med listen eksporten skrev i arket
{METADATA_SHEET}. Den listen kan leverandøren endre sammen med cellene; gi derfor kommunens egen
fasit med `--set`: utvalgsfilen (YAML eller JSON, for eksempel den siden lagrer med «Lagre utvalget som
fil») eller kommunens eget, ubesvarte Excel-bilag. Da oppgis en endret Kravtype eller Vekt som
`kravtype-changed` i cellen. Et bilag brukes bare som fasit når cellene og listen i {METADATA_SHEET}
sier det samme og ingen rad er besvart; ellers avvises det (avslutningskode 2) med cellen som viser
det. Hver feil oppgis med ark og celle, for eksempel `Krav!M7`. Avslutningskoden er 0 når det
ikke er feil (advarsler og merknader er tillatt), 1 når det er feil i svarene, 2 når filen ikke kan
kontrolleres (ikke en xlsx-fil, mangler arket Krav eller påkrevde kolonner, ukjent versjon), og 3
når kommandoen selv feilet (meld fra om feilen).

Arbeidsboken leses strømmende og innenfor faste grenser: høyst {max_rows} rader og {MAX_COLUMNS}
kolonner i arket Krav, høyst {MAX_SHARED_STRINGS_BYTES // 2**20} MiB delte tekster og
{MAX_UNPACKED_BYTES // 2**20} MiB utpakket. En arbeidsbok som oppgir større dimensjoner, for eksempel
fordi en celle langt ute som `XFD1048576` er brukt, avvises med en melding om å slette cellene og
lagre på nytt. Tekst fra cellene vises med kontrolltegn og tegn som snur skriveretningen som
escaper (for eksempel `\\u202e`).

| Kode | Betydning |
| --- | --- |
{answer_codes}

"""


def _export_section() -> str:
    csv_dialects = "; ".join(f"`{name}` gir {text}" for name, text in CSV_DIALECTS.items())
    return f"""## Eksport av et utvalg

```console
journalloft requirements export --format xlsx --output krav.xlsx
journalloft requirements export --format xlsx --version 1.1.0 --ids FJL-INF-001,FJL-DEL-005 --output utvalg.xlsx
journalloft requirements export --format csv --category SIK --level må --level skal
journalloft requirements export --format json --tender-use absolute --service-area legevakt --text FHIR
```

Filtrene kombineres: forskjellige filtre må alle passe, flere verdier av samme filter er alternativer.
Uten `--version` brukes gjeldende versjon. En ID som ikke finnes i den valgte versjonen, gir feil i
stedet for en fil som mangler kravet, og et utvalg uten krav gir feil (avslutningskode 2) i stedet
for et tomt bilag.

CSV-filen er laget for norsk Excel: {csv_dialects}. Velg med `--csv-dialect`. Første linje i
CSV-filen er statuslinjen (`Status` og setningen om hva filen er), og kolonneoverskriftene står på
andre linje. JSON-filen har den samme setningen i feltet `status`.

"""


def _tender_set_section(current: str) -> str:
    return f"""## Kommunens utvalg med kravtype

Kommunens eget utvalg skrives i en liten YAML- eller JSON-fil (skjema:
`specs/requirements/schema/tender-set.schema.json`) og gis til eksporten med `--set`:

```yaml
version: "{current}"
title: Anskaffelse av journalsystem
requirements:
  - id: FJL-INF-001
    kravtype: A
  - id: FJL-INF-002
    kravtype: V
    weight: 20
  - id: FJL-DEL-001
    kravtype: Ø
```

```console
journalloft requirements export --format xlsx --set kommunens-sett.yaml --output bilag.xlsx
journalloft requirements check-answers svar.xlsx --set kommunens-sett.yaml
journalloft requirements check-answers svar.xlsx --set bilag.xlsx
```

På siden Alle krav (og på siden for hver utgitt versjon) lagrer «Lagre utvalget som fil» utvalget i
dette formatet som JSON, med katalogversjonen og konkurransens tittel, og «Hent et lagret utvalg»
leser filen inn igjen. Lenken til utvalget oppgir også versjonen, så en lenke eller fil laget før en ny
versjon ble gitt ut, åpner utvalget i sin versjon.

Rekkefølgen i filen blir rekkefølgen i bilaget. `weight` kan bare brukes på evalueringskrav (V).
Tittelen og all annen tekst skrives som tekstceller i begge arkene, også når den begynner med `=`,
så en tittel kan ikke bli en formel i Excel.

YAML-alias (`*navn`, som gjentar verdien et anker `&navn` peker på) godtas ikke i utvalget, i
katalogfilene eller i `spec.yaml`: noen hundre byte med alias kan bli milliarder av verdier. Et alias
gir feil med linje og kolonne (avslutningskode 2); skriv verdien ut der den brukes.

"""


def _maintenance_section() -> str:
    rules = "\n".join(f"| `{rule}` | {RULES_NB[rule]} |" for rule in RULES)
    return f"""## Slik holdes katalogen ved like

Katalogen ligger som YAML under `specs/requirements/` med JSON-skjema i `specs/requirements/schema/`.
Sidene om anbefalingene og nedlastingsfilene lages fra disse filene. Kontrollen
`journalloft requirements lint` kjøres i CI og oppgir fil og linje for hvert brudd:

| Regel | Hva den fanger |
| --- | --- |
{rules}
"""
