"""journalloft convert: prototype JSON to FHIR and back keeps every OKT field, its FHIR output is
valid okt, and invalid input is refused with the validator's issues and nothing written."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from journalloft import validate
from journalloft.cli import main
from journalloft.okt.convert import (
    EXT,
    IPLOS,
    ConversionError,
    Organisation,
    iplos_place,
    to_fhir,
    to_prototype,
    weekly_hours,
)
from journalloft.site.examples_page import load_manifest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = load_manifest(ROOT)
PROTOTYPE_VALID = [e.file for e in EXAMPLES if e.file.startswith("okt/prototype/valid/okt-event")]
FHIR_WITH_EPISODES = [
    "okt/fhir/valid/transaksjon-to-tjenester.json",
    "okt/fhir/valid/episode-midlertidig-stanset.json",
    "okt/fhir/valid/sokeresultat-med-enhet.json",
]
ORG = Organisation("999999980", "Hjemmetjenesten sone vest")
OPTIONAL_TEXT = ("endDate", "serviceLevel", "stayType", "weeklyExtent", "serviceDescription")


def _load(rel: str) -> dict[str, Any]:
    return json.loads((ROOT / "examples" / rel).read_text(encoding="utf-8"))


def _canonical(event: dict[str, Any]) -> dict[str, Any]:
    """The prototype's own form: every field present, "" for unset text, false for unset flags, and an
    unset level and parent as the code's place in the code system (as NHN fills them in)."""
    messages = []
    for message in event["oktMessages"]:
        level, parent = iplos_place(message["iplosCode"]["iplosCodeValue"])
        code = {
            "iplosCodeDescription": "",
            "iplosCodeLevel": level,
            "iplosParentCode": parent,
            **message["iplosCode"],
        }
        flags = {"temporaryCessation": False, "needsCaption": False}
        messages.append({**dict.fromkeys(OPTIONAL_TEXT, ""), **flags, **message, "iplosCode": code})
    return {"personIdentifier": event["personIdentifier"], "oktMessages": messages}


def test_there_are_examples_to_convert() -> None:
    assert len(PROTOTYPE_VALID) >= 3


@pytest.mark.parametrize("rel", PROTOTYPE_VALID)
def test_prototype_round_trip_keeps_every_field(rel: str) -> None:
    event = _load(rel)
    bundle = to_fhir(event, ORG)
    result = validate(bundle, spec="okt").results[0]
    assert [i for i in result.issues if i.severity.value in ("error", "warning")] == []
    assert to_prototype(bundle) == _canonical(event)


def test_full_examples_round_trip_exactly() -> None:
    event = _load("okt/prototype/valid/okt-event-tre-tjenester.json")
    assert to_prototype(to_fhir(event, ORG)) == event


@pytest.mark.parametrize("rel", FHIR_WITH_EPISODES)
def test_fhir_round_trip_keeps_the_episodes(rel: str) -> None:
    resource = _load(rel)
    event = to_prototype(resource)
    again = to_fhir(event, ORG)
    assert to_prototype(again) == event
    episodes = [e["resource"] for e in again["entry"] if e["resource"]["resourceType"] == "EpisodeOfCare"]
    originals = (
        [resource]
        if resource["resourceType"] == "EpisodeOfCare"
        else [e["resource"] for e in resource["entry"] if e["resource"]["resourceType"] == "EpisodeOfCare"]
    )
    for new, old in zip(episodes, originals, strict=True):
        for key in ("status", "patient", "period"):
            assert new[key] == old[key], key
        assert [_codes(t) for t in new["type"]] == [_codes(t) for t in old["type"]]
        # the IPLOS text comes back in type.text (NHN's own text is not the code system's display)
        old_text = old["type"][0].get("text") or old["type"][0]["coding"][0].get("display")
        assert new["type"][0].get("text") == old_text
        assert "display" not in new["type"][0]["coding"][0]
        assert new["type"][1:] == old["type"][1:]
        # level and parent come back as extensions also where the original left them to the code system
        code = old["type"][0]["coding"][0]["code"]
        place = dict(zip(("iplosCodeLevel", "iplosParentCode"), iplos_place(code), strict=True))
        derived = {EXT[name]: {"url": EXT[name], "valueString": value} for name, value in place.items()}
        assert {x["url"]: x for x in new.get("extension", [])} == derived | {
            x["url"]: x for x in old.get("extension", [])
        }


def _codes(concept: dict[str, Any]) -> list[tuple[str, str]]:
    return [(c["system"], c["code"]) for c in concept["coding"]]


def _episode(code: str, *extensions: dict[str, Any]) -> dict[str, Any]:
    episode = _load("okt/fhir/valid/episode-midlertidig-stanset.json")
    episode["type"][0]["coding"][0]["code"] = code
    kept = [e for e in episode.get("extension", []) if e["url"] not in (EXT["iplosCodeLevel"], EXT["iplosParentCode"])]
    episode["extension"] = kept + list(extensions)
    return episode


@pytest.mark.parametrize("code", ["4", "15", "19", "29"])
def test_fhir_without_level_extensions_gets_the_code_systems_level_and_parent(code: str) -> None:
    """Issue 25: code 4 came back with an empty iplosCodeLevel while 15 (whose example had the extension) got "1".
    Every code of 9151 is at the top of the code system: level "1", parent "0", as NHN fills them in."""
    (message,) = to_prototype(_episode(code))["oktMessages"]
    assert message["iplosCode"]["iplosCodeValue"] == code
    assert (message["iplosCode"]["iplosCodeLevel"], message["iplosCode"]["iplosParentCode"]) == ("1", "0")


