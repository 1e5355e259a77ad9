"""Each issue code's FHIR IssueType (http://hl7.org/fhir/ValueSet/issue-type), for OperationOutcome.issue.code.

Generic FHIR tooling reads ``issue.code``; our own, more precise code travels beside it. The table is
per code, not per group: a bad check digit is a wrong *value*, a missing property is *required*, a
code outside a code list is *code-invalid*, whatever group they are filed under. Every code of
:data:`journalloft.codes.CODES` has a deliberate entry (a test keeps the two in step), so a new code
cannot fall back to ``processing`` unnoticed. The choices follow HL7's own validator where it reports
the same finding.
"""

from __future__ import annotations

# The IssueType codes of FHIR R4 (CodeSystem http://hl7.org/fhir/issue-type).
FHIR_ISSUE_TYPES = frozenset(
    {
        "invalid",
        "structure",
        "required",
        "value",
        "invariant",
        "security",
        "login",
        "unknown",
        "expired",
        "forbidden",
        "suppressed",
        "processing",
        "not-supported",
        "duplicate",
        "multiple-matches",
        "not-found",
        "deleted",
        "too-long",
        "code-invalid",
        "extension",
        "too-costly",
        "business-rule",
        "conflict",
        "transient",
        "lock-error",
        "no-store",
        "exception",
        "timeout",
        "incomplete",
        "throttled",
        "informational",
    }
)

ISSUE_TYPE: dict[str, str] = {
    # Reading the input
    "input-empty": "required",
    "input-encoding": "structure",
    "input-too-large": "too-long",
    "input-too-many-issues": "too-costly",
    "input-xml": "not-supported",
    # JSON syntax
    "json-syntax": "structure",
    "json-bom": "structure",
    "json-trailing-content": "structure",
    "json-duplicate-key": "structure",
    "json-invalid-number": "structure",
    "json-too-deep": "too-long",
    "json-number-too-large": "too-long",
    "json-lone-surrogate": "structure",
    "json-control-character": "structure",
    "json-not-object": "structure",
    # Choosing the spec
    "spec-not-detected": "not-supported",
    "spec-mismatch": "not-supported",
    "internal-error": "exception",
    "convert-unsupported": "not-supported",
    # FHIR structure
    "fhir-resource-type": "structure",
    "fhir-unknown-element": "structure",
    "fhir-json-type": "structure",
    "fhir-primitive": "value",
    "fhir-null": "structure",
    "fhir-empty": "structure",
    "fhir-array-expected": "structure",
    "fhir-array-unexpected": "structure",
    "fhir-choice": "structure",
    "fhir-primitive-extension": "structure",
    "fhir-contained": "structure",
    "fhir-limit": "too-long",
    "fhir-resource-id-extension": "structure",
    "fhir-decimal-range": "value",
    "fhir-narrative-link": "invalid",
    "fhir-internal-url": "invalid",
    "fhir-canonical-relative": "value",
    "fhir-snapshot": "invalid",
    "fhir-codesystem-valueset": "business-rule",
    "fhir-hl7-publisher": "business-rule",
    "fhir-attachment-size": "value",
    # Profiles
    "fhir-cardinality-min": "required",
    "fhir-cardinality-max": "structure",
    "fhir-fixed-value": "value",
    "fhir-pattern-value": "value",
    "fhir-slice-unmatched": "structure",
    "fhir-slice-order": "structure",
    "fhir-slice-undecidable": "processing",  # the validator could not decide, not a fault of the payload
    "fhir-type-not-allowed": "structure",
    "fhir-max-length": "too-long",
    "fhir-value-range": "value",
    "fhir-extension-context": "business-rule",
    "fhir-profile-unknown": "not-found",
    "fhir-profile-unusable": "not-supported",
    "fhir-extension-unknown": "extension",
    "fhir-markdown-html": "value",
    "fhir-example-url": "value",
    "fhir-profile-by-code": "informational",
    # Terminology
    "fhir-binding-required": "code-invalid",
    "fhir-binding-extensible": "code-invalid",
    "fhir-binding-preferred": "code-invalid",
    "fhir-code-unknown": "code-invalid",
    "fhir-code-retired": "code-invalid",
    "fhir-coding-system": "value",
    "fhir-display": "invalid",
    "fhir-valueset-unknown": "not-found",
    "fhir-code-not-checked": "informational",
    "fhir-tx-unavailable": "transient",
    # Invariants
    "fhir-invariant": "invariant",
    "fhir-invariant-not-evaluated": "informational",
    # References and Bundles
    "fhir-reference-format": "value",
    "fhir-reference-target": "invalid",
    "fhir-reference-unresolved": "not-found",
    "fhir-reference-ambiguous": "multiple-matches",
    "fhir-bundle-fullurl": "invalid",
    "fhir-bundle-entry": "business-rule",
    "fhir-bundle-link": "business-rule",
    "fhir-bundle-search": "business-rule",
    "fhir-bundle-reference": "not-found",
    # JSON Schema
    "schema-required": "required",
    "schema-type": "structure",
    "schema-enum": "code-invalid",
    "schema-format": "value",
    "schema-pattern": "value",
    "schema-additional-property": "structure",
    "schema-constraint": "invalid",
    # Norwegian identifiers
    "no-id-format": "value",
    "no-id-check-digits": "value",
    "no-id-not-synthetic": "business-rule",  # a rule of test environments, not a fault of the number
    # Rules of JSON Schema specs
    "rule-date-order": "business-rule",
    "rule-code-unknown": "code-invalid",
    "rule-code-retired": "code-invalid",
    "rule-code-leading-zero": "value",
    # NEWS2
    "news2-total-mismatch": "business-rule",
    "news2-component-mismatch": "business-rule",
    "news2-component-band": "business-rule",
    "news2-risk-mismatch": "business-rule",
    "news2-spo2-scale": "business-rule",
    "news2-component-duplicate": "invalid",  # FHIR's "duplicate" is about records, not items
    "news2-unit": "value",
    "news2-range": "value",
    "news2-measurement-not-numeric": "value",
    "news2-measurement-missing": "required",
    "news2-time-window": "business-rule",
}


def issue_type(code: str) -> str:
    """The FHIR IssueType of one of our codes (KeyError for a code not in the catalogue)."""
    return ISSUE_TYPE[code]


__all__ = ["FHIR_ISSUE_TYPES", "ISSUE_TYPE", "issue_type"]
