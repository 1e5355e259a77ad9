"""The editor's guide (docs/anbefalinger/redigering.md): how a change reaches a released version.

The steps are prose; the format reference is generated from the JSON Schemas the lint uses, one table
per schema file, with each field's type, whether it is required and its allowed values taken from the
schema. The explanation of each field is Norwegian and lives in :data:`FIELDS_NB`, keyed like the
schema paths; a test keeps the two in step, so a field added to a schema must be explained here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from journalloft import safe_yaml
from journalloft.requirements.model import version_key
from journalloft.requirements.page_paths import draft_page_path
from journalloft.requirements.paths import default_root
from journalloft.requirements.yamlsource import load_yaml

PAGE = "anbefalinger/redigering.md"
SCHEMAS: tuple[tuple[str, str, str], ...] = (
    ("catalogue.schema.json", "catalogue.yaml", "Katalogen"),
    ("category.schema.json", "categories/*.yaml", "Kategorifilene og kravene"),
    ("references.schema.json", "references.yaml", "Referanselisten"),
    ("tender-set.schema.json", "kommunens utvalg (YAML eller JSON)", "Kommunens utvalg med kravtype"),
)

FIELDS_NB: dict[str, str] = {
    # catalogue.schema.json
    "catalogue.schema.json:id": "Katalogens faste ID, brukt i eksporter og filnavn.",
    "catalogue.schema.json:title": "Katalogens tittel.",
    "catalogue.schema.json:edition_note": "Hva denne utgaven er, og forholdet til KS' offisielle dokument.",
    "catalogue.schema.json:owner": "Hvem som eier og forvalter katalogen.",
    "catalogue.schema.json:governance": "Hvordan katalogen forvaltes og endres.",
    "catalogue.schema.json:level_reminder": "Påminnelsen om at kommunen selv bestemmer kravtypen.",
    "catalogue.schema.json:aims": "Målene en begrunnelse kan vise til.",
    "catalogue.schema.json:service_areas": "Tjenesteområdene et krav kan gjelde.",
    "catalogue.schema.json:categories": "Kategoriene, hver med egen fil under categories/.",
    "catalogue.schema.json:categories[].id": "Kategoriens forkortelse (tre store bokstaver), del av krav-ID-en.",
    "catalogue.schema.json:categories[].title": "Kategoriens navn.",
    "catalogue.schema.json:categories[].file": "Filen med kategoriens krav.",
    "catalogue.schema.json:categories[].description": "Kort beskrivelse av kategorien.",
    "catalogue.schema.json:versions": "Versjonene, i stigende rekkefølge.",
    "catalogue.schema.json:versions[].version": "Versjonsnummeret (hovedversjon.delversjon.rettingsversjon).",
    "catalogue.schema.json:versions[].released": "Utgivelsesdato; mangler for et utkast.",
    "catalogue.schema.json:versions[].status": "utkast (draft), gjeldende (current) eller erstattet (superseded).",
    "catalogue.schema.json:versions[].summary": "Sammendrag av hva som er endret i versjonen.",
    "catalogue.schema.json:versions[].source_checks": "Faktakontroller gjort før versjonen ble gitt ut.",
    "catalogue.schema.json:versions[].source_checks[].topic": "Hva som ble kontrollert.",
    "catalogue.schema.json:versions[].source_checks[].requirements": "Kravene kontrollen gjelder.",
    "catalogue.schema.json:versions[].source_checks[].text": "Hva kontrollen fant.",
    "catalogue.schema.json:versions[].source_checks[].sources": "Kildene som ble brukt.",
    "catalogue.schema.json:retired_ids": "ID-er som aldri ble utgitt eller er tatt ut; de brukes aldri igjen.",
    "catalogue.schema.json:$namedEntry.id": "Fast ID for målet eller tjenesteområdet.",
    "catalogue.schema.json:$namedEntry.title": "Navnet.",
    "catalogue.schema.json:$namedEntry.description": "Kort forklaring.",
    # category.schema.json
    "category.schema.json:category": "Kategorien filen gjelder (samme ID som i catalogue.yaml).",
    "category.schema.json:requirements": "Kravene i kategorien.",
    "category.schema.json:$rationale.aims": "Målene kravet støtter.",
    "category.schema.json:$rationale.text": "Begrunnelsen med egne ord.",
    "category.schema.json:$keyedReference.ref": "Nøkkelen til en oppføring i referanselisten.",
    "category.schema.json:$keyedReference.pinpoint": "Paragraf eller avsnitt det vises til, for eksempel «§ 22».",
    "category.schema.json:$inlineReference.title": "Navnet på kilden (bare i eldre versjoners tidligere verdier).",
    "category.schema.json:$inlineReference.url": "Adressen til kilden.",
    "category.schema.json:$inlineReference.kind": "Hva slags kilde det er.",
    "category.schema.json:$relations.depends_on": "Krav dette kravet forutsetter.",
    "category.schema.json:$relations.related": "Krav som henger sammen med dette.",
    "category.schema.json:$relations.supersedes": "Krav dette kravet erstatter.",
    "category.schema.json:$previousFields.title": "Tittelen før endringen.",
    "category.schema.json:$previousFields.text": "Kravteksten før endringen.",
    "category.schema.json:$previousFields.level": "Nivået før endringen.",
    "category.schema.json:$previousFields.tender_use": "Bruk i konkurranse før endringen.",
    "category.schema.json:$previousFields.rationale": "Begrunnelsen før endringen.",
    "category.schema.json:$previousFields.guidance": "Veiledningen før endringen.",
    "category.schema.json:$previousFields.vendor_answer": "Hva leverandøren skulle beskrive, før endringen.",
    "category.schema.json:$previousFields.verification": "Verifikasjonen før endringen.",
    "category.schema.json:$previousFields.references": "Referansene før endringen.",
    "category.schema.json:$previousFields.service_areas": "Tjenesteområdene før endringen.",
    "category.schema.json:$previousFields.relations": "Relasjonene før endringen.",
    "category.schema.json:$lifecycle.status": "active (gjelder) eller retired (tatt ut).",
    "category.schema.json:$lifecycle.introduced": "Versjonen kravet kom inn i.",
    "category.schema.json:$lifecycle.changes": "Endringene, eldste først, hver med tidligere verdier.",
    "category.schema.json:$lifecycle.changes[].version": "Versjonen endringen gjelder fra.",
    "category.schema.json:$lifecycle.changes[].kind": "editorial (redaksjonell) eller compatible (kompatibel).",
    "category.schema.json:$lifecycle.changes[].note": "Hva som er endret og hvorfor.",
    "category.schema.json:$lifecycle.changes[].previous": "Feltene slik de var før endringen.",
    "category.schema.json:$lifecycle.retired": "Når og hvorfor kravet ble tatt ut.",
    "category.schema.json:$lifecycle.retired.version": "Versjonen kravet ble tatt ut i.",
    "category.schema.json:$lifecycle.retired.reason": "Hvorfor kravet ble tatt ut.",
    "category.schema.json:$lifecycle.retired.replaced_by": "Kravene som erstatter det.",
    "category.schema.json:$requirement.id": "Kravets faste ID, FJL-<kategori>-nnn. Brukes aldri om igjen.",
    "category.schema.json:$requirement.title": "Kort tittel.",
    "category.schema.json:$requirement.text": "Kravteksten slik den står i konkurransegrunnlaget.",
    "category.schema.json:$requirement.level": "Foreslått nivå: må, skal, bør eller kan.",
    "category.schema.json:$requirement.tender_use": "Foreslått bruk i konkurransen; kommunen bestemmer selv.",
    "category.schema.json:$requirement.rationale": "Hvorfor kravet finnes.",
    "category.schema.json:$requirement.guidance": "Råd til kommunen om bruken.",
    "category.schema.json:$requirement.vendor_answer": "Hva leverandøren skal beskrive i svaret.",
    "category.schema.json:$requirement.verification": "Hvordan kommunen kan kontrollere at kravet er oppfylt.",
    "category.schema.json:$requirement.references": "Lover, standarder og veiledere kravet bygger på.",
    "category.schema.json:$requirement.service_areas": "Tjenesteområdene kravet gjelder.",
    "category.schema.json:$requirement.relations": "Sammenhenger med andre krav.",
    "category.schema.json:$requirement.equivalence_exemption": (
        "Begrunnelsen når kravet viser til en bestemt standard, spesifikasjon, et produkt eller en avtale uten "
        "å åpne for «eller tilsvarende». Uten den krever kontrollen «eller tilsvarende» i kravteksten."
    ),
    "category.schema.json:$requirement.lifecycle": "Kravets livsløp: innført, endret, tatt ut.",
    # references.schema.json
    "references.schema.json:references": "Oppføringene, med en kort nøkkel som navn.",
    "references.schema.json:$entry.title": "Kildens fulle navn.",
    "references.schema.json:$entry.short": "Kort navn.",
    "references.schema.json:$entry.kind": "Hva slags kilde det er.",
    "references.schema.json:$entry.lovdata": "Lovdata-ID for lover og forskrifter.",
    "references.schema.json:$entry.eu": "EU-rettsaktens nummer.",
    "references.schema.json:$entry.url": "Adressen til kildesiden.",
    "references.schema.json:$entry.publisher": "Hvem som utgir kilden.",
    "references.schema.json:$entry.status": "Om kilden gjelder eller er opphevet.",
    "references.schema.json:$entry.note": "Merknad om kilden.",
    "references.schema.json:$entry.former_names": "Tidligere navn, som ikke skal brukes i kravtekster.",
    "references.schema.json:$entry.specific": (
        "Om kilden er en bestemt standard, spesifikasjon, et produkt eller en avtale, slik at et krav som viser "
        "til den, må åpne for «eller tilsvarende». Standard: ja for standarder og spesifikasjoner, ellers nei."
    ),
    "references.schema.json:$entry.national_use": (
        "false når kilden ennå ikke er i nasjonal bruk (prototype, utkast, utprøving); da kan et krav som viser "
        "til den, ikke foreslås som absolutt krav. Standard: true."
    ),
    "references.schema.json:$entry.checked": "Datoen redaksjonen sist kontrollerte kilden (åååå-mm-dd).",
    # tender-set.schema.json
    "tender-set.schema.json:catalogue": "Katalogens ID; må stemme med katalogen som leses.",
    "tender-set.schema.json:version": "Katalogversjonen utvalget gjelder (standard: gjeldende).",
    "tender-set.schema.json:title": "Navn på konkurransen, vises i bilaget.",
    "tender-set.schema.json:requirements": "Kravene i utvalget, i den rekkefølgen bilaget skal ha.",
    "tender-set.schema.json:$choice.id": "Kravets ID.",
    "tender-set.schema.json:$choice.kravtype": "A = absolutt krav, V = evalueringskrav, Ø = ønske.",
    "tender-set.schema.json:$choice.weight": "Vekt i prosent; bare for evalueringskrav (V).",
}


def schema_fields(schema: dict[str, Any]) -> list[tuple[str, dict[str, Any], bool]]:
    """(path, field schema, required) for every property, top level first, then each $defs entry."""
    found: list[tuple[str, dict[str, Any], bool]] = []

    def walk(node: Any, prefix: str) -> None:
        if not isinstance(node, dict) or "$ref" in node:
            return
        required = set(node.get("required", []))
        for name, sub in (node.get("properties") or {}).items():
            path = f"{prefix}.{name}" if prefix else name
            found.append((path, sub, name in required))
            walk(sub, path)
        if isinstance(node.get("items"), dict):
            walk(node["items"], prefix + "[]")
        if isinstance(node.get("additionalProperties"), dict):
            walk(node["additionalProperties"], prefix + ".*" if prefix else "*")

    walk(schema, "")
    for name, definition in (schema.get("$defs") or {}).items():
        walk(definition, f"${name}")
    return found


def _type(field: dict[str, Any]) -> str:
    if "enum" in field:
        return "én av " + ", ".join(f"`{value}`" for value in field["enum"])
    if "$ref" in field:
        return f"se `{field['$ref'].rsplit('/', 1)[-1]}`"
    kind = field.get("type", "")
    kinds: list[str] = [str(k) for k in kind] if isinstance(kind, list) else [str(kind)]
    names = {"string": "tekst", "array": "liste", "object": "blokk", "number": "tall", "integer": "heltall"}
    text = " eller ".join(names.get(k, k) for k in kinds if k) or "se skjemaet"
    if "pattern" in field:
        text += f" (mønster `{field['pattern']}`)"
    return text


@dataclass(frozen=True)
class WorkedExample:
    """A real ``lifecycle.changes`` entry, copied line for line from a category file."""

    requirement: str
    file: str
    """Path of the category file relative to specs/requirements."""
    text: str
    """The entry's lines as they stand in the file, with the file's indentation."""


def worked_example(catalogue_root: Path) -> WorkedExample | None:
    """The newest editorial change that carries a previous ``text``, as the editor would write one.

    Taken from the catalogue itself rather than written for the page, so the example cannot drift
    from what lint accepts; tests/requirements/test_requirements_editor_page.py checks that the lines
    are in the file and form a valid change.
    """
    try:
        catalogue = safe_yaml.load((catalogue_root / "catalogue.yaml").read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return None
    best: tuple[tuple[int, int, int], WorkedExample] | None = None
    for category in catalogue.get("categories") or []:
        doc = load_yaml(catalogue_root / category["file"])
        lines = doc.path.read_text(encoding="utf-8").split("\n")
        for index, req in enumerate(doc.data.get("requirements") or []):
            for n, change in enumerate(req.get("lifecycle", {}).get("changes") or []):
                if change.get("kind") != "editorial" or "text" not in (change.get("previous") or {}):
                    continue
                key = version_key(str(change["version"]))
                if best is not None and key <= best[0]:
                    continue
                first = doc.line_of(("requirements", index, "lifecycle", "changes", n)) - 1
                text = _entry_lines(lines, first)
                best = (key, WorkedExample(req["id"], category["file"], text))
    return None if best is None else best[1]


def _entry_lines(lines: list[str], first: int) -> str:
    """The list entry starting at ``first`` (its ``- `` line), up to the next line indented no deeper."""
    column = len(lines[first]) - len(lines[first].lstrip())
    end = first + 1
    while end < len(lines) and (not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip()) > column):
        end += 1
    while not lines[end - 1].strip():
        end -= 1
    return "\n".join(lines[first:end])


def next_minor(version: str) -> str:
    major, minor, _ = version_key(version)
    return f"{major}.{minor + 1}.0"


def editor_page(header: str, schema_root: Path, current: str = "4.0.0", example: WorkedExample | None = None) -> str:
    """The editors' page: the release flow's steps, then the catalogue's format from its JSON schemas."""
    upcoming = next_minor(current)
    return (
        _editor_intro(header)
        + _editing_steps(current, upcoming, example)
        + _checking_steps(upcoming, _schema_tables(schema_root))
    )


