"""The site pages of the catalogue, generated from the YAML (committed under docs/anbefalinger/).

``pages(repo_root)`` has the signature of a ``journalloft.site`` generator: it returns
``{docs-relative path: markdown}``. Pages:

- ``anbefalinger/krav.md``: every requirement of the current version, with the filter (data inline,
  filtered in the page by docs/assets/krav-filter.js; no request leaves the page) and downloads;
- ``anbefalinger/<category file stem>.md``: one section per requirement, anchored by its id
  (``#FJL-INF-001``, upper case as the id is written), its fields and history; retired ones below;
- ``anbefalinger/endringer.md``: what changed between consecutive published versions, classified;
- ``anbefalinger/versjoner/index.md`` and ``versjoner/<version>.md``: every published version in full;
- ``anbefalinger/utskrift.md``: the current version in one printable page;
- ``anbefalinger/verktoy.md``: the xlsx columns, check-answers codes and lint rules, in Norwegian.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from journalloft.requirements.fulfilment import fulfilled_by
from journalloft.requirements.load import load_catalogue
from journalloft.requirements.mdtext import bullet_list, definition, inline, paragraphs, relative_link
from journalloft.requirements.model import (
    CHANGE_KIND_LABELS,
    REFERENCE_KIND_LABELS,
    TENDER_USE_LABELS,
    Catalogue,
    Category,
    Reference,
    Requirement,
    Version,
    version_key,
)
from journalloft.requirements.page_paths import VERSIONS, draft_page_path, version_page_path
from journalloft.requirements.paths import default_root
from journalloft.requirements.versions import content_at, history_until, is_member, requirements_at
from journalloft.site.catalogue_pages.changes_page import changes_page
from journalloft.site.catalogue_pages.draft_page import draft_link_line, draft_page
from journalloft.site.catalogue_pages.guide_page import guide_page
from journalloft.site.catalogue_pages.overview_forms import finder_section
from journalloft.site.catalogue_pages.page_parts import (
    CHANGES,
    FORMATS,
    GUIDE,
    HEADER,
    KRAV_STATUS,
    OVERVIEW,
    PRINT,
    Fulfilment,
    category_page_path,
    download_links,
    download_name,
    level_note,
    page_text,
    reference_link,
    requirement_link,
)
from journalloft.site.catalogue_pages.reference_page import reference_item
from journalloft.status import STATUS_NOTE


def pages(repo_root: Path) -> dict[str, str]:
    """The catalogue's pages for the site generator registry.

    The catalogue is read from ``repo_root`` when it holds one, else from the package's own copy, so
    the registry can write the pages into any docs tree (its tests use a bare temporary one).
    """
    root = repo_root / "specs" / "requirements"
    root = root if (root / "catalogue.yaml").is_file() else default_root()
    return render_pages(load_catalogue(root), fulfilled_by(root.parent))


def write_pages(repo_root: Path) -> list[str]:
    """Write the pages into ``docs/``; return the paths whose content changed."""
    changed = []
    for path, text in pages(repo_root).items():
        target = repo_root / "docs" / path
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8", newline="\n")
            changed.append(path)
    return changed


def render_pages(catalogue: Catalogue, fulfilled: Fulfilment | None = None) -> dict[str, str]:
    """All pages; ``fulfilled`` (requirement id -> spec versions) adds the project's specs on category pages."""
    result = {OVERVIEW: overview_page(catalogue), CHANGES: changes_page(catalogue), PRINT: print_page(catalogue)}
    for category in catalogue.categories:
        result[category_page_path(category)] = category_page(catalogue, category, fulfilled or {})
    result[VERSIONS] = versions_index_page(catalogue)
    result[GUIDE] = guide_page(HEADER, catalogue.id, catalogue.current.version)
    for version in catalogue.published_versions:
        result[version_page_path(version)] = version_page(catalogue, version)
    for version in catalogue.versions:
        if version.status == "draft":
            title, body = draft_page(catalogue, version, _draft_fields(catalogue), VERSIONS)
            result[draft_page_path(version)] = page_text(title, body)
    return result


def _draft_fields(catalogue: Catalogue) -> Callable[[Requirement, Version, str, set[str]], list[str]]:
    def fields(req: Requirement, version: Version, path: str, same_page: set[str]) -> list[str]:
        return requirement_fields(catalogue, req, version, path, same_page_ids=same_page)

    return fields


