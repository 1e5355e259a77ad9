"""Arguments a vendor types: --lang before or after the command; wrong arguments are usage errors that name them."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "service"))

from serve_helpers import call_in_process

from journalloft.cli import main
from journalloft.service.app import Service, ServiceConfig

ROOT = Path(__file__).resolve().parents[1]
FNR_BAD = str(ROOT / "examples" / "fhir-r4" / "valid" / "patient-feil-fodselsnummer.json")
NORWEGIAN = "feil no-id-check-digits ved Patient.identifier[0].value (linje 12, kolonne 7): Ugyldig fødselsnummer"
ENGLISH = "error no-id-check-digits at Patient.identifier[0].value (line 12, column 7): Invalid fødselsnummer"


def _validate(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(argv)
    return code, capsys.readouterr().out


def test_lang_before_the_command_is_accepted(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _validate(["--lang", "nb", "validate", "--no-config", "--strict-identifiers", FNR_BAD], capsys)
    assert code == 1
    assert NORWEGIAN in out
    assert out.rstrip().endswith("1 sjekket: 0 gyldig, 1 ugyldig (2 feil, 0 advarsler)")


def test_lang_after_the_command_still_works_and_wins(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["validate", "--lang", "nb", "--no-config", "--strict-identifiers", FNR_BAD]
    assert NORWEGIAN in _validate(argv, capsys)[1]
    argv = ["--lang", "nb", "validate", "--lang", "en", "--no-config", "--strict-identifiers", FNR_BAD]
    assert ENGLISH in _validate(argv, capsys)[1]


def test_global_lang_wins_over_the_config_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "journalloft.toml"
    config.write_text('lang = "en"\n', encoding="utf-8")
    argv = ["--lang", "nb", "validate", "--config", str(config), "--strict-identifiers", FNR_BAD]
    assert NORWEGIAN in _validate(argv, capsys)[1]


def test_an_unknown_global_lang_is_a_usage_error_naming_the_option(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--lang", "sv", "validate", FNR_BAD])
    assert exited.value.code == 2
    assert "argument --lang: invalid choice: 'sv'" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("resource_type", "expected"),
    [
        ("EpisodeOfCare", "the resource is an EpisodeOfCare."),
        ("Observation", "the resource is an Observation."),
        ("Encounter", "the resource is an Encounter."),
        ("Bundle", "the resource is a Bundle."),
    ],
)
def test_the_type_mismatch_message_uses_the_right_article(resource_type: str, expected: str) -> None:
    service = Service(ServiceConfig(workers=0))
    body = json.dumps({"resourceType": resource_type}).encode()
    status, _, outcome = call_in_process(service, "/fhir/Patient/$validate", body)
    assert status == 400
    assert outcome["issue"][0]["diagnostics"] == f"The URL names Patient, but {expected}"


def test_a_prototype_payload_without_person_identifier_is_told_the_nearest_spec(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 25: the real okt-prototype spec, not a demo one; the message names it and the missing key."""
    payload = json.loads((ROOT / "examples/okt/prototype/valid/okt-event-minimal.json").read_text(encoding="utf-8"))
    del payload["personIdentifier"]
    path = tmp_path / "uten-id.json"
    path.write_text(json.dumps(payload), encoding="utf-8")
    code, out = _validate(["--lang", "nb", "validate", "--no-config", str(path)], capsys)
    assert code == 1
    [line] = [line for line in out.splitlines() if "spec-not-detected" in line]
    assert line.startswith("  feil spec-not-detected ved $: ")
    assert "Den ligner mest på okt-prototype@" in line and ", men mangler personIdentifier." in line
    assert line.endswith("Kjør med --spec okt-prototype for å få alle funn.")
