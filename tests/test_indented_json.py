"""The reporters' indented JSON: the text json.dumps(indent=2) writes, without json's pure-Python encoder.

With ``indent`` set, json.dumps runs a generator-based encoder in Python: 200,000 NDJSON lines of ``[``
gave no answer within a minute as OperationOutcome (issue 20, leftover). The reporters now write the
same characters with one plain walk; these tests keep the bytes equal and the slow encoder unused.
"""

from __future__ import annotations

import json
import json.encoder
from pathlib import Path

import pytest

import journalloft
from journalloft.issues import error
from journalloft.report import Report, Result
from journalloft.reporters import json_reporter, operationoutcome
from journalloft.reporters.indented_json import indented

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

VALUES: list[object] = [
    {},
    [],
    {"a": [], "b": {}, "c": [{}], "d": [[[]]]},
    [1, 2.5, -0.0, 1e300, 5e-324, float("nan"), float("inf"), -float("inf"), True, False, None, 10**40],
    'x\u2028"\\\n\t\x00\x7f\ud800æ\U0001f600',
    {2: "int", None: "none", True: "bool", False: "false", 1.5: "float", "": "empty"},
    (1, ("tuple", [])),
    {"nested": [{"deeper": [[], [{"deepest": "æ"}]]}]},
]


@pytest.mark.parametrize("value", VALUES)
@pytest.mark.parametrize("indent", ["", "  ", "    "])
def test_the_same_text_as_json_dumps(value: object, indent: str) -> None:
    expected = json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + indent)
    assert indented(value, indent) == expected


def test_the_same_errors_as_json_dumps() -> None:
    for bad in ({"a": {1, 2}}, {(1, 2): "tuple key"}, [object()]):
        with pytest.raises(TypeError):
            json.dumps(bad, indent=2)
        with pytest.raises(TypeError):
            indented(bad)


def test_every_examples_report_is_the_same_text_as_before() -> None:
    report = journalloft.validate(EXAMPLES)
    assert len(report.results) > 40
    assert json_reporter.render(report) == json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"
    for result in report.results:
        body = operationoutcome.outcome(result)
        assert json_reporter.dumps(body, "    ") == json.dumps(body, ensure_ascii=False, indent=2).replace(
            "\n", "\n    "
        )


def test_json_and_operationoutcome_reports_never_use_the_pure_python_encoder(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> object:
        raise AssertionError("json's pure-Python encoder: about a millisecond per result")

    monkeypatch.setattr(json.encoder, "_make_iterencode", refuse)
    results = [
        Result(f"brackets.ndjson:{n}", None, [error("json-syntax", "$", "JSON syntax error.", line=1, column=2)])
        for n in range(1, 4)
    ]
    report = Report(results)
    assert json.loads(json_reporter.render(report))["summary"]["invalid"] == 3
    bundle = json.loads(operationoutcome.render(report))
    assert [e["resource"]["extension"][0]["valueString"] for e in bundle["entry"]] == [r.path for r in results]
