"""The commands as a user runs them: serve --reference okt, testkit okt, testkit verify, and their exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "service"))

from serve_helpers import BIN, free_port

JOURNALLOFT = str(BIN / "journalloft")


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([JOURNALLOFT, *args], capture_output=True, text=True, timeout=300, env=env)


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``journalloft serve --reference okt --require-token …`` as a subprocess."""
    import http.client
    import time

    port = free_port()
    log = tmp_path_factory.mktemp("ref") / "serve.log"
    with log.open("wb") as sink:
        proc = subprocess.Popen(
            [JOURNALLOFT, "serve", "--reference", "okt", "--port", str(port), "--require-token", "cli-t0ken"],
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 60
            while True:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                try:
                    conn.request("GET", "/health")
                    if conn.getresponse().status == 200:
                        break
                except OSError:
                    pass
                finally:
                    conn.close()
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(log.read_text())
                time.sleep(0.1)
            yield f"http://127.0.0.1:{port}"
        finally:
            proc.terminate()
            proc.wait(timeout=20)


def test_a_full_run_passes_writes_a_report_that_verifies_and_an_edit_fails(reference: str, tmp_path: Path) -> None:
    import os

    out = tmp_path / "rapport.json"
    env = {**os.environ, "JOURNALLOFT_TESTKIT_TOKEN": "cli-t0ken"}
    proc = run("testkit", "okt", "--base-url", reference, "--format", "json", "--output", str(out), env=env)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["summary"]["fail"] == 0 and report["summary"]["skip"] == 0
    assert "cli-t0ken" not in out.read_text(encoding="utf-8")
    verified = run("testkit", "verify", str(out))
    assert verified.returncode == 0 and "verifies" in verified.stdout
    junit = run("testkit", "render", str(out), "--format", "junit")
    assert junit.returncode == 0 and junit.stdout.startswith("<?xml")
    report["tests"][1]["message"] = "endret"
    out.write_text(json.dumps(report), encoding="utf-8")
    edited = run("testkit", "verify", str(out))
    assert edited.returncode == 1 and "reportSha256" in edited.stderr
    refused = run("testkit", "render", str(out), "--format", "html")
    assert refused.returncode == 1 and refused.stdout == ""


def test_a_failing_run_exits_1_and_the_html_report_opens_without_the_network(reference: str, tmp_path: Path) -> None:
    page = tmp_path / "rapport.html"
    proc = run("testkit", "okt", "--base-url", reference, "--format", "html", "--output", str(page))
    assert proc.returncode == 1  # without the token the server refuses the transaction (401)
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "svarte 401" in html


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["testkit", "okt", "--base-url", "ftp://example.invalid"], "is not an http:// or https:// address"),
        (["testkit", "okt", "--base-url", "http://127.0.0.1:9?x=1"], "without ?query"),
        (["testkit", "okt"], "--base-url"),
        (["testkit", "verify", "finnes-ikke.json"], "cannot be read"),
        (["serve", "--reference", "news2"], "reference server for okt only"),
        (["serve", "--require-token", "x"], "--require-token belongs to --reference"),
    ],
)
def test_usage_errors_exit_2_with_a_message(args: list[str], message: str) -> None:
    proc = run(*args)
    assert proc.returncode == 2 and message in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_server_that_does_not_answer_is_a_usage_error() -> None:
    proc = run("testkit", "okt", "--base-url", f"http://127.0.0.1:{free_port()}", "--timeout", "5")
    assert proc.returncode == 2 and "does not answer" in proc.stderr


def test_a_report_that_is_not_json_is_a_usage_error(tmp_path: Path) -> None:
    bad = tmp_path / "r.json"
    bad.write_text("{", encoding="utf-8")
    proc = run("testkit", "verify", str(bad))
    assert proc.returncode == 2 and "not a JSON report" in proc.stderr


def test_the_test_api_page_documents_exactly_the_kits_options() -> None:
    import re

    from journalloft.cli import build_parser

    (commands,) = [a for a in build_parser()._actions if a.dest == "command"]
    testkit = commands.choices["testkit"]  # type: ignore[index]
    (actions,) = [a for a in testkit._actions if a.dest == "testkit_command"]
    okt = actions.choices["okt"]
    options = {o for a in okt._actions for o in a.option_strings if o.startswith("--") and o != "--help"}
    page = (Path(__file__).resolve().parents[2] / "docs/validator/test-api.md").read_text(encoding="utf-8")
    assert set(re.findall(r"^\| `(--[a-z-]+)", page, re.MULTILINE)) == options


def test_a_token_over_plain_http_to_another_host_is_warned_about() -> None:
    proc = run("testkit", "okt", "--base-url", "http://192.0.2.1:9", "--token", "t", "--timeout", "1")
    assert proc.returncode == 2 and "sent unencrypted over http://" in proc.stderr
    local = run("testkit", "okt", "--base-url", f"http://127.0.0.1:{free_port()}", "--token", "t", "--timeout", "1")
    assert local.returncode == 2 and "unencrypted" not in local.stderr
