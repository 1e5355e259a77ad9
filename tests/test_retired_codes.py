"""One fault, one finding: a retired IPLOS code reads the same on the prototype path (rule-code-retired)
and the FHIR path (fhir-code-retired), and the generic slice/cardinality findings it causes are not
repeated beside it; unknown codes and okt 1.0.0 keep their findings (pass/fail pairs)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from journalloft import validate
from journalloft.fhir.retired_codes import one_finding_per_retired_code
from journalloft.issues import error
from journalloft.okt.convert import Organisation, to_fhir

ROOT = Path(__file__).resolve().parent.parent
EPISODE = json.loads((ROOT / "examples/okt/fhir/invalid/episode-utgatt-iplos-kode.json").read_text(encoding="utf-8"))
REASON = "utgått; erstattet av 29 (Bolig som kommunen disponerer for helse- og omsorgsformål) i 2019"
IPLOS = "urn:oid:2.16.578.1.12.4.1.1.9151"


def _episode(code: str) -> dict[str, Any]:
    episode = copy.deepcopy(EPISODE)
    episode["type"][0]["coding"][0]["code"] = code
    episode["type"][0]["coding"][0].pop("display", None)
    return episode


def _issues(payload: dict[str, Any], spec: str) -> list[tuple[str, str, str]]:
    return [(i.severity.value, i.code, i.expression) for i in validate(payload, spec=spec).results[0].issues]


def test_the_same_retired_code_gives_the_same_diagnosis_in_both_formats() -> None:
    event = {
        "personIdentifier": "22750884907",
        "oktMessages": [{"startDate": "2026-01-05", "endDate": "", "iplosCode": {"iplosCodeValue": "12"}}],
    }
    (prototype,) = validate(event, spec="okt-prototype").results[0].issues
    (fhir,) = validate(_episode("12"), spec="okt").results[0].issues
    assert (prototype.code, prototype.message) == ("rule-code-retired", f"Code '12' is no longer in use ({REASON}).")
    assert (fhir.severity.value, fhir.code, fhir.expression) == (
        "error",
        "fhir-code-retired",
        "EpisodeOfCare.type[0].coding[0].code",
    )
    assert fhir.message == f"Code '12' of {IPLOS} is no longer in use ({REASON})."


@pytest.mark.parametrize("code", ["10", "13", "16"])
def test_every_retired_code_is_one_finding(code: str) -> None:
    assert _issues(_episode(code), "okt") == [("error", "fhir-code-retired", "EpisodeOfCare.type[0].coding[0].code")]


def test_inside_a_transaction_bundle_the_retired_code_is_one_finding_at_its_entry() -> None:
    event = {
        "personIdentifier": "22750884907",
        "oktMessages": [
            {"startDate": "2026-01-05", "endDate": "", "iplosCode": {"iplosCodeValue": "5"}},
            {"startDate": "2026-01-05", "endDate": "", "iplosCode": {"iplosCodeValue": "012"}},
        ],
    }
    bundle = to_fhir(event, Organisation("999999980", "Hjemmetjenesten sone vest"))
    assert _issues(bundle, "okt") == [
        ("error", "fhir-code-retired", "Bundle.entry[2].resource.type[0].coding[0].code"),
    ]


def test_a_bundle_whose_only_service_has_a_retired_code_gives_only_that_finding() -> None:
    event = {
        "personIdentifier": "22750884907",
        "oktMessages": [{"startDate": "2026-01-05", "endDate": "", "iplosCode": {"iplosCodeValue": "12"}}],
    }
    bundle = to_fhir(event, Organisation("999999980", "Hjemmetjenesten sone vest"))
    assert _issues(bundle, "okt") == [
        ("error", "fhir-code-retired", "Bundle.entry[1].resource.type[0].coding[0].code"),
    ]


def test_a_current_code_has_no_finding_and_an_unknown_code_keeps_the_generic_findings() -> None:
    assert _issues(_episode("29"), "okt") == []
    # okt 2.0.0 slices type openly (as HL7 Norway's OKT IG needs): an unknown code is one finding.
    assert _issues(_episode("30"), "okt") == [("error", "fhir-code-unknown", "EpisodeOfCare.type[0].coding[0].code")]
    in_110 = _episode("30")
    in_110.pop("extension")  # 1.1.0 has no Ratio extension
    assert sorted(_issues(in_110, "okt@1.1.0")) == [
        ("error", "fhir-cardinality-min", "EpisodeOfCare"),
        ("error", "fhir-code-unknown", "EpisodeOfCare.type[0].coding[0].code"),
        ("error", "fhir-slice-unmatched", "EpisodeOfCare.type[0]"),
    ]


def test_okt_100_reads_as_it_did() -> None:
    episode = _episode("12")
    episode.pop("extension")  # 2.0.0's Ratio extension is unknown in 1.0.0
    assert sorted(_issues(episode, "okt@1.0.0")) == [
        ("error", "fhir-cardinality-min", "EpisodeOfCare"),
        ("error", "fhir-code-unknown", "EpisodeOfCare.type[0].coding[0].code"),
        ("error", "fhir-slice-unmatched", "EpisodeOfCare.type[0]"),
    ]


class _Retired:
    def retirement(self, system: str, code: str) -> str | None:
        return "replaced by B" if (system, code) == ("http://example.org/cs", "A") else None


def test_a_required_binding_rejecting_a_retired_code_becomes_one_retired_finding() -> None:
    resource: dict[str, Any] = {
        "resourceType": "Basic",
        "code": {"coding": [{"system": "http://example.org/cs", "code": "A"}]},
    }
    binding = error("fhir-binding-required", "Basic.code", "not in the value set")
    other = error("fhir-invariant", "Basic", "something else")
    found = one_finding_per_retired_code([binding, other], resource, _Retired())
    assert [(i.code, i.expression, i.message) for i in found] == [
        ("fhir-code-retired", "Basic.code.coding[0].code", "Code 'A' of http://example.org/cs is no longer in use "
         "(replaced by B)."),
        ("fhir-invariant", "Basic", "something else"),
    ]
    resource["code"]["coding"][0]["code"] = "C"  # not retired: the binding finding stays
    assert one_finding_per_retired_code([binding, other], resource, _Retired()) == [binding, other]
