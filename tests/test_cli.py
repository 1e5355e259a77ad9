"""The CLI contract, exercised through the installed console script (the real entry point)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

EXE = Path(sys.executable).with_name("journalloft")


def run(*args: str, stdin: bytes | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    if not EXE.exists():
        pytest.fail(f"{EXE} is missing: install the package into this environment (scripts/setup)")
    proc = subprocess.run(
        [str(EXE), *args],
        input=stdin.decode() if stdin is not None else None,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )
    assert "Traceback" not in proc.stderr + proc.stdout, proc.stderr
    return proc


@pytest.fixture()
def files(tmp_path: Path) -> dict[str, Path]:
    contents: dict[str, bytes] = {
        "broken.json": b'{"resourceType": "Patient",\n "active": tru',
        "empty.json": b"",
        "latin1.json": '{"resourceType": "Patient", "id": "Bjørn"}'.encode("latin-1"),
        "array.json": b"[1, 2]",
    }
    paths = {}
    for name, data in contents.items():
        paths[name] = tmp_path / name
        paths[name].write_bytes(data)
    return paths


def issues_of(proc: subprocess.CompletedProcess[str]) -> list[tuple[str, str]]:
    out = json.loads(proc.stdout)
    return [(i["code"], i["expression"]) for r in out["results"] for i in r["issues"]]


def test_syntax_error_is_exit_1_with_line_and_column(files: dict[str, Path]) -> None:
    proc = run("validate", "--format", "json", str(files["broken.json"]))
    assert proc.returncode == 1
    out = json.loads(proc.stdout)
    issue = out["results"][0]["issues"][0]
    assert (issue["code"], issue["line"], issue["column"]) == ("json-syntax", 2, 12)
    assert out["results"][0]["valid"] is False
    assert out["summary"] == {"files": 1, "valid": 0, "invalid": 1, "errors": 1, "warnings": 0, "ignored": 0}


@pytest.mark.parametrize(
    ("name", "code"),
    [("empty.json", "input-empty"), ("latin1.json", "input-encoding"), ("array.json", "json-not-object")],
)
def test_bad_input_gets_its_own_code(files: dict[str, Path], name: str, code: str) -> None:
    proc = run("validate", "--format", "json", str(files[name]))
    assert proc.returncode == 1
    assert issues_of(proc) == [(code, "$")]


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    proc = run("validate", str(tmp_path / "nope.json"))
    assert proc.returncode == 2
    assert "nope.json: no such file or directory" in proc.stderr


def test_directory_without_json_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "readme.txt").write_text("not json")
    proc = run("validate", str(tmp_path))
    assert proc.returncode == 2
    assert "holds no *.json or *.ndjson files" in proc.stderr


def test_unknown_spec_is_a_usage_error(files: dict[str, Path]) -> None:
    proc = run("validate", "--spec", "no-such-spec", str(files["broken.json"]))
    assert proc.returncode == 2
    assert "unknown spec 'no-such-spec'" in proc.stderr


def test_unknown_spec_version_is_a_usage_error(files: dict[str, Path]) -> None:
    proc = run("validate", "--spec", "fhir-r4@9.9.9", str(files["broken.json"]))
    assert proc.returncode == 2
    assert "has no version '9.9.9'" in proc.stderr


def test_ndjson_lines_are_separate_results(tmp_path: Path) -> None:
    path = tmp_path / "batch.ndjson"
    path.write_bytes(b'{"a": 1}\n\n{"a": 1, "a": 2}\nnot json\n')
    proc = run("validate", "--format", "json", str(path))
    out = json.loads(proc.stdout)
    assert [r["path"] for r in out["results"]] == [f"{path}:1", f"{path}:3", f"{path}:4"]
    assert out["results"][1]["issues"][0]["code"] == "json-duplicate-key"
    assert out["results"][2]["issues"][0]["code"] == "json-syntax"
    assert proc.returncode == 1


def test_directory_is_walked_recursively_in_sorted_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.json").write_bytes(b"[]")
    (tmp_path / "a.json").write_bytes(b"{}")
    (tmp_path / "ignored.txt").write_bytes(b"x")
    proc = run("validate", "--format", "json", str(tmp_path))
    assert [r["path"] for r in json.loads(proc.stdout)["results"]] == [
        str(tmp_path / "a.json"),
        str(tmp_path / "b" / "two.json"),
    ]


def test_stdin_is_read_for_dash() -> None:
    proc = run("validate", "--format", "json", "-", stdin=b'{"a": NaN}')
    assert proc.returncode == 1
    out = json.loads(proc.stdout)
    assert out["results"][0]["path"] == "-"
    assert out["results"][0]["issues"][0]["code"] == "json-invalid-number"


def test_operationoutcome_carries_our_code_and_expression(files: dict[str, Path]) -> None:
    proc = run("validate", "--format", "operationoutcome", str(files["broken.json"]))
    oo = json.loads(proc.stdout)
    assert oo["resourceType"] == "OperationOutcome"
    issue = oo["issue"][0]
    assert issue["details"]["coding"][0] == {
        "system": "https://journalloft.no/fhir/CodeSystem/issue-code",
        "code": "json-syntax",
    }
    assert issue["expression"] == ["$"]
    assert issue["location"] == ["Line[2] Col[12]"]


def test_operationoutcome_for_several_inputs_is_a_bundle(files: dict[str, Path]) -> None:
    proc = run("validate", "--format", "operationoutcome", str(files["broken.json"]), str(files["empty.json"]))
    bundle = json.loads(proc.stdout)
    assert bundle["resourceType"] == "Bundle"
    assert [e["resource"]["resourceType"] for e in bundle["entry"]] == ["OperationOutcome"] * 2


def test_junit_has_a_case_per_input_and_a_failure_per_invalid_one(files: dict[str, Path]) -> None:
    proc = run("validate", "--format", "junit", str(files["broken.json"]), str(files["empty.json"]))
    root = ET.fromstring(proc.stdout)
    cases = root.findall(".//testcase")
    assert [c.get("name") for c in cases] == [str(files["broken.json"]), str(files["empty.json"])]
    assert [c.find("failure").get("type") for c in cases] == ["json-syntax", "input-empty"]  # type: ignore[union-attr]


def test_output_file_receives_the_report(files: dict[str, Path], tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    proc = run("validate", "--format", "json", "--output", str(target), str(files["empty.json"]))
    assert proc.stdout == ""
    assert json.loads(target.read_text())["summary"]["invalid"] == 1


def test_text_has_no_colour_when_not_a_terminal(files: dict[str, Path]) -> None:
    proc = run("validate", str(files["broken.json"]))
    assert "\033[" not in proc.stdout
    assert "error json-syntax at $ (line 2, column 12)" in proc.stdout


def test_specs_lists_base_fhir_in_json() -> None:
    proc = run("specs", "--format", "json")
    assert proc.returncode == 0
    keys = [f"{s['id']}@{s['version']}" for s in json.loads(proc.stdout)["specs"]]
    assert "fhir-r4@4.0.1" in keys


def test_usage_error_without_paths() -> None:
    proc = run("validate")
    assert proc.returncode == 2
    assert "PATH" in proc.stderr


def test_plain_json_spec_via_spec_dir(tmp_path: Path) -> None:
    payload = tmp_path / "event.json"
    payload.write_text('{"personIdentifier": "22750884907", "events": [{"code": "15"}]}')
    specs = Path(__file__).parent / "data" / "specs"
    proc = run("validate", "--spec-dir", str(specs), "--format", "json", str(payload))
    out = json.loads(proc.stdout)
    assert proc.returncode == 1
    assert out["results"][0]["spec"] == "demo-events@1.1.0"
    assert issues_of(proc) == [("schema-required", "$.events[0].startDate")]


class _Tty:
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("argv", "env", "expected"),
    [
        (["validate", "x.json"], {}, True),
        (["validate", "x.json"], {"NO_COLOR": ""}, False),
        (["validate", "--format", "json", "x.json"], {}, False),
        (["validate", "--output", "r.txt", "x.json"], {}, False),
    ],
)
def test_colour_only_for_text_on_a_terminal_without_no_color(
    argv: list[str], env: dict[str, str], expected: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    from journalloft import cli

    monkeypatch.delenv("NO_COLOR", raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    args = cli.build_parser().parse_args(argv)
    assert cli._want_color(args, _Tty()) is expected  # type: ignore[arg-type]


PROFILE_FEATURES = Path(__file__).parent / "fhir" / "specs" / "profile-features" / "1.0.0"


def test_spec_build_check_reports_a_fresh_build() -> None:
    proc = run("spec", "build", "--check", str(PROFILE_FEATURES))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "generated/ is up to date" in proc.stdout


def test_spec_package_writes_a_fhir_package(tmp_path: Path) -> None:
    import tarfile

    out = tmp_path / "package.tgz"
    proc = run("spec", "package", str(PROFILE_FEATURES), str(out))
    assert proc.returncode == 0, proc.stderr
    with tarfile.open(out) as archive:
        names = archive.getnames()
        index = json.load(archive.extractfile("package/.index.json"))  # type: ignore[arg-type]
    assert "package/package.json" in names
    assert {f["filename"] for f in index["files"]} <= {n.removeprefix("package/") for n in names}


def test_spec_build_of_a_folder_without_sushi_config_is_a_usage_error(tmp_path: Path) -> None:
    proc = run("spec", "build", str(tmp_path))
    assert proc.returncode == 2
    assert "error:" in proc.stderr


def test_every_limit_has_an_option_that_reaches_the_checker() -> None:
    import dataclasses

    from journalloft import cli
    from journalloft.limits import Limits

    assert set(cli._LIMIT_HELP) == {f.name for f in dataclasses.fields(Limits)}
    args = cli.build_parser().parse_args(["validate", "--max-depth", "7", "--max-string-length", "9", "x.json"])
    assert (args.max_depth, args.max_string_length, args.max_bytes) == (7, 9, Limits().max_bytes)


def test_a_lower_depth_limit_applies(tmp_path: Path) -> None:
    path = tmp_path / "nested.json"
    path.write_text('{"a": [[[1]]]}')
    proc = run("validate", "--format", "json", "--max-depth", "3", str(path))
    assert issues_of(proc) == [("json-too-deep", "$")]
