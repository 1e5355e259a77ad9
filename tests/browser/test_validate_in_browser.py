"""The page "Valider i nettleseren" in Chromium: the real validator in Pyodide, against the CLI.

Each report the page offers (its JSON download, made from what the worker returned) must equal
``journalloft validate --format json --lang nb --no-config NAME`` run in the file's folder, whole:
every issue (severity, code, expression, message, documentation, line, column) and the summary. The
table on the page must show the same issues. Pyodide is loaded once for the examples (a page of its
own, kept for this module) and once more from scratch by the test that watches every request.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import BrowserContext, Page

from journalloft.issues import Issue, Severity, for_reading
from journalloft.site.browser_files import BROWSER_DIR, browser_files

CliJsonReport = Callable[..., dict[str, Any]]  # the cli_json_report fixture (tests/conftest.py)

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
PAGE = "validator/nettleser/"
READY = "#jl-skjema[data-validator=klar]"
LOAD_TIMEOUT = 120_000
SEVERITY_WORDS = {"error": "feil", "warning": "advarsel", "information": "informasjon"}

CHECKED_EXAMPLES = [
    "fhir-r4/valid/patient-syntetisk.json",
    "fhir-r4/valid/observation-puls.json",
    "fhir-r4/invalid/observation-feil.json",
    "fhir-r4/invalid/transaksjon-feil.json",
    "fhir-r4/invalid/patient-syntaksfeil.json",
    "fhir-r4/valid/patient-feil-fodselsnummer.json",
    "okt/fhir/invalid/episode-slutt-for-start.json",
    "okt/fhir/invalid/transaksjon-enhet-finnes-ikke.json",
    "news2/invalid/delskar-over-3.json",
    # JSON Schema specs: jsonschema on pyrsistent-as-rpds-py instead of rpds-py.
    "okt/prototype/invalid/feil-type.json",
    "okt/prototype/valid/okt-status.json",
    "helseid/invalid/feil-verdier.json",
]


def _open(page: Page, site_url: str) -> None:
    page.goto(site_url + PAGE)
    page.wait_for_selector(READY, timeout=LOAD_TIMEOUT)


@pytest.fixture(scope="module")
def validator_page(_context: BrowserContext, site_url: str) -> Iterator[Page]:
    """The page with the validator loaded, kept for the module so Pyodide starts once."""
    page = _context.new_page()
    page.set_default_timeout(30_000)
    _open(page, site_url)
    yield page
    page.close()


def _submit(page: Page, spec: str = "") -> dict[str, Any]:
    """Validate what is in the form and return the report the page offers as its JSON download."""
    before = page.get_attribute("#jl-rapport", "data-rapport")
    page.select_option("#jl-spesifikasjon", spec)
    page.click("#jl-valider")
    page.wait_for_function(
        "before => document.getElementById('jl-rapport').getAttribute('data-rapport') !== before", arg=before
    )
    text = page.evaluate("async () => (await fetch(document.getElementById('jl-rapport-json').href)).text()")
    report: dict[str, Any] = json.loads(text)
    return report


def _validate_file(page: Page, path: Path, spec: str = "") -> dict[str, Any]:
    page.set_input_files("#jl-fil", str(path))
    return _submit(page, spec)


def _table_rows(page: Page) -> list[list[str]]:
    return page.eval_on_selector_all(
        "#jl-rapport-innhold tbody tr",
        "rows => rows.map(r => [...r.cells].map(c => c.innerText.trim()).concat([r.querySelector('a').href]))",
    )


def _for_reading(issues: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The issues in the order and selection the table shows them (as the CLI's text report)."""
    objects = [Issue(Severity(i["severity"]), i["code"], i["expression"], str(n)) for n, i in enumerate(issues)]
    return [issues[int(i.message)] for i in for_reading(objects)]


def _expected_rows(report: dict[str, Any], site_url: str) -> list[list[str]]:
    rows = []
    for result in report["results"]:
        for issue in _for_reading(result["issues"]):
            where = issue["expression"]
            if "line" in issue:
                where += f" (linje {issue['line']}, kolonne {issue['column']})"
            rows.append(
                [
                    SEVERITY_WORDS[issue["severity"]],
                    issue["code"],
                    where,
                    issue["message"],
                    f"{site_url}validator/feilkoder/#{issue['code']}",
                ]
            )
    return rows


@pytest.mark.parametrize("example", CHECKED_EXAMPLES)
def test_a_file_gets_the_clis_report(
    validator_page: Page, site_url: str, example: str, cli_json_report: CliJsonReport
) -> None:
    path = EXAMPLES / example
    report = _validate_file(validator_page, path)
    expected = cli_json_report(path)
    assert report["results"] == expected["results"]
    assert report["summary"] == expected["summary"]
    assert _table_rows(validator_page) == _expected_rows(expected, site_url)
    summary = expected["summary"]
    status = validator_page.inner_text("#jl-status")
    assert f"{summary['valid']} gyldig, {summary['invalid']} ugyldig" in status