def test_level_and_parent_extensions_are_kept_as_they_are() -> None:
    level = {"url": EXT["iplosCodeLevel"], "valueString": "2"}
    parent = {"url": EXT["iplosParentCode"], "valueString": "15"}
    (message,) = to_prototype(_episode("4", level, parent))["oktMessages"]
    assert (message["iplosCode"]["iplosCodeLevel"], message["iplosCode"]["iplosParentCode"]) == ("2", "15")


def test_every_iplos_code_has_its_place_from_the_code_system() -> None:
    system = json.loads(
        (ROOT / "specs/okt/1.1.0/generated/CodeSystem-iplos-tjenestetype.json").read_text(encoding="utf-8")
    )
    assert system["url"] == IPLOS
    codes = [c["code"] for c in system["concept"]]
    assert len(codes) == 29
    assert {code: iplos_place(code) for code in codes} == dict.fromkeys(codes, ("1", "0"))
    assert iplos_place("05") == ("1", "0")  # NHN's form with a leading zero
    assert iplos_place("99") == ("", "")


def test_status_mapping() -> None:
    event = _load("okt/prototype/valid/okt-event-tre-tjenester.json")
    statuses = [e["resource"]["status"] for e in to_fhir(event, ORG)["entry"][1:]]
    assert statuses == ["active", "active", "finished"]
    on_hold = to_fhir(_load("okt/prototype/valid/okt-event-stanset-d-nummer.json"), ORG)
    episode = on_hold["entry"][1]["resource"]
    assert episode["status"] == "onhold"
    assert episode["patient"]["identifier"]["system"] == "urn:oid:2.16.578.1.12.4.1.4.2"


def test_leading_zero_is_normalised() -> None:
    bundle = to_fhir(_load("okt/prototype/valid/innledende-null.json"), ORG)
    assert bundle["entry"][1]["resource"]["type"][0]["coding"][0]["code"] == "5"


@pytest.mark.parametrize(
    ("text", "hours"),
    [("15 timer", 15), ("2,5", 2.5), ("7.5 t", 7.5), ("30 minutter", 0.5), ("200 timer", None), ("etter behov", None)],
)
def test_weekly_hours(text: str, hours: float | None) -> None:
    assert weekly_hours(text) == hours


def test_entered_in_error_has_no_prototype_form() -> None:
    resource = _load("okt/fhir/valid/episode-midlertidig-stanset.json")
    resource["status"] = "entered-in-error"
    with pytest.raises(ConversionError) as caught:
        to_prototype(resource)
    assert caught.value.expression == "EpisodeOfCare.status"


def test_cli_converts_both_ways(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = ROOT / "examples/okt/prototype/valid/okt-event-tre-tjenester.json"
    out = tmp_path / "bundle.json"
    assert main(["convert", str(source), "--organisasjonsnummer", "999999980", "--output", str(out)]) == 0
    assert validate(out).results[0].spec == "okt@2.0.0"
    assert main(["convert", str(out)]) == 0
    assert json.loads(capsys.readouterr().out) == _load("okt/prototype/valid/okt-event-tre-tjenester.json")


@pytest.mark.parametrize(
    ("rel", "code", "expression"),
    [
        ("okt/prototype/invalid/slutt-for-start.json", "rule-date-order", "$.oktMessages[0].endDate"),
        ("okt/prototype/invalid/feil-kontrollsiffer.json", "no-id-check-digits", "$.personIdentifier"),
        ("okt/fhir/invalid/episode-avsluttet-uten-sluttdato.json", "fhir-invariant", "EpisodeOfCare"),
        ("okt/fhir/valid/organisasjon-dagsenter.json", "convert-unsupported", "$"),
        ("okt/prototype/valid/okt-status.json", "convert-unsupported", "$"),
    ],
)
def test_cli_refuses_and_writes_nothing(
    rel: str, code: str, expression: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.json"
    args = ["convert", str(ROOT / "examples" / rel), "--organisasjonsnummer", "999999980", "--output", str(out)]
    assert main(args) == 1
    assert not out.exists()
    assert f"error {code} at {expression}" in capsys.readouterr().err


def test_cli_refuses_a_bad_organisation_number_as_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.json"
    source = str(ROOT / "examples/okt/prototype/valid/okt-event-minimal.json")
    with pytest.raises(SystemExit) as exited:
        main(["convert", source, "--organisasjonsnummer", "999999971", "--output", str(out)])
    assert exited.value.code == 2  # a usage error: the option is wrong, not the payload
    assert not out.exists()
    err = capsys.readouterr().err
    assert "argument --organisasjonsnummer: '999999971' is not a valid organisasjonsnummer" in err
    assert "convert-unsupported" not in err


def test_cli_needs_the_organisation_for_prototype_input(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["convert", str(ROOT / "examples/okt/prototype/valid/okt-event-minimal.json")]) == 2
    assert "--organisasjonsnummer" in capsys.readouterr().err


def test_cli_reports_unreadable_input_and_unwritable_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = str(ROOT / "examples/okt/prototype/valid/okt-event-minimal.json")
    assert main(["convert", str(tmp_path), "--organisasjonsnummer", "999999980"]) == 2
    assert "cannot read" in capsys.readouterr().err
    target = tmp_path / "missing" / "out.json"
    assert main(["convert", source, "--organisasjonsnummer", "999999980", "--output", str(target)]) == 2
    assert "cannot write" in capsys.readouterr().err


def test_cli_refuses_broken_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"personIdentifier": ', encoding="utf-8")
    assert main(["convert", str(broken), "--organisasjonsnummer", "999999980"]) == 1
    captured = capsys.readouterr()
    assert "error json-syntax at $" in captured.err and captured.out == ""
