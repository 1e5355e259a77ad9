"""References between the entries of message and document Bundles under the fullUrl rules (issue 23).

Shaped after FHIR/fhir-test-cases' bundle-with-contained (its MessageHeader's fullUrl does not end with
the MessageHeader's own id, so its focus ``Organization/…`` has no base; HL7's validator 6.7.10: "Can't
find 'Organization/…' in the bundle (MessageHeader Data)", an error) and uk-msg (an entry the
MessageHeader cannot reach: a warning). The fixtures are ours.
"""

from __future__ import annotations

from typing import Any

import pytest
from walker_cases import findings

from journalloft.issues import Issue

BASE = "https://sykehus.example.org/fhir"
UUID = "urn:uuid:0b7e3c52-9a41-4a8e-8d3e-5c1f2a7b9e0{}"


def _entry(full_url: str | None, resource: dict[str, Any]) -> dict[str, Any]:
    return {"resource": resource} if full_url is None else {"fullUrl": full_url, "resource": resource}


def _header(header_id: str, *focus: str) -> dict[str, Any]:
    return {
        "resourceType": "MessageHeader",
        "id": header_id,
        "eventCoding": {"system": "http://example.org/fhir/message-events", "code": "varsel"},
        "source": {"endpoint": "https://sykehus.example.org/meldinger"},
        "focus": [{"reference": reference} for reference in focus],
    }


def _organization(organization_id: str) -> dict[str, Any]:
    return {"resourceType": "Organization", "id": organization_id, "name": "Testsykehuset"}


def _message(*entries: dict[str, Any]) -> dict[str, Any]:
    return {
        "resourceType": "Bundle",
        "id": "melding",
        "type": "message",
        "timestamp": "2026-12-08T01:00:00+01:00",
        "entry": list(entries),
    }


def _ours(resource: dict[str, Any]) -> list[Issue]:
    return [issue for issue in findings(resource) if issue.code == "fhir-bundle-reference"]


def _errors(resource: dict[str, Any]) -> set[str]:
    return {issue.expression for issue in _ours(resource) if issue.severity.is_error}


def test_a_relative_focus_resolves_against_the_headers_restful_base() -> None:
    message = _message(
        _entry(f"{BASE}/MessageHeader/h1", _header("h1", "Organization/o1")),
        _entry(f"{BASE}/Organization/o1", _organization("o1")),
    )
    assert _ours(message) == []


def test_a_relative_focus_without_a_base_is_an_error_although_the_resource_is_there() -> None:
    """bundle-with-contained: the header's fullUrl ends with another id than the header's own."""
    message = _message(
        _entry(f"{BASE}/MessageHeader/annen-id", _header("h1", "Organization/o1")),
        _entry(f"{BASE}/Organization/o1", _organization("o1")),
    )
    found = _ours(message)
    assert _errors(message) == {"Bundle.entry[0].resource.focus[0].reference"}
    problem = next(issue for issue in found if issue.severity.is_error)
    assert f"the entry with that type and id has fullUrl {BASE}/Organization/o1" in problem.message
    assert "is not [base]/Type/id of its own resource" in problem.message


def test_a_relative_reference_from_a_urn_entry_is_an_error_when_the_target_is_there() -> None:
    patient = {"resourceType": "Patient", "id": "p1"}
    observation = {
        "resourceType": "Observation",
        "id": "obs1",
        "status": "final",
        "code": {"text": "puls"},
        "subject": {"reference": "Patient/p1"},
    }
    message = _message(
        _entry(UUID.format(0), _header("h1", UUID.format(1))),
        _entry(UUID.format(1), observation),
        _entry(UUID.format(2), patient),
    )
    assert _errors(message) == {"Bundle.entry[1].resource.subject.reference"}
    observation["subject"] = {"reference": UUID.format(2)}
    assert _ours(message) == []


def test_a_relative_reference_on_another_base_is_an_error() -> None:
    message = _message(
        _entry(f"{BASE}/MessageHeader/h1", _header("h1", "Organization/o1")),
        _entry("https://annen.example.org/fhir/Organization/o1", _organization("o1")),
    )
    [problem] = [issue for issue in _ours(message) if issue.severity.is_error]
    assert problem.expression == "Bundle.entry[0].resource.focus[0].reference"
    assert f"under the fullUrl rules it means {BASE}/Organization/o1" in problem.message