def test_invalid_examples_show_their_errors(validator_page: Page) -> None:
    report = _validate_file(validator_page, EXAMPLES / "fhir-r4/invalid/observation-feil.json")
    errors = {(i["code"], i["expression"]) for i in report["results"][0]["issues"] if i["severity"] == "error"}
    assert ("fhir-unknown-element", "Observation.merknad") in errors
    assert report["summary"] == {"files": 1, "valid": 0, "invalid": 1, "errors": 4, "warnings": 0, "ignored": 0}
    assert validator_page.inner_text("#jl-rapport-innhold h3") == "observation-feil.json [fhir-r4@4.0.1]: ugyldig"


def test_ndjson_is_validated_line_by_line(validator_page: Page, tmp_path: Path, cli_json_report: CliJsonReport) -> None:
    names = [
        "fhir-r4/valid/patient-syntetisk.json",
        "fhir-r4/invalid/observation-feil.json",
        "okt/fhir/invalid/episode-slutt-for-start.json",
    ]
    lines = [json.dumps(json.loads((EXAMPLES / n).read_text("utf-8")), ensure_ascii=False) for n in names]
    path = tmp_path / "eksport.ndjson"
    path.write_text(lines[0] + "\n" + lines[1] + "\n\n" + lines[2] + "\n", "utf-8")
    report = _validate_file(validator_page, path)
    assert validator_page.input_value("#jl-format") == "ndjson"
    assert [r["path"] for r in report["results"]] == ["eksport.ndjson:1", "eksport.ndjson:2", "eksport.ndjson:4"]
    assert report == cli_json_report(path)


def test_pasted_text_with_a_chosen_spec(validator_page: Page, tmp_path: Path, cli_json_report: CliJsonReport) -> None:
    text = (EXAMPLES / "fhir-r4/valid/patient-syntetisk.json").read_text("utf-8")
    validator_page.set_input_files("#jl-fil", [])
    validator_page.dispatch_event("#jl-fil", "change")
    validator_page.fill("#jl-innhold", text)
    validator_page.select_option("#jl-format", "json")
    report = _submit(validator_page, "okt@1.0.0")
    path = tmp_path / "innlimt.json"
    path.write_text(text, "utf-8")
    assert report["results"][0]["spec"] == "okt@1.0.0"
    assert report == cli_json_report(path, "--spec", "okt@1.0.0")


def test_a_dropped_file_is_validated(validator_page: Page, tmp_path: Path, cli_json_report: CliJsonReport) -> None:
    source = EXAMPLES / "fhir-r4/invalid/transaksjon-feil.json"
    before = validator_page.get_attribute("#jl-rapport", "data-rapport")
    validator_page.evaluate(
        """([name, text]) => {
            const transfer = new DataTransfer();
            transfer.items.add(new File([text], name, {type: "application/json"}));
            const drop = new DragEvent("drop", {dataTransfer: transfer, bubbles: true});
            document.getElementById("jl-slipp").dispatchEvent(drop);
        }""",
        [source.name, source.read_text("utf-8")],
    )
    assert "transaksjon-feil.json" in validator_page.inner_text("#jl-fil-navn")
    assert validator_page.get_attribute("#jl-rapport", "data-rapport") == before  # dropping only chooses
    report = _submit(validator_page)
    assert report == cli_json_report(source)


def test_a_json_schema_spec_can_be_chosen(validator_page: Page, cli_json_report: CliJsonReport) -> None:
    path = EXAMPLES / "helseid/valid/hjemmetjeneste-sykepleier.json"
    report = _validate_file(validator_page, path, "helseid-tillitsrammeverk@1.0.0")
    assert report["results"][0]["spec"] == "helseid-tillitsrammeverk@1.0.0"
    assert report == cli_json_report(path, "--spec", "helseid-tillitsrammeverk@1.0.0")
    assert validator_page.query_selector(".jl-bare-cli") is None


def test_the_spec_chooser_offers_every_spec(validator_page: Page) -> None:
    values = validator_page.eval_on_selector_all("#jl-spesifikasjon option", "os => os.map(o => o.value)")
    assert values == [
        "",
        "fhir-r4@4.0.1",
        "helseid-tillitsrammeverk@1.0.0",
        "helseid-tillitsrammeverk@1.1.0",
        "news2@1.0.0",
        "news2@1.1.0",
        "okt@1.0.0",
        "okt@1.1.0",
        "okt@2.0.0",
        "okt-prototype@0.3.0",
        "okt-prototype@0.4.0",
    ]


