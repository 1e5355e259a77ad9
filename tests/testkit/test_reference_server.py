"""The OKT reference server answers as the spec's CapabilityStatement and FHIR's HTTP rules say."""

from __future__ import annotations

import copy
import http.client
import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from journalloft import validate
from journalloft.testkit.store import Store, StoreError, date_range, matches_date
from journalloft.testkit.transaction import apply_transaction

ROOT = Path(__file__).resolve().parents[2]
VALID = ROOT / "examples/okt/fhir/valid"
SEEDED_PERSON = "urn:oid:2.16.578.1.12.4.1.4.1|22750884907"  # transaksjon-to-tjenester.json


def call(
    base: str,
    method: str,
    path: str,
    body: Any = None,
    *,
    content_type: str = "application/fhir+json",
    headers: dict[str, str] | None = None,
) -> tuple[int, dict[str, str], Any]:
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=60)
    try:
        data = body if isinstance(body, (bytes, type(None))) else json.dumps(body).encode()
        sent = {**({"Content-Type": content_type} if data is not None else {}), **(headers or {})}
        conn.request(method, path, body=data, headers=sent)
        response = conn.getresponse()
        raw = response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, json.loads(raw) if raw else None
    finally:
        conn.close()


def example(name: str) -> dict[str, Any]:
    return json.loads((VALID / name).read_text(encoding="utf-8"))


def test_metadata_is_the_specs_capability_statement_as_an_instance(good_server: str) -> None:
    status, _, body = call(good_server, "GET", "/metadata")
    assert status == 200
    assert body["kind"] == "instance" and body["instantiates"] == [
        "https://journalloft.no/fhir/CapabilityStatement/okt-server"
    ]
    assert body["implementation"]["url"] == good_server
    assert validate(body).results[0].valid


def test_search_finds_the_seeded_services_and_counts_the_active_ones(good_server: str) -> None:
    status, _, body = call(good_server, "GET", f"/EpisodeOfCare?patient.identifier={SEEDED_PERSON}")
    assert status == 200 and body["type"] == "searchset" and body["total"] == 2
    assert {e["resource"]["status"] for e in body["entry"]} == {"active", "finished"}
    assert validate(body, spec="okt").results[0].valid
    status, _, count = call(
        good_server, "GET", f"/EpisodeOfCare?patient.identifier={SEEDED_PERSON}&status=active&_summary=count"
    )
    assert status == 200 and count["total"] == 1 and "entry" not in count


def test_paging_reaches_every_match_through_next_links(good_server: str) -> None:
    path = f"/EpisodeOfCare?patient.identifier={SEEDED_PERSON}&_count=1"
    seen = []
    while path:
        status, _, body = call(good_server, "GET", path)
        assert status == 200 and len(body.get("entry", [])) <= 1
        seen += [e["resource"]["id"] for e in body.get("entry", [])]
        nexts = [link["url"] for link in body["link"] if link["relation"] == "next"]
        path = urlsplit(nexts[0])._replace(scheme="", netloc="").geturl() if nexts else ""
    assert len(seen) == len(set(seen)) == 2


@pytest.mark.parametrize(
    ("path", "status", "code"),
    [
        ("/EpisodeOfCare/finnes-ikke", 404, "not-found"),
        ("/Patient/1", 404, "not-found"),
        ("/EpisodeOfCare?status=active", 400, "required"),
        (f"/EpisodeOfCare?patient.identifier={SEEDED_PERSON}&status=bogus", 400, "code-invalid"),
        (f"/EpisodeOfCare?patient.identifier={SEEDED_PERSON}&colour=red", 400, "not-supported"),
        (f"/EpisodeOfCare?patient.identifier={SEEDED_PERSON}&_lastUpdated=gtyesterday", 400, "invalid"),
    ],
)
def test_refusals_are_operation_outcomes(good_server: str, path: str, status: int, code: str) -> None:
    got, headers, body = call(good_server, "GET", path)
    assert got == status and headers["content-type"].startswith("application/fhir+json")
    assert body["resourceType"] == "OperationOutcome" and body["issue"][0]["code"] == code
    # The same answer headers as the validation service: no caching, and no sniffing of an error as HTML.
    assert headers["cache-control"] == "no-store" and headers["x-content-type-options"] == "nosniff"


def test_xml_is_refused_with_415(good_server: str) -> None:
    status, _, body = call(good_server, "POST", "/", b"<Bundle/>", content_type="application/fhir+xml")
    assert status == 415 and body["resourceType"] == "OperationOutcome"