@pytest.mark.parametrize(
    ("focus", "wanted"),
    [
        ("Organization/finnes-ikke", {"Bundle.entry[0].resource.focus[0].reference"}),
        (f"{BASE}/Organization/finnes-ikke", {"Bundle.entry[0].resource.focus[0].reference"}),
        ("urn:oid:2.16.578.1.12.4.1.4.9999", {"Bundle.entry[0].resource.focus[0].reference"}),
        (f"{BASE}/Organization/o1", set()),
        (f"{BASE}/Questionnaire/skjema", set()),  # a definition the receiver is expected to know
    ],
)
def test_the_focus_must_be_in_the_message(focus: str, wanted: set[str]) -> None:
    message = _message(
        _entry(f"{BASE}/MessageHeader/h1", _header("h1", focus)),
        _entry(f"{BASE}/Organization/o1", _organization("o1")),
    )
    assert _errors(message) == wanted


def test_an_unresolved_urn_uuid_focus_is_reported_once_by_the_reference_check() -> None:
    message = _message(
        _entry(UUID.format(0), _header("h1", UUID.format(9))),
        _entry(UUID.format(1), _organization("o1")),
    )
    codes = {(issue.code, issue.expression) for issue in findings(message) if issue.severity.is_error}
    assert ("fhir-reference-unresolved", "Bundle.entry[0].resource.focus[0].reference") in codes
    assert _errors(message) == set()


def test_an_entry_the_header_cannot_reach_gets_a_warning() -> None:
    message = _message(
        _entry(UUID.format(0), _header("h1", UUID.format(1))),
        _entry(UUID.format(1), _organization("o1")),
        _entry(UUID.format(2), _organization("o2")),
    )
    found = _ours(message)
    assert [(issue.expression, issue.severity.is_error) for issue in found] == [("Bundle.entry[2]", False)]
    assert UUID.format(2) in found[0].message


def test_an_entry_pointing_back_at_the_message_is_reachable() -> None:
    """A Provenance that points at the message's content is reached backwards (HL7: a hint, no warning)."""
    provenance = {
        "resourceType": "Provenance",
        "id": "prov",
        "target": [{"reference": UUID.format(1)}],
        "recorded": "2026-12-08T01:00:00+01:00",
        "agent": [{"who": {"reference": UUID.format(1)}}],
    }
    message = _message(
        _entry(UUID.format(0), _header("h1", UUID.format(1))),
        _entry(UUID.format(1), _organization("o1")),
        _entry(UUID.format(2), provenance),
    )
    assert _ours(message) == []


def test_a_collection_keeps_the_old_rules() -> None:
    """Only messages and documents must hold together; a collection's relative reference may point to a server."""
    bundle = _message(
        _entry(f"{BASE}/MessageHeader/annen-id", _header("h1", "Organization/o1")),
        _entry(f"{BASE}/Organization/o1", _organization("o1")),
    )
    bundle["type"] = "collection"
    assert _ours(bundle) == []


def test_a_document_reference_under_the_fullurl_rules() -> None:
    composition = {
        "resourceType": "Composition",
        "id": "c1",
        "status": "final",
        "type": {"text": "epikrise"},
        "date": "2026-12-08",
        "title": "Epikrise",
        "author": [{"reference": "Organization/o1"}],
    }
    first = _entry(f"{BASE}/Composition/c1", composition)
    document = {
        "resourceType": "Bundle",
        "id": "dok",
        "type": "document",
        "identifier": {"system": "urn:ietf:rfc:3986", "value": UUID.format(8)},
        "timestamp": "2026-12-08T01:00:00+01:00",
        "entry": [first, _entry(f"{BASE}/Organization/o1", _organization("o1"))],
    }
    assert _ours(document) == []
    first["fullUrl"] = UUID.format(0)
    assert _errors(document) == {"Bundle.entry[0].resource.author[0].reference"}
