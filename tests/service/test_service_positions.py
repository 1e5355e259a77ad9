"""The service's findings carry line and column in the body, in FHIR's standard extensions, as the CLI's do."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from serve_helpers import call_in_process

from journalloft import checks
from journalloft.checks import RuleContext
from journalloft.issues import Issue
from journalloft.reporters.operationoutcome import COLUMN_EXTENSION, LINE_EXTENSION
from journalloft.service.app import Service, ServiceConfig

ROOT = Path(__file__).resolve().parents[2]
FNR_BAD = ROOT / "examples" / "fhir-r4" / "valid" / "patient-feil-fodselsnummer.json"
EXE = Path(sys.executable).with_name("journalloft")


@pytest.fixture(scope="module")
def service() -> Service:
    return Service(ServiceConfig(workers=0))


def _places(outcome: dict[str, Any]) -> dict[str, tuple[int, int]]:
    """Our code of each issue with a position -> (line, column) from the standard extensions."""
    found: dict[str, tuple[int, int]] = {}
    for issue in outcome["issue"]:
        ext = {e["url"]: e for e in issue.get("extension", [])}
        if LINE_EXTENSION in ext:
            code = issue["details"]["coding"][0]["code"]
            found[code] = (ext[LINE_EXTENSION]["valueInteger"], ext[COLUMN_EXTENSION]["valueInteger"])
            assert issue["location"] == [f"Line[{found[code][0]}] Col[{found[code][1]}]"]
    return found


def _cli_outcome(*args: str) -> dict[str, Any]:
    proc = subprocess.run(
        [str(EXE), "validate", "--no-config", "--format", "operationoutcome", *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    return json.loads(proc.stdout)


def test_service_findings_have_the_same_line_and_column_as_the_cli(service: Service) -> None:
    status, _, outcome = call_in_process(service, "/fhir/$validate", FNR_BAD.read_bytes())
    assert status == 200
    places = _places(outcome)
    assert places["no-id-check-digits"] == (12, 7)  # as the CLI's text report: line 12, column 7
    assert places == _places(_cli_outcome(str(FNR_BAD)))


def test_a_resource_in_parameters_is_placed_in_the_parameters_text(service: Service) -> None:
    resource = json.loads(FNR_BAD.read_text(encoding="utf-8"))
    parameter = [{"name": "mode", "valueCode": "create"}, {"name": "resource"}]
    wrapper = {"resourceType": "Parameters", "parameter": parameter}
    text = json.dumps(wrapper, indent=2).replace('"name": "resource"', '"name": "resource",\n"resource": RESOURCE')
    text = text.replace("RESOURCE", json.dumps(resource, indent=1))
    body = text.encode()
    _, _, outcome = call_in_process(service, "/fhir/$validate", body)
    line, column = _places(outcome)["no-id-check-digits"]
    bad_value = resource["identifier"][0]["value"]
    lines = text.split("\n")
    # The position is the key of the element, "value", on the line that holds the bad number.
    assert f'"value": "{bad_value}"' in lines[line - 1]
    assert lines[line - 1][column - 1 :].startswith('"value"')


def test_the_json_report_route_places_findings_too(service: Service) -> None:
    status, _, report = call_in_process(service, "/validate", FNR_BAD.read_bytes())
    assert status == 200
    (issue,) = [i for i in report["results"][0]["issues"] if i["code"] == "no-id-check-digits"]
    assert (issue["line"], issue["column"]) == (12, 7)


def test_cli_operationoutcome_carries_the_standard_line_and_column_extensions() -> None:
    assert _places(_cli_outcome(str(FNR_BAD)))["no-id-check-digits"] == (12, 7)


def test_a_norwegian_outcome_from_the_service_has_line_and_column_too(service: Service) -> None:
    """Issue 25's done-when: a vendor gets a Norwegian OperationOutcome with line/column from the service."""
    status, headers, outcome = call_in_process(
        service, "/fhir/$validate", FNR_BAD.read_bytes(), {"Accept-Language": "nb"}
    )
    assert (status, headers["content-language"]) == (200, "nb")
    assert _places(outcome)["no-id-check-digits"] == (12, 7)
    (issue,) = [i for i in outcome["issue"] if i["details"]["coding"][0]["code"] == "no-id-check-digits"]
    assert issue["diagnostics"].startswith("Ugyldig fødselsnummer") and issue["code"] == "value"


@pytest.mark.parametrize("route", ["/fhir/$validate", "/validate"])
def test_the_service_hands_the_rule_sets_the_body_text_as_the_cli_hands_them_the_file(
    service: Service, route: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 24: the service goes through the same pipeline as the CLI, so a rule set gets the document's
    text (RuleContext.text), not None as for a dict from the Python API; and its finding is placed in
    that text at the line and column the CLI gives."""
    given: list[bytes | None] = []
    identifiers = checks.load("norwegian-identifiers")

    def recording(value: dict[str, Any], found: Sequence[Issue], context: RuleContext) -> list[Issue]:
        given.append(context.text)
        return identifiers(value, found, context)

    monkeypatch.setitem(checks.EVERY_FHIR_PAYLOAD, "norwegian-identifiers", f"{__name__}:RECORDING")
    monkeypatch.setitem(globals(), "RECORDING", recording)
    checks.load.cache_clear()
    try:
        body = FNR_BAD.read_bytes()
        status, _, answer = call_in_process(service, route, body)
    finally:
        checks.load.cache_clear()
    assert status == 200
    assert given == [body]
    if route == "/validate":
        (issue,) = [i for i in answer["results"][0]["issues"] if i["code"] == "no-id-check-digits"]
        assert (issue["line"], issue["column"]) == (12, 7)
    else:
        assert (
            _places(answer)["no-id-check-digits"]
            == (12, 7)
            == _places(_cli_outcome(str(FNR_BAD)))["no-id-check-digits"]
        )