def test_loading_and_validating_stays_on_the_site(
    *,
    browser_page: Page,
    site_url: str,
    built_site: Path,
    request_log: list[str],
    run_axe: Callable[[Page], list[dict[str, Any]]],
    describe_violations: Callable[[list[dict[str, Any]]], list[str]],
) -> None:
    browser_page.set_default_timeout(30_000)
    browser_page.goto(site_url + PAGE)
    # While loading: a status in a live region and a progress bar; the page answers meanwhile.
    assert browser_page.get_attribute("#jl-status", "role") == "status"
    assert browser_page.evaluate("() => 1 + 1") == 2
    browser_page.wait_for_selector(READY, timeout=LOAD_TIMEOUT)
    assert browser_page.inner_text("#jl-status") == "Validatoren er klar."
    assert browser_page.is_hidden("#jl-framdrift")
    browser_page.set_input_files("#jl-fil", str(EXAMPLES / "fhir-r4/valid/patient-feil-fodselsnummer.json"))
    report = _submit(browser_page)
    assert report["summary"]["warnings"] == 2  # no spec requires valid identifiers: warnings
    browser_page.wait_for_load_state("networkidle")
    outside = [
        url
        for url in request_log
        if urlsplit(url).scheme not in ("data", "blob") and urlsplit(url).hostname != "127.0.0.1"
    ]
    assert outside == []
    # What the worker fetched is exactly what the build put in nettleser/ (and what the benchmark sums).
    fetched = {
        url.removeprefix(site_url + BROWSER_DIR + "/")
        for url in request_log
        if url.startswith(site_url + BROWSER_DIR + "/")
    }
    assert fetched == set(browser_files(ROOT))
    assert {p.name for p in (built_site / BROWSER_DIR).iterdir()} == fetched
    violations = run_axe(browser_page)
    assert not violations, "\n".join(describe_violations(violations))


def test_an_empty_form_gets_a_hint_and_is_not_validated(validator_page: Page) -> None:
    """Issue 25: an empty textarea ran a validation (input-empty) instead of asking for a payload."""
    validator_page.set_input_files("#jl-fil", [])
    validator_page.fill("#jl-innhold", "  \n ")
    before = validator_page.get_attribute("#jl-rapport", "data-rapport")
    validator_page.click("#jl-valider")
    assert validator_page.inner_text("#jl-status") == (
        "Lim inn en melding i tekstfeltet eller velg en fil før du validerer."
    )
    assert validator_page.get_attribute("#jl-innhold", "aria-invalid") == "true"
    assert validator_page.evaluate("document.activeElement.id") == "jl-innhold"
    assert validator_page.get_attribute("#jl-rapport", "data-rapport") == before


def test_profile_notes_are_hidden_until_asked_for(validator_page: Page) -> None:
    report = _validate_file(validator_page, EXAMPLES / "news2/invalid/delskar-stemmer-ikke.json")
    issues = report["results"][0]["issues"]
    # The download keeps every note: the five core profiles applied by code, and one note per code
    # system the validator cannot check offline (LOINC, SNOMED CT), as in the CLI's JSON.
    notes = Counter(i["code"] for i in issues if i["code"] in {"fhir-profile-by-code", "fhir-code-not-checked"})
    assert notes["fhir-profile-by-code"] == 5 and notes["fhir-code-not-checked"] >= 1
    hidden = sum(notes.values())
    codes = [row[1] for row in _table_rows(validator_page)]
    assert codes == ["news2-component-mismatch"]
    assert f"{hidden} merknader om hvordan meldingen ble sjekket er skjult" in validator_page.inner_text(
        "#jl-rapport-innhold"
    )
    validator_page.check("#jl-alle-merknader")
    codes = [row[1] for row in _table_rows(validator_page)]
    assert codes[0] == "news2-component-mismatch" and Counter(codes[1:]) == notes
    validator_page.uncheck("#jl-alle-merknader")


def test_the_report_table_fits_a_1024_px_window(validator_page: Page) -> None:
    """Issue 25: the message column was cut off (the table scrolled sideways) at common widths."""
    validator_page.set_viewport_size({"width": 1024, "height": 800})
    _validate_file(validator_page, EXAMPLES / "news2/invalid/delskar-stemmer-ikke.json")
    validator_page.check("#jl-alle-merknader")  # the long profile notes too
    fits = validator_page.evaluate(
        """() => {
            const table = document.querySelector('#jl-rapport-innhold table');
            const column = document.querySelector('#jl-rapport-innhold').getBoundingClientRect();
            const cells = [...table.querySelectorAll('td')].map(c => c.getBoundingClientRect().right);
            return {
                overflow: table.scrollWidth - table.clientWidth,
                beyond: Math.max(...cells) - column.right,
            };
        }"""
    )
    validator_page.uncheck("#jl-alle-merknader")
    assert fits["overflow"] <= 1, fits
    assert fits["beyond"] <= 1, fits
