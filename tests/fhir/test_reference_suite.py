"""Our valid/invalid verdict against HL7's reference validator, on its own R4 test cases.

The cases, their expected outcomes and their provenance are in reference_suite/ (imported by
scripts/import_validator_cases.py from FHIR/fhir-test-cases, Apache-2.0). Each case is checked
as the CLI checks a file against base FHIR R4, with the options its manifest entry sets; the
verdict is "invalid" when we report at least one error. Every case where we disagree with the
reference validator is listed, with the reason, in reference_suite/disagreements.yaml: an
unlisted disagreement fails, and so does a listed one that has become an agreement (remove it
from the list), so the list stays honest.
"""

from __future__ import annotations

import functools
import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from journalloft.fhir.options import FhirOptions
from journalloft.inputs import Document
from journalloft.validation import Checker

SUITE = Path(__file__).with_name("reference_suite")
SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "import_validator_cases.py"
# The share of cases on which our verdict must agree; raise it as disagreements are fixed.
MIN_AGREEMENT = 0.96


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("import_validator_cases", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@functools.cache
def _cases() -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = json.loads((SUITE / "expected.json").read_text(encoding="utf-8"))
    return cases


@functools.cache
def _listed() -> dict[str, dict[str, Any]]:
    data = yaml.safe_load((SUITE / "disagreements.yaml").read_text(encoding="utf-8")) or {}
    return dict(data)


def _options(case: dict[str, Any]) -> FhirOptions:
    """The validator options the case's manifest entry sets (examples, allowed-extension-domain, ...)."""
    given = case["options"]
    return FhirOptions(
        allowed_extension_domains=tuple(given["allowed_extension_domains"]),
        allow_example_urls=given["allow_example_urls"],
        display_issues_are_warnings=given["display_issues_are_warnings"],
        no_html_in_markdown=given["no_html_in_markdown"],
        contained_ids=given["contained_ids"],
    )


@functools.cache
def _verdicts() -> dict[str, tuple[bool, list[str]]]:
    """Case name -> (valid by our engine, our error codes and locations)."""
    checkers: dict[FhirOptions, Checker] = {}
    verdicts = {}
    for case in _cases():
        options = _options(case)
        checker = checkers.get(options)
        if checker is None:
            checker = checkers[options] = Checker(spec="fhir-r4", fhir_options=options)
        result = checker.check(Document(case["file"], (SUITE / "cases" / case["file"]).read_bytes()))
        errors = [f"{i.code} at {i.expression}" for i in result.issues if i.severity.is_error]
        verdicts[case["name"]] = (not errors, errors)
    return verdicts


def test_committed_cases_match_the_import_script() -> None:
    assert _script().check(SUITE) == []


def test_the_selection_is_not_empty_and_mixes_verdicts() -> None:
    cases = _cases()
    assert len(cases) >= 100
    assert any(c["valid"] for c in cases) and any(not c["valid"] for c in cases)


def test_agreement_with_the_reference_validator() -> None:
    cases = _cases()
    agreeing = sum(1 for c in cases if _verdicts()[c["name"]][0] == c["valid"])
    assert agreeing / len(cases) >= MIN_AGREEMENT, f"agreement {agreeing}/{len(cases)}"


def test_every_disagreement_is_listed_with_a_reason() -> None:
    unlisted = []
    for case in _cases():
        ours, errors = _verdicts()[case["name"]]
        if ours != case["valid"] and case["name"] not in _listed():
            expected = "valid" if case["valid"] else f"invalid ({case['errorCount']} errors)"
            unlisted.append(f"{case['name']}: HL7 says {expected}, we report {errors or 'no error'}")
    assert unlisted == []


@pytest.mark.parametrize("name", sorted(_listed()))
def test_listed_disagreement_still_disagrees(name: str) -> None:
    entry = _listed()[name]
    assert isinstance(entry, dict) and str(entry.get("reason", "")).strip(), f"{name} needs a reason"
    assert entry.get("hl7") in ("valid", "invalid")
    case = next((c for c in _cases() if c["name"] == name), None)
    assert case is not None, f"{name} is not a selected case"
    assert entry["hl7"] == ("valid" if case["valid"] else "invalid")
    ours, _errors = _verdicts()[name]
    assert ours != case["valid"], f"{name} now agrees with the reference validator: remove it from the list"


def test_the_fhir_page_states_the_current_agreement() -> None:
    """docs/validator/fhir.md quotes the figure; it must be the one this suite measures."""
    cases = _cases()
    agreeing = sum(1 for c in cases if _verdicts()[c["name"]][0] == c["valid"])
    page = (Path(__file__).resolve().parents[2] / "docs" / "validator" / "fhir.md").read_text(encoding="utf-8")
    text = " ".join(page.split())
    assert f"de {len(cases)} tilfellene for R4" in text
    assert f"gyldig eller ugyldig i {agreeing} av {len(cases)}" in text
    assert f"De {_NUMBER_WORDS[len(_listed())]} andre står med begrunnelse" in text


_NUMBER_WORDS = {1: "én", 2: "to", 3: "tre", 4: "fire", 5: "fem", 6: "seks"}
