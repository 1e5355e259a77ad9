"""Bundle rules checked natively, with the entry as location (bdl-2/3/4/7/11/12)."""

from __future__ import annotations

from typing import Any, ClassVar

import pytest
from walker_cases import EXAMPLES, errors, example, validator

UUIDS = [f"urn:uuid:6a1e3ab0-2f4a-4c1e-9f55-0c3f0e6e1a1{i}" for i in range(10)]


def _patient_entry(index: int, **extra: Any) -> dict[str, Any]:
    return {"fullUrl": UUIDS[index], "resource": {"resourceType": "Patient", "active": True}, **extra}


def _bundle(bundle_type: str, *entries: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"resourceType": "Bundle", "type": bundle_type, "entry": list(entries), **extra}


def test_official_transaction_is_valid() -> None:
    assert errors(example("Bundle-bundle-transaction.json")) == set()


class TestFullUrl:
    def test_unique_full_urls(self) -> None:
        assert errors(_bundle("collection", _patient_entry(0), _patient_entry(1))) == set()

    def test_duplicate_full_url(self) -> None:
        bundle = _bundle("collection", _patient_entry(0), _patient_entry(1), _patient_entry(0))
        assert errors(bundle) == {("fhir-bundle-fullurl", "Bundle.entry[2].fullUrl")}

    def test_same_full_url_allowed_for_different_versions(self) -> None:
        first, second = _patient_entry(0), _patient_entry(0)
        first["resource"]["meta"] = {"versionId": "1"}
        second["resource"]["meta"] = {"versionId": "2"}
        assert errors(_bundle("collection", first, second)) == set()


class TestRequestResponse:
    REQUEST: ClassVar[dict[str, str]] = {"method": "POST", "url": "Patient"}

    @pytest.mark.parametrize("bundle_type", ["transaction", "batch"])
    def test_entries_need_request(self, bundle_type: str) -> None:
        ok = _bundle(bundle_type, _patient_entry(0, request=self.REQUEST))
        missing = _bundle(bundle_type, _patient_entry(0, request=self.REQUEST), _patient_entry(1))
        assert errors(ok) == set()
        assert errors(missing) == {("fhir-bundle-entry", "Bundle.entry[1]")}

    def test_request_needs_method_and_url(self) -> None:
        bundle = _bundle("transaction", _patient_entry(0, request={"url": "Patient"}))
        assert errors(bundle) == {("fhir-cardinality-min", "Bundle.entry[0].request")}

    def test_request_not_allowed_in_collection(self) -> None:
        bundle = _bundle("collection", _patient_entry(0, request=self.REQUEST))
        assert errors(bundle) == {("fhir-bundle-entry", "Bundle.entry[0].request")}

    def test_response_types_need_response(self) -> None:
        ok = _bundle("transaction-response", {"response": {"status": "201 Created"}})
        missing = _bundle("batch-response", {"response": {"status": "200"}}, _patient_entry(1))
        assert errors(ok) == set()
        assert errors(missing) == {("fhir-bundle-entry", "Bundle.entry[1]")}

    def test_history_needs_request_and_response(self) -> None:
        entry = _patient_entry(0, request={"method": "PUT", "url": "Patient/1"})
        assert errors(_bundle("history", entry)) == {("fhir-bundle-entry", "Bundle.entry[0]")}
        entry["response"] = {"status": "200"}
        assert errors(_bundle("history", entry)) == set()


class TestSearchset:
    def test_search_only_in_searchset(self) -> None:
        bundle = _bundle("collection", _patient_entry(0, search={"mode": "match"}))
        assert errors(bundle) == {("fhir-bundle-entry", "Bundle.entry[0].search")}

    def test_search_mode_missing_is_a_warning(self) -> None:
        bundle = _bundle("searchset", _patient_entry(0, search={"mode": "match"}), _patient_entry(1))
        for number, entry in enumerate(bundle["entry"]):
            entry["resource"]["id"] = str(number)  # search results have ids (fhir-bundle-search)
        issues = [
            (i.severity.value, i.code, i.expression)
            for i in validator().validate(bundle, options=EXAMPLES)
            if i.code.startswith("fhir-bundle")
        ]
        assert issues == [("warning", "fhir-bundle-entry", "Bundle.entry[1]")]


class TestFirstEntry:
    def test_document_starts_with_composition(self) -> None:
        document = example("Bundle-father.json")
        # its one error: a relative reference from a urn:uuid entry (official_examples_exceptions.yaml)
        assert errors(document) == {("fhir-bundle-reference", "Bundle.entry[5].resource.requester.reference")}
        document["entry"].append(document["entry"].pop(0))
        assert ("fhir-bundle-entry", "Bundle.entry[0].resource") in errors(document)

    def test_message_starts_with_message_header(self) -> None:
        bundle = _bundle("message", _patient_entry(0), identifier={"system": "urn:ietf:rfc:3986", "value": UUIDS[9]})
        assert ("fhir-bundle-entry", "Bundle.entry[0].resource") in errors(bundle)


def test_bundle_invariants_are_not_reported_twice() -> None:
    bundle = _bundle("transaction", _patient_entry(0))
    codes = [(i.code, i.expression) for i in validator().validate(bundle, options=EXAMPLES) if i.severity.is_error]
    assert codes == [("fhir-bundle-entry", "Bundle.entry[0]")]


@pytest.mark.parametrize("source", ["Observation-example.json", "Patient-example.json"])
def test_entry_findings_after_a_profiled_resource_are_kept(source: str) -> None:
    """A vital-signs Observation gets a profile walk whose binding replaces the base walk's; the
    entry's own finding (bdl-8, checked after its resource) must survive that replacement."""
    entry = {"fullUrl": "http://example.org/fhir/Thing/1/_history/1", "resource": example(source)}
    bundle = _bundle("collection", entry)
    found = [
        (i.code, i.expression, i.message[:5])
        for i in validator().validate(bundle, options=EXAMPLES)
        if i.severity.is_error
    ]
    assert found == [("fhir-invariant", "Bundle.entry[0]", "bdl-8")]
