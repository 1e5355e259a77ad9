"""Codes of code systems not held offline: reported as not checked (fhir-code-not-checked), and with
--tx URL asked about at a FHIR R4 terminology server (CodeSystem/$validate-code).

The server here is started by the tests on 127.0.0.1 and answers from a small CodeSystem fixture
shaped after LOINC (codes and displays as loinc.org publishes them for 8867-4 and 9279-1; the R4
$validate-code in/out parameters as https://hl7.org/fhir/R4/codesystem-operation-validate-code.html
defines them). Without --tx no socket is ever opened: checked with socket creation blocked.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from walker_cases import validator

import journalloft
from journalloft.cli import main
from journalloft.fhir.options import FhirOptions
from journalloft.fhir.tx_client import TerminologyServer
from journalloft.i18n import message

LOINC = "http://loinc.org"
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

# Our own fixture: a CodeSystem as a terminology server would hold it.
FIXTURE: dict[str, Any] = {
    "resourceType": "CodeSystem",
    "url": LOINC,
    "content": "fragment",
    "concept": [
        {"code": "8867-4", "display": "Heart rate"},
        {"code": "9279-1", "display": "Respiratory rate"},
    ],
}


class _Server:
    """A terminology server answering $validate-code from FIXTURE; ``mode`` makes it misbehave."""

    def __init__(self) -> None:
        self.mode = "answer"  # or "slow", "operation-outcome", "not-json"
        self.requests: list[dict[str, Any]] = []
        displays = {c["code"]: c["display"] for c in FIXTURE["concept"]}
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                given = {p["name"]: next(v for k, v in p.items() if k.startswith("value")) for p in body["parameter"]}
                outer.requests.append({"path": self.path, **given})
                if outer.mode == "slow":
                    time.sleep(1.5)
                if self.path != "/fhir/CodeSystem/$validate-code" or outer.mode == "operation-outcome":
                    return self._send(404, {"resourceType": "OperationOutcome", "issue": []})
                if outer.mode == "not-json":
                    return self._send(200, "<html>proxy login</html>")
                parameters: list[dict[str, Any]] = []
                code, display = given.get("code"), given.get("display")
                if given.get("url") != LOINC or code not in displays:
                    parameters = [
                        {"name": "result", "valueBoolean": False},
                        {"name": "message", "valueString": f"Unknown code '{code}' in the CodeSystem '{LOINC}'"},
                    ]
                else:
                    right = display is None or display == displays[code]
                    parameters = [
                        {"name": "result", "valueBoolean": right},
                        {"name": "display", "valueString": displays[code]},
                    ]
                    if not right:
                        parameters.append({"name": "message", "valueString": f"Wrong display '{display}'"})
                return self._send(200, {"resourceType": "Parameters", "parameter": parameters})

            def _send(self, status: int, answer: Any) -> None:
                data = (answer if isinstance(answer, str) else json.dumps(answer)).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/fhir+json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (the timeout test)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/fhir"


@pytest.fixture
def server() -> Iterator[_Server]:
    running = _Server()
    thread = threading.Thread(target=running.httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield running
    finally:
        running.httpd.shutdown()
        running.httpd.server_close()


def _observation(*codings: dict[str, str]) -> dict[str, Any]:
    return {"resourceType": "Observation", "status": "final", "code": {"coding": list(codings)}}


def _loinc(code: str, display: str | None = None) -> dict[str, str]:
    return {"system": LOINC, "code": code, **({"display": display} if display is not None else {})}


OFFLINE = FhirOptions()


def _found(resource: dict[str, Any], options: FhirOptions = OFFLINE) -> list[tuple[str, str, str]]:
    issues = validator().validate(resource, options=options)
    codes = ("fhir-code-not-checked", "fhir-code-unknown", "fhir-display", "fhir-tx-unavailable")
    return [(i.severity.value, i.code, i.expression) for i in issues if i.code in codes]


# -- offline: not checked, and said so --------------------------------------------------------------


def test_a_made_up_loinc_code_is_reported_as_not_checked_offline() -> None:
    issues = validator().validate(_observation(_loinc("99999-9")))
    found = [i for i in issues if i.code == "fhir-code-not-checked"]
    assert [(i.severity.value, i.expression) for i in found] == [("information", "Observation.code.coding[0].code")]
    assert found[0].message.startswith(f"the code of {LOINC} was not checked: the code system is not available")
    assert not [i for i in issues if i.severity.value == "error"]
    assert message(found[0], "nb").startswith(f"Koden i {LOINC} ble ikke sjekket")


def test_one_finding_per_code_system_with_the_count() -> None:
    snomed = {"system": "http://snomed.info/sct", "code": "364075005"}
    resource = _observation(_loinc("8867-4"), _loinc("99999-9"), snomed)
    resource["component"] = [{"code": {"coding": [_loinc("9279-1")]}, "valueInteger": 1}]
    issues = [i for i in validator().validate(resource) if i.code == "fhir-code-not-checked"]
    assert [(i.expression, i.message.split(" were")[0].split(" was")[0]) for i in issues] == [
        ("Observation.code.coding[0].code", f"3 codes of {LOINC}"),
        ("Observation.code.coding[2].code", "the code of http://snomed.info/sct"),
    ]
    assert message(issues[0], "nb").startswith(f"3 koder i {LOINC} ble ikke sjekket, den første her")


def test_a_code_system_held_offline_gets_no_such_finding() -> None:
    category = {"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "vital-signs"}
    assert _found(_observation(category)) == []


# -- --tx: the server decides ---------------------------------------------------------------------


def test_with_a_server_a_made_up_code_is_an_error_and_a_real_one_passes(server: _Server) -> None:
    options = FhirOptions(terminology_server=TerminologyServer(server.url))
    issues = validator().validate(_observation(_loinc("99999-9"), _loinc("8867-4", "Heart rate")), options=options)
    unknown = [i for i in issues if i.code in ("fhir-code-unknown", "fhir-code-not-checked", "fhir-display")]
    assert [(i.severity.value, i.code, i.expression) for i in unknown] == [
        ("error", "fhir-code-unknown", "Observation.code.coding[0].code")
    ]
    assert unknown[0].message == (
        f"\"99999-9\" is not a valid code of {LOINC}, says the terminology server: "
        f"Unknown code '99999-9' in the CodeSystem '{LOINC}'"
    )
    assert message(unknown[0], "nb").startswith(f'"99999-9" er ikke en gyldig kode i {LOINC}, ifølge')
    assert server.requests == [
        {"path": "/fhir/CodeSystem/$validate-code", "url": LOINC, "code": "99999-9"},
        {"path": "/fhir/CodeSystem/$validate-code", "url": LOINC, "code": "8867-4", "display": "Heart rate"},
    ]


def test_a_wrong_display_follows_the_display_rules(server: _Server) -> None:
    options = FhirOptions(terminology_server=TerminologyServer(server.url))
    issues = validator().validate(_observation(_loinc("8867-4", "Puls")), options=options)
    found = [i for i in issues if i.code in ("fhir-code-unknown", "fhir-display")]
    # LOINC is not published by HL7: a warning, as for other code systems' displays
    assert [(i.severity.value, i.code, i.expression) for i in found] == [
        ("warning", "fhir-display", "Observation.code.coding[0].display")
    ]
    assert '"Heart rate", the display the terminology server gives code 8867-4' in found[0].message
    assert message(found[0], "nb").startswith('Visningsteksten "Puls" avviker fra "Heart rate"')


def test_each_code_is_asked_once_per_run(server: _Server) -> None:
    options = FhirOptions(terminology_server=TerminologyServer(server.url))
    for _ in range(3):
        validator().validate(_observation(_loinc("99999-9"), _loinc("99999-9")), options=options)
    assert len(server.requests) == 1


@pytest.mark.parametrize(
    ("mode", "why"),
    [
        ("slow", "did not answer within 0.3 s"),
        ("operation-outcome", "answered HTTP 404"),
        ("not-json", "not a $validate-code result (not JSON)"),
    ],
)
def test_a_server_that_cannot_be_used_is_one_warning_per_run(server: _Server, mode: str, why: str) -> None:
    server.mode = mode
    options = FhirOptions(terminology_server=TerminologyServer(server.url, timeout=0.3))
    first = _found(_observation(_loinc("99999-9"), _loinc("8867-4")), options)
    assert first == [
        ("warning", "fhir-tx-unavailable", "Observation.code.coding[0].code"),
        ("information", "fhir-code-not-checked", "Observation.code.coding[0].code"),
    ]
    second = validator().validate(_observation(_loinc("9279-1")), options=options)
    assert [(i.code, i.message) for i in second if i.code.startswith(("fhir-tx", "fhir-code"))] == [
        ("fhir-code-not-checked", f"the code of {LOINC} was not checked: the terminology server could not be used")
    ]
    assert len(server.requests) == 1  # not asked again after the failure
    warning = next(i for i in validator().validate(_observation(_loinc("1-8")), options=FhirOptions(
        terminology_server=TerminologyServer(server.url, timeout=0.3))) if i.code == "fhir-tx-unavailable")
    assert why in warning.message
    assert message(warning, "nb").startswith("Terminologitjeneren kunne ikke brukes: ")


def test_an_unreachable_server_is_a_warning() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    options = FhirOptions(terminology_server=TerminologyServer(f"http://127.0.0.1:{port}/fhir", timeout=2))
    issues = validator().validate(_observation(_loinc("99999-9")), options=options)
    warnings = [i for i in issues if i.code == "fhir-tx-unavailable"]
    assert len(warnings) == 1 and "could not be reached" in warnings[0].message


# -- offline is the default: no socket without --tx -------------------------------------------------


@pytest.fixture
def no_sockets(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, ...]]:
    attempts: list[tuple[Any, ...]] = []

    def refuse(*args: Any, **kwargs: Any) -> Any:
        attempts.append(args)
        raise OSError("network access in a test")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts


def test_without_tx_no_socket_is_opened(
    no_sockets: list[tuple[Any, ...]], capsys: pytest.CaptureFixture[str]
) -> None:
    sources = [str(EXAMPLES / "news2" / "valid"), str(EXAMPLES / "fhir-r4" / "valid" / "observation-puls.json")]
    assert main(["validate", "--no-config", "--format", "json", *sources]) == 0
    report = json.loads(capsys.readouterr().out)
    assert no_sockets == []
    results = report["results"] if isinstance(report, dict) else report
    not_checked = [i for r in results for i in r["issues"] if i["code"] == "fhir-code-not-checked"]
    assert {i["message"].split(" of ", 1)[1].split(" ", 1)[0] for i in not_checked} == {LOINC, "http://snomed.info/sct"}
    # the guard is real: with --tx the same run tries to connect, is refused, and says so once
    puls = str(EXAMPLES / "fhir-r4" / "valid" / "observation-puls.json")
    assert main(["validate", "--no-config", "--format", "json", "--tx", "http://tx.invalid/r4", puls]) == 0
    assert no_sockets
    assert "fhir-tx-unavailable" in capsys.readouterr().out


# -- CLI and Python API ---------------------------------------------------------------------------


def _write(tmp_path: Path, resource: dict[str, Any], name: str = "observation.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(resource), encoding="utf-8")
    return str(path)


def test_cli_tx_turns_not_checked_into_an_error(
    server: _Server, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    puls = json.loads((EXAMPLES / "fhir-r4" / "valid" / "observation-puls.json").read_text(encoding="utf-8"))
    made_up = _write(tmp_path, {**puls, "code": {"coding": [_loinc("99999-9")]}}, "made-up.json")
    assert main(["validate", "--no-config", made_up]) == 0
    assert "fhir-code-not-checked" not in capsys.readouterr().out  # text report: only with --verbose
    assert main(["validate", "--no-config", "--verbose", made_up]) == 0
    assert "fhir-code-not-checked" in capsys.readouterr().out
    assert main(["validate", "--no-config", "--tx", server.url, made_up]) == 1
    assert "fhir-code-unknown" in capsys.readouterr().out
    real = _write(tmp_path, puls, "real.json")  # LOINC 8867-4 "Heart rate", as in the fixture
    assert main(["validate", "--no-config", "--format", "json", "--tx", server.url, "--tx-timeout", "5", real]) == 0
    assert "fhir-code-" not in capsys.readouterr().out
    assert [r["code"] for r in server.requests] == ["99999-9", "8867-4"]


@pytest.mark.parametrize(
    ("option", "value"), [("--tx", "ftp://tx.example/r4"), ("--tx", "tx.fhir.org"), ("--tx-timeout", "0")]
)
def test_bad_tx_options_are_usage_errors(
    option: str, value: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["validate", "--no-config", option, value, _write(tmp_path, _observation())])
    assert exit_info.value.code == 2
    assert option in capsys.readouterr().err


def test_python_api_tx(server: _Server) -> None:
    resource = _observation(_loinc("99999-9"))
    offline = journalloft.validate(resource).results[0]
    assert offline.valid and [i.code for i in offline.issues if i.code.startswith("fhir-code")] == [
        "fhir-code-not-checked"
    ]
    online = journalloft.validate(resource, tx=server.url, tx_timeout=5).results[0]
    assert not online.valid
    assert [i.code for i in online.issues if i.code.startswith("fhir-code")] == ["fhir-code-unknown"]
    with pytest.raises(ValueError, match="http"):
        journalloft.validate(resource, tx="file:///etc/passwd")


def test_a_worker_process_gets_the_server_without_the_first_runs_state(server: _Server) -> None:
    """--jobs N with spawn/forkserver pickles the run's settings: the copy asks the same server."""
    import pickle

    options = FhirOptions(terminology_server=TerminologyServer(server.url, timeout=3))
    validator().validate(_observation(_loinc("99999-9")), options=options)
    copy = pickle.loads(pickle.dumps(options)).terminology_server
    assert copy is not None
    assert (copy.url, copy.timeout, copy.failure) == (server.url, 3.0, None)
    found = _found(_observation(_loinc("99999-9")), FhirOptions(terminology_server=copy))
    assert found == [("error", "fhir-code-unknown", "Observation.code.coding[0].code")]
