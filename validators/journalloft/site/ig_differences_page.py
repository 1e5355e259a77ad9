"""The page "Forskjeller fra HL7 Norges IG": where a spec version differs from the IG it follows.

Data: ``ig-differences.yaml`` in the spec version's folder (format in :data:`SCHEMA`): the IG pinned
by commit, and per difference the element, its kind (strengere: rejects what the IG accepts;
advarsel: warns where the IG says nothing; tillegg: ours, accepts what the IG accepts), what the IG
says, what the spec says, the reason and its source. One page per version that has the file:
``tjenester/<spec-id>/<version>/forskjeller-fra-ig.md``. One section per difference, not a wide
table, so the page needs no sideways scrolling.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from journalloft.requirements.mdtext import inline, paragraphs
from journalloft.site.provenance import provenance_header
from journalloft.site.specdata import by_id, published, read_version_file, spec_dir
from journalloft.specs import SpecVersion

FILE = "ig-differences.yaml"
KINDS = {
    "strengere": "Strengere enn implementasjonsveiledningen",
    "advarsel": "Advarsel der implementasjonsveiledningen ikke har noen regel",
    "tillegg": "Tillegg (valgfritt, godtar det implementasjonsveiledningen godtar)",
}
_TEXT = {"type": "string", "minLength": 1}
SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "additionalProperties": False,
    "required": ["reference", "differences"],
    "properties": {
        "reference": {
            "type": "object",
            "additionalProperties": False,
            "required": ["title", "version", "url", "commit", "date"],
            "properties": {
                "title": _TEXT,
                "version": _TEXT,
                "url": {"type": "string", "pattern": "^https://"},
                "commit": {"type": "string", "pattern": "^[0-9a-f]{40}$"},
                "date": {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
                "note": _TEXT,
            },
        },
        "differences": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["element", "kind", "ig", "here", "reason", "source"],
                "properties": {
                    "element": _TEXT,
                    "kind": {"enum": list(KINDS)},
                    "ig": _TEXT,
                    "here": _TEXT,
                    "reason": _TEXT,
                    "source": _TEXT,
                },
            },
        },
    },
}


def page_path(spec: SpecVersion) -> str:
    return f"{spec_dir(spec.id)}/{spec.version}/forskjeller-fra-ig.md"


def read_differences(spec: SpecVersion) -> dict[str, Any] | None:
    """The version's ig-differences.yaml, checked against :data:`SCHEMA`; None when it has none."""
    data: dict[str, Any] | None = read_version_file(spec, FILE, SCHEMA)
    return data


def pages(repo_root: Path) -> dict[str, str]:
    result: dict[str, str] = {}
    for versions in by_id(published(repo_root)).values():
        for spec in versions:
            data = read_differences(spec)
            if data is not None:
                result[page_path(spec)] = page(spec, data)
    return result


def page(spec: SpecVersion, data: dict[str, Any]) -> str:
    ref = data["reference"]
    commit_url = f"{ref['url']}/tree/{ref['commit']}"
    lines = [
        provenance_header([f"specs/{spec.id}/{spec.version}/{FILE}"]),
        "",
        f"# Forskjeller fra HL7 Norges IG i {spec.key}",
        "",
        f"`{spec.key}` følger {inline(ref['title'])} versjon {inline(ref['version'])}, slik den er i "
        f"commit [`{ref['commit'][:7]}`]({commit_url}) ({ref['date']}). Her står hvert sted der "
        f"`{spec.key}` sier noe annet enn implementasjonsveiledningen, med grunnen og kilden. "
        "Data som følger implementasjonsveiledningen, er gyldige her, bortsett fra der det står "
        "«strengere» nedenfor; vi er bare strengere der NHNs API trenger det, "
        "og sier det når det ikke er slik.",
        "",
    ]
    if ref.get("note"):
        lines += [*paragraphs(ref["note"]), ""]
    for kind, title in KINDS.items():
        chosen = [d for d in data["differences"] if d["kind"] == kind]
        lines += [f"## {title} ({len(chosen)})", ""]
        if not chosen:
            lines += ["Ingen.", ""]
        for difference in chosen:
            lines += [
                f"### {inline(difference['element'])}",
                "",
                f"HL7 Norges IG\n:   {inline(difference['ig'])}",
                "",
                f"Her\n:   {inline(difference['here'])}",
                "",
                f"Grunn\n:   {inline(difference['reason'])}",
                "",
                f"Kilde\n:   {inline(difference['source'])}",
                "",
            ]
    while lines[-1] == "":
        lines.pop()
    return "\n".join(lines) + "\n"
