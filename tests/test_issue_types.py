"""Every issue code has a deliberate FHIR IssueType, and OperationOutcome.issue.code uses it."""

from __future__ import annotations

import json

import pytest

import journalloft
from id_numbers import NHN_SYNTHETIC, flip_last
from journalloft.codes import CODES
from journalloft.issue_types import FHIR_ISSUE_TYPES, ISSUE_TYPE
from journalloft.issues import error
from journalloft.report import Result
from journalloft.reporters.operationoutcome import outcome

FNR = "urn:oid:2.16.578.1.12.4.1.4.1"


def test_every_code_in_the_registry_has_a_mapping_and_no_mapping_is_stale() -> None:
    assert set(ISSUE_TYPE) == set(CODES)


def test_every_mapping_is_a_fhir_issue_type() -> None:
    assert {code: kind for code, kind in ISSUE_TYPE.items() if kind not in FHIR_ISSUE_TYPES} == {}


def test_processing_is_kept_for_what_the_validator_could_not_decide() -> None:
    # "processing" was the fallback for a code no table named; now it is chosen, for one code only.
    assert [code for code, kind in ISSUE_TYPE.items() if kind == "processing"] == ["fhir-slice-undecidable"]


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("no-id-check-digits", "value"),
        ("no-id-format", "value"),
        ("schema-required", "required"),
        ("rule-code-unknown", "code-invalid"),
        ("fhir-extension-unknown", "extension"),
        ("fhir-reference-unresolved", "not-found"),
        ("internal-error", "exception"),
        ("news2-total-mismatch", "business-rule"),
    ],
)
def test_operationoutcome_issue_code_is_the_codes_issue_type(code: str, kind: str) -> None:
    body = outcome(Result("x.json", None, [error(code, "$", "message")]))
    assert body["issue"][0]["code"] == kind


def test_a_bad_check_digit_in_a_real_run_is_a_value_issue() -> None:
    patient = {"resourceType": "Patient", "identifier": [{"system": FNR, "value": flip_last(NHN_SYNTHETIC[0])}]}
    report = journalloft.validate(json.dumps(patient).encode(), strict_identifiers=True)
    body = outcome(report.results[0])
    kinds = {i["details"]["coding"][0]["code"]: i["code"] for i in body["issue"]}
    assert kinds["no-id-check-digits"] == "value"
