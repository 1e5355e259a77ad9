"""The page of a draft version (``status: draft`` in catalogue.yaml), so an editor sees it before release.

A draft is not a version a tender may cite, so its page is not a version page: it lives at
``anbefalinger/versjoner/utkast-X.Y.Z.md`` (kept out of the nav by ``not_in_nav`` in mkdocs.yml and
linked from the versions index), opens with an «Utkast» banner, and shows only what the draft
changes against the version before it: new requirements in full, changed ones with the change
note, retired ones with the reason. ``release`` removes the page when the draft becomes a version.
"""

from __future__ import annotations

from collections.abc import Callable

from journalloft.requirements.mdtext import inline, relative_link
from journalloft.requirements.model import Catalogue, Requirement, Version
from journalloft.requirements.page_paths import draft_page_path
from journalloft.requirements.versions import delta

SECTION = "anbefalinger"


def draft_banner(version: Version, current: Version, current_link: str) -> list[str]:
    return [
        '!!! warning "Utkast"',
        f"    Dette er et utkast til versjon {version.version}. Det er ikke utgitt og kan endres før "
        f"utgivelsen; vis ikke til det i en konkurranse. Gjeldende versjon er [{current.version}]({current_link}).",
        "",
    ]


def draft_page(
    catalogue: Catalogue,
    version: Version,
    fields: Callable[[Requirement, Version, str, set[str]], list[str]],
    versions_page: str,
) -> tuple[str, list[str]]:
    """The title and body of the draft's page; ``fields`` renders one requirement (pages.requirement_fields)."""
    path = draft_page_path(version)
    current = catalogue.current
    change = delta(catalogue, version.version)
    new_ids = {req.id for req in change.added}
    body = [
        *draft_banner(version, current, relative_link(path, f"{SECTION}/versjoner/{current.version}.md")),
        f"Utkast til sammendrag: {inline(version.summary)}",
        "",
        f"Endringer mot versjon {change.previous}. Alle versjoner: [Versjoner]({relative_link(path, versions_page)}).",
        "",
    ]
    if change.added:
        body += ["## Nye krav { #nye }", ""]
        for req in change.added:
            body += [f"### {req.id} {inline(req.title)} {{ #{req.id} }}", ""]
            body += fields(req, version, path, new_ids)
    if change.changed:
        body += ["## Endrede krav { #endrede }", ""]
        body += [f"- **{req.id} {inline(req.title)}** ({c.kind}): {inline(c.note)}" for req, c in change.changed]
        body.append("")
    if change.retired:
        body += ["## Krav som tas ut { #tas-ut }", ""]
        for req in change.retired:
            assert req.lifecycle.retired is not None
            body.append(f"- **{req.id} {inline(req.title)}**: {inline(req.lifecycle.retired.reason)}")
        body.append("")
    if not (change.added or change.changed or change.retired):
        body += ["Utkastet har ingen endringer i kravene ennå.", ""]
    return f"Utkast til versjon {version.version}", body


def draft_link_line(catalogue: Catalogue, from_page: str) -> list[str]:
    """The versions index's line pointing at the drafts, or nothing when there are none."""
    drafts = [v for v in catalogue.versions if v.status == "draft"]
    if not drafts:
        return []
    links = ", ".join(f"[{v.version} (utkast)]({relative_link(from_page, draft_page_path(v))})" for v in drafts)
    return ["", f"Ikke utgitt ennå: {links}. {inline('Et utkast kan endres og skal ikke brukes i en konkurranse.')}"]