def requirement_fields(
    catalogue: Catalogue, requirement: Requirement, version: Version, from_page: str, *, same_page_ids: set[str]
) -> list[str]:
    """The definition list of one requirement as it read at ``version``."""

    def link(rid: str) -> str:
        if rid in same_page_ids:
            return f"[{rid}](#{rid})"
        return requirement_link(catalogue, rid, from_page)

    lines: list[str] = [f"Siteres som «{requirement.id} (v{version.version})».", ""]
    lines += definition("Kravtekst", paragraphs(requirement.text))
    lines += definition(
        "Foreslått nivå", [f"**{requirement.level}**: kommunen bestemmer selv nivået i sin konkurranse"]
    )
    lines += definition("Bruk i konkurranse", [", ".join(TENDER_USE_LABELS[u] for u in requirement.tender_use)])
    aims = ", ".join(inline(catalogue.aim_title(aim)) for aim in requirement.rationale_aims)
    lines += definition("Begrunnelse", [*paragraphs(requirement.rationale_text), f"Mål: {aims}"])
    lines += definition("Veiledning til kommunen", paragraphs(requirement.guidance))
    lines += definition("Leverandøren skal beskrive", paragraphs(requirement.vendor_answer))
    lines += definition("Verifikasjon", paragraphs(requirement.verification))
    if requirement.references:
        refs = [
            reference_item(ref, from_page) if ref.key else _inline_reference(ref, from_page)
            for ref in requirement.references
        ]
        lines += definition("Referanser", [bullet_list(refs)])
    areas = ", ".join(inline(catalogue.service_area_title(area)) for area in requirement.service_areas)
    lines += definition("Tjenesteområder", [areas])
    relations = [
        (label, ids)
        for label, ids in (
            ("Avhenger av", requirement.depends_on),
            ("Beslektet med", requirement.related),
            ("Erstatter", requirement.supersedes),
        )
        if ids
    ]
    if relations:
        lines += definition(
            "Relasjoner", [bullet_list([f"{label}: {', '.join(link(rid) for rid in ids)}" for label, ids in relations])]
        )
    lines += definition("Historikk", [bullet_list(_history(catalogue, requirement, version, from_page))])
    return lines


def _inline_reference(ref: Reference, from_page: str) -> str:
    """A reference as releases before 3.0.0 wrote it (no key into the reference list)."""
    return f"[{inline(ref.title)}]({reference_link(ref.url, ref.kind, from_page)}) ({REFERENCE_KIND_LABELS[ref.kind]})"


CONFORMANCE_PAGE = "tjenester/samsvar.md"
"""The register of products that passed the test kit (journalloft.site.conformance_page)."""
FULFILLED_BY_LABEL = "Prosjektets utkast til spesifikasjon for punktet"


def _fulfilled_by(specs: list[tuple[str, str, str]], from_page: str) -> list[str]:
    """The spec versions whose spec.yaml lists the requirement, linked to their overview section.

    Named as what they are: this project's drafts, not an official statement that the point is met.
    """
    if not specs:
        return []
    links = [f"[`{key}`]({relative_link(from_page, page, anchor)})" for key, page, anchor in specs]
    register = relative_link(from_page, CONFORMANCE_PAGE)
    return definition(
        FULFILLED_BY_LABEL,
        [
            bullet_list(links),
            f"Produkter som har vist samsvar med en av disse versjonene, står på [Samsvar]({register}).",
        ],
    )


def _history(catalogue: Catalogue, requirement: Requirement, version: Version, from_page: str) -> list[str]:
    lifecycle = requirement.lifecycle
    events = [f"{lifecycle.introduced}: innført"]
    events += [
        f"{change.version}: {CHANGE_KIND_LABELS[change.kind]} endring. {inline(change.note)}"
        for change in history_until(requirement, version.version)
    ]
    retired = lifecycle.retired
    if retired is not None and version_key(retired.version) <= version_key(version.version):
        replaced = ""
        if retired.replaced_by:
            replaced = (
                " Erstattet av: "
                + ", ".join(requirement_link(catalogue, rid, from_page) for rid in retired.replaced_by)
                + "."
            )
        events.append(f"{retired.version}: utgått. {inline(retired.reason)}{replaced}")
    return events


