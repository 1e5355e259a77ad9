"""The JSON report's seal, its check, and the text, JUnit and HTML renderings."""

from __future__ import annotations

import copy
import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any

import pytest

from journalloft.testkit.reference import Variant
from journalloft.testkit.render import as_html, as_junit, as_text
from journalloft.testkit.report import problems, seal
from journalloft.testkit.runner import run_kit


@pytest.fixture(scope="module")
def report(good_server: str) -> dict[str, Any]:
    return run_kit(good_server, seed=3)


@pytest.fixture(scope="module")
def failing() -> dict[str, Any]:
    from kit_helpers import serving

    with serving(Variant.WRONG_COUNT) as url:
        return run_kit(url, seed=3)


def _pass_to_fail(r: dict[str, Any]) -> None:
    r["tests"][0]["status"] = "fail"


def _edit_a_response(r: dict[str, Any]) -> None:
    r["exchanges"][0]["response"]["status"] = 201


def _drop_an_exchange(r: dict[str, Any]) -> None:
    r["exchanges"].pop()


def _change_the_spec(r: dict[str, Any]) -> None:
    r["specVersion"] = "9.9.9"


def test_a_fresh_report_verifies_and_records_every_exchange(report: dict[str, Any]) -> None:
    assert problems(report) == []
    assert report["kitVersion"] and report["specVersion"] == "2.0.0" and report["started"].endswith("Z")
    assert len(report["exchanges"]) == sum(len(t["exchanges"]) for t in report["tests"])
    assert len(report["exchangesSha256"]) == len(report["reportSha256"]) == 64


@pytest.mark.parametrize("edit", [_pass_to_fail, _edit_a_response, _drop_an_exchange, _change_the_spec])
def test_an_edited_report_does_not_verify(report: dict[str, Any], edit: Callable[[dict[str, Any]], None]) -> None:
    edited = copy.deepcopy(report)
    edit(edited)
    assert any("reportSha256" in p for p in problems(edited))


def test_a_resealed_report_with_a_changed_verdict_is_caught_by_its_summary(failing: dict[str, Any]) -> None:
    edited = copy.deepcopy(failing)
    for test in edited["tests"]:
        test["status"] = "pass" if test["status"] == "fail" else test["status"]
    found = problems(seal(edited))  # the sums are right again, the summary no longer agrees
    assert any("Oppsummeringen" in p for p in found)


def test_a_report_that_is_not_one_is_explained() -> None:
    assert problems([]) == ["Rapporten er ikke et JSON-objekt."]
    assert "Feltet exchanges mangler." in problems({"kit": "x"})


def test_junit_counts_and_failure_reasons(failing: dict[str, Any]) -> None:
    root = ET.fromstring(as_junit(failing))
    suite = root.find("testsuite")
    assert suite is not None
    assert suite.get("tests") == str(len(failing["tests"])) and suite.get("failures") == "1"
    failed = [c for c in suite.iter("testcase") if c.find("failure") is not None]
    assert [c.get("name", "").split()[0] for c in failed] == ["okt-antall-aktive"]
    assert "ventet 2" in (failed[0].find("failure").get("message") or "")  # type: ignore[union-attr]


def test_html_is_self_contained_and_escapes_what_the_server_said(failing: dict[str, Any]) -> None:
    hostile = copy.deepcopy(failing)
    hostile["tests"][0]["message"] = '<script>alert("x")</script>'
    page = as_html(hostile)
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "src=" not in page and "<link" not in page
    assert "FEILET" in page and failing["reportSha256"] in page


def test_text_names_each_test_and_the_verdict(failing: dict[str, Any]) -> None:
    text = as_text(failing)
    assert "FEILET      okt-antall-aktive" in text
    assert text.rstrip().splitlines()[-2].endswith("FEILET")
    assert json.dumps(failing["reportSha256"]).strip('"') in text
