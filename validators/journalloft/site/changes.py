"""The ``changes.yaml`` of a spec version: its schema, reading it with clear errors, and the changes page.

Format (validated with :data:`SCHEMA`, every text in Norwegian)::

    version: 1.0.0                              # optional; must be the folder's version
    summary: Første publiserte versjon.        # optional, one paragraph
    changes:
      - class: brytende | kompatibel | redaksjonell
        text: Hva som er endret, og hva det betyr for leverandøren.
        elements: [EpisodeOfCare.status]        # optional: the paths the change touches

``brytende``: a payload valid before may now be rejected or read differently (needs a new major
version); ``kompatibel``: everything valid before stays valid (new optional elements, new codes);
``redaksjonell``: wording and documentation only.
"""

from __future__ import annotations

import itertools
from typing import Any

from journalloft.requirements.mdtext import inline, paragraphs
from journalloft.site.specdata import STATUS, SpecDataError, code, read_version_file
from journalloft.specs import SpecVersion

FILE = "changes.yaml"
KINDS = {
    # The data key stays "brytende" (changes.yaml files and their schema use it); the page says it in
    # the glossary's words (journalloft.site.ordliste.yaml).
    "brytende": "Ikke bakoverkompatibel",
    "kompatibel": "Kompatibel",
    "redaksjonell": "Redaksjonell",
}
SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Endringene i én versjon av en spesifikasjon (changes.yaml)",
    "type": "object",
    "additionalProperties": False,
    "required": ["changes"],
    "properties": {
        "version": {"type": "string", "minLength": 1},
        "summary": {"type": "string", "minLength": 1},
        "changes": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["class", "text"],
                "properties": {
                    "class": {"enum": list(KINDS)},
                    "text": {"type": "string", "minLength": 1},
                    "elements": {"type": "array", "items": {"type": "string", "minLength": 1}},
                },
            },
        },
    },
}


def read_changes(spec: SpecVersion) -> dict[str, Any] | None:
    """The version's changes.yaml, checked against :data:`SCHEMA`; None when the version has none."""
    data: dict[str, Any] | None = read_version_file(spec, FILE, SCHEMA)
    if data is None:
        return None
    if "version" in data and str(data["version"]) != spec.version:
        raise SpecDataError(
            f"{spec.path}/{FILE}: version: {data['version']!r} is not the folder's version {spec.version!r}"
        )
    return data


def _numbers(version: str) -> tuple[int, int, int] | None:
    parts = version.split("-", 1)[0].split("+", 1)[0].split(".")
    if len(parts) != 3 or not all(part.isdigit() for part in parts):
        return None
    return int(parts[0]), int(parts[1]), int(parts[2])


def check_version_bump(versions: list[SpecVersion]) -> None:
    """Each version's number must say what its changes.yaml says (see docs/om.md, Versjonering).

    Against the version before it: a brytende change needs a new major version (from 1.0.0 on;
    before that a minor one), a kompatibel change at least a new minor version.
    """
    for before, after in itertools.pairwise(versions):
        data = read_changes(after)
        old, new = _numbers(before.version), _numbers(after.version)
        if data is None or old is None or new is None:
            continue
        classes = {change["class"] for change in data["changes"]}
        if "brytende" in classes and old[0] >= 1 and new[0] <= old[0]:
            needed = "a new major version"
        elif classes & {"brytende", "kompatibel"} and new[:2] <= old[:2]:
            needed = "at least a new minor version"
        else:
            continue
        assert after.path is not None
        raise SpecDataError(
            f"{after.path / FILE}: {after.key} follows {before.version} but its "
            f"{'brytende' if 'brytende' in classes else 'kompatibel'} changes need {needed}"
        )


def sections(versions: list[SpecVersion]) -> list[str]:
    """One section per version, newest first, its changes grouped by kind."""
    check_version_bump(versions)
    lines: list[str] = []
    for spec in reversed(versions):
        released = f", utgitt {spec.released}" if spec.released else ""
        lines += [
            f"## Versjon {spec.version} {{#v{spec.version.replace('.', '-')}}}",
            "",
            f"Status: {STATUS.get(spec.status, spec.status)}{released}.",
            "",
        ]
        data = read_changes(spec)
        if data is None:
            lines += ["Versjonen har ingen registrerte endringer.", ""]
            continue
        if data.get("summary"):
            lines += [*paragraphs(data["summary"]), ""]
        for kind, label in KINDS.items():
            chosen = [c for c in data["changes"] if c["class"] == kind]
            if not chosen:
                continue
            lines += [f"### {label} {{#v{spec.version.replace('.', '-')}-{kind}}}", ""]
            for change in chosen:
                touched = ", ".join(code(e) for e in change.get("elements") or [])
                lines.append(f"- {inline(change['text'])}" + (f" ({touched})" if touched else ""))
            lines.append("")
    return lines
