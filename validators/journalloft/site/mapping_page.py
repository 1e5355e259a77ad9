"""The mapping table of a spec version that holds a ``mapping.yaml``: how its fields map to another format.

Format (every text in Norwegian)::

    title: Fra prototyp-JSON til FHIR          # optional
    description: Ett avsnitt om tilordningen.   # optional
    from: okt-prototype@0.3.0                   # the spec (and version) each row's "from" is in
    to: okt@1.0.0
    rows:
      - from: $.oktMessages[*].startDate
        to: EpisodeOfCare.period.start
        note: Datoen flyttes uendret.           # optional
"""

from __future__ import annotations

from typing import Any

import yaml
from jsonschema import Draft202012Validator

from journalloft.requirements.mdtext import inline, paragraphs
from journalloft.site.specdata import SpecDataError, cell, code
from journalloft.specs import SpecVersion

FILE = "mapping.yaml"
SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "additionalProperties": False,
    "required": ["from", "to", "rows"],
    "properties": {
        "title": {"type": "string", "minLength": 1},
        "description": {"type": "string", "minLength": 1},
        "from": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*(@[0-9][0-9A-Za-z.+-]*)?$"},
        "to": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*(@[0-9][0-9A-Za-z.+-]*)?$"},
        "rows": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["from", "to"],
                "properties": {
                    "from": {"type": "string"},
                    "to": {"type": "string"},
                    "note": {"type": "string"},
                },
            },
        },
    },
}


def read_mapping(spec: SpecVersion) -> dict[str, Any] | None:
    assert spec.path is not None
    path = spec.path / FILE
    if not path.is_file():
        return None
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise SpecDataError(f"{path}: not well-formed YAML: {exc}") from exc
    errors = sorted(Draft202012Validator(SCHEMA).iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        where = "/".join(str(part) for part in errors[0].absolute_path) or "(top)"
        raise SpecDataError(f"{path}: {where}: {errors[0].message}")
    return data


def title(mapping: dict[str, Any]) -> str:
    return str(mapping.get("title") or f"Kobling fra {mapping['from']} til {mapping['to']}")


def sections(mapping: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    if mapping.get("description"):
        lines += [*paragraphs(str(mapping["description"])), ""]
    lines += [
        f"Tabellen viser hvordan hvert felt i {code(mapping['from'])} svarer til et element i {code(mapping['to'])}.",
        "",
        f"| {inline(mapping['from'])} | {inline(mapping['to'])} | Merknad |",
        "| --- | --- | --- |",
    ]
    lines += [
        f"| {code(str(row['from']))} | {code(str(row['to']))} | {cell(row.get('note', ''))} |"
        for row in mapping["rows"]
    ]
    return [*lines, ""]
