"""The generated pages of every published spec (one generator for all specs, nothing spec-specific).

Per spec id, under ``docs/tjenester/<spec-id>/``:

- ``index.md``: versions, status, downloads with SHA-256 sums, the catalogue requirements each
  version fulfils (spec.yaml ``requirements:``), links to the other pages;
- ``<version>/elementer.md``: element tables (FHIR: journalloft.site.fhir_tables; JSON Schema:
  journalloft.site.schema_tables);
- ``<version>/terminologi.md``: the version's CodeSystems and ValueSets (FHIR specs that have any);
- ``<version>/kobling.md``: the mapping table, when the version holds a ``mapping.yaml``;
- ``eksempler.md``: every example of the spec in examples/manifest.yaml with the validator's real
  report under ``--spec``, when the spec has examples; split into ``eksempler-2.md`` ... when one page
  would grow too large to open quickly;
- ``endringer.md``: every version's ``changes.yaml``, classified.
"""

from __future__ import annotations

from pathlib import Path

from journalloft.requirements.fulfilment import version_anchor
from journalloft.requirements.load import load_catalogue
from journalloft.requirements.mdtext import bullet_list, inline, relative_link
from journalloft.requirements.model import Catalogue
from journalloft.requirements.paths import default_root
from journalloft.site import (
    changes,
    examples_page,
    fhir_tables,
    ig_differences_page,
    mapping_page,
    rules_table,
    schema_tables,
    terminology_page,
)
from journalloft.site.catalogue_pages.page_parts import category_page_path
from journalloft.site.provenance import provenance_header
from journalloft.site.spec_downloads import sha256, spec_downloads
from journalloft.site.specdata import (
    STATUS,
    Service,
    SpecDataError,
    by_id,
    changes_path,
    download_dir,
    elements_path,
    examples_path,
    fulfilled_requirements,
    mapping_path,
    overview_path,
    published,
    services,
    specs_root,
    terminology_path,
)
from journalloft.specs import Registry, SpecVersion

KIND = {"fhir": "FHIR R4-profiler", "json-schema": "JSON Schema (ikke FHIR)"}


def pages(repo_root: Path) -> dict[str, str]:
    """Every page of every published spec, for the journalloft.site registry."""
    versions = published(repo_root)
    if not versions:
        return {}
    catalogue = _catalogue(repo_root)
    registry = Registry([specs_root(repo_root)])
    examples_root = repo_root if (repo_root / examples_page.MANIFEST).is_file() else examples_page.CHECKOUT
    examples = examples_page.load_manifest(examples_root)
    result: dict[str, str] = {}
    for spec_id, spec_versions in by_id(versions).items():
        own_examples = [e for e in examples if (e.spec or "").partition("@")[0] == spec_id]
        part_of = [service for service in services(repo_root) if spec_id in service.specs]
        result[overview_path(spec_id)] = overview_page(spec_versions, catalogue, bool(own_examples), part_of)
        result[changes_path(spec_id)] = changes_page(spec_versions)
        if own_examples:
            result.update(examples_pages_for(spec_versions[-1], own_examples, examples_root, registry))
        for spec in spec_versions:
            result[elements_path(spec)] = elements_page(spec)
            if spec.kind == "fhir" and terminology_page.has_terminology(spec):
                result[terminology_path(spec)] = _page(
                    _sources(spec, "generated/*.json"), f"Terminologi i {spec.key}", terminology_page.sections(spec)
                )
            if mapping_page.mapping_files(spec):
                result[mapping_path(spec)] = _page(
                    _sources(spec, f"{mapping_page.FOLDER}/*.yaml"),
                    f"Kobling mellom formatene i {spec.key}",
                    mapping_page.page_sections(spec),
                )
    return result


def _catalogue(repo_root: Path) -> Catalogue:
    own = repo_root / "specs" / "requirements"
    return load_catalogue(own if (own / "catalogue.yaml").is_file() else default_root())


def _sources(spec: SpecVersion, *files: str) -> list[str]:
    folder = f"specs/{spec.id}/{spec.version}"
    return [f"{folder}/{name}" for name in files]


def _page(sources: list[str], title: str, body: list[str]) -> str:
    lines = [provenance_header(sources), "", f"# {inline(title)}", "", *body]
    while lines[-1] == "":
        lines.pop()
    return "\n".join(lines) + "\n"


def _version_anchor(spec: SpecVersion) -> str:
    return version_anchor(spec.version)


REQUIREMENTS_INTRO = (
    "Versjonen er laget for å dekke disse punktene i Felles rammer og anbefalinger. Koblingen er "
    "prosjektets egen vurdering, ikke en godkjenning fra KS eller NHN:"
)


OWN_DOMAIN = "journalloft.no"
"""The host of the canonical URLs some specs use; the project's own, which the overview page says."""


