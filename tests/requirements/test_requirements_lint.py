"""Lint: the fixture catalogue passes; each rule fails on a broken edit, naming its file and line."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import pytest

from journalloft.requirements.cli import _counts, main
from journalloft.requirements.lint import RULES, Finding, lint
from journalloft.requirements.lint_procurement import PROCUREMENT_RULES
from journalloft.requirements.model import Catalogue
from journalloft.requirements.reference_list import REFERENCE_RULES

Edit = Callable[[Path, str, str], int]

INF = "categories/informasjon.yaml"
DEL = "categories/deling.yaml"
CAT = "catalogue.yaml"


def test_fixture_catalogue_passes(fixture_root: Path) -> None:
    result = lint(fixture_root)
    assert result.findings == []
    assert result.catalogue is not None
    assert [r.id for r in result.catalogue.requirements] == [
        "FJL-INF-001",
        "FJL-INF-002",
        "FJL-INF-003",
        "FJL-DEL-001",
        "FJL-DEL-002",
    ]


# Each case: (rule, file, old text, new text, offset of the reported line from the edited line).
CASES: list[tuple[str, str, str, str, int]] = [
    ("yaml-syntax", DEL, "    title: Deling med FHIR\n", "    title: [Deling med FHIR\n", 1),
    (
        "yaml-duplicate-key",
        DEL,
        "    title: Planlagt krav\n",
        "    title: Planlagt krav\n    title: Igjen\n",
        1,
    ),
    ("yaml-bare-scalar", DEL, "    title: Planlagt krav\n", "    title: no\n", 0),
    ("yaml-bare-scalar", CAT, '  - version: "2.0.0"\n', "  - version: 1.1\n", 0),
    (
        "schema",
        DEL,
        "    level: kan\n    tender_use: [evaluated]\n",
        "    level: maa\n    tender_use: [evaluated]\n",
        0,
    ),
    ("schema", INF, "    tender_use: [contract-term]\n", "    tender_use: [contract-term, sometimes]\n", 0),
    ("catalogue-duplicate", CAT, "  - id: legevakt\n", "  - id: helse-og-omsorg\n", 0),
    ("version-order", CAT, "    released: 2026-06-01\n", "    released: 2025-06-01\n", 0),
    ("version-status", CAT, "    status: superseded\n", "    status: draft\n", 0),
    (
        "category-file-missing",
        CAT,
        "    file: categories/deling.yaml\n",
        "    file: categories/dele.yaml\n",
        0,
    ),
    ("category-unknown", DEL, "category: DEL\n", "category: XYZ\n", 0),
    ("id-duplicate", DEL, "  - id: FJL-DEL-002\n", "  - id: FJL-DEL-001\n", 0),
    ("id-prefix", DEL, "  - id: FJL-DEL-002\n", "  - id: FJL-INF-004\n", 0),
    ("id-reused", DEL, "  - id: FJL-DEL-002\n", "  - id: FJL-INF-099\n", 0),
    (
        "reference-dangling",
        DEL,
        "      depends_on: [FJL-INF-001]\n",
        "      depends_on:\n        - FJL-INF-042\n",
        1,
    ),
    (
        "reference-dangling",
        INF,
        "        replaced_by: [FJL-INF-002]\n",
        "        replaced_by:\n          - FJL-INF-077\n",
        1,
    ),
    ("relation-self", DEL, "      depends_on: [FJL-INF-001]\n", "      depends_on: [FJL-DEL-001]\n", 0),
    (
        "aim-unknown",
        DEL,
        "      aims: [effektiv-deling]\n      text: Felles",
        "      aims: [raskere-deling]\n      text: Felles",
        0,
    ),
    ("service-area-unknown", DEL, "    service_areas: [legevakt]\n", "    service_areas: [tannhelse]\n", 0),
    ("version-unknown", DEL, '      introduced: "2.1.0"\n', '      introduced: "1.3.0"\n', 0),
    ("lifecycle-status", INF, "      status: retired\n", "      status: active\n", 0),
    (
        "lifecycle-order",
        INF,
        '        - version: "2.0.0"\n          kind: editorial\n',
        '        - version: "1.0.0"\n          kind: editorial\n',
        0,
    ),
    (
        "lifecycle-order",
        INF,
        '      introduced: "1.0.0"\n      retired:\n        version: "2.0.0"\n',
        '      introduced: "2.0.0"\n      retired:\n        version: "1.0.0"\n',
        2,
    ),
    (
        "lifecycle-supersedes",
        INF,
        "      supersedes: [FJL-INF-003]\n",
        "      supersedes: [FJL-INF-001]\n",
        0,
    ),
    ("change-meaning", DEL, "            level: skal\n", "            level: kan\n", 0),
    ("change-meaning", DEL, "          kind: compatible\n", "          kind: editorial\n", 0),
    # No spec "nosuch" beside the fixture catalogue: naming it in a requirement field is a finding.
    (
        "spec-reference-unknown",
        DEL,
        "    vendor_answer: Beskriv hvilke ressurser som støttes.\n",
        "    vendor_answer: Vis validering med `journalloft validate --spec nosuch`.\n",
        0,
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_each_rule_fails_with_file_and_line(
    catalogue_copy: Path, edit: Edit, case: tuple[str, str, str, str, int]
) -> None:
    rule, file, old, new, offset = case
    path = catalogue_copy / file
    line = edit(path, old, new) + offset
    findings = lint(catalogue_copy).findings
    assert Finding(path, line, rule, _message_of(findings, path, line, rule)) in findings, [
        f.format(catalogue_copy) for f in findings
    ]


def _message_of(findings: list[Finding], path: Path, line: int, rule: str) -> str:
    return next((f.message for f in findings if (f.path, f.line, f.rule) == (path, line, rule)), "<none>")


def test_every_rule_has_a_failing_case() -> None:
    # The reference-list rules have their own cases in test_requirements_references.py; the release
    # record and quoted commands theirs in test_requirements_release_lock.py, the procurement rules theirs
    # in test_requirements_lint_procurement.py.
    own_tests = {"version-bump", "relation-version", "id-gap", "spec-requirement-unknown"}
    own_tests |= {"release-changed", "release-unrecorded", "release-record", "id-deleted", "command-unknown"}
    own_tests |= {"release-source-checks"}  # test_requirements_source_checks_lock.py
    covered = {case[0] for case in CASES} | own_tests | set(REFERENCE_RULES) | set(PROCUREMENT_RULES)
    assert covered == set(RULES)


def test_a_deleted_id_is_a_gap_unless_listed_in_retired_ids(catalogue_copy: Path, edit: Edit) -> None:
    edit(catalogue_copy / DEL, "  - id: FJL-DEL-002\n", "  - id: FJL-DEL-003\n")
    findings = lint(catalogue_copy).findings
    assert [(f.path.name, f.line, f.rule) for f in findings] == [("deling.yaml", 1, "id-gap")]
    assert findings[0].message.startswith("FJL-DEL-002 står verken i denne filen eller i retired_ids")
    edit(catalogue_copy / CAT, "retired_ids: [FJL-INF-099]", "retired_ids: [FJL-INF-099, FJL-DEL-002]")
    assert lint(catalogue_copy).findings == []


def test_relation_to_a_requirement_missing_at_that_version(catalogue_copy: Path, edit: Edit) -> None:
    line = edit(catalogue_copy / DEL, "      depends_on: [FJL-INF-001]\n", "      depends_on: [FJL-INF-002]\n")
    findings = lint(catalogue_copy).findings
    assert [(f.path.name, f.line, f.rule, f.message) for f in findings] == [
        (
            "deling.yaml",
            line,
            "relation-version",
            "FJL-DEL-001: i versjon 1.0.0 viser depends_on til FJL-INF-002, som ikke er med i versjon 1.0.0",
        ),
    ]


def test_retiring_in_a_minor_version_is_a_version_bump_fault(catalogue_copy: Path) -> None:
    for path in [catalogue_copy / CAT, catalogue_copy / INF, catalogue_copy / DEL]:
        path.write_text(path.read_text(encoding="utf-8").replace('"2.0.0"', '"1.1.0"'), encoding="utf-8")
    line = next(n for n, text in enumerate((catalogue_copy / CAT).read_text().splitlines(), 1) if '"1.1.0"' in text)
    findings = lint(catalogue_copy).findings
    assert [(f.path.name, f.line, f.rule) for f in findings] == [("catalogue.yaml", line, "version-bump")]
    assert "tar ut FJL-INF-003: det bryter med konkurranser som viser til disse id-ene" in findings[0].message


def test_new_requirement_in_a_patch_version_is_a_version_bump_fault(catalogue_copy: Path) -> None:
    for path in [catalogue_copy / CAT, catalogue_copy / DEL]:
        path.write_text(path.read_text(encoding="utf-8").replace('"2.1.0"', '"2.0.1"'), encoding="utf-8")
    findings = lint(catalogue_copy).findings
    assert [(f.rule, f.message) for f in findings] == [
        (
            "version-bump",
            "versjon 2.0.1 legger til eller endrer kompatibelt FJL-DEL-002, så minst delversjonen må økes fra 2.0.0",
        ),
    ]


def test_unlisted_category_file_is_unknown(catalogue_copy: Path, edit: Edit) -> None:
    (catalogue_copy / "categories" / "ekstra.yaml").write_text("category: EKS\nrequirements: []\n", encoding="utf-8")
    findings = lint(catalogue_copy).findings
    assert [(f.path.name, f.line, f.rule) for f in findings] == [("ekstra.yaml", 1, "category-unknown")]


def test_change_after_retirement_is_out_of_order(catalogue_copy: Path, edit: Edit) -> None:
    path = catalogue_copy / INF
    line = edit(
        path,
        '      retired:\n        version: "2.0.0"\n',
        '      changes:\n        - version: "2.0.0"\n          kind: editorial\n          note: Sent endret.\n'
        '      retired:\n        version: "2.0.0"\n',
    )
    findings = lint(catalogue_copy).findings
    assert [(f.line, f.rule) for f in findings] == [(line + 1, "lifecycle-order")]
    assert "kommer ikke før kravet tas ut" in findings[0].message


def test_supersedes_without_replaced_by_is_reported_on_both_sides(catalogue_copy: Path, edit: Edit) -> None:
    edit(catalogue_copy / INF, "        replaced_by: [FJL-INF-002]\n", "")
    findings = lint(catalogue_copy).findings
    assert [(f.rule, f.message) for f in findings] == [
        (
            "lifecycle-supersedes",
            "FJL-INF-002 erstatter FJL-INF-003, men retired.replaced_by i FJL-INF-003 nevner ikke FJL-INF-002",
        ),
    ]


def test_broken_requirement_does_not_hide_findings_in_others(catalogue_copy: Path, edit: Edit) -> None:
    edit(catalogue_copy / DEL, "    verification: Demonstrasjon.\n", "")
    edit(
        catalogue_copy / INF,
        "      aims: [kommunalt-eierskap]\n      text: Uten",
        "      aims: [eierskap]\n      text: Uten",
    )
    findings = lint(catalogue_copy).findings
    assert [(f.path.name, f.rule) for f in findings] == [
        ("deling.yaml", "schema"),
        ("informasjon.yaml", "aim-unknown"),
    ]
    assert lint(catalogue_copy).catalogue is None


def test_cli_lint_exit_codes_and_message_format(
    catalogue_copy: Path, edit: Edit, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(catalogue_copy)
    assert main(["--catalogue", str(catalogue_copy), "lint"]) == 0
    assert capsys.readouterr().out == (
        "ok: 3 krav i gjeldende versjon 2.0.0 (som på nettstedet); filene har 5 krav i 2 kategorier: "
        "3 gjeldende, 1 tatt ut, 1 nytt i utkast\n"
    )
    line = edit(catalogue_copy / DEL, "  - id: FJL-DEL-002\n", "  - id: FJL-DEL-001\n")
    assert main(["--catalogue", str(catalogue_copy), "lint"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"categories/deling.yaml:{line}: id-duplicate: FJL-DEL-001 er allerede brukt av et annet krav"
    ]


def test_cli_lint_without_catalogue_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--catalogue", str(tmp_path), "lint"]) == 2
    assert "ingen catalogue.yaml" in capsys.readouterr().err


@pytest.mark.parametrize("text", ["category: DEL\nrequirements: &a [*a]\n", "category: DEL\nx: " + "[" * 5000 + "\n"])
def test_recursive_or_absurdly_nested_yaml_is_a_syntax_finding(catalogue_copy: Path, text: str) -> None:
    (catalogue_copy / DEL).write_text(text, encoding="utf-8")
    findings = lint(catalogue_copy).findings
    # Without the DEL file, INF's relation to FJL-DEL-001 dangles as well.
    assert [(f.path.name, f.rule) for f in findings] == [
        ("deling.yaml", "yaml-syntax"),
        ("informasjon.yaml", "reference-dangling"),
    ]


def test_a_spec_id_reserved_by_a_service_file_is_known_but_its_versions_must_be_published(
    catalogue_copy: Path, edit: Edit
) -> None:
    services = catalogue_copy.parent / "services"
    services.mkdir()
    (services / "demo.yaml").write_text("id: demo\ntitle: Demo\nspecs: [demo]\n", encoding="utf-8")
    path = catalogue_copy / DEL
    line = edit(
        path,
        "    vendor_answer: Beskriv hvilke ressurser som støttes.\n",
        "    vendor_answer: Valider med `--spec demo`, senere `--spec demo@1.0.0` og demo@2.0.0.\n",
    )
    findings = [f for f in lint(catalogue_copy).findings if f.rule == "spec-reference-unknown"]
    assert [(f.path, f.line) for f in findings] == [(path, line), (path, line)]
    assert "demo@1.0.0, som ikke finnes i registeret (versjoner: ingen publisert)" in findings[0].message
    assert "demo@2.0.0" in findings[1].message


def test_a_spec_yaml_listing_an_unknown_requirement_id_is_a_finding_at_its_line(catalogue_copy: Path) -> None:
    spec_dir = catalogue_copy.parent / "demo" / "1.0.0"
    spec_dir.mkdir(parents=True)
    spec_yaml = spec_dir / "spec.yaml"
    spec_yaml.write_text(
        'id: demo\nversion: "1.0.0"\ntitle: Demo\nkind: json-schema\nrequirements:\n  - FJL-DEL-001\n  - FJL-DEL-999\n',
        encoding="utf-8",
    )
    findings = lint(catalogue_copy).findings
    assert findings == [
        Finding(
            spec_yaml, 7, "spec-requirement-unknown", "requirements nevner 'FJL-DEL-999', som ikke finnes i katalogen"
        )
    ]
    # With a published version, the same id@version in a requirement is fine.
    text = (catalogue_copy / DEL).read_text(encoding="utf-8")
    (catalogue_copy / DEL).write_text(
        text.replace("Beskriv hvilke ressurser", "Valider med demo@1.0.0; beskriv hvilke")
    )
    spec_yaml.write_text(spec_yaml.read_text(encoding="utf-8").replace("FJL-DEL-999", "FJL-DEL-002"), encoding="utf-8")
    assert lint(catalogue_copy).findings == []


def test_lint_counts_the_requirements_the_site_counts(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 25: lint said 66 krav (every id in the files, retired ones too) where the site said 57."""
    import re

    from .conftest import REAL_ROOT, REPO

    assert main(["--catalogue", str(REAL_ROOT), "lint"]) == 0
    said = re.match(r"ok: (\d+) krav i gjeldende versjon (\S+) ", capsys.readouterr().out)
    site = (REPO / "docs" / "anbefalinger" / "krav.md").read_text(encoding="utf-8")
    shown = re.search(r"Versjon (\S+) av katalogen, utgitt \S+, har (\d+) krav\.", site)
    assert said is not None and shown is not None
    assert (said.group(2), said.group(1)) == (shown.group(1), shown.group(2))


def test_the_ok_line_counts_in_norwegian(fixture_catalogue: Catalogue) -> None:
    """It said "1 kategorier" and "1 nye i utkast" for a catalogue with one category and one new item."""
    one_category = dataclasses.replace(fixture_catalogue, categories=fixture_catalogue.categories[:1])
    line = _counts(one_category)
    assert " krav i 1 kategori: " in line
    assert line.endswith(" i utkast") and (" 0 nye i utkast" in line or " 1 nytt i utkast" in line)
    assert " 2 kategorier: " in _counts(fixture_catalogue)