def _schema_tables(schema_root: Path) -> str:
    tables = []
    for file_name, what, title in SCHEMAS:
        schema = json.loads((schema_root / file_name).read_text(encoding="utf-8"))
        rows = [
            f"| `{path}` | {_type(field)} | {'ja' if required else 'nei'} | {FIELDS_NB[f'{file_name}:{path}']} |"
            for path, field, required in schema_fields(schema)
        ]
        tables.append(
            f"### {title}\n\nFil: {what}. Skjema: `specs/requirements/schema/{file_name}`. Felt som begynner "
            "med `$`, er byggeklosser skjemaet bruker flere steder.\n\n"
            "| Felt | Type | Påkrevd | Betydning |\n| --- | --- | --- | --- |\n" + "\n".join(rows)
        )
    return "\n\n".join(tables)


def _editor_intro(header: str) -> str:
    return f"""{header}

# Slik endres katalogen

Denne siden er for dem som redigerer katalogen. Alle kan foreslå endringer; redaksjonen gjør dem
i YAML-filene under `specs/requirements/`, og verktøyet `journalloft` kontrollerer at en utgitt
versjon aldri endres i ettertid.

Kommandoene under kjøres fra roten av prosjektets utsjekk. `scripts/setup` (som `scripts/start`
også kjører) installerer verktøyet i mappen `.venv`, så kommandoen heter `.venv/bin/journalloft`.
Har du aktivert miljøet med `source .venv/bin/activate`, holder det å skrive `journalloft`.

<!-- journalloft:flyt krav-utgivelse -->

"""