def draft_note(spec: SpecVersion) -> list[str]:
    """The note that opens every spec overview: whose draft this is (journalloft.status)."""
    note = (
        f"    `{spec.id}` er dette prosjektets eget utkast, skrevet ut fra offentlige kilder. Det er ikke "
        "en spesifikasjon fra NHN, KS eller HL7 Norge, og der kildene sier noe annet, gjelder kildene."
    )
    if _uses_own_domain(spec):
        note += (
            f" Adressene på `{OWN_DOMAIN}` i spesifikasjonen er prosjektets egne og er ikke et offisielt navnerom."
        )
    return ['!!! note "Prosjektets utkast"', note, ""]


def _uses_own_domain(spec: SpecVersion) -> bool:
    """Whether the version's canonical URLs (FHIR) or schema $id (JSON Schema) are on OWN_DOMAIN."""
    assert spec.path is not None
    named = [spec.path / "sushi-config.yaml", spec.path / "schema.json"]
    return any(OWN_DOMAIN in path.read_text(encoding="utf-8") for path in named if path.is_file())


def overview_page(
    versions: list[SpecVersion], catalogue: Catalogue, has_examples: bool, part_of: list[Service] | None = None
) -> str:
    latest = versions[-1]
    page = overview_path(latest.id)
    body = [
        *draft_note(latest),
        f"Spesifikasjonen har ID-en `{latest.id}` og består av {KIND.get(latest.kind, latest.kind)}. "
        f"Sjekk en melding mot siste versjon med `journalloft validate --spec {latest.id} fil.json`, "
        f"eller mot en bestemt versjon med `--spec {latest.key}`.",
        "",
    ]
    for service in part_of or []:
        links = [f"[{inline(title)}]({relative_link(page, target)})" for title, target in service.pages]
        explained = " og ".join([", ".join(links[:-1]), links[-1]] if len(links) > 1 else links)
        body += [
            f"Spesifikasjonen hører til tjenesten {inline(service.title)}"
            + (f", som er forklart på sidene {explained}." if explained else "."),
            "",
        ]
    body += [
        "## Versjoner",
        "",
        "| Versjon | Status | Utgitt | Sider |",
        "| --- | --- | --- | --- |",
    ]
    for spec in reversed(versions):
        links = [f"[Elementer]({relative_link(page, elements_path(spec))})"]
        if spec.kind == "fhir" and terminology_page.has_terminology(spec):
            links.append(f"[Terminologi]({relative_link(page, terminology_path(spec))})")
        if mapping_page.mapping_files(spec):
            links.append(f"[Kobling]({relative_link(page, mapping_path(spec))})")
        if (spec.path is not None) and (spec.path / ig_differences_page.FILE).is_file():
            links.append(f"[Forskjeller fra HL7 Norges IG]({relative_link(page, ig_differences_page.page_path(spec))})")
        body.append(
            f"| [{spec.version}](#{_version_anchor(spec)}) | {STATUS.get(spec.status, spec.status)} "
            f"| {spec.released or '–'} | {', '.join(links)} |"
        )
    body.append("")
    shared = [f"[Endringer i alle versjoner]({relative_link(page, changes_path(latest.id))})"]
    if has_examples:
        shared.insert(0, f"[Eksempler med validatorens svar]({relative_link(page, examples_path(latest.id))})")
    body += [bullet_list(shared), ""]
    for spec in reversed(versions):
        body += _version_section(spec, catalogue, page)
    built_from = "generated/*.json" if latest.kind == "fhir" else "schema.json"
    sources = [f"specs/{latest.id}/*/{name}" for name in ("spec.yaml", built_from, "openapi/*")]
    sources.append("specs/requirements/categories/*.yaml")
    return _page(sources, latest.title, body)


def _version_section(spec: SpecVersion, catalogue: Catalogue, page: str) -> list[str]:
    lines = [f"## Versjon {spec.version} {{#{_version_anchor(spec)}}}", ""]
    downloads = spec_downloads(spec)
    if downloads:
        lines += ["Filer til nedlasting, med SHA-256-sjekksum:", "", "| Fil | SHA-256 |", "| --- | --- |"]
        for name, data in downloads.items():
            target = relative_link(page, f"{download_dir(spec)}/{name}")
            lines.append(f"| [{name}]({target}) | `{sha256(data)}` |")
        lines.append("")
        if "package.tgz" in downloads:
            lines += [
                "`package.tgz` er en FHIR-pakke i npm-formatet FHIR bruker for pakker, som verktøy som "
                "HL7s validator, Firely og HAPI leser. Den har alle profilene med ferdig snapshot, og "
                "kodeverkene og de andre ressursene versjonen definerer.",
                "",
            ]
    requirement_ids = fulfilled_requirements(spec)
    if requirement_ids:
        lines += [REQUIREMENTS_INTRO, ""]
        lines += [bullet_list([_requirement_link(catalogue, rid, page, spec) for rid in requirement_ids]), ""]
    else:
        lines += ["Versjonen viser ikke til punkter i katalogen.", ""]
    return lines


