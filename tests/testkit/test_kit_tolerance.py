"""What FHIR leaves to the server does not fail the kit: hidden entered-in-error services, absolute locations."""

from __future__ import annotations

from typing import Any

import pytest
from kit_helpers import serving

from journalloft.testkit import reference, search
from journalloft.testkit.runner import run_kit
from journalloft.testkit.store import Query, Store


def _failed(report: dict[str, Any]) -> dict[str, str]:
    return {t["id"]: t["message"] for t in report["tests"] if t["status"] == "fail"}


def test_a_server_that_hides_entered_in_error_services_from_searches_passes(monkeypatch: pytest.MonkeyPatch) -> None:
    original = search.search_episodes

    def hiding(store: Store, query: Query) -> list[dict[str, Any]]:
        found = original(store, query)
        if "entered-in-error" in query.statuses:
            return found
        return [e for e in found if e.get("status") != "entered-in-error"]

    monkeypatch.setattr(search, "search_episodes", hiding)
    with serving() as url:
        report = run_kit(url, seed=4)
    assert _failed(report) == {}


def test_absolute_locations_in_the_transaction_response_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    original = reference.apply_transaction

    def absolute(store: Store, bundle: dict[str, Any]) -> tuple[Store, dict[str, Any]]:
        store, response = original(store, bundle)
        for entry in response["entry"]:
            entry["response"]["location"] = "https://okt.example.invalid/fhir/" + entry["response"]["location"]
        return store, response

    monkeypatch.setattr(reference, "apply_transaction", absolute)
    with serving() as url:
        report = run_kit(url, seed=4)
    assert _failed(report) == {}
