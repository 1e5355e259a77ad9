"""The helseid-tillitsrammeverk spec: its schema documents every property in Norwegian, and its rules
check the organisation numbers where the trust framework carries them."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from journalloft import validate

ROOT = Path(__file__).resolve().parent.parent
SPECS = ROOT / "specs" / "helseid-tillitsrammeverk"
VALID = ROOT / "examples" / "helseid" / "valid" / "hjemmetjeneste-sykepleier.json"


def properties(schema: dict[str, Any], at: str = "$") -> Iterator[tuple[str, dict[str, Any]]]:
    for name, sub in (schema.get("properties") or {}).items():
        yield f"{at}.{name}", sub
        yield from properties(sub, f"{at}.{name}")
    if isinstance(schema.get("items"), dict):
        yield from properties(schema["items"], f"{at}[*]")


@pytest.mark.parametrize("schema_file", ["1.0.0/schema.json", "1.1.0/schema.json", "1.1.0/advisory.json"])
def test_every_property_has_a_title_and_a_description(schema_file: str) -> None:
    schema = json.loads((SPECS / schema_file).read_text(encoding="utf-8"))
    missing = [where for where, sub in properties(schema) if not sub.get("title") or not sub.get("description")]
    assert not missing, missing


@pytest.mark.parametrize(
    "path",
    [("practitioner", "legal_entity"), ("practitioner", "point_of_care"), ("patients", 0, "point_of_care")],
)
def test_organisation_numbers_are_checked(path: tuple[str | int, ...]) -> None:
    data = json.loads(VALID.read_text(encoding="utf-8"))
    assert validate(copy.deepcopy(data)).valid
    node: Any = data
    for step in path:
        node = node[step]
    node["id"] = node["id"][:-1] + str((int(node["id"][-1]) + 1) % 10)
    report = validate(data)
    expression = "$." + ".".join(f"{s}" if isinstance(s, str) else f"[{s}]" for s in path).replace(".[", "[") + ".id"
    assert [(i.code, i.expression) for i in report.issues] == [("no-id-check-digits", expression)]
    assert report.results[0].spec == "helseid-tillitsrammeverk@1.1.0"
