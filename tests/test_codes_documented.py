"""Every issue code in journalloft.codes.CODES has exactly one section on docs/validator/feilkoder.md."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from journalloft.codes import CODES

PAGE = Path(__file__).resolve().parent.parent / "docs" / "validator" / "feilkoder.md"

# A code section: "### `json-syntax` { #json-syntax }". Group sections are "## <Norwegian title>".
_CODE_HEADING = re.compile(r"^###\s+`(?P<code>[^`]+)`\s*\{\s*#(?P<anchor>[^\s}]+)\s*\}\s*$")
_GROUP_HEADING = re.compile(r"^##\s+(?P<title>[^#].*?)\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")


@dataclass(frozen=True)
class Section:
    code: str
    anchor: str
    group_title: str
    body: str


def code_sections(markdown: str) -> list[Section]:
    """The code sections of the page in order, skipping fenced code blocks."""
    sections: list[Section] = []
    group_title = ""
    current: tuple[str, str] | None = None
    body: list[str] = []
    in_fence = False

    def close() -> None:
        if current is not None:
            sections.append(Section(current[0], current[1], group_title, "\n".join(body).strip()))

    for line in markdown.splitlines():
        if _FENCE.match(line):
            in_fence = not in_fence
        if in_fence:
            body.append(line)
            continue
        if heading := _CODE_HEADING.match(line):
            close()
            current, body = (heading["code"], heading["anchor"]), []
        elif heading := _GROUP_HEADING.match(line):
            close()
            current, body = None, []
            group_title = heading["title"]
        else:
            body.append(line)
    close()
    return sections


def mismatch(documented: list[str], catalogue: set[str]) -> str:
    """An empty string when the documented codes are exactly the catalogue, else what differs."""
    problems = []
    missing = sorted(catalogue - set(documented))
    extra = sorted(set(documented) - catalogue)
    twice = sorted({code for code in documented if documented.count(code) > 1})
    if missing:
        problems.append(f"codes without a section: {', '.join(missing)}")
    if extra:
        problems.append(f"sections for codes not in CODES: {', '.join(extra)}")
    if twice:
        problems.append(f"codes documented more than once: {', '.join(twice)}")
    return "; ".join(problems)


@pytest.fixture(scope="module")
def sections() -> list[Section]:
    return code_sections(PAGE.read_text(encoding="utf-8"))


def test_documented_codes_are_exactly_the_catalogue(sections: list[Section]) -> None:
    problem = mismatch([s.code for s in sections], set(CODES))
    assert not problem, f"{PAGE.name}: {problem}"


def test_every_section_anchor_is_its_code(sections: list[Section]) -> None:
    wrong = [f"{s.code} has anchor #{s.anchor}" for s in sections if s.anchor != s.code]
    assert not wrong, wrong


def test_every_section_explains_its_code_in_at_least_two_sentences(sections: list[Section]) -> None:
    short = [s.code for s in sections if len(re.findall(r"[.!?](?:\s|$)", s.body)) < 2]
    assert not short, f"sections with fewer than two sentences: {short}"


def test_sections_are_grouped_by_the_catalogue_group(sections: list[Section]) -> None:
    groups_per_title: dict[str, set[str]] = {}
    titles_per_group: dict[str, set[str]] = {}
    for section in sections:
        group = CODES[section.code].group if section.code in CODES else "?"
        groups_per_title.setdefault(section.group_title, set()).add(group)
        titles_per_group.setdefault(group, set()).add(section.group_title)
    mixed = {title: groups for title, groups in groups_per_title.items() if len(groups) > 1}
    split = {group: titles for group, titles in titles_per_group.items() if len(titles) > 1}
    assert not mixed, f"sections mixing groups: {mixed}"
    assert not split, f"groups split over several sections: {split}"


# The checks above must be able to fail: pairs on small synthetic pages.

_GOOD_PAGE = """# Feilkoder

## Lesing

### `input-empty` { #input-empty }

Tom. Fyll den.

```text
### `not-a-heading` { #not-a-heading }
```

## JSON

### `json-bom` { #json-bom }

BOM. Fjern den.
"""


def test_parser_reads_code_sections_and_ignores_fenced_code() -> None:
    found = code_sections(_GOOD_PAGE)
    assert [(s.code, s.anchor, s.group_title) for s in found] == [
        ("input-empty", "input-empty", "Lesing"),
        ("json-bom", "json-bom", "JSON"),
    ]
    assert found[0].body.startswith("Tom. Fyll den.")


def test_mismatch_is_empty_for_an_exact_match() -> None:
    assert mismatch(["input-empty", "json-bom"], {"input-empty", "json-bom"}) == ""


def test_mismatch_lists_missing_extra_and_duplicated_codes() -> None:
    problem = mismatch(["input-empty", "input-empty", "made-up"], {"input-empty", "json-bom"})
    assert "codes without a section: json-bom" in problem
    assert "sections for codes not in CODES: made-up" in problem
    assert "codes documented more than once: input-empty" in problem


def test_parser_reports_a_wrong_anchor() -> None:
    found = code_sections("## Lesing\n\n### `input-empty` { #input-tom }\n\nTom. Fyll den.\n")
    assert [(s.code, s.anchor) for s in found] == [("input-empty", "input-tom")]
