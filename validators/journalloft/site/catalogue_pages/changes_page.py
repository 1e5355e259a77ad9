"""The page of changes between published versions (anbefalinger/endringer.md), classified as the
release rules classify them: not backward compatible, compatible, editorial."""

from __future__ import annotations

from journalloft.requirements.mdtext import definition, inline, relative_link
from journalloft.requirements.model import CHANGE_KIND_LABELS, Catalogue
from journalloft.requirements.page_paths import version_page_path
from journalloft.requirements.versions import delta
from journalloft.site.catalogue_pages.page_parts import CHANGES, FIELD_LABELS, KRAV_STATUS, page_text, requirement_link
from journalloft.site.catalogue_pages.reference_page import source_checks_section

BREAKING = "Ikke bakoverkompatibel"
"""The class of a change that needs a new major version, in the glossary's words (not "brytende")."""


def changes_page(catalogue: Catalogue) -> str:
    body = [
        "Siden viser hva som er endret fra én utgitt versjon til den neste. Alt er lest ut av livsløpet til "
        "hvert krav i katalogen (innført, endret, utgått), så listen kan ikke komme i utakt med kravene.",
        "",
        "Hver endring har en klasse:",
        "",
        *definition(
            BREAKING,
            [
                "Et krav er utgått, også når et nytt krav med ny ID erstatter det. En konkurranse som viser til den "
                "gamle ID-en med sin versjon, er fortsatt entydig, men den som går over til den nye versjonen, må "
                "bytte ut kravet. Gir ny *hovedversjon*."
            ],
        ),
        *definition(
            "Kompatibel",
            [
                "Et nytt krav, eller et krav som er utvidet eller presisert uten at det blir vanskeligere å oppfylle "
                "(for eksempel flere tjenesteområder eller et mildere foreslått nivå). Gir minst ny *delversjon*."
            ],
        ),
        *definition(
            "Redaksjonell",
            ["Bedre ordlyd, forklaring, veiledning eller lenker uten endret betydning. Gir ny *rettingsversjon*."],
        ),
        "En endring som gjør et krav strengere eller endrer hva det betyr, får alltid en ny ID som erstatter "
        "den gamle; derfor finnes det ingen ikke bakoverkompatibel endring av et krav med samme ID.",
        "",
    ]
    for version in reversed(catalogue.published_versions):
        change = delta(catalogue, version.version)
        status = KRAV_STATUS[version.status]
        body += [
            f"## Versjon {version.version} {{ #versjon-{version.version} }}",
            "",
            f"Utgitt {version.released} ({status}). {inline(version.summary)} "
            f"[Hele versjonen]({relative_link(CHANGES, version_page_path(version))}).",
            "",
            *source_checks_section(version, CHANGES, lambda rid: requirement_link(catalogue, rid, CHANGES)),
        ]
        if change.previous is None:
            body += [f"Første utgave med {len(change.added)} krav.", ""]
            continue
        rows = []
        for req in change.retired:
            assert req.lifecycle.retired is not None
            replaced = ", ".join(
                requirement_link(catalogue, rid, CHANGES) for rid in req.lifecycle.retired.replaced_by
            )
            what = f"Utgått, erstattet av {replaced}" if replaced else "Utgått"
            rows.append((req.id, what, BREAKING.lower(), inline(req.lifecycle.retired.reason)))
        for req in change.added:
            supersedes = ", ".join(req.supersedes)
            what = f"Nytt, erstatter {supersedes}" if supersedes else "Nytt"
            rows.append((req.id, what, "kompatibel", inline(req.title)))
        for req, edit in change.changed:
            fields = ", ".join(label for name, label in FIELD_LABELS.items() if name in edit.previous) or "–"
            rows.append((req.id, f"Endret ({fields})", CHANGE_KIND_LABELS[edit.kind], inline(edit.note)))
        classes = {row[2] for row in rows}
        overall = next(
            (c for c in (BREAKING.lower(), "kompatibel", "redaksjonell") if c in classes), "ingen endringer"
        )
        body += [
            f"Endringer fra versjon {change.previous}: {len(rows)}. Samlet klasse: **{overall}**.",
            "",
            "| Krav | Endring | Klasse | Merknad |",
            "| --- | --- | --- | --- |",
        ]
        for rid, what, klass, note in rows:
            body.append(f"| {requirement_link(catalogue, rid, CHANGES)} | {what} | {klass} | {note} |")
        body.append("")
    return page_text("Endringer mellom versjoner", body)
