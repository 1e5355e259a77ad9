"""``journalloft news2 score`` from plain values and from Bundles, and its agreement with the validator."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from journalloft import validate
from journalloft.cli import main
from journalloft.site.examples_page import Example, load_manifest

ROOT = Path(__file__).resolve().parents[2]
NEWS2_EXAMPLES = [e for e in load_manifest(ROOT) if e.file.startswith("news2/")]
# The validator's verdict on the scores themselves (not on structure or units): a stated sub-score,
# total or band that differs from the computed one, or a set of sub-scores that is not the chart's.
SCORE_CODES = {
    "news2-total-mismatch",
    "news2-component-mismatch",
    "news2-risk-mismatch",
    "news2-spo2-scale",
    "news2-component-duplicate",
}
MEASUREMENT_CODES = {"news2-measurement-not-numeric", "news2-measurement-missing", "news2-unit", "news2-range"}
PLAIN = [
    "--respiration",
    "18",
    "--spo2",
    "95",
    "--scale",
    "1",
    "--oxygen",
    "air",
    "--systolic",
    "120",
    "--pulse",
    "80",
    "--consciousness",
    "A",
    "--temperature",
    "37.2",
]


def _json(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[int, dict[str, Any]]:
    status = main(["news2", "score", "--format", "json", *argv])
    return status, json.loads(capsys.readouterr().out)


def test_plain_values(capsys: pytest.CaptureFixture[str]) -> None:
    status, out = _json(capsys, PLAIN)
    assert status == 0
    assert out["computed"] == {
        "total": 1,
        "risk": "lav",
        "subscores": {
            "respiration": 0,
            "spo2_scale1": 1,
            "air_or_oxygen": 0,
            "systolic": 0,
            "pulse": 0,
            "consciousness": 0,
            "temperature": 0,
        },
    }


def test_plain_values_text(capsys: pytest.CaptureFixture[str]) -> None:
    changed = [*PLAIN]
    changed[changed.index("--consciousness") + 1] = "V"
    assert main(["news2", "score", *changed]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "NEWS2 4 (risk: Lav–middels)"
    assert "  consciousness: 3" in out


def test_scale_2_and_oxygen(capsys: pytest.CaptureFixture[str]) -> None:
    argv = [*PLAIN]
    argv[argv.index("--scale") + 1] = "2"
    argv[argv.index("--oxygen") + 1] = "oxygen"
    status, out = _json(capsys, argv)
    assert status == 0
    assert out["computed"]["subscores"]["spo2_scale2"] == 2
    assert out["computed"]["subscores"]["air_or_oxygen"] == 2
    assert out["computed"]["total"] == 4


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--pulse", "80"], "missing --respiration"),
        ([*PLAIN[:-1], "varm"], "--temperature must be a number"),
        ([*PLAIN, str(ROOT / "examples/news2/valid/lav-risiko.json")], "either FILE or measurement options"),
        ([str(ROOT / "examples/news2/finnes-ikke.json")], "cannot read"),
    ],
)
def test_usage_errors_are_clear(capsys: pytest.CaptureFixture[str], argv: list[str], message: str) -> None:
    assert main(["news2", "score", *argv]) == 2
    assert message in capsys.readouterr().err


@pytest.mark.parametrize(
    ("option", "value"),
    [("--respiration", "1e30"), ("--respiration", "1e999999999"), ("--pulse", "-1e30"), ("--temperature", "99")],
)
def test_huge_values_are_news2_range_findings_not_internal_errors(
    capsys: pytest.CaptureFixture[str], option: str, value: str
) -> None:
    """Implausible as any other value outside the Bundle path's ranges: exit 1 (was exit 3, InvalidOperation)."""
    at = PLAIN.index(option)
    argv = [*PLAIN[:at], *PLAIN[at + 2 :], f"{option}={value}"]  # "=": argparse reads -1e30 as an option
    status, out = _json(capsys, argv)
    assert status == 1
    assert [(p["code"], p["expression"]) for p in out["problems"]] == [("news2-range", option)]


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--respiration", "nan", "--respiration must be a finite number"),
        ("--spo2", "inf", "--spo2 must be a finite number"),
        ("--systolic", "-inf", "--systolic must be a finite number"),
    ],
)
def test_non_finite_values_are_usage_errors(
    capsys: pytest.CaptureFixture[str], option: str, value: str, message: str
) -> None:
    at = PLAIN.index(option)
    argv = [*PLAIN[:at], *PLAIN[at + 2 :], f"{option}={value}"]
    assert main(["news2", "score", *argv]) == 2
    err = capsys.readouterr().err
    assert message in err and "internal error" not in err


def test_the_engine_refuses_a_number_it_cannot_round() -> None:
    from decimal import Decimal

    from journalloft.news2.engine import ScoringError, subscore

    with pytest.raises(ScoringError, match=r"respiration 1E\+30 cannot be scored"):
        subscore("respiration", Decimal("1e30"))


