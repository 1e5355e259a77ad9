"""Every example payload gives exactly the findings its manifest entry lists, and every file is listed."""

from __future__ import annotations

from pathlib import Path

import pytest

from journalloft import validate
from journalloft.site.examples_page import Example, load_manifest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = load_manifest(ROOT)


def test_manifest_lists_every_example_file_once() -> None:
    on_disk = sorted(str(p.relative_to(ROOT / "examples")) for p in (ROOT / "examples").rglob("*.*json"))
    listed = [e.file for e in EXAMPLES]
    assert sorted(listed) == on_disk
    assert len(set(listed)) == len(listed)


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.file for e in EXAMPLES])
def test_example_gives_exactly_the_listed_findings(example: Example) -> None:
    report = validate(ROOT / "examples" / example.file)
    (result,) = report.results
    found = sorted(
        (i.severity.value, i.code, i.expression) for i in result.issues if i.severity.value in ("error", "warning")
    )
    assert found == sorted(example.issues)
    assert result.spec == example.spec
    assert result.valid is (not any(s == "error" for s, _, _ in example.issues))
    assert ("/valid/" in f"/{example.file}") is result.valid
