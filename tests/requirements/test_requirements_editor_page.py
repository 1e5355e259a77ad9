"""The editor's guide: its format reference covers exactly the fields of the JSON Schemas."""

from __future__ import annotations

import json
import re
import textwrap

import pytest
import yaml
from jsonschema import Draft202012Validator

from journalloft.cli import build_parser
from journalloft.requirements.command_refs import problem
from journalloft.requirements.load import load_catalogue
from journalloft.site.catalogue_pages.editor_page import FIELDS_NB, PAGE, SCHEMAS, editor_page, pages, schema_fields

from .conftest import REAL_ROOT, REPO

SCHEMA_ROOT = REAL_ROOT / "schema"
# The version the guide tells an editor to open next: the published catalogue's current one, one minor up
# (written out here rather than with the page's own next_minor, so a wrong step in it is caught).
CURRENT = load_catalogue(REAL_ROOT).current.version
_MAJOR, _MINOR, _ = CURRENT.split(".")
UPCOMING = f"{_MAJOR}.{int(_MINOR) + 1}.0"


def test_every_schema_field_has_a_norwegian_explanation_and_no_other() -> None:
    paths = set()
    for file_name, _, _ in SCHEMAS:
        schema = json.loads((SCHEMA_ROOT / file_name).read_text(encoding="utf-8"))
        paths |= {f"{file_name}:{path}" for path, _, _ in schema_fields(schema)}
    assert paths == set(FIELDS_NB)


def test_the_reference_shows_type_required_and_allowed_values() -> None:
    page = editor_page("<!-- header -->", SCHEMA_ROOT, CURRENT)
    assert (
        "| `$choice.kravtype` | én av `A`, `V`, `Ø` | ja | A = absolutt krav, V = evalueringskrav, Ø = ønske. |" in page
    )
    assert "| `$choice.weight` | tall | nei |" in page
    assert f".venv/bin/journalloft requirements release {UPCOMING}" in page
    for _, _, title in SCHEMAS:
        assert f"### {title}" in page


@pytest.fixture(scope="module")
def guide() -> str:
    return pages(REPO)[PAGE]


def test_the_guide_is_the_committed_page(guide: str) -> None:
    assert (REPO / "docs" / PAGE).read_text(encoding="utf-8") == guide


def test_every_command_in_the_guide_is_the_installed_path_and_parses(guide: str) -> None:
    """Issue 25: the guide wrote `journalloft` where a newcomer has `.venv/bin/journalloft`."""
    blocks = re.findall(r"```console\n(.*?)```", guide, re.DOTALL)
    commands = [line for block in blocks for line in block.splitlines() if "journalloft" in line]
    assert commands and all(line.startswith(".venv/bin/") for line in commands), commands
    parser = build_parser()
    assert {line: problem(line.removeprefix(".venv/bin/"), parser) for line in commands} == dict.fromkeys(commands)
    assert f".venv/bin/journalloft requirements new-version {UPCOMING}" in commands


def test_the_worked_lifecycle_change_is_real_data(guide: str) -> None:
    """The example is copied from a category file and is a valid `lifecycle.changes` entry."""
    found = re.search(
        r"Slik står en redaksjonell endring av (FJL-[A-Z]{3}-\d{3}) i `specs/requirements/([^`]+)`", guide
    )
    example = re.search(r"```yaml\n(.*?)\n```", guide, re.DOTALL)
    assert found is not None and example is not None
    source = (REAL_ROOT / found.group(2)).read_text(encoding="utf-8")
    assert example.group(1) in source
    entry = yaml.safe_load(textwrap.dedent(example.group(1)))
    schema = json.loads((SCHEMA_ROOT / "category.schema.json").read_text(encoding="utf-8"))
    change_schema = {"$defs": schema["$defs"], **schema["$defs"]["lifecycle"]["properties"]["changes"]}
    assert list(Draft202012Validator(change_schema).iter_errors(entry)) == []
    assert entry[0]["kind"] == "editorial" and "text" in entry[0]["previous"]
    requirement = next(req for req in yaml.safe_load(source)["requirements"] if req["id"] == found.group(1))
    assert entry[0] in requirement["lifecycle"]["changes"]


def test_the_front_page_leads_editors_to_the_guide() -> None:
    """Issue 25: the front page sent editors to a page that did not link the guide."""
    front = (REPO / "docs" / "index.md").read_text(encoding="utf-8")
    entry = front.split("**Alle som vil foreslå endringer**", 1)[1].split("\n\n", 1)[0]
    targets = re.findall(r"\]\(([^)#]+)", entry)
    assert targets
    for target in targets:
        text = (REPO / "docs" / target).read_text(encoding="utf-8")
        assert target == "anbefalinger/redigering.md" or "anbefalinger/redigering.md" in text, target