def _editing_steps(current: str, upcoming: str, example: WorkedExample | None) -> str:
    """Steps 1-3: propose, open the next version, edit the YAML (with the worked example)."""
    return f"""## 1. Foreslå

Et forslag viser til ID og versjon for punktet det gjelder, for eksempel «FJL-INF-001 (v{current})»,
og sier hva som bør endres og hvorfor, med kilde. Et nytt punkt beskrives med tekst, foreslått
nivå og begrunnelse.

## 2. Åpne neste versjon

Gjeldende versjon er {current}. Endringer føres alltid under en ny versjon, og den må først være
erklært i `catalogue.yaml`; ellers svarer kontrollen `version-unknown`. Kommandoen

```console
.venv/bin/journalloft requirements new-version {upcoming}
```

legger versjonen inn som utkast (`status: draft`) sist under `versions:`, med et utkast til
sammendrag laget fra endringene i livsløpene. Uten versjonsnummer tar den versjonen livsløpene
allerede viser til, ellers neste delversjon. Legg ikke inn versjoner for hånd: en oppføring som
havner mellom en versjons `summary` og dens `source_checks`, tar kildekontrollene fra den utgitte
versjonen, og kontrollen stopper det (`release-source-checks`).

## 3. Rediger YAML-filen

- Et nytt krav får neste ledige nummer i kategorien og `introduced` lik neste versjon, aldri en
  versjon som er utgitt.
- En endring i et utgitt krav føres i `lifecycle.changes` med versjonen den gjelder fra og de
  tidligere verdiene i `previous`. Da leser de utgitte versjonene fortsatt som før.
- Et krav slettes aldri. Det tas ut med `lifecycle.retired`, og ID-en brukes aldri igjen.
- Et krav som gjør noe strengere, eller som endrer hva leverandøren skal gjøre, får ny ID.
- En `journalloft`-kommando som siteres i et krav, må finnes. En spesifikasjon som ennå ikke er
  publisert, reserveres i en tjenestefil under `specs/services/`.
- Et krav som viser til en standard eller spesifikasjon i referanselisten (eller en oppføring med
  `specific: true`, for eksempel et produkt eller en avtale), skal si «eller tilsvarende» i
  kravteksten, eller ha en begrunnelse i `equivalence_exemption` (anskaffelsesforskriften § 15-1
  tredje ledd).
- Et krav som viser til noe referanselisten merker med `national_use: false` (prototyper, utkast,
  utprøving), foreslås ikke som absolutt krav.
- Nivået «må» brukes bare når kravet viser til en lov eller forskrift med paragraf eller artikkel, og
  kravteksten skal si det samme som nivået: et «bør»-punkt sier ikke «skal».
- En oppføring i referanselisten får datoen den sist ble kontrollert i `checked`.

{_example_section(example, upcoming)}

"""


