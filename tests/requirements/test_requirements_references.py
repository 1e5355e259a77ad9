"""Reference list: each rule fails on a broken edit with file and line; citations resolve from the list."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from journalloft.requirements.export import to_json
from journalloft.requirements.lint import Finding, lint
from journalloft.requirements.model import Catalogue
from journalloft.requirements.reference_list import REFERENCE_RULES, lovdata_url, url_problem
from journalloft.requirements.yamlsource import load_yaml
from journalloft.site.catalogue_pages.pages import render_pages
from journalloft.site.catalogue_pages.reference_page import reference_list_page

Edit = Callable[[Path, str, str], int]

REFS = "references.yaml"
INF = "categories/informasjon.yaml"
DEL = "categories/deling.yaml"

# Each case: (rule, file, old text, new text, offset of the reported line from the edited line).
CASES: list[tuple[str, str, str, str, int]] = [
    ("reference-unknown", DEL, "      - ref: fhir-r4\n", "      - ref: fhir-r5\n", 0),
    (
        "reference-inline",
        DEL,
        "      - ref: fhir-r4\n",
        "      - title: FHIR R4\n        url: https://hl7.org/fhir/R4/\n        kind: standard\n",
        0,
    ),
    ("reference-lovdata", REFS, "    lovdata: LOV-2014-06-20-42\n", "    lovdata: LOV-2014-6-20-42\n", 0),
    ("reference-lovdata", REFS, "    lovdata: LOV-2014-06-20-42\n", "    lovdata: FOR-2014-06-20-42\n", 1),
    (
        "reference-lovdata",
        REFS,
        "    url: https://lovdata.no/dokument/NL/lov/2014-06-20-42\n",
        "    url: https://lovdata.no/lov/2014-06-20-42\n",
        0,
    ),
    ("reference-url", REFS, "    url: https://hl7.org/fhir/R4/\n", "    url: https://hl7.org/\n", 0),
    ("reference-url", REFS, "    url: https://hl7.org/fhir/R4/\n", "    url: http://hl7.org/fhir/R4/\n", 0),
    ("reference-pinpoint", INF, "        pinpoint: § 22\n", "        pinpoint: paragraf 22\n", 0),
    ("reference-pinpoint", DEL, "      - ref: fhir-r4\n", "      - ref: fhir-r4\n        pinpoint: § 3\n", 1),
    (
        "reference-name",
        INF,
        "    guidance: Kan brukes uendret.\n",
        "    guidance: Se gammelt journallovnavn.\n",
        0,
    ),
    (
        "reference-name",
        INF,
        "      text: Kommunen må ha kontroll over egne data.\n",
        "      text: Kommunen må ha kontroll etter Gammelt journallovnavn.\n",
        -2,
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[f"{c[0]}-{n}" for n, c in enumerate(CASES)])
def test_each_reference_rule_fails_with_file_and_line(
    catalogue_copy: Path, edit: Edit, case: tuple[str, str, str, str, int]
) -> None:
    rule, file, old, new, offset = case
    path = catalogue_copy / file
    line = edit(path, old, new) + offset
    findings = lint(catalogue_copy).findings
    located = [f for f in findings if (f.path, f.line, f.rule) == (path, line, rule)]
    assert located, [f.format(catalogue_copy) for f in findings]
    assert lint(catalogue_copy).catalogue is None


def test_missing_reference_list_is_reported_on_the_catalogue(catalogue_copy: Path) -> None:
    (catalogue_copy / REFS).unlink()
    findings = lint(catalogue_copy).findings
    # Reported at the catalogue document's first line (line 1 is its leading comment).
    assert findings == [
        Finding(
            catalogue_copy / "catalogue.yaml", 2, "reference-list", "ingen references.yaml ved siden av catalogue.yaml"
        )
    ]


def test_every_reference_rule_has_a_failing_case() -> None:
    assert {case[0] for case in CASES} | {"reference-list"} == set(REFERENCE_RULES)


def test_messages_name_the_fault(catalogue_copy: Path, edit: Edit) -> None:
    edit(catalogue_copy / REFS, "    lovdata: LOV-2014-06-20-42\n", "    lovdata: FOR-2014-06-20-42\n")
    edit(catalogue_copy / INF, "    guidance: Kan brukes uendret.\n", "    guidance: Se Gammelt journallovnavn.\n")
    messages = sorted(f.format(catalogue_copy) for f in lint(catalogue_copy).findings)
    assert messages == [
        "categories/informasjon.yaml:12: reference-name: FJL-INF-001: guidance sier 'Gammelt journallovnavn', et "
        "tidligere navn; bruk navnet i references.yaml: 'Pasientjournalloven'",
        "references.yaml:15: reference-lovdata: pasientjournalloven: adressen til FOR-2014-06-20-42 er "
        "https://lovdata.no/dokument/SF/forskrift/2014-06-20-42, ikke https://lovdata.no/dokument/NL/lov/2014-06-20-42",
    ]


def test_citations_resolve_from_the_list(fixture_catalogue: Catalogue) -> None:
    inf = next(req for req in fixture_catalogue.requirements if req.id == "FJL-INF-001")
    (ref,) = inf.references
    assert (ref.title, ref.url, ref.kind, ref.key, ref.pinpoint, ref.lovdata) == (
        "Pasientjournalloven",
        "https://lovdata.no/dokument/NL/lov/2014-06-20-42",
        "law",
        "pasientjournalloven",
        "§ 22",
        "LOV-2014-06-20-42",
    )


def test_lovdata_urls_and_bare_domains() -> None:
    assert lovdata_url("FOR-2015-07-01-853") == "https://lovdata.no/dokument/SF/forskrift/2015-07-01-853"
    assert lovdata_url("LOV-2025-06-20-96") == "https://lovdata.no/dokument/NL/lov/2025-06-20-96"
    assert lovdata_url("LOV-2025-06-20") is None
    assert url_problem("https://www.nhn.no/") == "er bare et domene; lenk til siden som har kilden"
    assert url_problem("https://www.nhn.no") == "er bare et domene; lenk til siden som har kilden"
    assert url_problem("https://www.nhn.no/tjenester/kjernejournal") is None


SOURCE_CHECK = (
    "    summary: Andre testutgave med ett nytt og ett erstattet krav.\n"
    "    source_checks:\n"
    "      - topic: Journalloven\n"
    "        requirements: [FJL-INF-001]\n"
    "        text: Navnet er kontrollert.\n"
    "        sources: [{key}]\n"
)


def test_source_checks_resolve_and_show_on_the_changes_page(catalogue_copy: Path, edit: Edit) -> None:
    edit(
        catalogue_copy / "catalogue.yaml",
        "    summary: Andre testutgave med ett nytt og ett erstattet krav.\n",
        SOURCE_CHECK.format(key="pasientjournalloven"),
    )
    result = lint(catalogue_copy)
    assert result.findings == []
    assert result.catalogue is not None
    (check,) = result.catalogue.current.source_checks
    assert (check.topic, check.requirements, [ref.url for ref in check.sources]) == (
        "Journalloven",
        ("FJL-INF-001",),
        ["https://lovdata.no/dokument/NL/lov/2014-06-20-42"],
    )
    changes = render_pages(result.catalogue)["anbefalinger/endringer.md"]
    assert (
        "- **Journalloven** ([FJL-INF-001](informasjon.md#FJL-INF-001)): Navnet er kontrollert. "
        "Kilder: [Pasientjournalloven](https://lovdata.no/dokument/NL/lov/2014-06-20-42)."
    ) in changes


def test_source_check_with_unknown_source_is_reported(catalogue_copy: Path, edit: Edit) -> None:
    line = edit(
        catalogue_copy / "catalogue.yaml",
        "    summary: Andre testutgave med ett nytt og ett erstattet krav.\n",
        SOURCE_CHECK.format(key="journalloven"),
    )
    findings = lint(catalogue_copy).findings
    assert [f.format(catalogue_copy) for f in findings] == [
        f"catalogue.yaml:{line + 5}: reference-unknown: versjon 2.0.0: "
        "kilden 'journalloven' finnes ikke i references.yaml"
    ]


def test_json_export_carries_key_pinpoint_and_lovdata(fixture_catalogue: Catalogue) -> None:
    version = fixture_catalogue.current
    inf = next(req for req in fixture_catalogue.requirements if req.id == "FJL-INF-001")
    data = json.loads(to_json(fixture_catalogue, version, (inf,), "FJL-INF-001"))
    assert data["requirements"][0]["references"] == [
        {
            "title": "Pasientjournalloven",
            "url": "https://lovdata.no/dokument/NL/lov/2014-06-20-42",
            "kind": "law",
            "key": "pasientjournalloven",
            "pinpoint": "§ 22",
            "lovdata": "LOV-2014-06-20-42",
        }
    ]


def test_the_reference_page_shows_when_a_source_was_checked_and_whether_it_is_in_national_use(
    catalogue_copy: Path, edit: Edit
) -> None:
    def page() -> str:
        result = lint(catalogue_copy)
        assert result.catalogue is not None, [f.format(catalogue_copy) for f in result.findings]
        return reference_list_page(result.catalogue, load_yaml(catalogue_copy / REFS).data["references"])

    assert "Sist kontrollert" not in page()
    edit(
        catalogue_copy / REFS,
        "    kind: spec\n",
        '    kind: spec\n    national_use: false\n    checked: "2026-12-07"\n',
    )
    shown = page()
    assert "Sist kontrollert: 2026-12-07" in shown
    assert "Ikke i nasjonal bruk ennå: kan ikke foreslås som absolutt krav" in shown
    # A date that is not yyyy-mm-dd is a schema fault in the list.
    edit(catalogue_copy / REFS, 'checked: "2026-12-07"', 'checked: "7. desember"')
    assert [f.rule for f in lint(catalogue_copy).findings] == ["schema"]
