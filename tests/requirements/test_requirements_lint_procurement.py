"""Procurement-law lint rules: each passes on the fixture and fails on the violation it guards against.

The last tests undo the 4.0.0 corrections in a copy of the real catalogue and check that the rules
find the violations issue 22 quoted from 3.0.0.
"""

from __future__ import annotations

import copy
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from journalloft.requirements.lint import Finding, lint
from journalloft.requirements.lint_procurement import PROCUREMENT_RULES

from .conftest import REAL_ROOT

Edit = Callable[[Path, str, str], int]

INF = "categories/informasjon.yaml"
DEL = "categories/deling.yaml"
REFS = "references.yaml"


def _rules(root: Path) -> list[tuple[str, int, str]]:
    return [(f.path.name, f.line, f.rule) for f in lint(root).findings]


def _only(root: Path) -> Finding:
    findings = lint(root).findings
    assert len(findings) == 1, [f.format(root) for f in findings]
    return findings[0]


def test_the_fixture_follows_every_procurement_rule(fixture_root: Path) -> None:
    assert not [f for f in lint(fixture_root).findings if f.rule in PROCUREMENT_RULES]


# equivalent-missing ---------------------------------------------------------------------------------


def test_a_cited_standard_without_eller_tilsvarende_is_refused(catalogue_copy: Path, edit: Edit) -> None:
    line = edit(catalogue_copy / DEL, " med HL7 FHIR R4 eller tilsvarende.", " med HL7 FHIR R4.") - 1
    finding = _only(catalogue_copy)
    assert (finding.path.name, finding.line, finding.rule) == ("deling.yaml", line, "equivalent-missing")
    assert finding.message.startswith(
        "FJL-DEL-001: viser til fhir-r4, okt-spec, men teksten åpner ikke for «eller tilsvarende»"
    )


def test_a_documented_exemption_accepts_a_named_standard(catalogue_copy: Path, edit: Edit) -> None:
    edit(catalogue_copy / DEL, " med HL7 FHIR R4 eller tilsvarende.", " med HL7 FHIR R4.")
    edit(
        catalogue_copy / DEL,
        "    guidance: Vekt etter kommunens behov.\n",
        "    guidance: Vekt etter kommunens behov.\n"
        "    equivalence_exemption: Nasjonal plattform tar bare imot denne versjonen.\n",
    )
    assert lint(catalogue_copy).findings == []


def test_an_empty_exemption_is_a_schema_fault_not_an_exemption(catalogue_copy: Path, edit: Edit) -> None:
    edit(catalogue_copy / DEL, " med HL7 FHIR R4 eller tilsvarende.", " med HL7 FHIR R4.")
    edit(
        catalogue_copy / DEL,
        "    guidance: Vekt etter kommunens behov.\n",
        "    guidance: Vekt etter kommunens behov.\n    equivalence_exemption: ''\n",
    )
    rules = [rule for _, _, rule in _rules(catalogue_copy)]
    assert "schema" in rules  # the broken requirement is set aside (its relations then dangle) ...
    assert "equivalent-missing" not in rules  # ... and is never read as exempted


def test_what_names_a_standard_comes_from_the_reference_list(catalogue_copy: Path, edit: Edit) -> None:
    # A law marked specific (say an agreement) makes INF-001, which cites it, need the phrase ...
    edit(catalogue_copy / REFS, "    kind: law\n", "    kind: law\n    specific: true\n")
    rules = _rules(catalogue_copy)
    assert ("informasjon.yaml", 5, "equivalent-missing") in rules
    # ... and a standard marked not specific no longer does.
    shutil.copy(REFS_FIXTURE, catalogue_copy / REFS)
    edit(catalogue_copy / DEL, " med HL7 FHIR R4 eller tilsvarende.", " med HL7 FHIR R4.")
    edit(catalogue_copy / REFS, "    kind: standard\n", "    kind: standard\n    specific: false\n")
    edit(catalogue_copy / REFS, "    kind: spec\n", "    kind: spec\n    specific: false\n")
    assert lint(catalogue_copy).findings == []


REFS_FIXTURE = Path(__file__).parent / "data" / REFS


# absolute-not-in-national-use -------------------------------------------------------------------------


def test_absolute_on_something_not_in_national_use_is_refused(catalogue_copy: Path, edit: Edit) -> None:
    edit(catalogue_copy / REFS, "    kind: spec\n", "    kind: spec\n    national_use: false\n")
    assert lint(catalogue_copy).findings == []  # evaluated (V) is fine
    edit(
        catalogue_copy / DEL,
        "    tender_use: [evaluated, award-criterion]\n",
        "    tender_use: [absolute, evaluated]\n",
    )
    finding = _only(catalogue_copy)
    assert (finding.rule, finding.line) == ("absolute-not-in-national-use", 17)  # the okt-spec citation
    assert "FJL-DEL-001: foreslått som absolutt krav, men okt-spec er ikke i nasjonal bruk ennå" in finding.message


# level-legal-basis --------------------------------------------------------------------------------------