# overview with filter ------------------------------------------------------------------------------


def _version_pages(catalogue: Catalogue) -> dict[str, str]:
    """Every published version's page (docs path), where a set of that version is built and opened."""
    return {version.version: version_page_path(version) for version in catalogue.published_versions}


def overview_page(catalogue: Catalogue) -> str:
    version = catalogue.current
    members = requirements_at(catalogue, version.version)
    body = [
        f"Versjon {version.version} av katalogen, utgitt {version.released}, har {len(members)} krav. "
        "Hvert krav har en fast ID som aldri brukes om igjen; vis til kravet med ID og versjon, "
        f"for eksempel «{members[0].id} (v{version.version})»."
        if members
        else "",
        "",
        *level_note(catalogue),
        "## Last ned",
        "",
        f"Hele versjon {version.version}:",
        "",
        *download_links(catalogue, version, OVERVIEW),
        "Excel-filen har én rad per krav, kolonnen «Oppfylt» med nedtrekksliste (Ja, Delvis, Nei, Ikke aktuelt) "
        "og en kolonne for leverandørens beskrivelse. Tidligere versjoner finner du under "
        f"[Versjoner]({relative_link(OVERVIEW, VERSIONS)}), og hva som er endret under "
        f"[Endringer]({relative_link(OVERVIEW, CHANGES)}). Et utvalg av krav (etter ID eller filter, for en valgt "
        "versjon) lager du med kommandoen `journalloft requirements export`, eller med knappen under filteret.",
        "",
        "## Finn krav",
        "",
        *finder_section(
            catalogue,
            version,
            OVERVIEW,
            _version_pages(catalogue),
            lambda rid: requirement_link(catalogue, rid, OVERVIEW),
        ),
    ]
    return page_text("Alle krav", body)


# category pages ------------------------------------------------------------------------------------


def category_page(catalogue: Catalogue, category: Category, fulfilled: Fulfilment | None = None) -> str:
    version = catalogue.current
    path = category_page_path(category)
    active = [req for req in category.requirements if is_member(req, version.version)]
    retired = [
        req
        for req in category.requirements
        if req.lifecycle.retired is not None
        and not is_member(req, version.version)
        and version_key(req.lifecycle.introduced) <= version_key(version.version)
    ]
    same_page = {req.id for req in active + retired}
    body = [
        *paragraphs(category.description),
        "",
        f"Kategorien har {len(active)} krav i versjon {version.version}. Se også "
        f"[alle krav med filter]({relative_link(path, OVERVIEW)}) og [endringer]({relative_link(path, CHANGES)}).",
        "",
        *level_note(catalogue),
    ]
    for req in active:
        shown = content_at(req, version.version)
        body += [f"## {req.id} {inline(shown.title)} {{ #{req.id} }}", ""]
        body += requirement_fields(catalogue, shown, version, path, same_page_ids=same_page)
        body += _fulfilled_by((fulfilled or {}).get(req.id, []), path)
    if retired:
        body += [
            "## Utgåtte krav { #utgatte-krav }",
            "",
            "Disse kravene gjelder ikke lenger. De står her med sin siste ordlyd, slik at konkurranser som viser "
            "til dem, fortsatt kan slå dem opp.",
            "",
        ]
        for req in retired:
            assert req.lifecycle.retired is not None
            last = _last_version_with(catalogue, req)
            body += [f"### {req.id} {inline(req.title)} {{ #{req.id} }}", ""]
            if last is not None:
                body += [
                    f"Gjaldt til og med versjon {last.version} "
                    f"([se kravet i versjon {last.version}]({relative_link(path, version_page_path(last), req.id)})).",
                    "",
                ]
            body += definition("Kravtekst", paragraphs(req.text))
            body += definition("Historikk", [bullet_list(_history(catalogue, req, version, path))])
    return page_text(f"{category.title} ({category.id})", body)


def _last_version_with(catalogue: Catalogue, requirement: Requirement) -> Version | None:
    holding = [v for v in catalogue.published_versions if is_member(requirement, v.version)]
    return holding[-1] if holding else None


# versions --------------------------------------------------------------------------------------------


