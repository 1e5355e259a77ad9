"""One pipeline (issue 24): the Norwegian identifiers are a rule set registered like news2, not a walk
the checker special-cases, and ``journalloft.validate()`` builds its checker once per settings.

Counted in calls, never in seconds (the speed is scripts/benchmark_api.py's)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

import journalloft
from journalloft import api, checks
from journalloft.checks import RuleContext, fhir_rule_sets
from journalloft.fhir.norwegian_identifiers import rule_set
from journalloft.inputs import Document
from journalloft.issues import Issue
from journalloft.rules import RuleOptions
from journalloft.specs import Registry
from journalloft.validation import Checker

FNR = "urn:oid:2.16.578.1.12.4.1.4.1"
NARRATIVE = {"status": "generated", "div": '<div xmlns="http://www.w3.org/1999/xhtml">Syntetisk</div>'}
# 01017012345: a fødselsnummer whose second check digit is wrong (K1 of 010170123 is 4 by the weights
# 3 7 6 1 8 9 4 5 2: sum 84, 84 mod 11 = 7, 11 - 7 = 4; K2 by 5 4 3 2 7 6 5 4 3 2: sum 85, rest 8, so 3, not 5)
BAD_FNR_PATIENT = {
    "resourceType": "Patient",
    "text": NARRATIVE,
    "identifier": [{"system": FNR, "value": "01017012345"}],
}


def _id_codes(issues: list[Issue]) -> list[tuple[str, str]]:
    return [(i.code, i.expression) for i in issues if i.code.startswith("no-id-")]


def test_every_fhir_payload_goes_through_the_identifier_rule_set_before_the_specs_own() -> None:
    assert fhir_rule_sets(()) == ("norwegian-identifiers",)
    assert fhir_rule_sets(("news2",)) == ("norwegian-identifiers", "news2")
    assert "norwegian-identifiers" not in checks.REGISTERED  # not a rule set a spec.yaml may name


def test_the_checker_finds_identifiers_only_through_the_registered_rule_set(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pass/fail pair: with the rule set registered the bad number is reported; with the registry's
    entry pointing at a rule set that finds nothing, the checker reports nothing of it either."""
    checker = Checker(Registry(roots=[]))
    found = checker.check_value(dict(BAD_FNR_PATIENT), "x.json").issues
    assert _id_codes(found) == [("no-id-check-digits", "Patient.identifier[0].value")]

    monkeypatch.setitem(checks.EVERY_FHIR_PAYLOAD, "norwegian-identifiers", "journalloft.checks:nothing")
    monkeypatch.setattr(checks, "nothing", lambda value, found, context: [], raising=False)
    checks.load.cache_clear()
    try:
        assert _id_codes(checker.check_value(dict(BAD_FNR_PATIENT), "x.json").issues) == []
    finally:
        checks.load.cache_clear()


def test_the_rule_set_reads_its_options_from_the_context() -> None:
    strict = rule_set(BAD_FNR_PATIENT, [], RuleContext(RuleOptions(strict_identifiers=True)))
    lenient = rule_set(BAD_FNR_PATIENT, [], RuleContext(RuleOptions(strict_identifiers=False)))
    assert [(i.severity.value, i.code) for i in strict] == [("error", "no-id-check-digits")]
    assert [(i.severity.value, i.code) for i in lenient] == [("warning", "no-id-check-digits")]


def test_the_rule_set_skips_a_text_that_cannot_hold_a_norwegian_system() -> None:
    """The text of a document is handed to the rule sets: without the OID prefix in it, no walk."""
    text = json.dumps(BAD_FNR_PATIENT).encode()
    assert _id_codes(rule_set(BAD_FNR_PATIENT, [], RuleContext(text=text))) != []
    assert rule_set(BAD_FNR_PATIENT, [], RuleContext(text=text.replace(b"12.4.1.4.1", b"12.4.1.9.1"))) == []


def test_a_document_and_its_value_get_the_same_identifier_findings() -> None:
    checker = Checker(Registry(roots=[]))
    text = json.dumps(BAD_FNR_PATIENT).encode()
    from_text = checker.check(Document("x.json", text)).issues
    from_value = checker.check_value(json.loads(text), "x.json").issues
    assert _id_codes(from_text) == _id_codes(from_value) == [("no-id-check-digits", "Patient.identifier[0].value")]


@pytest.fixture
def checkers_built(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Checker]]:
    built: list[Checker] = []

    class Counting(Checker):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            built.append(self)

    monkeypatch.setattr(api, "Checker", Counting)
    api._PIPELINES.clear()
    yield built
    api._PIPELINES.clear()


def test_validate_builds_one_checker_per_settings(checkers_built: list[Checker]) -> None:
    registry = Registry(roots=[])
    for _ in range(3):
        report = journalloft.validate(BAD_FNR_PATIENT, registry=registry, strict_identifiers=True)
        assert [i.code for i in report.results[0].issues if i.code.startswith("no-id-")] == ["no-id-check-digits"]
    assert len(checkers_built) == 1
    lenient = journalloft.validate(BAD_FNR_PATIENT, registry=registry, min_severity="error")
    assert len(checkers_built) == 2  # other settings, another checker
    assert lenient.results[0].ignored == 1  # the warning left out by the second call's own policy


def test_a_terminology_server_or_ig_gets_a_checker_of_its_own_call(checkers_built: list[Checker]) -> None:
    """A --tx server's answers are cached per call, so such calls never share a checker."""
    registry = Registry(roots=[])
    for _ in range(2):
        journalloft.validate(BAD_FNR_PATIENT, registry=registry, tx="http://127.0.0.1:9/fhir")
    assert len(checkers_built) == 2
    assert checkers_built[0].fhir_options.terminology_server is not checkers_built[1].fhir_options.terminology_server


def test_checkers_built_without_a_registry_share_the_process_one() -> None:
    assert Checker().registry is Checker().registry
    assert Checker(Registry(roots=[])).registry is not Checker().registry