def _requirement_link(catalogue: Catalogue, requirement_id: str, page: str, spec: SpecVersion) -> str:
    requirement = next((r for r in catalogue.requirements if r.id == requirement_id), None)
    if requirement is None:
        raise SpecDataError(
            f"{spec.path}/spec.yaml: requirements names {requirement_id}, which is not in the catalogue"
        )
    category = catalogue.category(requirement.category)
    assert category is not None
    target = relative_link(page, category_page_path(category), requirement_id)
    return f"[{requirement_id}]({target}): {inline(requirement.title)}"


def elements_page(spec: SpecVersion) -> str:
    page = elements_path(spec)
    if spec.kind == "fhir":
        intro = [
            "Hver profil og hver utvidelse har en tabell med elementene den begrenser, slik de står i "
            "StructureDefinition-ressursene. Kardinalitet og typer er hentet fra snapshotet, altså slik de "
            "blir etter at profilen er lagt på grunnressursen. «Må støttes» står for FHIRs must-support.",
            "",
        ]
        link = relative_link(page, terminology_path(spec))
        body = fhir_tables.sections(spec, link)
        sources = _sources(spec, "generated/StructureDefinition-*.json")
    else:
        intro = [
            "Tabellen viser hvert felt i meldingen med stien validatoren bruker i funnene sine, om feltet er "
            "påkrevd, typen, formatet og de tillatte verdiene, slik JSON Schema-et beskriver dem.",
            "",
        ]
        body = [*schema_tables.sections(spec), *rules_table.sections(spec)]
        sources = _sources(spec, "schema.json", "spec.yaml")
    return _page(sources, f"Elementer i {spec.key}", [*intro, *body])


def changes_page(versions: list[SpecVersion]) -> str:
    latest = versions[-1]
    intro = [
        "Endringene er klassifisert slik: **ikke bakoverkompatibel** betyr at en melding som var gyldig før, kan bli "
        "avvist eller lest annerledes; **kompatibel** betyr at alt som var gyldig før, fortsatt er gyldig; "
        "**redaksjonell** gjelder bare tekst og dokumentasjon. Klassene og hva de betyr for versjonsnummeret, "
        f"står under [Versjonering]({relative_link(changes_path(latest.id), 'om.md', 'versjonering')}).",
        "",
    ]
    return _page(
        [f"specs/{latest.id}/*/changes.yaml"], f"Endringer i {latest.id}", [*intro, *changes.sections(versions)]
    )


# The markdown of one examples page, in characters. Highlighted JSON grows about sevenfold into HTML, so
# this keeps every built page well under 1 MB (tests/test_site_build.py checks the built pages).
EXAMPLES_PAGE_BUDGET = 100_000


def examples_pages_for(
    latest: SpecVersion, examples: list[examples_page.Example], root: Path, registry: Registry
) -> dict[str, str]:
    """The spec's examples, in as many parts as the page budget needs; the first part lists them all."""
    sections = [
        examples_page.example_section(root, example, inline(example.title), example.spec, registry)
        for example in examples
    ]
    parts = _pack(sections, EXAMPLES_PAGE_BUDGET)
    part_of = {examples[index].file: number for number, part in enumerate(parts, 1) for index in part}
    sources = [examples_page.MANIFEST, f"examples/{latest.id}/**"]
    intro = [
        "Eksemplene ligger som filer i mappen `examples/` i kildekoden. Rapportene er det validatoren "
        "faktisk skriver for dem, og testene sjekker at hver fil gir nøyaktig de oppgitte funnene. "
        "Alle identiteter er syntetiske.",
        "",
    ]
    first = examples_path(latest.id)
    if len(parts) > 1:
        intro += [
            f"Eksemplene er fordelt på {len(parts)} sider, så hver side er rask å åpne:",
            "",
            *[
                f"- [{inline(example.title)}]({_example_link(first, latest.id, part_of, example)})"
                for example in examples
            ],
            "",
        ]
    result: dict[str, str] = {}
    for number, part in enumerate(parts, 1):
        title = f"Eksempler for {latest.id}" + (f" (side {number} av {len(parts)})" if len(parts) > 1 else "")
        body = intro if number == 1 else []
        result[examples_path(latest.id, number)] = _page(
            sources, title, [*body, *(line for index in part for line in sections[index])]
        )
    return result


def _example_link(page: str, spec_id: str, part_of: dict[str, int], example: examples_page.Example) -> str:
    return relative_link(page, examples_path(spec_id, part_of[example.file]), examples_page.example_anchor(example))


def _pack(sections: list[list[str]], budget: int) -> list[list[int]]:
    """Consecutive sections grouped so that a group's text stays within budget (a larger one stands alone)."""
    parts: list[list[int]] = [[]]
    size = 0
    for index, section in enumerate(sections):
        length = sum(len(line) + 1 for line in section)
        if parts[-1] and size + length > budget:
            parts.append([])
            size = 0
        parts[-1].append(index)
        size += length
    return parts
