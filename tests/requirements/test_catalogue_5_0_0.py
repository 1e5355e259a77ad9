"""What catalogue 5.0.0 changed: the two legal duties issue 22 found marked «skal» are «må» now.

A duty the municipality cannot drop (reporting to KPR, universal design of citizen-facing parts
and new intranets) repeats a law and has level «må» with the section it rests on; the wish that
goes beyond the regulation (staff screens) is an evaluated point of its own. Raising a level makes
a point stricter, so the old ids are retired and point to their successors.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from journalloft.requirements.lint import lint
from journalloft.requirements.model import Catalogue, Requirement
from journalloft.requirements.versions import requirements_at

ROOT = Path(__file__).resolve().parents[2]
REAL_ROOT = ROOT / "specs" / "requirements"
SECURITY = "categories/sikkerhet-og-personvern.yaml"


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    result = lint(REAL_ROOT)
    assert result.findings == []
    assert result.catalogue is not None
    return result.catalogue


def _at(catalogue: Catalogue, rid: str, version: str = "5.0.0") -> Requirement | None:
    return next((req for req in requirements_at(catalogue, version) if req.id == rid), None)


def _laws_with_section(req: Requirement) -> set[tuple[str | None, str | None]]:
    return {(ref.key, ref.pinpoint) for ref in req.references if ref.pinpoint}


@pytest.mark.parametrize(
    ("old", "new", "sections"),
    [
        ("FJL-INF-010", ("FJL-INF-016",), {("helseregisterloven", "§ 11")}),
        (
            "FJL-SIK-017",
            ("FJL-SIK-022", "FJL-SIK-023"),
            {("likestillings-og-diskrimineringsloven", "§ 18"), ("forskrift-uu-ikt", "§ 4")},
        ),
    ],
)
def test_a_legal_duty_is_maa_under_a_new_id_with_its_section(
    catalogue: Catalogue, old: str, new: tuple[str, ...], sections: set[tuple[str, str]]
) -> None:
    before = _at(catalogue, old, "4.1.0")
    assert before is not None and before.level == "skal"
    assert _at(catalogue, old) is None  # not in 5.0.0
    retired = next(req for req in catalogue.requirements if req.id == old).lifecycle.retired
    assert retired is not None and retired.version == "5.0.0" and tuple(retired.replaced_by) == new
    duty = _at(catalogue, new[0])
    assert duty is not None and (duty.level, duty.tender_use) == ("må", ("absolute",))
    assert sections <= _laws_with_section(duty)


def test_the_staff_screen_wish_is_an_evaluated_point_of_its_own(catalogue: Catalogue) -> None:
    wish = _at(catalogue, "FJL-SIK-023")
    assert wish is not None and (wish.level, wish.tender_use) == ("bør", ("evaluated",))
    assert "eller tilsvarende" in wish.text
    duty = _at(catalogue, "FJL-SIK-022")
    assert duty is not None and "ansatte" not in duty.text  # the duty no longer carries the wish


def test_the_universal_design_duty_without_its_sections_is_refused(tmp_path: Path) -> None:
    """The pass half is the real catalogue above (no findings); here both sections are removed."""
    root = tmp_path / "specs" / "requirements"
    shutil.copytree(REAL_ROOT, root)
    for spec in REAL_ROOT.parent.iterdir():  # the service specs the requirements cite, unchanged
        if spec.name != "requirements":
            (root.parent / spec.name).symlink_to(spec)
    path = root / SECURITY
    text = path.read_text(encoding="utf-8")
    start = text.index("  - id: FJL-SIK-022")
    end = text.index("  - id: FJL-SIK-023")
    block = text[start:end]
    stripped = block.replace("        pinpoint: § 18\n", "").replace("        pinpoint: § 4\n", "")
    assert stripped != block
    path.write_text(text[:start] + stripped + text[end:], encoding="utf-8")
    findings = [(f.rule, f.message.split(":")[0]) for f in lint(root).findings]
    assert findings == [("level-legal-basis", "FJL-SIK-022")]