def test_broken_json_is_reported_with_its_location(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"resourceType": "Bundle",,}', encoding="utf-8")
    assert main(["news2", "score", str(broken)]) == 1
    assert "json-syntax at $" in capsys.readouterr().err


def test_bundle_without_a_scorable_measurement(capsys: pytest.CaptureFixture[str]) -> None:
    status, out = _json(capsys, [str(ROOT / "examples/news2/invalid/respirasjon-uten-verdi.json")])
    assert status == 1
    assert out["computed"] is None
    assert [(p["code"], p["expression"]) for p in out["problems"]] == [
        ("news2-measurement-not-numeric", "Bundle.entry[1].resource")
    ]


def test_measurements_without_an_assessment(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bundle = json.loads((ROOT / "examples/news2/valid/middels-risiko.json").read_text(encoding="utf-8"))
    del bundle["entry"][0]
    path = tmp_path / "measurements.json"
    path.write_text(json.dumps(bundle), encoding="utf-8")
    status, out = _json(capsys, [str(path)])
    assert status == 0
    assert out["stated"] is None and out["agrees"] is None
    assert out["computed"]["total"] == 5


@pytest.mark.parametrize("example", NEWS2_EXAMPLES, ids=[e.file for e in NEWS2_EXAMPLES])
def test_score_command_agrees_with_the_validator(capsys: pytest.CaptureFixture[str], example: Example) -> None:
    """Where the command can score an assessment, it calls it right exactly when the validator finds
    no score error; where it cannot, the validator reports why (a measurement problem)."""
    path = ROOT / "examples" / example.file
    status, out = _json(capsys, [str(path)])
    (result,) = validate(path).results
    codes = {i.code for i in result.issues if i.severity.value == "error"}
    if out["stated"] is None:  # no assessment in the payload: nothing to disagree with
        assert not codes & SCORE_CODES
        return
    if not _is_bundle(path):  # a standalone assessment, as VKP sends it
        # nothing to score from: the command says so, the validator judges the stated scores alone
        assert status == 1 and out["computed"] is None
        assert [p["code"] for p in out["problems"]][-1] == "news2-measurement-missing"
        return
    if out["computed"] is None:  # a measurement cannot be scored: the validator says which and why
        assert status == 1
        assert codes & MEASUREMENT_CODES, (out, codes)
        return
    assert out["agrees"] is not bool(codes & SCORE_CODES), (out, codes)
    assert status == (0 if out["agrees"] else 1)


def test_payload_text_cannot_print_a_line_of_its_own(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (ROOT / "examples/news2/valid/lav-risiko.json").read_text(encoding="utf-8")
    forged = tmp_path / "forged.json"
    forged.write_text(text.replace('"code": "lav"', '"code": "lav\\nagrees with the stated assessment\\u2028"', 1))
    main(["news2", "score", str(forged)])
    lines = capsys.readouterr().out.splitlines()
    assert "agrees with the stated assessment" not in lines
    assert any("risk lav\\x0aagrees with the stated assessment\\u2028" in line for line in lines)


def _plain_with(option: str, value: str) -> list[str]:
    argv = list(PLAIN)
    argv[argv.index(option) + 1] = value
    return argv


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--spo2", "101", "The spo2 value 101 % is outside the plausible range 50–100"),
        ("--spo2", "-5", "The spo2 value -5 % is outside the plausible range 50–100"),
        ("--respiration", "-1", "The respiration value -1 /min is outside the plausible range 0–80"),
        ("--temperature", "372", "The temperature value 372 Cel is outside the plausible range 25–45"),
    ],
)
def test_plain_values_outside_the_bundle_paths_ranges_are_news2_range_exit_1(
    capsys: pytest.CaptureFixture[str], option: str, value: str, message: str
) -> None:
    status, out = _json(capsys, _plain_with(option, value))
    assert status == 1
    assert out["computed"] is None
    assert [(p["code"], p["expression"]) for p in out["problems"]] == [("news2-range", option)]
    assert out["problems"][0]["message"].startswith(message)


@pytest.mark.parametrize(("option", "value"), [("--spo2", "100"), ("--spo2", "50"), ("--respiration", "0")])
def test_plain_values_at_the_range_limits_are_scored(
    capsys: pytest.CaptureFixture[str], option: str, value: str
) -> None:
    status, out = _json(capsys, _plain_with(option, value))
    assert status == 0
    assert out["problems"] == []


def test_plain_range_text_output_names_the_option(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["news2", "score", *_plain_with("--spo2", "101")]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "news2-range at --spo2: The spo2 value 101 % is outside the plausible range 50–100; "
        "check the value and its unit.",
        "NEWS2 cannot be computed from these measurements.",
    ]


def _is_bundle(path: Path) -> bool:
    data = json.loads(path.read_text(encoding="utf-8"))
    return data.get("resourceType") == "Bundle"
