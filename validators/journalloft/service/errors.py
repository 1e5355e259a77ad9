"""The service's own error answers: an OperationOutcome on the FHIR routes, a JSON error elsewhere.

These are HTTP-level refusals (a body too large, a wrong content type, an unknown spec), not findings
about a payload, so they carry FHIR's IssueType code and a message but none of the validator's issue
codes. No message ever quotes the payload: it may hold personal data.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

FHIR_JSON = "application/fhir+json; charset=utf-8"
JSON = "application/json; charset=utf-8"


class HttpError(Exception):
    """A request the service refuses: ``status``, FHIR IssueType ``code`` and a plain message, in English
    and (``nb``) in Norwegian bokmål for a request that asks for it (Accept-Language)."""

    def __init__(self, status: int, code: str, message: str, nb: str | None = None) -> None:
        super().__init__(status, code, message, nb)
        self.status = status
        self.code = code
        self.message = message
        self.nb = nb

    def __str__(self) -> str:
        return f"{self.status} {self.code}: {self.message}"

    def text(self, lang: str) -> str:
        return self.nb if lang == "nb" and self.nb is not None else self.message


def outcome_body(error: HttpError, lang: str = "en") -> dict[str, Any]:
    severity = "fatal" if error.status >= 500 else "error"
    return {
        "resourceType": "OperationOutcome",
        "issue": [{"severity": severity, "code": error.code, "diagnostics": error.text(lang)}],
    }


def json_error_body(error: HttpError, lang: str = "en") -> dict[str, Any]:
    return {"error": {"status": error.status, "code": error.code, "message": error.text(lang)}}


def render(error: HttpError, fhir: bool, lang: str = "en") -> tuple[bytes, str]:
    """The body and content type answering ``error`` on a FHIR route (``fhir``) or a plain one, in ``lang``."""
    body = outcome_body(error, lang) if fhir else json_error_body(error, lang)
    # A lone surrogate quoted from the payload cannot be UTF-8: written as JSON's own \\uXXXX escape instead.
    text = json.dumps(body, ensure_ascii=False, indent=2).encode("utf-8", "backslashreplace")
    return text + b"\n", FHIR_JSON if fhir else JSON


Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]


async def send_response(send: Send, status: int, body: bytes, content_type: str, extra: list[Any]) -> None:
    """One complete ASGI answer with the headers every answer of ours carries: no caching (answers
    describe a payload that may hold personal data) and no content sniffing (a browser must not render
    an error that quotes a path as HTML)."""
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", content_type.encode()),
                (b"content-length", str(len(body)).encode()),
                (b"cache-control", b"no-store"),
                (b"x-content-type-options", b"nosniff"),
                *extra,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