def _local_url(page: str) -> str:
    """Where `scripts/start` serves a docs/ page (MkDocs' directory URLs)."""
    return f"http://127.0.0.1:8000/{page.removesuffix('.md')}/"


def _checking_steps(upcoming: str, reference: str) -> str:
    """Steps 4-6 (check, look, release) and the format tables."""
    return f"""## 4. Kontroller

```console
.venv/bin/journalloft requirements lint
```

Kontrollen oppgir fil og linje for hvert brudd. Den sammenligner også hver utgitt versjon med
fingeravtrykkene i `specs/requirements/released.yaml` og sier hvilket krav og hvilket felt som er
endret, og den husker alle ID-er som er utstedt. Når alt er i orden, teller den kravene slik
nettstedet gjør, altså kravene i gjeldende versjon, og deretter alle kravene i filene, med dem som
er tatt ut og dem som er nye i utkastet.

## 5. Se resultatet

```console
scripts/start
```

starter nettstedet lokalt på http://127.0.0.1:8000 når det er bygget. Utkastet har en egen side med
merket «Utkast», {_local_url(draft_page_path(upcoming))}, som
[versjonsoversikten](versjoner/index.md) lenker til. Når en fil under `specs/` endres, bygges
nettstedet på nytt med sidene laget fra filene, og siden i nettleseren lastes på nytt. Filene i
`docs/` endres ikke av dette; de skrives ved utgivelsen, eller med
`.venv/bin/python -m journalloft.site generate` om du vil skrive dem uten å gi ut.

## 6. Gi ut

```console
.venv/bin/journalloft requirements release {upcoming}
```

Skriv først sammendraget for versjonen i `catalogue.yaml` med egne ord og fjern setningen «Skriv om
med egne ord før utgivelsen er ferdig.»; så lenge den står, gir kommandoen ikke ut versjonen, men
viser et forslag laget fra livsløpene. Kommandoen setter forrige versjon til erstattet og den nye
til gjeldende med dagens dato, skriver fingeravtrykkene i `released.yaml`, lager sidene på nytt og
legger versjonssiden inn i navigasjonen i `mkdocs.yml`. Deretter skal `mkdocs build --strict` gå
uten feil. Versjonsnummeret følger endringene: et krav tatt ut gir ny hovedversjon, et nytt krav
eller en kompatibel endring ny delversjon, en redaksjonell endring ny rettingsversjon.

## Formatet

Tabellene under er laget fra JSON-skjemaene som kontrollen bruker.

{reference}
"""