def versions_index_page(catalogue: Catalogue) -> str:
    body = [
        "Alle utgitte versjoner av katalogen ligger her for alltid, slik at en konkurranse kan vise til nøyaktig "
        "den versjonen den bygger på.",
        "",
        "| Versjon | Utgitt | Status | Antall krav | Nedlasting |",
        "| --- | --- | --- | --- | --- |",
    ]
    for version in reversed(catalogue.published_versions):
        count = len(requirements_at(catalogue, version.version))
        link = relative_link(VERSIONS, version_page_path(version))
        files = " · ".join(
            f"[{fmt}]({relative_link(VERSIONS, download_name(catalogue, version, fmt))})" for fmt, _ in FORMATS
        )
        body.append(
            f"| [{version.version}]({link}) | {version.released} | {KRAV_STATUS[version.status]} | {count} | {files} |"
        )
    body += draft_link_line(catalogue, VERSIONS)
    body.append("")
    return page_text("Versjoner", body)


def version_page(catalogue: Catalogue, version: Version) -> str:
    path = version_page_path(version)
    members = requirements_at(catalogue, version.version)
    body = [
        f"Utgitt {version.released}. Status: {KRAV_STATUS[version.status]}. {inline(version.summary)}",
        "",
    ]
    if version.status != "current":
        current = catalogue.current
        body += [
            '!!! warning "Ikke gjeldende versjon"',
            f"    Gjeldende versjon er [{current.version}]({relative_link(path, version_page_path(current))}). "
            f"Se [endringene]({relative_link(path, CHANGES, 'versjon-' + current.version)}).",
            "",
        ]
    body += [
        f"Versjonen har {len(members)} krav. [Endringer i denne versjonen]"
        f"({relative_link(path, CHANGES, 'versjon-' + version.version)}).",
        "",
        *level_note(catalogue),
        "## Last ned { #last-ned }",
        "",
        *download_links(catalogue, version, path),
        f"## Finn krav og lag utvalg i versjon {version.version} {{ #finn-krav }}",
        "",
        *finder_section(catalogue, version, path, _version_pages(catalogue), lambda rid: f"[{rid}](#{rid})"),
    ]
    same_page = {req.id for req in members}
    for category in catalogue.categories:
        in_category = [req for req in members if req.category == category.id]
        if not in_category:
            continue
        body += [f"## {inline(category.title)} {{ #{category.id} }}", ""]
        for req in in_category:
            body += [f"### {req.id} {inline(req.title)} {{ #{req.id} }}", ""]
            body += requirement_fields(catalogue, req, version, path, same_page_ids=same_page)
    return page_text(f"Versjon {version.version}", body)


# printable view ---------------------------------------------------------------------------------------


def print_page(catalogue: Catalogue) -> str:
    version = catalogue.current
    members = requirements_at(catalogue, version.version)
    body = [
        f"{inline(catalogue.title)}, versjon {version.version}, utgitt {version.released}. "
        "Siden er laget for utskrift: bruk nettleserens utskriftsfunksjon (eller lagre som PDF). "
        "Meny, søk og lenkeikoner skjules på papiret.",
        "",
        f"**{STATUS_NOTE}**",
        "",
        *paragraphs(catalogue.edition_note),
        "",
        *level_note(catalogue),
        '<div class="jl-utskrift" markdown>',
        "",
    ]
    for category in catalogue.categories:
        in_category = [req for req in members if req.category == category.id]
        body += [f"## {inline(category.title)} ({category.id}) {{ #{category.id} }}", ""]
        for req in in_category:
            uses = ", ".join(TENDER_USE_LABELS[u] for u in req.tender_use)
            body += [
                '<div class="jl-krav" markdown>',
                "",
                f"### {req.id} {inline(req.title)} {{ #{req.id} }}",
                "",
                *paragraphs(req.text),
                "",
                f"Foreslått nivå: **{req.level}** · Bruk: {uses}",
                "",
                f"Leverandøren skal beskrive: {inline(req.vendor_answer)}",
                "",
                f"Verifikasjon: {inline(req.verification)}",
                "",
                "</div>",
                "",
            ]
    body += ["</div>", ""]
    return page_text("Utskrift av katalogen", body)


if __name__ == "__main__":
    # The usual way is `python -m journalloft.site generate` (all generators); this writes only these pages.
    for changed_path in write_pages(Path(__file__).resolve().parents[4]):
        print(f"wrote docs/{changed_path}")
