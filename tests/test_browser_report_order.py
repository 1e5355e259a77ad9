"""The browser page orders and hides findings exactly as the CLI's text report does (journalloft.issues.for_reading).

The page's ``forReading`` (docs/assets/valider-nettleser.js) is run with Node on the issues of the
project's examples and of a hand-made list, and compared with the Python function.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

import journalloft
from journalloft.issues import Issue, Severity, for_reading

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "docs" / "assets" / "valider-nettleser.js"
NODE = shutil.which("node")
pytestmark = pytest.mark.skipif(NODE is None, reason="Node is installed by scripts/setup (npm tools)")

HAND_MADE = [
    {"severity": "information", "code": "fhir-profile-by-code", "expression": "Bundle.entry[1].resource"},
    {"severity": "information", "code": "fhir-invariant-not-evaluated", "expression": "Patient"},
    {"severity": "warning", "code": "fhir-binding-extensible", "expression": "Patient.maritalStatus"},
    {"severity": "error", "code": "fhir-primitive", "expression": "Patient.birthDate.extension[0].url"},
    {"severity": "error", "code": "fhir-unknown-element", "expression": "Patient.foo"},
    {"severity": "warning", "code": "fhir-display", "expression": "Patient"},
]


def _page_functions() -> str:
    text = SCRIPT.read_text(encoding="utf-8")
    found = re.search(r"^  var RANK = .*?(?=^  function issueRows)", text, re.MULTILINE | re.DOTALL)
    assert found, "forReading and its helpers are not where the test looks for them"
    return found.group(0)


def _js_order(lists: list[list[dict[str, Any]]], verbose: bool) -> list[list[int]]:
    """For each list, the indexes of the issues the page shows, in the page's order."""
    program = (
        _page_functions()
        + f"\nvar lists = {json.dumps(lists)};\n"
        + f"console.log(JSON.stringify(lists.map(function (l) {{ return forReading(l, {json.dumps(verbose)})"
        + ".map(function (i) { return l.indexOf(i); }); })));"
    )
    assert NODE is not None
    proc = subprocess.run([NODE, "-e", program], capture_output=True, text=True, timeout=60, check=True)
    order: list[list[int]] = json.loads(proc.stdout)
    return order


def _py_order(issues: list[dict[str, Any]], verbose: bool) -> list[int]:
    # Each message is its index, so equal-looking issues stay apart as they do in the page (by identity).
    objects = [Issue(Severity(i["severity"]), i["code"], i["expression"], str(n)) for n, i in enumerate(issues)]
    return [objects.index(i) for i in for_reading(objects, verbose)]


def _lists() -> list[list[dict[str, Any]]]:
    report = journalloft.validate(ROOT / "examples")
    lists = [
        [{"severity": i.severity.value, "code": i.code, "expression": i.expression} for i in result.issues]
        for result in report.results
        if len(result.issues) > 1
    ]
    assert any(any(i["code"] == "fhir-profile-by-code" for i in issues) for issues in lists)
    return [HAND_MADE, *lists]


@pytest.mark.parametrize("verbose", [False, True])
def test_the_page_orders_and_hides_as_the_cli(verbose: bool) -> None:
    lists = _lists()
    assert _js_order(lists, verbose) == [_py_order(issues, verbose) for issues in lists]


def test_the_hand_made_list_is_ordered_by_severity_and_hides_the_note() -> None:
    assert _js_order([HAND_MADE], False) == [[4, 3, 2, 5, 1]]