def _example_section(example: WorkedExample | None, upcoming: str) -> str:
    if example is None:
        return ""
    return f"""### Eksempel: en endring i livsløpet

Slik står en redaksjonell endring av {example.requirement} i `specs/requirements/{example.file}`.
Kravteksten i kravet er den nye; `previous` har teksten slik den var før endringen, og `note` sier
hva som er endret og hvorfor. En ny endring legges sist i `changes`, med versjonen du åpnet
(for eksempel `version: "{upcoming}"`).

```yaml
{example.text}
```

`kind: editorial` betyr at bare ordlyden er endret. Endrer du nivå, bruk i konkurranse,
tjenesteområder eller relasjoner, er endringen `compatible`, og gjør den kravet strengere, får kravet
ny ID."""


def pages(repo_root: Path) -> dict[str, str]:
    from journalloft.requirements.load import load_catalogue
    from journalloft.site.provenance import provenance_header

    own = repo_root / "specs" / "requirements"
    catalogue_root = own if (own / "catalogue.yaml").is_file() else default_root()
    schema_root = catalogue_root / "schema"
    catalogue = load_catalogue(catalogue_root)
    example = worked_example(catalogue_root)
    sources = [f"specs/requirements/schema/{name}" for name, _, _ in SCHEMAS]
    sources += ["specs/requirements/catalogue.yaml"] + ([f"specs/requirements/{example.file}"] if example else [])
    header = provenance_header(sources)
    return {PAGE: editor_page(header, schema_root, catalogue.current.version, example)}
