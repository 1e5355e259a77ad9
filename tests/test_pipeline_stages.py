"""The one pipeline (issue 24): seven stage objects composed in one place, and every entry point through it.

Each stage has a test here that fails when the stage is left out of the composition (the breaks in
scripts/mutations.yaml under "the pipeline's stages"), and each entry point is shown to run the one
composition rather than a copy of its steps."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import journalloft
from journalloft import browser, pipeline
from journalloft.inputs import Document
from journalloft.pipeline import Guarded, Pipeline, PipelineState
from journalloft.policy import make_policy
from journalloft.report import Report, Result
from journalloft.service import work
from journalloft.specs import Registry
from journalloft.stream import Settings, Validator
from journalloft.validation import Checker

ROOT = Path(__file__).resolve().parent.parent
FNR_BAD = (ROOT / "examples" / "fhir-r4" / "valid" / "patient-feil-fodselsnummer.json").read_bytes()
NO_SPECS = Registry(roots=[])


def _codes(result: Result | Report) -> list[str]:
    return [issue.code for issue in result.issues]


def test_the_seven_stages_are_composed_in_order_in_one_place() -> None:
    composed = pipeline.pipeline(Checker(NO_SPECS))
    guarded, *after = composed.stages
    assert isinstance(guarded, Guarded)
    names = [type(stage).__name__ for stage in (*guarded.stages, *after)]
    assert names == ["Parse", "Detect", "Engine", "RuleSets", "Positions", "ApplyPolicy", "Localise"]


# -- one pass/fail test per stage -------------------------------------------------------------------


def test_parse_stage_reads_the_bytes() -> None:
    assert _codes(journalloft.validate(b'{"resourceType": "Patient",}', registry=NO_SPECS)) == ["json-syntax"]
    assert _codes(journalloft.validate(b"<Patient/>", registry=NO_SPECS)) == ["input-xml"]
    assert journalloft.validate(b'{"resourceType": "Patient"}', registry=NO_SPECS).valid


def test_detect_stage_reports_a_payload_no_spec_matches() -> None:
    report = journalloft.validate(b'{"melding": 1}', registry=NO_SPECS)
    assert _codes(report) == ["spec-not-detected"] and report.results[0].spec is None
    assert journalloft.validate(b'{"resourceType": "Patient"}', registry=NO_SPECS).results[0].spec == "fhir-r4@4.0.1"


def test_engine_stage_finds_what_the_fhir_engine_finds() -> None:
    report = journalloft.validate(b'{"resourceType": "Patient", "merknad": 1}', registry=NO_SPECS)
    assert [(i.code, i.expression) for i in report.issues] == [
        ("fhir-unknown-element", "Patient.merknad"),
        ("fhir-invariant", "Patient"),  # dom-6: no narrative
    ]


FNR_BAD_FINDINGS = [
    ("no-id-check-digits", "Patient.identifier[0].value"),
    ("no-id-format", "Patient.managingOrganization.identifier.value"),  # 8 digits for an organisation number
]


def test_rule_sets_stage_finds_the_wrong_identifiers() -> None:
    report = journalloft.validate(FNR_BAD, registry=NO_SPECS)
    assert [(i.code, i.expression) for i in report.issues] == FNR_BAD_FINDINGS


def test_positions_stage_places_findings_in_the_text_only_when_there_is_one() -> None:
    found = journalloft.validate(FNR_BAD, registry=NO_SPECS).issues
    assert [(i.line, i.column) for i in found] == [(12, 7), (17, 65)]  # the key "value" of each bad number
    from_value = journalloft.validate(json.loads(FNR_BAD), registry=NO_SPECS).issues
    assert [(i.line, i.column) for i in from_value] == [(None, None)] * 2  # a dict has no text


def test_policy_stage_leaves_out_and_counts() -> None:
    kept = journalloft.validate(FNR_BAD, registry=NO_SPECS).results[0]
    left = journalloft.validate(FNR_BAD, registry=NO_SPECS, min_severity="error").results[0]
    assert (_codes(kept), kept.ignored) == (["no-id-check-digits", "no-id-format"], 0)
    assert (_codes(left), left.ignored) == ([], 2)  # both are warnings under base R4


def test_localisation_stage_gives_the_readers_language() -> None:
    english = journalloft.validate(FNR_BAD, registry=NO_SPECS).issues[0].message
    norwegian = journalloft.validate(FNR_BAD, registry=NO_SPECS, lang="nb").issues[0].message
    assert english == "Invalid fødselsnummer '19779998081': its control digits do not match."
    assert norwegian == "Ugyldig fødselsnummer '19779998081': kontrollsifrene stemmer ikke."


def test_the_guard_turns_a_failing_stage_into_an_internal_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any) -> Any:
        raise RuntimeError("stage broke")

    monkeypatch.setattr(Checker, "start", broken)
    result = pipeline.pipeline(Checker(NO_SPECS)).document("x.json", b'{"resourceType": "Patient"}')
    assert _codes(result) == ["internal-error"] and "RuntimeError: stage broke" in result.issues[0].message


# -- every entry point runs the one composition ----------------------------------------------------


@pytest.fixture
def runs(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The name of every input that went through Pipeline.run."""
    seen: list[str] = []
    original = Pipeline.run

    def counting(self: Pipeline, state: PipelineState) -> Result:
        seen.append(state.name)
        return original(self, state)

    monkeypatch.setattr(Pipeline, "run", counting)
    yield seen


def test_every_entry_point_goes_through_the_pipeline(runs: list[str]) -> None:
    journalloft.validate(FNR_BAD, registry=NO_SPECS)
    journalloft.validate(json.loads(FNR_BAD), registry=NO_SPECS)
    validator = Validator(Settings(policy=make_policy(min_severity="error"), lang="nb"), warm_up=False)
    assert validator.check(Document("cli.json", FNR_BAD)).ignored == 2  # the CLI's and --jobs' path
    checker = Checker(NO_SPECS)
    work.fhir_validate(checker, FNR_BAD, None)
    work.validate_any(checker, FNR_BAD)
    browser.validate(FNR_BAD, "nettleser.json")
    assert runs == ["<data>", "<data>", "cli.json", "request", "request", "nettleser.json"]
