"""okt 2.0.0 against HL7 Norway's OKT IG 0.2.0 (commit ac99cc7): data shaped like the IG's examples is
valid, every rule stricter than the IG is listed on the generated page with reason and source, and the
CapabilityStatement declares the patient search parameter as R4 does."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from journalloft import validate
from journalloft.requirements.mdtext import inline
from journalloft.site import ig_differences_page
from journalloft.site.specdata import SpecDataError
from journalloft.specs import Registry

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "specs/okt/2.0.0"
IG_COMMIT = "ac99cc73e5573f0361441d4e6b5e9a68e67e3dce"
EXAMPLES = ROOT / "examples/okt/fhir-ig"


def _load(name: str) -> dict[str, Any]:
    return json.loads((EXAMPLES / name).read_text(encoding="utf-8"))


def _findings(payload: dict[str, Any], spec: str = "okt@2.0.0") -> list[tuple[str, str, str]]:
    issues = validate(payload, spec=spec).results[0].issues
    return [(i.severity.value, i.code, i.expression) for i in issues if i.severity.value in ("error", "warning")]


@pytest.mark.parametrize(
    "name",
    [
        "valid/episode-som-ig-eksempel-1.json",
        "valid/episode-som-ig-eksempel-2.json",
        "valid/organisasjon-som-ig-eksempel.json",
    ],
)
def test_data_shaped_like_the_igs_examples_has_no_finding_in_200_and_fails_in_110(name: str) -> None:
    payload = _load(name)
    assert _findings(payload) == []
    assert any(severity == "error" for severity, _, _ in _findings(payload, "okt@1.1.0"))


def test_a_patient_entry_is_not_taken_for_an_organization_in_profile_slicing() -> None:
    # The Patient has only text and identifier, elements an Organization has too: it must match the
    # pasient slice (OktPatient), not the enhet slice (OktOrganization), and give no type error.
    bundle = _load("valid/transaksjon-med-pasient.json")
    assert _findings(bundle) == []
    bundle["entry"][1]["resource"].pop("meta")
    assert _findings(bundle) == []


def test_a_patient_without_a_norwegian_person_number_breaks_okt_5() -> None:
    bundle = _load("valid/transaksjon-med-pasient.json")
    broken = copy.deepcopy(bundle)
    broken["entry"][1]["resource"]["identifier"] = [{"system": "urn:oid:2.16.578.1.12.4.1.4.4", "value": "9144900"}]
    assert ("error", "fhir-invariant", "Bundle.entry[1].resource") in _findings(broken)


def test_a_retired_iplos_code_is_one_finding_with_open_slicing() -> None:
    episode = _load("valid/episode-som-ig-eksempel-2.json")
    episode["type"][0]["coding"][0] = {"system": "urn:oid:2.16.578.1.12.4.1.1.9151", "code": "12"}
    (issue,) = validate(episode, spec="okt@2.0.0").results[0].issues
    assert (issue.code, issue.expression) == ("fhir-code-retired", "EpisodeOfCare.type[0].coding[0].code")
    assert "erstattet av 29" in issue.message


def test_capability_statement_declares_patient_as_a_reference_parameter() -> None:
    capability = json.loads((SPEC / "generated/CapabilityStatement-okt-server.json").read_text(encoding="utf-8"))
    (patient,) = [p for p in capability["rest"][0]["resource"][0]["searchParam"] if p["name"] == "patient"]
    assert patient["type"] == "reference"
    assert patient["definition"] == "http://hl7.org/fhir/SearchParameter/clinical-patient"
    assert "patient.identifier=" in patient["documentation"]


def _okt_constraints() -> dict[str, str]:
    found: dict[str, str] = {}
    for path in sorted((SPEC / "generated").glob("StructureDefinition-*.json")):
        for element in json.loads(path.read_text(encoding="utf-8"))["differential"]["element"]:
            for constraint in element.get("constraint", []):
                if constraint["key"].startswith("okt-"):
                    found[constraint["key"]] = constraint["severity"]
    return found


def test_every_okt_rule_is_on_the_differences_page_with_its_kind() -> None:
    spec = Registry().resolve("okt@2.0.0")
    data = ig_differences_page.read_differences(spec)
    assert data is not None and data["reference"]["commit"] == IG_COMMIT and data["reference"]["version"] == "0.2.0"
    listed = {d["element"]: d["kind"] for d in data["differences"]}
    for key, severity in _okt_constraints().items():
        kinds = [kind for element, kind in listed.items() if f"({key})" in element]
        assert kinds == ["strengere" if severity == "error" else "advarsel"], key
    page = ig_differences_page.pages(ROOT)["tjenester/okt/2.0.0/forskjeller-fra-ig.md"]
    assert f"/tree/{IG_COMMIT})" in page and "# Forskjeller fra HL7 Norges IG i okt@2.0.0" in page
    for difference in data["differences"]:
        assert f"### {inline(difference['element'])}" in page


def test_changes_pin_the_ig_by_commit_and_call_the_ratio_change_not_backward_compatible() -> None:
    text = (SPEC / "changes.yaml").read_text(encoding="utf-8")
    assert IG_COMMIT in text
    from journalloft.site.changes import read_changes

    data = read_changes(Registry().resolve("okt@2.0.0"))
    assert data is not None
    ratio = [c for c in data["changes"] if "WeeklyExtentRatio" in c["text"]]
    assert [c["class"] for c in ratio] == ["brytende"]


def test_a_broken_differences_file_is_a_clear_error_with_its_location(tmp_path: Path) -> None:
    folder = tmp_path / "okt" / "2.0.0"
    folder.parent.mkdir(parents=True)
    import shutil

    shutil.copytree(SPEC, folder)
    path = folder / ig_differences_page.FILE
    path.write_text(path.read_text(encoding="utf-8").replace(IG_COMMIT, "ac99cc7"), encoding="utf-8")
    spec = Registry([tmp_path]).resolve("okt@2.0.0")
    with pytest.raises(SpecDataError, match=r"ig-differences\.yaml: reference/commit: "):
        ig_differences_page.read_differences(spec)
