"""The service's own error answers: an OperationOutcome on the FHIR routes, a JSON error elsewhere.

These are HTTP-level refusals (a body too large, a wrong content type, an unknown spec), not findings
about a payload, so they carry FHIR's IssueType code and a message but none of the validator's issue
codes. No message ever quotes the payload: it may hold personal data.
"""

from __future__ import annotations

import json
from typing import Any

FHIR_JSON = "application/fhir+json; charset=utf-8"
JSON = "application/json; charset=utf-8"


class HttpError(Exception):
    """A request the service refuses: ``status``, FHIR IssueType ``code`` and a plain message."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(status, code, message)
        self.status = status
        self.code = code
        self.message = message

    def __str__(self) -> str:
        return f"{self.status} {self.code}: {self.message}"


def outcome_body(error: HttpError) -> dict[str, Any]:
    severity = "fatal" if error.status >= 500 else "error"
    return {
        "resourceType": "OperationOutcome",
        "issue": [{"severity": severity, "code": error.code, "diagnostics": error.message}],
    }


def json_error_body(error: HttpError) -> dict[str, Any]:
    return {"error": {"status": error.status, "code": error.code, "message": error.message}}


def render(error: HttpError, fhir: bool) -> tuple[bytes, str]:
    """The body and content type answering ``error`` on a FHIR route (``fhir``) or a plain one."""
    body = outcome_body(error) if fhir else json_error_body(error)
    # A lone surrogate quoted from the payload cannot be UTF-8: written as JSON's own \\uXXXX escape instead.
    text = json.dumps(body, ensure_ascii=False, indent=2).encode("utf-8", "backslashreplace")
    return text + b"\n", FHIR_JSON if fhir else JSON
