"""The service answers in the language a request asks for (Accept-Language) or ``serve --lang``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from serve_helpers import call_in_process, running

from id_numbers import NHN_SYNTHETIC, flip_last
from journalloft.i18n import accepted_lang
from journalloft.service.app import Service, ServiceConfig

FNR = "urn:oid:2.16.578.1.12.4.1.4.1"
NARRATIVE = {"status": "generated", "div": '<div xmlns="http://www.w3.org/1999/xhtml">Syntetisk</div>'}
BAD_DIGITS = flip_last(NHN_SYNTHETIC[0])
# A Patient whose fødselsnummer has wrong control digits, written with the identifier on line 6.
PATIENT = (
    "{\n"
    '  "resourceType": "Patient",\n'
    f'  "text": {json.dumps(NARRATIVE)},\n'
    '  "identifier": [\n'
    "    {\n"
    f'      "system": "{FNR}", "value": "{BAD_DIGITS}"\n'
    "    }\n"
    "  ]\n"
    "}\n"
).encode()
NORWEGIAN = f"Ugyldig fødselsnummer '{BAD_DIGITS}': kontrollsifrene stemmer ikke."
ENGLISH = f"Invalid fødselsnummer '{BAD_DIGITS}': its control digits do not match."


@pytest.fixture(scope="module")
def english_service() -> Service:
    return Service(ServiceConfig(workers=0))


def _check_digit_messages(outcome: dict[str, Any]) -> list[str]:
    return [i["diagnostics"] for i in outcome["issue"] if i["details"]["coding"][0]["code"] == "no-id-check-digits"]


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, "en"),
        ("nb", "nb"),
        ("nb-NO", "nb"),
        ("no", "nb"),
        ("nn-NO", "nb"),
        ("NB", "nb"),
        ("en-GB,nb;q=0.9", "en"),
        ("en;q=0.5, nb;q=0.9", "nb"),
        ("de, nb;q=0.2", "nb"),  # the first language the service has, by quality
        ("de, fr", "en"),  # none it has: the default
        ("nb;q=0, en", "en"),  # q=0: not this one
        ("*", "en"),
        ("nb;q=abc, en", "en"),  # a range that cannot be read is skipped
        ("sv;q=1, nb-NO;q=0.8, en;q=0.7", "nb"),
    ],
)
def test_accept_language_picks_the_best_language_the_service_has(header: str | None, expected: str) -> None:
    assert accepted_lang(header, "en") == expected


def test_a_header_naming_no_known_language_gives_the_configured_default() -> None:
    assert accepted_lang("de, fr;q=0.5", "nb") == "nb"
    assert accepted_lang(None, "nb") == "nb"
    assert accepted_lang("en", "nb") == "en"


def test_accept_language_nb_gives_norwegian_findings_and_says_so(english_service: Service) -> None:
    nb_no = {"Accept-Language": "nb-NO"}
    status, headers, outcome = call_in_process(english_service, "/fhir/$validate", PATIENT, nb_no)
    assert status == 200
    assert _check_digit_messages(outcome) == [NORWEGIAN]
    assert headers["content-language"] == "nb"
    assert headers["vary"] == "accept-language"
    issue = next(i for i in outcome["issue"] if i["diagnostics"] == NORWEGIAN)
    assert issue["details"]["text"] == NORWEGIAN


def test_without_accept_language_the_findings_are_english(english_service: Service) -> None:
    status, headers, outcome = call_in_process(english_service, "/fhir/$validate", PATIENT)
    assert (status, headers["content-language"]) == (200, "en")
    assert _check_digit_messages(outcome) == [ENGLISH]


def test_the_json_report_route_is_translated_too(english_service: Service) -> None:
    status, _, report = call_in_process(english_service, "/validate", PATIENT, {"Accept-Language": "nn, en;q=0.5"})
    assert status == 200
    messages = [i["message"] for i in report["results"][0]["issues"] if i["code"] == "no-id-check-digits"]
    assert messages == [NORWEGIAN]


def test_a_valid_resource_gets_the_no_findings_note_in_the_language() -> None:
    valid = json.dumps({"resourceType": "Patient", "text": NARRATIVE}).encode()
    service = Service(ServiceConfig(workers=0, lang="nb"))
    _, _, outcome = call_in_process(service, "/fhir/$validate", valid)
    assert [i["diagnostics"] for i in outcome["issue"]] == ["request: ingen funn (fhir-r4@4.0.1)"]
    _, _, outcome = call_in_process(service, "/fhir/$validate", valid, {"Accept-Language": "en-US"})
    assert [i["diagnostics"] for i in outcome["issue"]] == ["request: no issues found (fhir-r4@4.0.1)"]


def test_serve_lang_nb_answers_norwegian_from_a_worker_process(tmp_path: Path) -> None:
    with running("--lang", "nb", "--workers", "1", tmp=tmp_path) as server:
        norwegian = server.post("/fhir/Patient/$validate", PATIENT)
        assert norwegian.status == 200
        assert norwegian.headers["content-language"] == "nb"
        assert _check_digit_messages(norwegian.json()) == [NORWEGIAN]
        english = server.request("POST", "/fhir/$validate", PATIENT, "application/fhir+json", {"Accept-Language": "en"})
        assert _check_digit_messages(english.json()) == [ENGLISH]
        # A refusal made in the worker crosses to the service with its Norwegian text.
        refused = server.post("/fhir/Observation/$validate", PATIENT)
        assert refused.status == 400
        expected = "Adressen sier Observation, men ressursen er av typen Patient."
        assert refused.json()["issue"][0]["diagnostics"] == expected


def test_the_openapi_description_documents_accept_language_on_every_validate_route() -> None:
    from journalloft.service.app import OPENAPI_FILE

    document = json.loads(OPENAPI_FILE.read_text(encoding="utf-8"))
    for path, item in document["paths"].items():
        if path.endswith("validate"):
            (operation,) = item.values()
            headers = [p["name"] for p in operation["parameters"] if p["in"] == "header"]
            assert headers == ["Accept-Language"], path
            assert "Content-Language" in operation["responses"]["200"]["headers"], path


@pytest.mark.parametrize(
    ("path", "body", "content_type", "status", "norwegian"),
    [
        ("/fhir/$validate", b"", "application/fhir+json", 400, "Kroppen er tom; send meldingen som skal valideres."),
        ("/validate", b"", "application/json", 400, "Kroppen er tom; send meldingen som skal valideres."),
        (
            "/fhir/$validate",
            b"<Patient/>",
            "application/fhir+xml",
            415,
            "Content-Type application/fhir+xml godtas ikke; send application/fhir+json eller application/json. "
            "FHIR XML støttes ikke; gjør den om til JSON.",
        ),
        (
            "/fhir/$validate",
            b"{}",
            "application/fhir+json",
            400,
            "Kroppen er JSON, men ikke en FHIR-ressurs: den har ikke resourceType.",
        ),
    ],
)
def test_refusals_are_in_the_requested_language_too(  # noqa: PLR0917 - one parameter per column
    english_service: Service, path: str, body: bytes, content_type: str, status: int, norwegian: str
) -> None:
    headers = {"Accept-Language": "nb", "Content-Type": content_type}
    got, answer_headers, answer = call_in_process(english_service, path, body, headers)
    assert (got, answer_headers["content-language"]) == (status, "nb")
    message = answer["issue"][0]["diagnostics"] if path.startswith("/fhir/") else answer["error"]["message"]
    assert message == norwegian
    got, answer_headers, answer = call_in_process(english_service, path, body, {"Content-Type": content_type})
    english = answer["issue"][0]["diagnostics"] if path.startswith("/fhir/") else answer["error"]["message"]
    assert answer_headers["content-language"] == "en"
    assert english != norwegian and english.isascii()


@pytest.mark.parametrize(("body", "kind"), [(b"[]", "liste"), (b'"x"', "streng"), (b"3", "tall"), (b"null", "null")])
def test_a_top_level_value_that_is_not_an_object_is_named_in_norwegian(
    english_service: Service, body: bytes, kind: str
) -> None:
    """Found with the service in Norwegian: "Verdien på toppnivå er an array" kept the English words."""
    status, _, outcome = call_in_process(english_service, "/fhir/$validate", body, {"Accept-Language": "nb"})
    assert status == 400
    expected = f"Verdien på toppnivå er av typen {kind}; det skal være et JSON-objekt."
    assert outcome["issue"][0]["diagnostics"] == expected


@pytest.mark.parametrize(
    ("query", "norwegian"),
    [
        ("spec=finnes-ikke", "ukjent spesifikasjon 'finnes-ikke' (kjente: "),
        ("spec=okt@9.9.9", "spesifikasjonen 'okt' har ingen versjon '9.9.9' (kjente versjoner: "),
    ],
)
def test_an_unknown_spec_is_refused_in_norwegian(english_service: Service, query: str, norwegian: str) -> None:
    """It said "Detaljer (engelsk): unknown spec …": the client chose the spec, so the refusal is theirs to read."""
    status, _, answer = call_in_process(english_service, f"/validate?{query}", b"{}", {"Accept-Language": "nb"})
    message = answer["error"]["message"]
    assert status == 400 and message.startswith(norwegian) and message.endswith("(se /specs)")
    assert "engelsk" not in message
