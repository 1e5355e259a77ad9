"""The service's OpenAPI file matches its routes; a validator failure is an internal-error issue (500)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import MutableMapping
from typing import Any

import pytest

from journalloft.service import app as service_app
from journalloft.service import workers
from journalloft.service.app import ROUTES, Service, ServiceConfig
from journalloft.validation import Checker

MARKER = "MARKØR-internal-9d1e"


def test_openapi_file_lists_exactly_the_routes() -> None:
    document = json.loads(service_app.OPENAPI_FILE.read_text(encoding="utf-8"))
    documented = {(method.upper(), path) for path, item in document["paths"].items() for method in item}
    assert documented == set(ROUTES)
    for path, item in document["paths"].items():
        for operation in item.values():
            if path.endswith("validate"):
                assert {"200", "400", "413", "415", "503"} <= set(operation["responses"]), path


def _call(service: Service, method: str, path: str, body: bytes, content_type: str) -> tuple[int, dict[str, Any]]:
    sent: list[dict[str, Any]] = []
    scope = {
        "type": "http",
        "method": method,
        "path": path,
        "query_string": b"",
        "headers": [(b"content-type", content_type.encode())],
    }

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: MutableMapping[str, Any]) -> None:
        sent.append(dict(message))

    asyncio.run(service(scope, receive, send))
    return sent[0]["status"], json.loads(sent[1]["body"])


def test_a_validator_failure_is_an_internal_error_issue_and_500(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(self: Checker, value: Any, name: str, prior: Any = ()) -> Any:
        raise RuntimeError("engine broke")

    monkeypatch.setattr(Checker, "start", broken)  # the detect stage, inside the pipeline's guard
    service = Service(ServiceConfig(workers=0))  # in this process, where the patch applies
    body = json.dumps({"resourceType": "Patient", "id": MARKER}).encode()
    status, outcome = _call(service, "POST", "/fhir/$validate", body, "application/fhir+json")
    assert status == 500
    (issue,) = outcome["issue"]
    assert issue["details"]["coding"][0]["code"] == "internal-error"
    assert "RuntimeError: engine broke" in issue["diagnostics"]
    status, report = _call(service, "POST", "/validate", body, "application/json")
    assert status == 500 and report["results"][0]["issues"][0]["code"] == "internal-error"
    assert MARKER not in caplog.text


def test_a_failure_outside_the_guard_is_a_plain_500_that_names_no_payload(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*args: Any) -> Any:
        raise ValueError(MARKER)

    monkeypatch.setattr(workers.work, "fhir_validate", broken)
    status, outcome = _call(
        Service(ServiceConfig(workers=0)),
        "POST",
        "/fhir/$validate",
        b'{"resourceType":"Patient"}',
        "application/fhir+json",
    )
    assert status == 500
    assert outcome["issue"] == [
        {"severity": "fatal", "code": "exception", "diagnostics": "The service failed on this request."}
    ]
    assert "ValueError" in caplog.text and MARKER not in caplog.text


def test_the_service_page_documents_exactly_the_serve_options() -> None:
    import re
    from pathlib import Path

    from journalloft.cli import build_parser

    parser = build_parser()
    (commands,) = [a for a in parser._actions if a.dest == "command"]
    serve = commands.choices["serve"]  # type: ignore[index]
    options = {o for a in serve._actions for o in a.option_strings if o.startswith("--") and o != "--help"}
    page = (Path(__file__).resolve().parents[2] / "docs/validator/tjeneste.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `(--[a-z-]+)", page, re.MULTILINE))
    assert documented == options
