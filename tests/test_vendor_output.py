"""Output a vendor can act on (issue 11): --lang, documentation URLs, --ignore, --min-severity, the config
file, input-xml, --jobs and the progress line, through the real entry points."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

import journalloft
from journalloft.codes import CODES, DOCS_BASE_URL
from journalloft.i18n import catalogue, coverage, summary_line
from journalloft.report import Tally
from journalloft.reporters import operationoutcome

ROOT = Path(__file__).resolve().parents[1]
EXE = Path(sys.executable).with_name("journalloft")
EXAMPLES = ROOT / "examples"
FNR_BAD = EXAMPLES / "fhir-r4" / "valid" / "patient-feil-fodselsnummer.json"


def run(*args: str, cwd: Path = ROOT, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        [str(EXE), *args], capture_output=True, text=True, cwd=cwd, input=stdin, timeout=300, check=False
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


# -- language ---------------------------------------------------------------------------------------


def test_every_code_has_a_norwegian_summary() -> None:
    assert set(catalogue("nb").summaries) == set(CODES)
    assert set(catalogue("nb").templates) <= set(CODES)


def test_every_issue_of_the_project_examples_gets_a_full_norwegian_message() -> None:
    report = journalloft.validate(EXAMPLES)
    full, total = coverage(report.issues)
    missing = [(i.code, i.message) for i in report.issues if coverage([i]) == (0, 1)]
    assert total > 40
    assert full == total, missing


def test_lang_nb_translates_messages_and_words_on_the_cli() -> None:
    proc = run("validate", "--lang", "nb", "--no-config", "--strict-identifiers", str(FNR_BAD))
    assert proc.returncode == 1
    assert (
        "feil no-id-check-digits ved Patient.identifier[0].value (linje 12, kolonne 7): "
        "Ugyldig fødselsnummer '19779998081': kontrollsifrene stemmer ikke." in proc.stdout
    )
    assert proc.stdout.rstrip().endswith("1 sjekket: 0 gyldig, 1 ugyldig (2 feil, 0 advarsler)")


def test_english_is_the_default() -> None:
    proc = run("validate", "--no-config", "--strict-identifiers", str(FNR_BAD))
    expected = "error no-id-check-digits at Patient.identifier[0].value (line 12, column 7): Invalid fødselsnummer"
    assert expected in proc.stdout
    assert proc.stdout.rstrip().endswith("1 checked: 0 valid, 1 invalid (2 errors, 0 warnings)")


@pytest.mark.parametrize(
    ("errors", "warnings", "ignored", "en", "nb"),
    [
        (1, 1, 0, "(1 error, 1 warning)", "(1 feil, 1 advarsel)"),
        (2, 2, 0, "(2 errors, 2 warnings)", "(2 feil, 2 advarsler)"),
        (0, 0, 3, "(0 errors, 0 warnings, 3 ignored)", "(0 feil, 0 advarsler, 3 ignorert)"),
    ],
)
def test_summary_line_counts_in_both_languages(errors: int, warnings: int, ignored: int, en: str, nb: str) -> None:
    tally = Tally(files=1, valid=0, invalid=1, errors=errors, warnings=warnings, ignored=ignored)
    assert summary_line(tally, "en").endswith(en)
    assert summary_line(tally, "nb").endswith(nb)


def test_an_issue_without_a_template_gets_the_norwegian_summary_and_the_english_detail() -> None:
    from journalloft.i18n import message
    from journalloft.issues import error

    issue = error("fhir-choice", "Observation", "valueString and valueBoolean are both present")
    assert message(issue, "nb") == (
        "Mer enn én type av et valgelement er med. Detaljer (engelsk): valueString and valueBoolean are both present"
    )


# -- documentation URLs -----------------------------------------------------------------------------


def test_json_output_links_each_issue_to_its_documentation() -> None:
    out = json.loads(run("validate", "--format", "json", "--no-config", str(FNR_BAD)).stdout)
    issue = out["results"][0]["issues"][0]
    assert issue["documentation"] == f"{DOCS_BASE_URL}#no-id-check-digits"
    assert DOCS_BASE_URL == "validator/feilkoder/"  # from a checkout: the path on the site, no host
    other = json.loads(
        run("validate", "--format", "json", "--no-config", "--docs-url", "https://x.invalid/d/", str(FNR_BAD)).stdout
    )
    assert other["results"][0]["issues"][0]["documentation"] == "https://x.invalid/d/#no-id-check-digits"


def test_operationoutcome_carries_the_documentation_url_and_stays_valid_fhir() -> None:
    report = journalloft.validate(FNR_BAD)
    text = operationoutcome.render(report)
    oo = json.loads(text)
    ext = oo["issue"][0]["extension"][0]
    assert ext == {
        "url": operationoutcome.DOCUMENTATION_EXTENSION,
        "valueUrl": f"{DOCS_BASE_URL}#no-id-check-digits",
    }
    again = journalloft.validate(text.encode("utf-8"))
    assert again.valid, [(i.code, i.expression, i.message) for i in again.issues if i.severity.is_error]
    assert not [i for i in again.issues if i.code.startswith(("fhir-json", "fhir-primitive", "fhir-unknown"))]


# -- --ignore, --min-severity and the config file ---------------------------------------------------


def test_ignore_by_code_and_prefix_through_the_cli() -> None:
    proc = run(
        "validate",
        "--no-config",
        "--strict-identifiers",
        "--format",
        "json",
        "--ignore",
        "no-id-check-digits@Patient.identifier",
        str(FNR_BAD),
    )
    out = json.loads(proc.stdout)
    assert [i["code"] for i in out["results"][0]["issues"]] == ["no-id-format"]
    assert out["summary"]["ignored"] == 1
    assert out["results"][0]["ignored"] == 1
    assert proc.returncode == 1  # no-id-format is still an error
    proc = run(
        "validate",
        "--no-config",
        "--strict-identifiers",
        "--ignore",
        "no-id-check-digits",
        "--ignore",
        "no-id-format",
        str(FNR_BAD),
    )
    assert proc.returncode == 0  # ignored errors no longer make the input invalid
    assert proc.stdout.rstrip().endswith("1 checked: 1 valid, 0 invalid (0 errors, 0 warnings, 2 ignored)")


def test_a_prefix_matches_whole_steps_only() -> None:
    report = journalloft.validate(FNR_BAD, ignore=["no-id-check-digits@Patient.ident"])
    assert [i.code for i in report.issues] == ["no-id-check-digits", "no-id-format"]


def test_ignore_one_invariant_by_key_and_min_severity_through_the_api() -> None:
    data = {"resourceType": "Patient", "active": True}
    report = journalloft.validate(data)
    assert ("warning", "fhir-invariant") in {(i.severity.value, i.code) for i in report.issues}
    quiet = journalloft.validate(data, ignore=["fhir-invariant:dom-6"])
    assert not [i for i in quiet.issues if i.message.startswith("dom-6:")]
    assert quiet.results[0].ignored == 1
    errors_only = journalloft.validate(FNR_BAD, min_severity="error", lang="nb", strict_identifiers=True)
    assert errors_only.summary()["ignored"] == 0
    assert errors_only.issues[0].message.startswith("Ugyldig fødselsnummer")
    warn = journalloft.validate(data, min_severity="error")
    assert warn.issues == [] and warn.results[0].ignored >= 1


def test_unknown_codes_are_usage_errors() -> None:
    proc = run("validate", "--no-config", "--ignore", "no-such-code", str(FNR_BAD))
    assert proc.returncode == 2
    assert "'no-such-code' is not an issue code" in proc.stderr
    with pytest.raises(ValueError, match="not an issue code"):
        journalloft.validate(FNR_BAD, ignore=["nope"])


def test_config_file_is_found_at_the_project_root_and_can_be_switched_off(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()  # the project root: the search looks here and in the working directory only
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.journalloft]\nignore = ["no-id-check-digits"]\nlang = "nb"\n',
        encoding="utf-8",
    )
    work = tmp_path / "a" / "b"
    work.mkdir(parents=True)
    proc = run("validate", "--strict-identifiers", str(FNR_BAD), cwd=work)
    assert proc.stdout.rstrip().endswith("1 sjekket: 0 gyldig, 1 ugyldig (1 feil, 0 advarsler, 1 ignorert)")
    proc = run("validate", "--no-config", "--strict-identifiers", str(FNR_BAD), cwd=work)
    assert proc.stdout.rstrip().endswith("(2 errors, 0 warnings)")
    (work / "journalloft.toml").write_text('min-severity = "error"\nlanguage = "nb"\n', encoding="utf-8")
    proc = run("validate", str(FNR_BAD), cwd=work)
    assert proc.returncode == 2 and "unknown key(s) language" in proc.stderr
    other = tmp_path / "other.toml"
    other.write_text('ignore = ["no-id-format"]\n', encoding="utf-8")
    proc = run("validate", "--config", str(other), "--format", "json", str(FNR_BAD), cwd=work)
    out = json.loads(proc.stdout)
    assert [i["code"] for i in out["results"][0]["issues"]] == ["no-id-check-digits"]


# -- XML --------------------------------------------------------------------------------------------


def test_fhir_xml_gets_input_xml_not_a_json_syntax_error(tmp_path: Path) -> None:
    xml = tmp_path / "patient.json"
    xml.write_text('<?xml version="1.0"?>\n<Patient xmlns="http://hl7.org/fhir"><active value="true"/></Patient>')
    out = json.loads(run("validate", "--no-config", "--format", "json", str(xml)).stdout)
    (issue,) = out["results"][0]["issues"]
    assert (issue["severity"], issue["code"], issue["expression"]) == ("error", "input-xml", "$")
    assert "root element <Patient>" in issue["message"] and "FHIR JSON" in issue["message"]
    proc = run("validate", "--no-config", "--lang", "nb", "-", stdin="<Bundle/>")
    assert "input-xml ved $: Inndataene er XML (rotelement <Bundle>)" in proc.stdout
    lines = tmp_path / "mixed.ndjson"
    lines.write_text('{"resourceType": "Patient"}\n<Patient/>\n', encoding="utf-8")
    out = json.loads(run("validate", "--no-config", "--format", "json", str(lines)).stdout)
    assert [[i["code"] for i in r["issues"] if i["code"] == "input-xml"] for r in out["results"]] == [[], ["input-xml"]]


# -- --jobs and progress ----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "json", "junit", "operationoutcome"])
def test_jobs_2_writes_exactly_what_one_process_writes(fmt: str) -> None:
    one = run("validate", "--no-config", "--format", fmt, "--jobs", "1", "examples")
    two = run("validate", "--no-config", "--format", fmt, "--jobs", "2", "examples")
    assert one.returncode == two.returncode == 1
    assert one.stdout == two.stdout
    assert one.stdout.count("examples/") > 40


def test_jobs_keeps_order_over_many_ndjson_lines(tmp_path: Path) -> None:
    stream = tmp_path / "many.ndjson"
    lines = [json.dumps({"resourceType": "Patient", "active": "yes" if n % 7 == 0 else True}) for n in range(300)]
    stream.write_text("\n".join(lines) + "\n", encoding="utf-8")
    one = run("validate", "--no-config", "--format", "json", str(stream))
    two = run("validate", "--no-config", "--format", "json", "--jobs", "2", str(stream))
    assert one.stdout == two.stdout
    out = json.loads(two.stdout)
    assert [r["path"] for r in out["results"]] == [f"{stream}:{n}" for n in range(1, 301)]
    assert out["summary"]["invalid"] == len(range(0, 300, 7))


def _on_a_terminal(*args: str) -> tuple[str, str]:
    """Run the CLI with stderr on a pseudo-terminal; (stdout, what the terminal showed)."""
    main, follower = pty.openpty()
    env = dict(os.environ, JOURNALLOFT_PROGRESS_AFTER="0")
    # stdout goes to a file, not a pipe: this loop reads only the terminal, and a report larger than
    # a pipe's buffer would otherwise block the process while the loop waits for the terminal.
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen([str(EXE), *args], stdout=out, stderr=follower, cwd=ROOT, env=env)
        os.close(follower)
        shown = b""
        while True:
            try:
                chunk = os.read(main, 4096)
            except OSError:  # the terminal closes when the process ends
                break
            if not chunk:
                break
            shown += chunk
        proc.wait(timeout=300)
        os.close(main)
        out.seek(0)
        stdout = out.read()
    return stdout.decode(), shown.decode()


def test_progress_line_on_a_terminal_for_text_only() -> None:
    stdout, shown = _on_a_terminal("validate", "--no-config", "examples")
    assert "journalloft: " in shown and " checked (" in shown
    assert shown.endswith("\r\033[K")  # erased at the end
    assert "journalloft:" not in stdout
    _, shown = _on_a_terminal("validate", "--no-config", "--format", "json", "examples")
    assert shown == ""


def test_no_progress_line_when_stderr_is_not_a_terminal() -> None:
    env = dict(os.environ, JOURNALLOFT_PROGRESS_AFTER="0")
    proc = subprocess.run(
        [str(EXE), "validate", "--no-config", "examples"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        check=False,
    )
    assert proc.stderr == ""


def test_the_console_examples_in_the_validator_docs_print_what_they_show() -> None:
    page = (ROOT / "docs" / "validator" / "index.md").read_text(encoding="utf-8")
    section = page[page.index("{ #utvalg-av-funn }") : page.index("### Avslutningskoder")]
    blocks = [b.split("```", 1)[0] for b in section.split("```console\n")[1:]]
    assert len(blocks) == 3
    env = dict(os.environ, PATH=f"{EXE.parent}{os.pathsep}{os.environ['PATH']}")
    for block in blocks:
        command, _, shown = block.partition("\n")
        assert command.startswith("$ ")
        proc = subprocess.run(
            command[2:], shell=True, capture_output=True, text=True, cwd=ROOT, env=env, timeout=300, check=False
        )
        assert proc.stdout == shown, command


def test_jobs_reads_a_bounded_number_of_documents_ahead() -> None:
    """Constant memory on an endless stream: reading waits for the oldest chunk in flight."""
    import itertools

    from journalloft.batch import CHUNK_DOCUMENTS, Settings, check_all
    from journalloft.inputs import Document

    pulled = 0

    def endless() -> Iterator[Document]:
        nonlocal pulled
        for n in itertools.count(1):
            pulled += 1
            yield Document(f"line:{n}", b'{"resourceType": "Patient", "active": true}')

    results = check_all(Settings(), endless(), jobs=2)
    names = [next(results).path for _ in range(200)]
    assert names == [f"line:{n}" for n in range(1, 201)]
    assert pulled <= 200 + (2 * 2 + 1) * CHUNK_DOCUMENTS
    results.close()  # type: ignore[attr-defined]


def test_jobs_fork_only_a_single_threaded_process() -> None:
    """Forking beside other threads can deadlock the child (and warns on 3.12+): workers start fresh then."""
    import threading

    from journalloft.batch import Settings, check_all, start_method
    from journalloft.inputs import Document

    alone = subprocess.run(
        [sys.executable, "-c", "from journalloft.batch import start_method; print(start_method())"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert alone.stdout == "fork\n", alone.stderr
    documents = [Document(f"line:{n}", b'{"resourceType": "Patient", "active": "yes"}') for n in range(1, 41)]
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert start_method() == "forkserver"
        with_workers = [(r.path, [i.code for i in r.issues]) for r in check_all(Settings(), documents, jobs=2)]
    finally:
        stop.set()
        other.join()
    in_process = [(r.path, [i.code for i in r.issues]) for r in check_all(Settings(), documents, jobs=1)]
    assert with_workers == in_process
    assert with_workers[0] == ("line:1", ["fhir-json-type", "fhir-invariant"])
