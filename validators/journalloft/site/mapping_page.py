"""The mapping tables of a spec version: ``mapping/*.yaml``, how another spec's fields map to this one.

Format of each file (every text in Norwegian; the format branch ``okt`` writes for
journalloft.okt.convert, rendered here generically)::

    source: okt-prototype@0.3.0          # the spec whose fields the rows start from
    target: okt@1.0.0                    # the spec they map to (normally this version)
    title: ...                           # optional
    description: ...                     # optional, one paragraph before the table
    normalisation: ...                   # optional, one paragraph after the table
    rows:
      - field: oktMessages[].startDate   # the field in the source
        fhir: EpisodeOfCare.period.start # where it goes in the target
        rule: Datoen uendret.            # optional: how
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from journalloft.requirements.mdtext import inline, paragraphs
from journalloft.site.specdata import cell, code, read_checked_yaml, table
from journalloft.specs import SpecVersion

FOLDER = "mapping"
_SPEC_KEY = {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*(@[0-9][0-9A-Za-z.+-]*)?$"}
SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "additionalProperties": False,
    "required": ["source", "target", "rows"],
    "properties": {
        "source": _SPEC_KEY,
        "target": _SPEC_KEY,
        "title": {"type": "string", "minLength": 1},
        "description": {"type": "string", "minLength": 1},
        "normalisation": {"type": "string", "minLength": 1},
        "rows": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["field", "fhir"],
                "properties": {
                    "field": {"type": "string", "minLength": 1},
                    "fhir": {"type": "string", "minLength": 1},
                    "rule": {"type": "string"},
                },
            },
        },
    },
}


def mapping_files(spec: SpecVersion) -> list[Path]:
    assert spec.path is not None
    return sorted((spec.path / FOLDER).glob("*.yaml"))


def read_mapping(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = read_checked_yaml(path, SCHEMA)
    return data


def title(mapping: dict[str, Any]) -> str:
    return str(mapping.get("title") or f"Fra {mapping['source']} til {mapping['target']}")


def page_sections(spec: SpecVersion) -> list[str]:
    """One section per mapping file of the version."""
    lines: list[str] = []
    for path in mapping_files(spec):
        mapping = read_mapping(path)
        lines += [f"## {inline(title(mapping))} {{#{path.stem}}}", ""]
        if mapping.get("description"):
            lines += [*paragraphs(str(mapping["description"])), ""]
        lines += [
            f"Tabellen viser hvor hvert felt i {code(mapping['source'])} havner i {code(mapping['target'])}, "
            "og hva som skjer med verdien på veien.",
            "",
        ]
        rows = [
            f"| {code(str(row['field']))} | {code(' '.join(str(row['fhir']).split()))} | {cell(row.get('rule', ''))} |"
            for row in mapping["rows"]
        ]
        header = f"| Felt i {inline(mapping['source'])} | Element i {inline(mapping['target'])} | Regel |"
        lines += table([header, "| --- | --- | --- |", *rows])
        if mapping.get("normalisation"):
            lines += [*paragraphs(str(mapping["normalisation"])), ""]
    return lines
