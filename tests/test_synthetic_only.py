"""`journalloft validate --synthetic-only`: a real-looking person number is an error, synthetic ones pass."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from id_numbers import NHN_SYNTHETIC, with_digits

EXE = Path(sys.executable).with_name("journalloft")
FNR = "urn:oid:2.16.578.1.12.4.1.4.1"
SPECS = Path(__file__).resolve().parent / "data" / "specs"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([str(EXE), *args], capture_output=True, text=True, timeout=120)
    assert "Traceback" not in proc.stderr + proc.stdout, proc.stderr
    return proc


def codes(proc: subprocess.CompletedProcess[str]) -> list[tuple[str, str]]:
    report = json.loads(proc.stdout)
    return [(i["code"], i["expression"]) for r in report["results"] for i in r["issues"]]


def patient(value: str) -> dict[str, object]:
    text = {"status": "generated", "div": '<div xmlns="http://www.w3.org/1999/xhtml">Syntetisk</div>'}
    return {"resourceType": "Patient", "text": text, "identifier": [{"system": FNR, "value": value}]}


def test_synthetic_only_on_fhir_and_json_rules(tmp_path: Path) -> None:
    real_looking = with_digits("150385")
    (tmp_path / "real.json").write_text(json.dumps(patient(real_looking)), encoding="utf-8")
    (tmp_path / "synthetic.json").write_text(json.dumps(patient(NHN_SYNTHETIC[0])), encoding="utf-8")
    demo = {"subject": real_looking, "periods": [{"start": "2026-01-01", "code": "1"}]}
    (tmp_path / "demo.json").write_text(json.dumps(demo), encoding="utf-8")

    plain = run("validate", "--format", "json", "--spec-dir", str(SPECS), str(tmp_path))
    assert plain.returncode == 0, plain.stdout
    strict = run("validate", "--synthetic-only", "--format", "json", "--spec-dir", str(SPECS), str(tmp_path))
    assert strict.returncode == 1
    assert codes(strict) == [
        ("no-id-not-synthetic", "$.subject"),
        ("no-id-not-synthetic", "Patient.identifier[0].value"),
    ]
    assert real_looking not in strict.stdout, "the message must not repeat a real-looking number"
