"""Lint speaks Norwegian, like `release` and `new-version` (issue 25: lint's messages were English).

Every failing case of test_requirements_lint.py is run again here and its message checked for English
sentence words; the schema faults, worded by jsonschema in English, are rebuilt in Norwegian."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from journalloft.requirements.lint import lint
from journalloft.requirements.release_lock import LOCK_FILE, build_lock, render_lock

from .test_requirements_lint import CASES, CAT, DEL, INF, Edit

# Words of an English sentence that Norwegian messages do not use (identifiers and YAML keys aside).
ENGLISH = re.compile(r"\b(is|are|the|not|must|which|has|have|but|does|of|in catalogue|cannot|already)\b")


def _prose(message: str) -> str:
    """The message without quoted values and code, which stay as written in the files."""
    return re.sub(r"'[^']*'|`[^`]*`|«[^»]*»", "", message)


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_every_lint_case_is_worded_in_norwegian(
    catalogue_copy: Path, edit: Edit, case: tuple[str, str, str, str, int]
) -> None:
    _, file, old, new, _ = case
    edit(catalogue_copy / file, old, new)
    findings = lint(catalogue_copy).findings
    assert findings
    english = [f.format(catalogue_copy) for f in findings if ENGLISH.search(_prose(f.message))]
    assert english == []


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        (
            CAT,
            "    summary: Første testutgave.\n",
            "",
            "versions[0]: mangler nøkkelen 'summary'",
        ),
        (
            CAT,
            "    summary: Første testutgave.\n",
            "    summary: Første testutgave.\n    note: ekstra\n",
            "versions[0]: nøkkelen 'note' er ikke tillatt her",
        ),
        (
            DEL,
            "    level: kan\n    tender_use: [evaluated]\n",
            "    level: maa\n    tender_use: [evaluated]\n",
            "requirements[1].level: 'maa' er ikke en av 'må', 'skal', 'bør', 'kan'",
        ),
        (
            DEL,
            "    service_areas: [legevakt]\n",
            "    service_areas: legevakt\n",
            "requirements[1].service_areas: skal være liste, ikke tekst",
        ),
        (
            DEL,
            "    title: Planlagt krav\n",
            "    title: no\n",
            "requirements[1].title: YAML leste 'no' som sannhetsverdi; sett verdien i anførselstegn",
        ),
    ],
)
def test_schema_faults_are_rebuilt_in_norwegian(  # noqa: PLR0917 - one parameter per column of the table
    catalogue_copy: Path, edit: Edit, file: str, old: str, new: str, message: str
) -> None:
    edit(catalogue_copy / file, old, new)
    assert message in [f.message for f in lint(catalogue_copy).findings]


# Rules whose failing cases live outside test_requirements_lint.CASES, each with one edit that fires it
# (edits from their own test files); with CASES and the reference cases they cover every rule in RULES.
# version-bump and release-source-checks have exact Norwegian messages asserted in their own tests.
OTHER_CASES: list[Any] = [
    ("id-gap", DEL, "  - id: FJL-DEL-002\n", "  - id: FJL-DEL-003\n"),
    ("relation-version", DEL, "      depends_on: [FJL-INF-001]\n", "      depends_on: [FJL-INF-002]\n"),
    ("release-changed", DEL, 'introduced: "2.1.0"', 'introduced: "2.0.0"'),
    ("release-record", LOCK_FILE, "issued_ids:", "issued_ids: {"),
    ("release-record", LOCK_FILE, "issued_ids:", "ids:"),
    ("id-deleted", DEL, "  - id: FJL-DEL-002\n", "  - id: FJL-DEL-002\n    x: 1\n"),
    ("equivalent-missing", DEL, " med HL7 FHIR R4 eller tilsvarende.", " med HL7 FHIR R4."),
    ("level-legal-basis", INF, "        pinpoint: § 19\n", ""),
    ("level-wording", DEL, "Løsningen kan støtte varsling.", "Løsningen skal støtte varsling."),
]


@pytest.mark.parametrize("case", OTHER_CASES, ids=[c[0] if isinstance(c, tuple) else c.id for c in OTHER_CASES])
def test_the_other_rules_are_worded_in_norwegian(
    catalogue_copy: Path, edit: Edit, case: tuple[str, str, str, str]
) -> None:
    rule, file, old, new = case
    result = lint(catalogue_copy)
    assert result.catalogue is not None
    (catalogue_copy / LOCK_FILE).write_text(render_lock(build_lock(result.catalogue, None)), encoding="utf-8")
    edit(catalogue_copy / file, old, new)
    findings = [f for f in lint(catalogue_copy).findings if f.rule == rule]
    assert findings, [f.format(catalogue_copy) for f in lint(catalogue_copy).findings]
    english = [f.format(catalogue_copy) for f in findings if ENGLISH.search(_prose(f.message))]
    assert english == []