def test_maa_needs_a_law_with_a_section(catalogue_copy: Path, edit: Edit) -> None:
    edit(catalogue_copy / INF, "        pinpoint: § 19\n", "")
    finding = _only(catalogue_copy)
    assert (finding.rule, finding.path.name) == ("level-legal-basis", "informasjon.yaml")
    assert finding.message.startswith("FJL-INF-002: nivået må sier at punktet gjentar en plikt i lov eller forskrift")
    # A non-law with a section is no legal basis either (the standard also needs «eller tilsvarende»).
    edit(
        catalogue_copy / INF,
        "      - ref: pasientjournalloven\n    service_areas",
        "      - ref: fhir-r4\n        pinpoint: § 19\n    service_areas",
    )
    assert sorted(rule for _, _, rule in _rules(catalogue_copy)) == [
        "equivalent-missing",
        "level-legal-basis",
        "reference-pinpoint",
    ]


# level-wording ------------------------------------------------------------------------------------------


def test_a_kan_point_that_says_skal_is_flagged(catalogue_copy: Path, edit: Edit) -> None:
    line = edit(catalogue_copy / DEL, "Løsningen kan støtte varsling.", "Løsningen skal støtte varsling.") - 1
    finding = _only(catalogue_copy)
    assert (finding.rule, finding.line) == ("level-wording", line)
    assert finding.message.startswith("FJL-DEL-002: nivået er kan, men teksten sier «skal»")


def test_a_skal_point_that_says_only_bor_is_flagged(catalogue_copy: Path, edit: Edit) -> None:
    edit(
        catalogue_copy / INF,
        "Leverandøren skal bekrefte at kommunen eier alle",
        "Leverandøren bør bekrefte at kommunen eier alle",
    )
    finding = _only(catalogue_copy)
    assert finding.rule == "level-wording"
    assert (
        finding.message == "FJL-INF-001: nivået er skal, men teksten sier bare «bør»; "
        "skriv det som et skal-punkt eller senk nivået"
    )


def test_a_retired_requirement_keeps_its_wording(catalogue_copy: Path, edit: Edit) -> None:
    # FJL-INF-003 is retired: "bør ... eksportere" with level bør is fine, and so would be anything else.
    edit(catalogue_copy / INF, "Leverandøren bør eksportere opplysninger", "Leverandøren skal eksportere opplysninger")
    assert lint(catalogue_copy).findings == []


# the violations issue 22 quoted from 3.0.0 ---------------------------------------------------------------


def _undo_change(root: Path, rid: str, version: str) -> None:
    """Put back the fields a requirement had before its change in ``version`` (its 3.0.0 wording)."""
    for path in (root / "categories").glob("*.yaml"):
        data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
        for req in data["requirements"]:
            if req["id"] != rid:
                continue
            change = next(c for c in req["lifecycle"]["changes"] if c["version"] == version)
            req.update(copy.deepcopy(change["previous"]))  # shared objects would be dumped as YAML aliases
            path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
            return
    raise AssertionError(f"{rid} not found")


@pytest.mark.parametrize(
    ("rid", "rules"),
    [
        ("FJL-DEL-002", ["equivalent-missing"]),  # FHIR R4 4.0.1 named without «eller tilsvarende»
        ("FJL-DEL-004", ["equivalent-missing"]),
        ("FJL-DEL-020", ["equivalent-missing"]),  # no-basis
        ("FJL-INF-004", ["equivalent-missing"]),
        ("FJL-INF-013", ["equivalent-missing", "level-wording"]),
        ("FJL-SIK-007", ["equivalent-missing", "level-legal-basis"]),  # «må» without a section of the law
        ("FJL-LEV-003", ["level-wording"]),  # «bør» whose text says «skal»
        ("FJL-LEV-004", ["level-wording"]),
        ("FJL-INF-006", ["level-wording"]),
        ("FJL-DEL-022", ["level-wording"]),
    ],
)
def test_the_rules_find_the_violations_quoted_in_issue_22(tmp_path: Path, rid: str, rules: list[str]) -> None:
    root = tmp_path / "requirements"
    shutil.copytree(REAL_ROOT, root)
    assert not [f for f in lint(root).findings if f.rule in PROCUREMENT_RULES]
    _undo_change(root, rid, "4.0.0")
    found = [f for f in lint(root).findings if f.rule in PROCUREMENT_RULES]
    assert sorted((f.rule, f.message.split(":")[0]) for f in found) == [(rule, rid) for rule in rules]


def test_okt_sharing_as_absolute_on_the_prototype_is_refused(tmp_path: Path) -> None:
    """FJL-DEL-021 (3.0.0) was absolute on NHN's OKT prototype; its successor may not be."""
    root = tmp_path / "requirements"
    shutil.copytree(REAL_ROOT, root)
    path = root / "categories" / "deling-og-standarder.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    successor = next(
        r for r in data["requirements"] if "FJL-DEL-021" in (r.get("relations") or {}).get("supersedes", [])
    )
    successor["tender_use"] = ["absolute", "evaluated"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    found = [f for f in lint(root).findings if f.rule in PROCUREMENT_RULES]
    assert {(f.rule, f.message.split(":")[0]) for f in found} == {("absolute-not-in-national-use", successor["id"])}
