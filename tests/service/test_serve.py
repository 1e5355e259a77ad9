"""``journalloft serve`` over real HTTP on 127.0.0.1: answers, refusals, limits, and what it logs."""

from __future__ import annotations

import json
import re
import time
import urllib.parse
from pathlib import Path
from typing import Any

import pytest
import yaml
from serve_helpers import Server, running

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
MANIFEST = yaml.safe_load((EXAMPLES / "manifest.yaml").read_text(encoding="utf-8"))["examples"]
MARKER = "MARKØR-7f3a9c-SKAL-IKKE-LOGGES"


def _resource(entry: dict[str, Any]) -> dict[str, Any] | None:
    try:
        value = json.loads((EXAMPLES / entry["file"]).read_bytes())
    except ValueError:
        return None
    return value if isinstance(value, dict) and "resourceType" in value else None


FHIR_EXAMPLES = [e for e in MANIFEST if e["file"].endswith(".json") and _resource(e) is not None]
SCHEMA_EXAMPLES = [
    e for e in MANIFEST if e["file"].endswith(".json") and e["file"] not in {x["file"] for x in FHIR_EXAMPLES}
]


def _found(outcome: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(severity, our code, expression) of every error and warning in an OperationOutcome."""
    assert outcome["resourceType"] == "OperationOutcome"
    return sorted(
        (i["severity"], i["details"]["coding"][0]["code"], i["expression"][0])
        for i in outcome["issue"]
        if i["severity"] in ("error", "warning")
    )


def _expected(entry: dict[str, Any]) -> list[tuple[str, str, str]]:
    return sorted((s, c, e) for s, c, e in entry["issues"])


@pytest.mark.parametrize("entry", FHIR_EXAMPLES, ids=lambda e: e["file"])
def test_fhir_validate_answers_each_example_as_the_manifest_says(server: Server, entry: dict[str, Any]) -> None:
    answer = server.post("/fhir/$validate", (EXAMPLES / entry["file"]).read_bytes())
    assert answer.headers["content-type"] == "application/fhir+json; charset=utf-8"
    assert answer.status == 200, answer.body
    assert _found(answer.json()) == _expected(entry)


def test_typed_route_checks_the_type_and_percent_encoded_dollar_works(server: Server) -> None:
    body = (EXAMPLES / "fhir-r4/invalid/observation-feil.json").read_bytes()
    ok = server.post("/fhir/Observation/%24validate", body)
    assert ok.status == 200
    assert ("error", "fhir-unknown-element", "Observation.merknad") in _found(ok.json())
    wrong = server.post("/fhir/Patient/$validate", body)
    assert wrong.status == 400
    assert wrong.json()["issue"][0]["code"] == "invalid"
    assert "Patient" in wrong.json()["issue"][0]["diagnostics"]


def test_parameters_with_resource_and_profile_applies_that_profile(server: Server) -> None:
    resource = json.loads((EXAMPLES / "okt/fhir-1.1.0/invalid/organisasjon-uten-organisasjonsnummer.json").read_bytes())
    profile = resource["meta"].pop("profile")[0]
    if not resource["meta"]:
        del resource["meta"]
    plain = {"resourceType": "Parameters", "parameter": [{"name": "resource", "resource": resource}]}
    with_profile = {
        "resourceType": "Parameters",
        "parameter": [{"name": "resource", "resource": resource}, {"name": "profile", "valueCanonical": profile}],
    }
    base = server.post("/fhir/$validate", json.dumps(plain).encode())
    assert base.status == 200
    assert _found(base.json()) == []  # base R4 only: the Organization is fine
    profiled = server.post("/fhir/Organization/$validate", json.dumps(with_profile).encode())
    assert profiled.status == 200
    assert _found(profiled.json()) == [("error", "fhir-cardinality-min", "Organization")]
    missing = server.post("/fhir/$validate", b'{"resourceType": "Parameters", "parameter": []}')
    assert missing.status == 400 and "'resource'" in missing.json()["issue"][0]["diagnostics"]


@pytest.mark.parametrize("entry", SCHEMA_EXAMPLES[:6] + FHIR_EXAMPLES[:3], ids=lambda e: e["file"])
def test_validate_answers_the_clis_json_report(server: Server, entry: dict[str, Any]) -> None:
    spec = entry["spec"]
    path = "/validate" + (f"?spec={spec}" if spec else "")
    answer = server.post(path, (EXAMPLES / entry["file"]).read_bytes(), "application/json")
    report = answer.json()
    assert answer.headers["content-type"] == "application/json; charset=utf-8"
    assert answer.status == (400 if spec is None else 200)
    (result,) = report["results"]
    assert result["path"] == "request" and result["spec"] == spec
    found = sorted(
        (i["severity"], i["code"], i["expression"]) for i in result["issues"] if i["severity"] != "information"
    )
    assert found == _expected(entry)
    assert report["summary"]["files"] == 1 and report["summary"]["valid"] == int(not entry["issues"])


@pytest.mark.parametrize(
    ("body", "content_type", "status", "code", "said"),
    [
        (b'{"resourceType": "Patient", "id": "x"', "application/fhir+json", 400, "json-syntax", "JSON syntax"),
        (
            b'{"resourceType": "Patient", "name": [{"text": "\xff"}]}',
            "application/fhir+json",
            400,
            "input-encoding",
            "UTF-8",
        ),
        (b"resourceType=Patient", "application/fhir+json", 400, "json-syntax", "JSON syntax"),
        (b"[" * 60 + b"]" * 60, "application/fhir+json", 400, "json-too-deep", "40"),
    ],
    ids=["truncated", "not-utf8", "not-json", "too-deep"],
)
def test_unparseable_bodies_are_400_with_the_parsers_issue(  # noqa: PLR0917 - one parameter per column
    server: Server, body: bytes, content_type: str, status: int, code: str, said: str
) -> None:
    answer = server.post("/fhir/$validate", body, content_type)
    assert answer.status == status
    (issue,) = answer.json()["issue"]
    assert issue["details"]["coding"][0]["code"] == code
    assert said in issue["diagnostics"]
    plain = server.post("/validate", body, "application/json")
    assert plain.status == status
    assert plain.json()["results"][0]["issues"][0]["code"] == code


@pytest.mark.parametrize(
    ("method", "path", "body", "content_type", "status", "code"),
    [
        ("POST", "/fhir/$validate", b"x" * 200_001, "application/fhir+json", 413, "too-long"),
        ("POST", "/validate", b"x" * 200_001, "application/json", 413, "too-long"),
        ("POST", "/fhir/$validate", b"<Patient/>", "application/fhir+xml", 415, "not-supported"),
        ("POST", "/fhir/$validate", b"{}", "text/plain", 415, "not-supported"),
        ("POST", "/fhir/$validate", b"{}", "application/json; charset=latin-1", 415, "not-supported"),
        ("POST", "/fhir/$validate", b"", "application/fhir+json", 400, "required"),
        ("POST", "/fhir/$validate", b"{}", "application/fhir+json", 400, "structure"),
        ("POST", "/validate?spec=finnes-ikke@9", b"{}", "application/json", 400, "not-supported"),
        ("GET", "/fhir/$validate", None, None, 405, "not-supported"),
        ("GET", "/nowhere", None, None, 404, "not-found"),
    ],
    ids=[
        "oversized-fhir",
        "oversized",
        "xml",
        "text",
        "latin1",
        "empty",
        "no-resource-type",
        "unknown-spec",
        "wrong-method",
        "unknown-route",
    ],
)
def test_bad_requests_get_a_clear_4xx_and_no_stack_trace(  # noqa: PLR0917 - one parameter per column
    server: Server, method: str, path: str, body: bytes | None, content_type: str | None, status: int, code: str
) -> None:
    answer = server.request(method, path, body, content_type)
    assert answer.status == status
    text = answer.body.decode("utf-8")
    assert "Traceback" not in text and 'File "' not in text
    data = answer.json()
    if path.startswith("/fhir/"):
        assert answer.headers["content-type"].startswith("application/fhir+json")
        assert data["resourceType"] == "OperationOutcome" and data["issue"][0]["code"] == code
    else:
        assert data["error"]["status"] == status and data["error"]["code"] == code
    if content_type and "xml" in content_type:
        assert "FHIR XML is not supported" in data["issue"][0]["diagnostics"]
    assert server.request("GET", "/health").status == 200  # and it keeps serving


def test_oversized_declared_length_is_refused_before_the_body_is_read(server: Server) -> None:
    import socket

    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock:
        sock.sendall(
            b"POST /fhir/$validate HTTP/1.1\r\nHost: x\r\nContent-Type: application/fhir+json\r\n"
            b"Content-Length: 999999999\r\n\r\n{"
        )
        head = sock.recv(4096)
    assert head.startswith(b"HTTP/1.1 413")


def test_health_specs_and_openapi(server: Server) -> None:
    assert server.request("GET", "/health").json()["status"] == "ok"
    keys = {f"{s['id']}@{s['version']}" for s in server.request("GET", "/specs").json()["specs"]}
    assert {"fhir-r4@4.0.1", "okt@1.0.0"} <= keys
    assert server.request("GET", "/openapi.json").json()["openapi"].startswith("3.")


ACCESS_LINE = re.compile(r'"(?P<method>[A-Z]+) (?P<target>\S+) HTTP/1\.1" (?P<status>\d{3})')


def _access_lines(server: Server, offset: int, count: int) -> list[tuple[str, str, int]]:
    """(method, target, status) of the access-log lines written after ``offset``, the target unquoted: uvicorn
    releases differ in whether they percent-encode it ("/fhir/%24validate" or "/fhir/$validate")."""
    deadline = time.monotonic() + 10  # a line may be written just after its answer was sent
    while True:
        text = server.log.read_bytes()[offset:].decode("utf-8", errors="replace")
        lines = [(m["method"], urllib.parse.unquote(m["target"]), int(m["status"])) for m in ACCESS_LINE.finditer(text)]
        if len(lines) >= count or time.monotonic() > deadline:
            return lines
        time.sleep(0.05)


def test_no_payload_content_reaches_the_log(server: Server) -> None:
    resource = {"resourceType": "Patient", "id": "p1", "name": [{"text": MARKER}], MARKER: MARKER}
    sent = json.dumps(resource).encode()
    parameters = {"resourceType": "Parameters", "parameter": [{"name": "resource", "resource": resource}]}
    offset = len(server.log.read_bytes())
    requests = [
        ("/fhir/$validate", sent, "application/fhir+json"),
        ("/fhir/Patient/$validate", json.dumps(parameters).encode(), "application/fhir+json"),
        ("/fhir/Observation/$validate", sent, "application/fhir+json"),  # wrong type
        ("/fhir/$validate", sent[:-5], "application/fhir+json"),  # truncated
        ("/validate", sent, "application/json"),
        ("/validate", (MARKER * 20_000).encode(), "application/json"),  # oversized
        ("/validate", sent, "text/" + MARKER),
        ("/fhir/$validate", sent, "application/fhir+json"),
    ]
    answers = [server.post(path, body, content_type) for path, body, content_type in requests]
    assert MARKER in answers[-1].body.decode()  # the answer may name the unknown element; the log may not
    # The access log is on: one line per request, in order, with the status each answer had.
    expected = [("POST", path, answer.status) for (path, _, _), answer in zip(requests, answers, strict=True)]
    assert _access_lines(server, offset, len(expected)) == expected
    assert {answer.status for answer in answers} >= {200, 413, 415}
    log = server.log.read_text(encoding="utf-8", errors="replace")
    for text in (log, urllib.parse.unquote(log)):
        assert "MARKØR" not in text and "7f3a9c" not in text


def test_a_request_over_the_time_limit_is_a_503_and_the_service_keeps_serving(tmp_path: Path) -> None:
    bundle = (EXAMPLES / "okt/fhir/valid/transaksjon-to-tjenester.json").read_bytes()
    with running("--timeout", "0.000001", tmp=tmp_path) as slow:
        for _ in range(3):
            answer = slow.post("/fhir/$validate", bundle)
            assert answer.status == 503
            assert answer.headers["retry-after"] == "1"
            assert answer.json()["issue"][0]["code"] == "timeout"
            assert slow.request("GET", "/health").status == 200
        assert slow.post("/validate", bundle, "application/json").json()["error"]["code"] == "timeout"


def test_a_body_cut_off_by_the_client_leaves_the_service_serving(server: Server) -> None:
    import socket

    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock:
        sock.sendall(
            b"POST /fhir/$validate HTTP/1.1\r\nHost: x\r\nContent-Type: application/fhir+json\r\n"
            b'Content-Length: 5000\r\n\r\n{"resourceType": "Patient", "name": [{"text": "' + MARKER.encode() + b'"'
        )
        sock.shutdown(socket.SHUT_WR)  # the rest of the declared body never comes
        sock.settimeout(30)
        try:
            answer = sock.recv(4096)
        except OSError:
            answer = b""
    assert not answer.startswith(b"HTTP/1.1 200")
    assert server.request("GET", "/health").status == 200
    assert MARKER not in server.log.read_text(encoding="utf-8", errors="replace")
