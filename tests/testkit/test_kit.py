"""The kit passes everything against the reference server and fails exactly what each broken variant breaks."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from kit_helpers import serving

from journalloft.specs import Registry
from journalloft.testkit.reference import Variant
from journalloft.testkit.report import problems
from journalloft.testkit.runner import run_kit
from journalloft.testkit.scenarios import _derive, capability_statement, derive, openapi_document, status_codes

# The scenarios each broken variant must fail, and a phrase of the reason each gives.
BROKEN: dict[Variant, dict[str, str]] = {
    Variant.WRONG_COUNT: {"okt-antall-aktive": "_summary=count ga total 4, ventet 2"},
    Variant.NO_PAGING: {"okt-sok-episodeofcare-sider": "Bundle.link next nås 2 av 7"},
    Variant.SERVER_ERROR_FOR_INVALID: {"okt-feil-ugyldig": "ga 500, ventet 4xx"},
    Variant.INVALID_RESOURCES: dict.fromkeys(
        (
            "okt-status-onhold",
            "okt-status-finished",
            "okt-status-entered-in-error",
            "okt-sok-episodeofcare-pasient",
            "okt-sok-episodeofcare-status",
            "okt-sok-episodeofcare-endret",
            "okt-sok-episodeofcare-antall",
            "okt-sok-episodeofcare-include",
            "okt-sok-episodeofcare-sider",
            "okt-les-episodeofcare",
            "okt-opprett-episodeofcare",
            "okt-oppdater-episodeofcare",
        ),
        "med feil etter spesifikasjonen",
    ),
}


def _by_status(report: dict[str, Any], status: str) -> dict[str, dict[str, Any]]:
    return {t["id"]: t for t in report["tests"] if t["status"] == status}


def test_every_scenario_passes_against_the_reference_server(good_server: str) -> None:
    report = run_kit(good_server, seed=1)
    assert _by_status(report, "fail") == {}
    assert set(_by_status(report, "skip")) == {"okt-tilgang"}  # no token given
    assert report["summary"] == {"pass": len(report["tests"]) - 1, "fail": 0, "skip": 1, "result": "pass"}
    assert problems(report) == []
    assert report["spec"] == "okt@2.0.0" and report["baseUrl"] == good_server


@pytest.mark.parametrize("variant", list(BROKEN), ids=lambda v: v.value)
def test_each_broken_variant_fails_exactly_its_scenarios_for_the_right_reason(variant: Variant) -> None:
    with serving(variant) as url:
        report = run_kit(url, seed=1)
    failed = _by_status(report, "fail")
    assert set(failed) == set(BROKEN[variant])
    for test_id, reason in BROKEN[variant].items():
        assert reason in failed[test_id]["message"], failed[test_id]["message"]
    assert report["summary"]["result"] == "fail"


def test_invalid_resources_are_failed_with_the_validators_findings() -> None:
    with serving(Variant.INVALID_RESOURCES) as url:
        report = run_kit(url, seed=1)
    read = next(t for t in report["tests"] if t["id"] == "okt-les-episodeofcare")
    issues = [(i["code"], i["expression"]) for f in read["findings"] for i in f["issues"]]
    assert ("fhir-cardinality-min", "EpisodeOfCare") in issues
    assert all(0 <= i < len(report["exchanges"]) for i in read["exchanges"])


def test_a_token_is_sent_checked_and_never_recorded() -> None:
    token = "hemmelig-testtoken-8c41"
    with serving(token=token) as url:
        report = run_kit(url, seed=1, token=token)
        without = run_kit(url, seed=2)
    assert _by_status(report, "fail") == {} and "okt-tilgang" in _by_status(report, "pass")
    assert token not in json.dumps(report)
    unauthorised = set(next(t for t in report["tests"] if t["id"] == "okt-tilgang")["exchanges"])
    for index, exchange in enumerate(report["exchanges"]):
        expected = None if index in unauthorised else "Bearer [skjult]"
        assert exchange["request"]["headers"].get("Authorization") == expected
    # Without the token the server refuses everything but /metadata: the transaction fails on 401.
    assert "svarte 401" in _by_status(without, "fail")["okt-transaksjon"]["message"]


def test_the_scenarios_follow_the_capability_statement() -> None:
    spec = Registry().resolve("okt")
    statement = capability_statement(spec)
    ids = [s.id for s in derive(spec)]
    assert len(ids) == len(set(ids))
    assert {"okt-sok-episodeofcare-endret", "okt-antall-aktive", "okt-sok-episodeofcare-include"} <= set(ids)
    assert [i for i in ids if i.startswith("okt-status-")] == [
        f"okt-status-{code}" for code in status_codes(spec) if code != "active"
    ]
    trimmed = copy.deepcopy(statement)
    episode = trimmed["rest"][0]["resource"][0]
    episode["searchParam"] = [p for p in episode["searchParam"] if p["name"] != "_lastUpdated"]
    episode["interaction"].append({"code": "delete"})
    del trimmed["rest"][0]["resource"][1]
    changed = {s.id: s for s in _derive(spec.key, trimmed, status_codes(spec))}
    assert "okt-sok-episodeofcare-endret" not in changed
    assert not any("organization" in i for i in changed)
    # A declared interaction the kit has no step for is listed and skipped, never silently left out.
    assert changed["okt-delete-episodeofcare"].step == "not_covered"


def test_required_query_parameters_and_the_400_answer_come_from_the_openapi() -> None:
    spec = Registry().resolve("okt")
    openapi = openapi_document(spec)
    assert openapi is not None
    args = (spec.key, capability_statement(spec), status_codes(spec))
    scenarios = {s.id: s for s in _derive(*args, openapi)}
    assert "OpenAPI GET /EpisodeOfCare parameter patient.identifier (required)" in (
        scenarios["okt-sok-episodeofcare-uten-pasient"].clause
    )
    assert "OpenAPI POST / responses 400" in scenarios["okt-feil-ugyldig"].clause
    loosened = copy.deepcopy(openapi)
    for parameter in loosened["paths"]["/EpisodeOfCare"]["get"]["parameters"]:
        parameter["required"] = False
    del loosened["paths"]["/"]["post"]["responses"]["400"]
    without = {s.id: s for s in _derive(*args, loosened)}
    assert "okt-sok-episodeofcare-uten-pasient" not in without
    assert "OpenAPI" not in without["okt-feil-ugyldig"].clause


def test_the_test_list_page_has_a_section_per_scenario_and_no_wide_table() -> None:
    from journalloft.site import testkit_page
    from journalloft.specs import Registry
    from journalloft.testkit.scenarios import derive

    root = Path(__file__).resolve().parents[2]
    page = testkit_page.pages(root)[testkit_page.PAGE]
    scenarios = derive(Registry([root / "specs"]).latest("okt"))
    headings = [line for line in page.splitlines() if line.startswith("## ")]
    assert headings == [f"## `{s.id}`: {s.title} {{ #{s.id} }}" for s in scenarios]
    assert not any(line.startswith("|") for line in page.splitlines())  # a table scrolled sideways (axe)
