"""FHIRPath regular expressions in linear time (issue 20, item 8): same answers as ``re``, no hang.

A profile's ``matches('^(a+)+$')`` and a 37-character payload string made ``re`` backtrack for ever;
the Pike VM of journalloft.fhir.regex_linear decides it in steps proportional to the input. What it
cannot decide in linear time (backreferences, lookarounds, ...) is reported as not evaluated.
"""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest

from journalloft.fhir import regex_linear
from journalloft.fhir.package import tgz
from journalloft.fhir.regex_linear import RegexNotLinear, matches, replace_matches

ROOT = Path(__file__).resolve().parents[2]

PATTERNS = [
    r"^(a+)+$",
    r"[A-Z]([A-Za-z0-9_]){0,254}",
    r"^\d{3}-\d{2}$",
    r"a|ab|abc",
    r"(a|b)*c",
    r"(?i)AbC",
    r"^\s*$",
    r"\bab\b",
    r"\Bb",
    r"x*",
    r"a.c",
    r"[^abc]+",
    r"(a*)(b*)c?",
    r"a{2,3}?b",
    r"^ab|cd$",
    r"[\w.-]+@[\w-]+\.\w+",
    r"(?m)^b$",
    r"\Aa|c\Z",
    r"[a-c\d]{2}",
    r"((a)|(b))+",
]
ALPHABET = "abcd0 .-@\nAB_"


def test_same_answers_as_re_on_random_strings() -> None:
    rng = random.Random(20)
    for pattern in PATTERNS:
        for _ in range(150):
            text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 12)))
            assert matches(pattern, text) == (re.search(pattern, text, re.DOTALL) is not None), (pattern, text)
            expected = re.sub(pattern, "<\\1>" if re.compile(pattern).groups else "<>", text)
            replacement = "<$1>" if re.compile(pattern).groups else "<>"
            assert replace_matches(pattern, text, replacement) == expected, (pattern, text)


def test_nested_quantifiers_are_decided_in_linear_steps(monkeypatch: pytest.MonkeyPatch) -> None:
    """The 37-character payload that made re hang, then 100 times longer: the step budget grows linearly."""
    payload = "a" * 36 + "!"
    monkeypatch.setattr(regex_linear, "MAX_STEPS", 1_000)
    assert matches(r"^(a+)+$", payload) is False
    assert matches(r"^(a+)+$", "a" * 37) is True
    monkeypatch.setattr(regex_linear, "MAX_STEPS", 100 * 1_000)
    assert matches(r"^(a+)+$", "a" * 3_600 + "!") is False
    with pytest.raises(RegexNotLinear, match="more than 100,000 steps"):
        matches(r"^(a+)+$", "a" * 36_000 + "!")


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [
        (r"^(a+)\1$", "groupref"),
        (r"a(?=b)", "assert"),
        (r"(?<!a)b", "assert not"),
        (r"(?>a+)b", "atomic group"),
        (r"a++b", "possessive repeat"),
        (r"a(?i:b)", "flags set inside"),
        (r"(a", "not a valid regular expression"),
        (r"a{0,30000}", "more than 20,000 instructions"),
    ],
)
def test_what_cannot_be_decided_in_linear_time_is_refused(pattern: str, reason: str) -> None:
    with pytest.raises(RegexNotLinear, match=reason):
        matches(pattern, "aab")


def profile_package(path: Path, expression: str) -> Path:
    profile = {
        "resourceType": "StructureDefinition",
        "id": "Rx",
        "url": "http://example.org/fhir/rx/StructureDefinition/Rx",
        "name": "Rx",
        "status": "draft",
        "kind": "resource",
        "abstract": False,
        "type": "Patient",
        "baseDefinition": "http://hl7.org/fhir/StructureDefinition/Patient",
        "derivation": "constraint",
        "differential": {
            "element": [
                {
                    "id": "Patient",
                    "path": "Patient",
                    "constraint": [
                        {"key": "rx-1", "severity": "error", "human": "family is a's", "expression": expression}
                    ],
                }
            ]
        },
    }
    members = {
        "package/package.json": json.dumps({"name": "example.rx", "version": "1.0.0"}).encode("utf-8"),
        "package/StructureDefinition-Rx.json": json.dumps(profile).encode("utf-8"),
    }
    path.write_bytes(tgz(members))
    return path


def run_cli(tmp_path: Path, expression: str, family: str) -> tuple[int, list[tuple[str, str, str]]]:
    package = profile_package(tmp_path / "rx.tgz", expression)
    payload = tmp_path / "patient.json"
    payload.write_text(
        json.dumps(
            {
                "resourceType": "Patient",
                "meta": {"profile": ["http://example.org/fhir/rx/StructureDefinition/Rx"]},
                "name": [{"family": family}],
            }
        ),
        "utf-8",
    )
    # A subprocess with a timeout: before the fix this case never returned.
    run = subprocess.run(
        [sys.executable, "-m", "journalloft", "validate", "--no-config", "--format", "json", "--ig", str(package),
         str(payload)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={"PYTHONPATH": str(ROOT / "validators"), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    report = json.loads(run.stdout)
    issues = [i for r in report["results"] for i in r["issues"]]
    found = [(i["severity"], i["code"], i["message"]) for i in issues if "rx-1" in i["message"]]
    return run.returncode, found


def test_a_profile_rule_with_nested_quantifiers_is_decided_not_hung(tmp_path: Path) -> None:
    expression = "name.family.matches('^(a+)+$')"
    status, found = run_cli(tmp_path, expression, "a" * 36 + "!")
    assert status == 1 and [(s, c) for s, c, _ in found] == [("error", "fhir-invariant")]
    status, found = run_cli(tmp_path, expression, "a" * 37)
    assert status == 0 and found == []


def test_an_undecidable_profile_regex_is_not_evaluated(tmp_path: Path) -> None:
    status, found = run_cli(tmp_path, "name.family.matches('^(a+)\\\\1$')", "aaaa")
    assert status == 0
    assert [(s, c) for s, c, _ in found] == [("information", "fhir-invariant-not-evaluated")]
    assert "cannot be decided in linear time" in found[0][2]


@pytest.mark.parametrize(
    ("pattern", "code", "expected"),
    [(r"[A-Z]\d{2}", "A12", True), (r"[A-Z]\d{2}", "A123", False), (r"(a+)+", "a" * 40 + "!", False)],
)
def test_fullmatch_for_value_set_regex_filters(pattern: str, code: str, expected: bool) -> None:
    assert regex_linear.fullmatch(pattern, code) is expected
    if "(a+)+" not in pattern:  # re itself may take for ever on that one
        assert (re.fullmatch(pattern, code) is not None) is expected
