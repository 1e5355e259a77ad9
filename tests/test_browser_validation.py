"""Validation in the browser, without a browser: the FHIR path without jsonschema, the report the page
gets (journalloft.browser) against the CLI's, and the files the site build assembles for Pyodide.

The page itself is tested in Chromium in tests/browser/test_validate_in_browser.py.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from journalloft import browser
from journalloft.site import browser_files as bf
from journalloft.site.browser_page import LICENCES, download_size, files_table, spec_options

CliJsonReport = Callable[..., dict[str, Any]]  # the cli_json_report fixture (tests/conftest.py)

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
INVALID_OBSERVATION = EXAMPLES / "fhir-r4" / "invalid" / "observation-feil.json"
OKT_PROTOTYPE = EXAMPLES / "okt" / "prototype" / "invalid" / "feil-type.json"

# Run in a fresh interpreter: jsonschema, rpds-py (and what only they need) cannot be imported, as in
# Pyodide, where rpds-py has no build.
BLOCKED_RUN = """
import importlib.abc, json, sys
BLOCKED = {"jsonschema", "rpds", "referencing", "jsonschema_specifications", "openpyxl"}
class Blocker(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"No module named {name!r} (blocked)", name=name)
        return None
sys.meta_path.insert(0, Blocker())
import journalloft.validation
from journalloft import browser
answers = [json.loads(browser.validate(open(path, "rb").read(), path.rsplit("/", 1)[-1])) for path in sys.argv[1:]]
specs = [spec["key"] for spec in browser.page_specs()]
loaded = sorted(m for m in sys.modules if m.split(".")[0] in BLOCKED)
print(json.dumps({"answers": answers, "loaded": loaded, "specs": specs}))
"""


def test_the_fhir_path_validates_without_jsonschema() -> None:
    proc = subprocess.run(
        [sys.executable, "-c", BLOCKED_RUN, str(INVALID_OBSERVATION), str(OKT_PROTOTYPE)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["loaded"] == []
    # Without jsonschema the page would offer the FHIR specs only.
    assert out["specs"] == ["fhir-r4@4.0.1", "news2@1.0.0", "news2@1.1.0", "okt@1.0.0", "okt@1.1.0", "okt@2.0.0"]
    fhir, prototype = out["answers"]
    [result] = fhir["report"]["results"]
    assert result["spec"] == "fhir-r4@4.0.1"
    assert sorted(
        (i["severity"], i["code"], i["expression"]) for i in result["issues"] if i["severity"] == "error"
    ) == [
        ("error", "fhir-binding-required", "Observation.status"),
        ("error", "fhir-json-type", "Observation.value.ofType(Quantity).value"),
        ("error", "fhir-primitive", "Observation.effective.ofType(dateTime)"),
        ("error", "fhir-unknown-element", "Observation.merknad"),
    ]
    assert fhir["cli_only"] == []
    # A JSON Schema payload is named as CLI-only, not reported as checked (nor as an internal error).
    assert prototype["report"]["results"] == []
    assert prototype["report"]["summary"]["files"] == 0
    assert prototype["cli_only"] == [{"path": "feil-type.json", "spec": "okt-prototype@0.4.0"}]


def test_without_jsonschema_the_schema_engine_fails_only_when_asked_for() -> None:
    code = BLOCKED_RUN.split("import journalloft.validation", maxsplit=1)[0] + (
        "from journalloft.validation import Checker\n"
        "from journalloft.inputs import Document\n"
        "try:\n"
        "    Checker(spec='okt-prototype@0.3.0').check(Document('x.json', b'{}'))\n"
        "except ModuleNotFoundError as exc:\n"
        "    print(exc.name)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False)
    assert proc.stdout.strip() == "jsonschema", proc.stderr


@pytest.mark.parametrize(
    "example",
    [
        "fhir-r4/invalid/observation-feil.json",
        "fhir-r4/valid/patient-feil-fodselsnummer.json",
        "fhir-r4/invalid/patient-syntaksfeil.json",
        "okt/fhir/invalid/episode-slutt-for-start.json",
        "okt/prototype/invalid/feil-type.json",
        "helseid/invalid/feil-verdier.json",
    ],
)
def test_the_page_gets_the_clis_report(example: str, cli_json_report: CliJsonReport) -> None:
    path = EXAMPLES / example
    answer = json.loads(browser.validate(path.read_bytes(), path.name))
    assert answer["report"] == cli_json_report(path)
    assert answer["cli_only"] == []


def test_ndjson_is_read_line_by_line_as_by_the_cli(tmp_path: Path, cli_json_report: CliJsonReport) -> None:
    lines = [
        json.dumps(json.loads((EXAMPLES / name).read_text("utf-8")))
        for name in ("fhir-r4/valid/patient-syntetisk.json", "fhir-r4/invalid/observation-feil.json")
    ]
    path = tmp_path / "to.ndjson"
    path.write_text(lines[0] + "\n\n" + lines[1] + "\n", "utf-8")
    answer = json.loads(browser.validate(path.read_bytes(), path.name))
    assert [r["path"] for r in answer["report"]["results"]] == ["to.ndjson:1", "to.ndjson:3"]
    assert answer["report"] == cli_json_report(path)


def test_a_chosen_spec_is_applied_as_with_spec(tmp_path: Path, cli_json_report: CliJsonReport) -> None:
    path = tmp_path / "pasient.json"
    path.write_bytes((EXAMPLES / "fhir-r4/valid/patient-syntetisk.json").read_bytes())
    answer = json.loads(browser.validate(path.read_bytes(), path.name, "okt@1.0.0"))
    assert answer["report"]["results"][0]["spec"] == "okt@1.0.0"
    assert answer["report"] == cli_json_report(path, "--spec", "okt@1.0.0")


def test_a_file_name_cannot_leave_the_temporary_folder() -> None:
    answer = json.loads(browser.validate(b'{"resourceType": "Basic"}', "../../etc/x.json"))
    assert answer["report"]["results"][0]["path"] == "x.json"
    assert json.loads(browser.validate(b"{}", ".."))["report"]["results"][0]["path"] == browser.DEFAULT_NAME


def test_the_spec_chooser_offers_every_spec() -> None:
    keys = [spec["key"] for spec in browser.page_specs()]
    assert keys == [
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
    options = spec_options()
    assert options.startswith('<option value="">Finn spesifikasjonen automatisk</option>')
    assert '<option value="okt-prototype@0.3.0">' in options


@pytest.fixture(scope="module")
def site_files() -> dict[str, bytes]:
    return bf.browser_files(ROOT)


def test_the_build_ships_pyodide_the_pinned_wheels_ours_and_a_matching_lock(site_files: dict[str, bytes]) -> None:
    assert set(bf.RUNTIME_FILES) <= set(site_files)
    lock = json.loads(site_files["pyodide-lock.json"])
    runtime_lock = json.loads((ROOT / "node_modules/pyodide/pyodide-lock.json").read_text("utf-8"))
    assert lock["info"] == runtime_lock["info"]
    wheels = sorted(name for name in site_files if name.endswith(".whl"))
    assert sorted(p["file_name"] for p in lock["packages"].values()) == wheels
    for package in lock["packages"].values():
        assert package["sha256"] == hashlib.sha256(site_files[package["file_name"]]).hexdigest()
        assert package["name"] in LICENCES
    assert set(lock["packages"]) == {"journalloft", "rpds-py", *(pin.name for pin in bf.pins())}
    packages = lock["packages"]
    # openpyxl is left out on purpose: the lock must not ask for it.
    assert packages["journalloft"]["depends"] == ["fhirpathpy", "jsonschema", "pyyaml"]
    assert packages["fhirpathpy"]["depends"] == ["antlr4-python3-runtime", "python-dateutil"]
    assert packages["jsonschema"]["depends"] == ["attrs", "jsonschema-specifications", "referencing", "rpds-py"]
    # rpds-py is our stand-in: module rpds, from pyrsistent-as-rpds-py and pyrsistent.
    assert packages["rpds-py"]["depends"] == ["pyrsistent", "pyrsistent-as-rpds-py"]
    assert packages["rpds-py"]["imports"] == ["rpds"]
    assert packages["pyyaml"]["imports"] == ["_yaml", "yaml"]
    assert packages["six"]["imports"] == ["six"]
    # PyYAML and pyrsistent built from their sdists hold no compiled extension.
    for prefix in ("pyyaml-", "pyrsistent-0"):
        built = next(n for n in wheels if n.startswith(prefix))
        with zipfile.ZipFile(ROOT / bf.WHEEL_CACHE / built) as archive:
            assert not [n for n in archive.namelist() if n.endswith((".so", ".pyd"))]
    with zipfile.ZipFile(io.BytesIO(bf.rpds_wheel())) as archive:
        assert b"from pyrsistent_as_rpds.pure import *" in archive.read("rpds/__init__.py")
    # The worker gives Pyodide its own folder as base, so the loader never falls back to its CDN.
    assert b"packageBaseUrl: base" in site_files["worker.js"]


def test_the_wheels_carry_bytecode_compiled_by_pyodide(site_files: dict[str, bytes]) -> None:
    ours = next(name for name in site_files if name.startswith("journalloft-"))
    with zipfile.ZipFile(io.BytesIO(site_files[ours])) as archive:
        names = set(archive.namelist())
        assert "journalloft/browser.pyc" in names
        assert not [n for n in names if n.endswith(".py")]
        pyc = archive.read("journalloft/browser.pyc")
        record = archive.read("journalloft-0.1.0.dist-info/RECORD").decode()
    # Python 3.13's magic number (Pyodide 0.29's interpreter), and flags 1: hash-based, unchecked.
    assert pyc[:4] == (3571).to_bytes(2, "little") + b"\r\n"
    assert int.from_bytes(pyc[4:8], "little") == 1
    digest = base64.urlsafe_b64encode(hashlib.sha256(pyc).digest()).rstrip(b"=").decode()
    assert f"journalloft/browser.pyc,sha256={digest},{len(pyc)}" in record.splitlines()
    # The same wheels without compiling: the source as built and fetched.
    plain = bf.browser_files(ROOT, bytecode=False)
    with zipfile.ZipFile(io.BytesIO(plain[ours])) as archive:
        assert "journalloft/browser.py" in archive.namelist()


def test_pyodide_is_pinned_exactly_in_package_json_and_the_lock() -> None:
    version = bf.pyodide_version(ROOT)
    lock = json.loads((ROOT / "package-lock.json").read_text("utf-8"))
    entry = lock["packages"]["node_modules/pyodide"]
    assert entry["version"] == version
    assert entry["integrity"].startswith("sha512-")
    assert entry["license"] == "MPL-2.0"


def test_a_wheel_with_another_hash_stops_the_build(tmp_path: Path) -> None:
    cache = tmp_path / bf.WHEEL_CACHE
    (cache / "sdist").mkdir(parents=True)
    for source in (ROOT / bf.WHEEL_CACHE).glob("*.whl"):
        (cache / source.name).write_bytes(source.read_bytes())
    for source in (ROOT / bf.WHEEL_CACHE / "sdist").glob("*"):
        (cache / "sdist" / source.name).write_bytes(source.read_bytes())
    assert set(bf.dependency_wheels(tmp_path)) == {p.name for p in cache.glob("*.whl")}
    six = next(cache.glob("six-*.whl"))
    six.write_bytes(six.read_bytes() + b"\0")
    with pytest.raises(bf.BrowserBuildError, match=r"six-.*SHA-256 .* pins 4721f391"):
        bf.dependency_wheels(tmp_path)
    six.unlink()
    with pytest.raises(bf.BrowserBuildError, match=r"no single wheel of six 1\.17\.0.*run scripts/setup"):
        bf.dependency_wheels(tmp_path)


def test_the_files_table_names_every_file_and_the_total(site_files: dict[str, bytes]) -> None:
    table = files_table(site_files, bf.pyodide_version(ROOT))
    for name in site_files:
        assert f"| `{name}` |" in table
    total = download_size(site_files)
    assert f"**{total.gzip / 1_000_000:.2f} MB**".replace(".", ",") in table
    assert "MPL-2.0" in table


def test_the_benchmark_fails_over_its_budget() -> None:
    script = ROOT / "scripts" / "benchmark_browser.py"
    ok = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300, check=False)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "within budget" in ok.stdout
    over = subprocess.run(
        [sys.executable, str(script), "--budget", "1000000"], capture_output=True, text=True, timeout=300, check=False
    )
    assert over.returncode == 1
    assert "OVER BUDGET" in over.stdout
