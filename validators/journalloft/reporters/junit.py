"""``--format junit``: JUnit XML, one test case per input, so any CI shows each failing payload."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from journalloft.report import Report


def render(report: Report, color: bool = False) -> str:
    summary = report.summary()
    suite = ET.Element(
        "testsuite",
        name="journalloft validate",
        tests=str(summary["files"]),
        failures=str(summary["invalid"]),
        errors="0",
        skipped="0",
    )
    for result in report.results:
        case = ET.SubElement(suite, "testcase", classname=result.spec or "unknown-spec", name=result.path)
        if not result.valid:
            first = result.headline
            assert first is not None  # an invalid result has at least one error
            failure = ET.SubElement(case, "failure", type=first.code, message=f"{first.expression}: {first.message}")
            failure.text = "\n".join(
                f"{i.severity.value} {i.code} at {i.expression}: {i.message}" for i in result.issues
            )
        elif result.issues:
            out = ET.SubElement(case, "system-out")
            out.text = "\n".join(f"{i.severity.value} {i.code} at {i.expression}: {i.message}" for i in result.issues)
    suites = ET.Element("testsuites")
    suites.append(suite)
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