def test_an_invalid_transaction_is_refused_with_the_validators_findings_and_stores_nothing(good_server: str) -> None:
    bundle = example("transaksjon-to-tjenester.json")
    del bundle["entry"][2]["resource"]["period"]
    expected = {(i.code, i.expression) for i in validate(bundle, spec="okt").results[0].issues if i.severity.is_error}
    before = call(good_server, "GET", f"/EpisodeOfCare?patient.identifier={SEEDED_PERSON}&_summary=count")[2]["total"]
    status, _, body = call(good_server, "POST", "/", bundle)
    assert status == 400 and expected
    found = {(i["details"]["coding"][0]["code"], i["expression"][0]) for i in body["issue"]}
    assert expected <= found
    after = call(good_server, "GET", f"/EpisodeOfCare?patient.identifier={SEEDED_PERSON}&_summary=count")[2]["total"]
    assert after == before


def test_a_transaction_creates_resolves_references_and_updates_units_by_organisation_number() -> None:
    store = Store()
    bundle = example("transaksjon-to-tjenester.json")
    store, response = apply_transaction(store, bundle)
    assert [e["response"]["status"] for e in response["entry"]] == ["201 Created"] * 4
    unit, parent, service = (e["response"]["location"].split("/")[1] for e in response["entry"][:3])
    assert store.read("Organization", unit)["partOf"]["reference"] == f"Organization/{parent}"
    assert store.read("EpisodeOfCare", service)["managingOrganization"]["reference"] == f"Organization/{unit}"
    # The same units again: updated in place (conditional PUT on the organisation number), not added.
    again, response = apply_transaction(store, bundle)
    assert [e["response"]["status"] for e in response["entry"][:2]] == ["200 OK"] * 2
    assert len([k for k in again.data if k[0] == "Organization"]) == 2


def test_a_failing_entry_leaves_the_store_as_it_was() -> None:
    store = Store()
    bundle = example("transaksjon-to-tjenester.json")
    broken = copy.deepcopy(bundle)
    broken["entry"][3]["resource"]["managingOrganization"] = {"reference": "Organization/finnes-ikke"}
    with pytest.raises(StoreError) as caught:
        apply_transaction(store, broken)
    assert caught.value.status == 400 and "Organization/finnes-ikke" in caught.value.message
    assert store.data == {}


def test_status_change_through_put_in_a_transaction(good_server: str) -> None:
    status, _, found = call(good_server, "GET", f"/EpisodeOfCare?patient.identifier={SEEDED_PERSON}&status=active")
    service = found["entry"][0]["resource"]
    changed = {**service, "status": "onhold"}
    bundle: dict[str, Any] = {
        "resourceType": "Bundle",
        "type": "transaction",
        "entry": [{"resource": changed, "request": {"method": "PUT", "url": f"EpisodeOfCare/{service['id']}"}}],
    }
    status, _, response = call(good_server, "POST", "/", bundle)
    assert status == 200 and response["entry"][0]["response"]["status"] == "200 OK"
    assert call(good_server, "GET", f"/EpisodeOfCare/{service['id']}")[2]["status"] == "onhold"
    restored = {**changed, "status": "active"}
    bundle["entry"][0]["resource"] = restored
    assert call(good_server, "POST", "/", bundle)[0] == 200


@pytest.mark.parametrize(
    ("criterion", "instant", "matches"),
    [
        ("gt2026-01-01", "2026-01-02T00:00:00Z", True),
        ("gt2026-01-01", "2026-01-01T23:59:59Z", False),
        ("ge2026-01-01", "2026-01-01T00:00:00Z", True),
        ("lt2026-01", "2025-12-31T23:59:59Z", True),
        ("lt2026-01", "2026-01-01T00:00:00Z", False),
        ("le2026", "2026-12-31T23:59:59Z", True),
        ("eq2026-01-01T10:00:00.000Z", "2026-01-01T10:00:00.000Z", True),
        ("2026-01-01T10:00:00Z", "2026-01-01T10:00:01Z", False),
    ],
)
def test_last_updated_prefixes(criterion: str, instant: str, matches: bool) -> None:
    assert matches_date(instant, date_range(criterion)) is matches


def test_a_required_token_is_checked_but_metadata_stays_open() -> None:
    from kit_helpers import serving

    with serving(token="t0ken") as url:
        assert call(url, "GET", "/metadata")[0] == 200
        status, headers, body = call(url, "GET", f"/EpisodeOfCare?patient.identifier={SEEDED_PERSON}")
        assert status == 401 and headers["www-authenticate"] == "Bearer" and body["issue"][0]["code"] == "login"
        ok = call(
            url, "GET", f"/EpisodeOfCare?patient.identifier={SEEDED_PERSON}", headers={"Authorization": "Bearer t0ken"}
        )
        assert ok[0] == 200
