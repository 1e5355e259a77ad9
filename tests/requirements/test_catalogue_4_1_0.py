"""What catalogue 4.1.0 fixed (issue 22's remaining points), checked on the published data and pages.

Each test names the fact it keeps: a later edit that brings back an unsourced rule, drops a legal
reference or cites a retired requirement as current fails here with the requirement or page named.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from journalloft.requirements.lint import lint
from journalloft.requirements.model import Catalogue, Requirement
from journalloft.requirements.versions import requirements_at
from journalloft.safe_yaml import load

ROOT = Path(__file__).resolve().parents[2]
REAL_ROOT = ROOT / "specs" / "requirements"
PROCUREMENT_PAGE = ROOT / "docs" / "anbefalinger" / "bruk-i-anskaffelser.md"


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    result = lint(REAL_ROOT)
    assert result.catalogue is not None
    return result.catalogue


def _at(catalogue: Catalogue, rid: str, version: str = "4.1.0") -> Requirement:
    return next(req for req in requirements_at(catalogue, version) if req.id == rid)


def _cited(req: Requirement) -> set[tuple[str | None, str | None]]:
    return {(ref.key, ref.pinpoint) for ref in req.references}


def test_kpr_reporting_cites_helseregisterloven_with_its_section(catalogue: Catalogue) -> None:
    assert ("helseregisterloven", None) not in _cited(_at(catalogue, "FJL-INF-010", "4.0.0"))
    assert {("helseregisterloven", "§ 11"), ("helsedir-kpr", None)} <= _cited(_at(catalogue, "FJL-INF-010"))


def test_universal_design_cites_the_section_of_the_act(catalogue: Catalogue) -> None:
    assert ("likestillings-og-diskrimineringsloven", None) in _cited(_at(catalogue, "FJL-SIK-017", "4.0.0"))
    assert ("likestillings-og-diskrimineringsloven", "§ 18") in _cited(_at(catalogue, "FJL-SIK-017"))


def test_the_unsourced_rule_on_how_code_values_are_stored_is_gone(catalogue: Catalogue) -> None:
    rule = re.compile(r"Kodeverdier skal lagres")
    assert rule.search(_at(catalogue, "FJL-INF-008", "4.0.0").text)
    current = _at(catalogue, "FJL-INF-008")
    assert not rule.search(current.text)
    # The two forms are explained as facts in the guidance, not required of the vendor.
    assert "«01»" in current.guidance and "«1»" in current.guidance
    assert current.lifecycle.changes[-1].kind == "compatible"


def test_digital_dialogue_on_helsenorge_is_an_evaluated_point_with_its_sources(catalogue: Catalogue) -> None:
    ids = {req.id for req in requirements_at(catalogue, "4.0.0")}
    assert "FJL-DEL-025" not in ids
    new = _at(catalogue, "FJL-DEL-025")
    assert (new.level, new.tender_use, new.lifecycle.introduced) == ("bør", ("evaluated",), "4.1.0")
    assert {"helsenorge-hjemmetjenester", "digihelsestasjon"} <= {ref.key for ref in new.references}
    assert "DigiHelse" in new.text and "DigiHelsestasjon" in new.text


def test_wording_fixes_are_editorial_and_keep_the_old_text_for_older_versions(catalogue: Catalogue) -> None:
    old, new = _at(catalogue, "FJL-LEV-007", "4.0.0"), _at(catalogue, "FJL-LEV-007")
    assert (old.title, new.title) == ("Exitplan fra første dag", "Avslutningsplan fra første dag")
    assert [c.kind for c in new.lifecycle.changes if c.version == "4.1.0"] == ["editorial"]


def test_patient_measurements_are_marked_as_not_in_national_use() -> None:
    entries = load((REAL_ROOT / "references.yaml").read_text(encoding="utf-8"))["references"]
    assert entries["pmd"]["national_use"] is False
    assert "trial phase" in entries["pmd"]["note"]


def test_the_procurement_page_does_not_cite_the_retired_okt_requirement_as_current() -> None:
    page = PROCUREMENT_PAGE.read_text(encoding="utf-8")
    assert "#FJL-DEL-021" not in page
    assert re.search(r"FJL-DEL-021 er tatt ut i versjon 4\.0\.0", page)
    assert "#FJL-DEL-023" in page
    # FJL-DEL-023 is evaluated only (the OKT API is a prototype): the page must not advise an absolute OKT requirement.
    assert "Kravet om deling av OKT er et absolutt krav" not in " ".join(page.split())


def test_the_procurement_page_states_what_was_checked_about_section_4() -> None:
    page = " ".join(PROCUREMENT_PAGE.read_text(encoding="utf-8").split())
    assert "[anskaffelsesloven § 4]" not in page
    assert "Prop. 147 L (2024–2025)" in page and "Innst. 38 L (2025–2026)" in page
    assert "har vi ikke kunnet kontrollere" in page and "7. desember 2026" in page
