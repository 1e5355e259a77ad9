"""The editor's guide: its format reference covers exactly the fields of the JSON Schemas."""

from __future__ import annotations

import json
from pathlib import Path

from journalloft.requirements.editor_page import FIELDS_NB, SCHEMAS, editor_page, schema_fields

SCHEMA_ROOT = Path(__file__).resolve().parents[2] / "specs" / "requirements" / "schema"


def test_every_schema_field_has_a_norwegian_explanation_and_no_other() -> None:
    paths = set()
    for file_name, _, _ in SCHEMAS:
        schema = json.loads((SCHEMA_ROOT / file_name).read_text(encoding="utf-8"))
        paths |= {f"{file_name}:{path}" for path, _, _ in schema_fields(schema)}
    assert paths == set(FIELDS_NB)


def test_the_reference_shows_type_required_and_allowed_values() -> None:
    page = editor_page("<!-- header -->", SCHEMA_ROOT)
    assert (
        "| `$choice.kravtype` | én av `A`, `V`, `Ø` | ja | A = absolutt krav, V = evalueringskrav, Ø = ønske. |" in page
    )
    assert "| `$choice.weight` | tall | nei |" in page
    assert "journalloft requirements release 3.1.0" in page
    for _, _, title in SCHEMAS:
        assert f"### {title}" in page
