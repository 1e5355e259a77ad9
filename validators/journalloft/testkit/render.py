"""The report as text, JUnit XML and a self-contained HTML page (the JSON report is the sealed dict itself).

Every string from the server (messages quoting its answers, URLs, bodies) is escaped for its target:
:func:`journalloft.escaping.for_terminal` for text, :func:`~journalloft.escaping.for_xml` for JUnit and
:func:`html.escape` for HTML. The HTML page loads nothing from anywhere: styles are inline.
"""

from __future__ import annotations

import html
import json
from typing import Any
from xml.sax.saxutils import escape

from journalloft.escaping import for_terminal, for_xml

_LABEL = {"pass": "BESTÅTT", "fail": "FEILET", "skip": "HOPPET OVER"}


def as_json(report: dict[str, Any]) -> str:
    return json.dumps(report, ensure_ascii=False, indent=2) + "\n"


def as_text(report: dict[str, Any]) -> str:
    lines = [
        f"journalloft testkit {report['kitVersion']} · {report['spec']} · {for_terminal(report['baseUrl'])}",
        f"kjørt {report['started']} – {report['finished']}, syntetisk person {report['person']}",
        "",
    ]
    width = max((len(t["id"]) for t in report["tests"]), default=0)
    for test in report["tests"]:
        lines.append(f"{_LABEL[test['status']]:<11} {test['id']:<{width}}  {test['title']}")
        if test["message"]:
            lines.append(f"{'':<11} {'':<{width}}  {for_terminal(test['message'])}")
        for finding in test["findings"]:
            for issue in finding["issues"][:5]:
                where = for_terminal(f"{issue['code']} {issue['expression']}")
                lines.append(f"{'':<11} {'':<{width}}    {where}")
    summary = report["summary"]
    lines += [
        "",
        f"{summary['pass']} bestått, {summary['fail']} feilet, {summary['skip']} hoppet over: "
        + ("BESTÅTT" if summary["result"] == "pass" else "FEILET"),
        f"reportSha256 {report['reportSha256']}",
    ]
    return "\n".join(lines) + "\n"


def as_junit(report: dict[str, Any]) -> str:
    summary = report["summary"]
    name = _x(f"journalloft testkit {report['spec']} {report['baseUrl']}")
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<testsuites name="{name}" tests="{len(report["tests"])}" failures="{summary["fail"]}" '
        f'skipped="{summary["skip"]}">',
        f'  <testsuite name="{name}" tests="{len(report["tests"])}" failures="{summary["fail"]}" '
        f'skipped="{summary["skip"]}" timestamp="{_x(report["started"])}">',
    ]
    for test in report["tests"]:
        out.append(f'    <testcase classname="{_x(report["spec"])}" name="{_x(test["id"] + " " + test["title"])}">')
        message = _x(test["message"])
        if test["status"] == "fail":
            details = _x(_details(test))
            out.append(f'      <failure message="{message}">{details}</failure>')
        elif test["status"] == "skip":
            out.append(f'      <skipped message="{message}"/>')
        out.append(f"      <system-out>{_x(test['clause'])}</system-out>")
        out.append("    </testcase>")
    out += ["  </testsuite>", "</testsuites>"]
    return "\n".join(out) + "\n"


def as_html(report: dict[str, Any]) -> str:
    e = html.escape
    summary = report["summary"]
    verdict = "Bestått" if summary["result"] == "pass" else "Feilet"
    rows = []
    for test in report["tests"]:
        exchanges = "".join(_exchange_html(report["exchanges"][i], i) for i in test["exchanges"])
        findings = "".join(
            f"<li><code>{e(i['code'])}</code> {e(i['expression'])}: {e(i['message'])}</li>"
            for f in test["findings"]
            for i in f["issues"]
        )
        rows.append(
            f'<tr class="{e(test["status"])}"><td>{e(_LABEL[test["status"]])}</td><td><code>{e(test["id"])}</code></td>'
            f"<td>{e(test['title'])}<br><small>{e(test['clause'])}</small>"
            + (f"<p>{e(test['message'])}</p>" if test["message"] else "")
            + (f"<ul>{findings}</ul>" if findings else "")
            + (
                f"<details><summary>Forespørsler ({len(test['exchanges'])})</summary>{exchanges}</details>"
                if exchanges
                else ""
            )
            + "</td></tr>"
        )
    return f"""<!DOCTYPE html>
<html lang="nb"><head><meta charset="utf-8"><title>Testrapport {e(report["spec"])}: {verdict}</title>
<style>
body{{font-family:system-ui,sans-serif;margin:2rem;color:#111;max-width:70rem}}
table{{border-collapse:collapse;width:100%}}
td,th{{border-bottom:1px solid #ccc;padding:.4rem;vertical-align:top;text-align:left}}
tr.pass td:first-child{{color:#0a5c2b;font-weight:bold}}
tr.fail td:first-child{{color:#a4000f;font-weight:bold}}
tr.skip td:first-child{{color:#5c4400}}
pre{{white-space:pre-wrap;background:#f4f4f4;padding:.5rem;max-height:20rem;overflow:auto}}
</style></head><body>
<h1>Testrapport for {e(report["spec"])}: {verdict}</h1>
<p>Tjener: <code>{e(report["baseUrl"])}</code> · testsett {e(report["kitVersion"])}
· kjørt {e(report["started"])} – {e(report["finished"])} · syntetisk person {e(report["person"])}</p>
<p>{summary["pass"]} bestått, {summary["fail"]} feilet, {summary["skip"]} hoppet over.</p>
<p>Kontrollsum (SHA-256) over rapporten: <code>{e(report["reportSha256"])}</code>; over forespørsler og svar:
<code>{e(report["exchangesSha256"])}</code>. Sjekk med <code>journalloft testkit verify RAPPORT.json</code>.</p>
<table><thead><tr><th>Resultat</th><th>Test</th><th>Hva og hvorfor</th></tr></thead><tbody>
{"".join(rows)}
</tbody></table></body></html>
"""


def _exchange_html(exchange: dict[str, Any], index: int) -> str:
    e = html.escape
    request, response = exchange["request"], exchange["response"]
    return (
        f"<p>#{index} <code>{e(request['method'])} {e(request['url'])}</code> → {response['status']}</p>"
        + (f"<pre>{e(request['body'])}</pre>" if request.get("body") else "")
        + f"<pre>{e(response['body'][:20000])}</pre>"
    )


def _details(test: dict[str, Any]) -> str:
    lines = [test["clause"], test["message"]]
    for finding in test["findings"]:
        lines.append(finding["where"])
        lines += [f"  {i['code']} {i['expression']}: {i['message']}" for i in finding["issues"]]
    return "\n".join(lines)


def _x(text: str) -> str:
    """Text inside JUnit XML: characters XML cannot hold escaped, then XML's own specials."""
    return escape(for_xml(text), {'"': "&quot;"})


RENDERERS = {"json": as_json, "text": as_text, "junit": as_junit, "html": as_html}
