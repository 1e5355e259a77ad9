"""Lint speaks Norwegian, like `release` and `new-version` (issue 25: lint's messages were English).

Every failing case of test_requirements_lint.py is run again here and its message checked for English
sentence words; the schema faults, worded by jsonschema in English, are rebuilt in Norwegian."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from journalloft.cli import build_parser
from journalloft.requirements.lint import RULES, lint
from journalloft.requirements.release_lock import LOCK_FILE, build_lock, render_lock

from .test_requirements_lint import CASES, CAT, DEL, INF, Edit
from .test_requirements_references import CASES as REFERENCE_CASES
from .test_requirements_references import REFS

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


CHECKED_2_0_0 = """    summary: Andre testutgave med ett nytt og ett erstattet krav.
    source_checks:
      - topic: Pasientjournalloven
        requirements: [FJL-INF-001]
        text: Paragrafen er kontrollert mot Lovdata.
        sources: [pasientjournalloven]
"""

# Rules whose failing cases live outside test_requirements_lint.CASES, each with the edits that fire it
# (taken from their own test files): (rule, edits before released.yaml is written, edits after).
OTHER_CASES: list[tuple[str, list[tuple[str, str, str]], list[tuple[str, str, str]]]] = [
    ("id-gap", [], [(DEL, "  - id: FJL-DEL-002\n", "  - id: FJL-DEL-003\n")]),
    ("relation-version", [], [(DEL, "      depends_on: [FJL-INF-001]\n", "      depends_on: [FJL-INF-002]\n")]),
    (
        "version-bump",
        [],
        [(CAT, '  - version: "2.1.0"', '  - version: "2.0.1"'), (DEL, 'introduced: "2.1.0"', 'introduced: "2.0.1"')],
    ),
    ("release-changed", [], [(DEL, 'introduced: "2.1.0"', 'introduced: "2.0.0"')]),
    ("release-unrecorded", [], [(LOCK_FILE, '  "2.0.0":\n    FJL', '  "1.9.0":\n    FJL')]),
    ("release-record", [], [(LOCK_FILE, "issued_ids:", "issued_ids: {")]),
    ("release-record", [], [(LOCK_FILE, "issued_ids:", "ids:")]),
    (
        "release-source-checks",
        [(CAT, CHECKED_2_0_0.split("    source_checks:", 1)[0], CHECKED_2_0_0)],
        [
            (
                CAT,
                "    source_checks:\n",
                '  - version: "2.0.5"\n    status: draft\n    summary: Ny.\n    source_checks:\n',
            )
        ],
    ),
    ("id-deleted", [], [(DEL, "  - id: FJL-DEL-002\n", "  - id: FJL-DEL-002\n    x: 1\n")]),
    (
        "command-unknown",
        [],
        [
            (
                INF,
                "    guidance: Kan brukes uendret.\n",
                "    guidance: Kjør `journalloft valider melding.json` først.\n",
            )
        ],
    ),
    ("equivalent-missing", [], [(DEL, " med HL7 FHIR R4 eller tilsvarende.", " med HL7 FHIR R4.")]),
    (
        "absolute-not-in-national-use",
        [],
        [
            (REFS, "    kind: spec\n", "    kind: spec\n    national_use: false\n"),
            (DEL, "    tender_use: [evaluated, award-criterion]\n", "    tender_use: [absolute, evaluated]\n"),
        ],
    ),
    ("level-legal-basis", [], [(INF, "        pinpoint: § 19\n", "")]),
    ("level-wording", [], [(DEL, "Løsningen kan støtte varsling.", "Løsningen skal støtte varsling.")]),
    *[(case[0], [], [case[1:4]]) for case in REFERENCE_CASES],
]
# Their exact Norwegian messages are asserted where they are tested: reference-list in
# test_requirements_references.py, spec-requirement-unknown (a spec's spec.yaml) in test_requirements_lint.py.
ASSERTED_ELSEWHERE = {"reference-list", "spec-requirement-unknown"}


@pytest.mark.parametrize("case", OTHER_CASES, ids=[c[0] for c in OTHER_CASES])
def test_the_other_rules_are_worded_in_norwegian(
    catalogue_copy: Path, edit: Edit, case: tuple[str, list[tuple[str, str, str]], list[tuple[str, str, str]]]
) -> None:
    rule, before_release, after_release = case
    for file, old, new in before_release:
        edit(catalogue_copy / file, old, new)
    result = lint(catalogue_copy)
    assert result.catalogue is not None, [f.format(catalogue_copy) for f in result.findings]
    (catalogue_copy / LOCK_FILE).write_text(render_lock(build_lock(result.catalogue, None)), encoding="utf-8")
    for file, old, new in after_release:
        edit(catalogue_copy / file, old, new)
    found = lint(catalogue_copy, commands=build_parser()).findings
    findings = [f for f in found if f.rule == rule]
    assert findings, [f.format(catalogue_copy) for f in found]
    english = [f.format(catalogue_copy) for f in findings if ENGLISH.search(_prose(f.message))]
    assert english == []


def test_every_lint_rule_is_checked_for_norwegian() -> None:
    covered = {case[0] for case in CASES} | {case[0] for case in OTHER_CASES} | ASSERTED_ELSEWHERE
    assert covered == set(RULES)
