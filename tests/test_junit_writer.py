"""JUnit test cases written as text: what ElementTree wrote, at a fraction of its cost (issue 20, leftover).

Building and serialising an ElementTree element took about 50 µs per input, most of a run over 200,000
NDJSON lines of ``[``. The writer keeps ElementTree's escaping; these tests compare it with the old
ElementTree output byte for byte, parse hostile text back, and keep ElementTree out of the loop.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import journalloft
from journalloft.escaping import for_xml, one_line
from journalloft.issues import Issue, error, warning
from journalloft.report import Report, Result
from journalloft.reporters import junit

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
HOSTILE = 'a&b<c>d"e\tf\rg\nh\x01i\ud800j\u202ek'


def _element_tree_case(result: Result) -> str:
    """The old writer: an ElementTree element, indented and serialised."""
    case = ET.Element("testcase", classname=for_xml(result.spec or "unknown-spec"), name=for_xml(result.path))
    lines = "\n".join(_line(i) for i in result.issues)
    if not result.valid:
        first = result.headline
        assert first is not None
        message = for_xml(one_line(f"{first.expression}: {first.message}"))
        ET.SubElement(case, "failure", type=first.code, message=message).text = lines
    elif result.issues:
        ET.SubElement(case, "system-out").text = lines
    ET.indent(case, space="  ", level=2)
    return "    " + ET.tostring(case, encoding="unicode").rstrip() + "\n"


def _line(issue: Issue) -> str:
    return for_xml(one_line(f"{issue.severity.value} {issue.code} at {issue.expression}: {issue.message}"))


def _results() -> list[Result]:
    report = journalloft.validate(EXAMPLES)
    hostile = [
        Result(HOSTILE, HOSTILE, [error("json-syntax", HOSTILE, HOSTILE)]),
        Result(HOSTILE, None, [warning("fhir-invariant", HOSTILE, HOSTILE)]),
        Result(HOSTILE, None, []),
    ]
    return [*report.results, *hostile]


def test_each_case_is_what_element_tree_wrote() -> None:
    results = _results()
    assert {r.valid for r in results} == {True, False} and any(r.valid and r.issues for r in results)
    text = junit.render(Report(results))
    for result in results:
        assert _element_tree_case(result) in text


def test_hostile_text_reads_back_as_the_escaped_text() -> None:
    result = Result(HOSTILE, HOSTILE, [error("json-syntax", HOSTILE, HOSTILE)])
    case = ET.fromstring(junit.render(Report([result]))).find("testsuite/testcase")
    assert case is not None
    assert (case.get("classname"), case.get("name")) == (for_xml(HOSTILE), for_xml(HOSTILE))
    failure = case.find("failure")
    assert failure is not None
    assert failure.get("message") == for_xml(one_line(f"{HOSTILE}: {HOSTILE}"))
    assert failure.text == _line(result.issues[0])


def test_element_tree_is_not_used_per_input(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> str:
        raise AssertionError("ElementTree per test case: about 50 µs per input")

    monkeypatch.setattr(ET, "tostring", refuse)
    monkeypatch.setattr(ET, "indent", refuse)
    results = [Result(f"b.ndjson:{n}", None, [error("json-syntax", "$", "JSON syntax error.")]) for n in range(3)]
    text = junit.render(Report(results))
    assert text.count("<testcase ") == 3
