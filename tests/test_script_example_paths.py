"""The example files the scripts in scripts/ read still exist (an example moved from invalid/ to valid/
once broke three benchmark scripts that no test runs)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# "fhir-r4/valid/x.json" (relative to examples/) and ROOT / "examples" / "fhir-r4" / "valid" / "x.json"
RELATIVE = re.compile(r'"((?:fhir-r4|okt|news2|helseid)/[A-Za-z0-9_./-]+\.json)"')
JOINED = re.compile(r'"examples"((?:\s*/\s*"[A-Za-z0-9_.-]+")+)')


def _mentioned(text: str) -> set[str]:
    found = set(RELATIVE.findall(text))
    for joined in JOINED.findall(text):
        parts = re.findall(r'"([A-Za-z0-9_.-]+)"', joined)
        if parts[-1].endswith(".json"):
            found.add("/".join(parts))
    return found


def test_every_example_a_script_names_exists() -> None:
    mentioned = {
        (script.name, name)
        for script in sorted((ROOT / "scripts").glob("*.py"))
        for name in _mentioned(script.read_text(encoding="utf-8"))
    }
    assert len(mentioned) >= 5  # the benchmark scripts name several
    missing = sorted((script, name) for script, name in mentioned if not (ROOT / "examples" / name).is_file())
    assert not missing, missing


def test_a_moved_example_would_be_caught() -> None:
    assert _mentioned('ROOT / "examples" / "fhir-r4" / "invalid" / "gone.json", "okt/x/y.json"') == {
        "fhir-r4/invalid/gone.json",
        "okt/x/y.json",
    }
