"""One fixture for each discriminator type FHIR R4 defines (ElementDefinition.slicing.discriminator.type:
value, pattern, exists, type, profile), each in a closed slicing so that an item the discriminator
fails to place is an error. Every test pairs an item that must match with one that must not; together
they fail when a discriminator rule is broken (scripts/mutation-check runs the breaks).

The profiles are differential-only, as SUSHI writes them; the context generates the snapshots. Shaped
after the discriminator table of the R4 specification (profiling.html#discriminator, checked for this
test) and the core vitalsigns profile; no definition is copied from elsewhere.
"""

from __future__ import annotations

from typing import Any, ClassVar

from walker_cases import errors, example

from journalloft.fhir.context import FhirContext
from journalloft.fhir.definitions import load_core
from journalloft.fhir.validator import FhirValidator

BASE = "http://hl7.org/fhir/StructureDefinition/"
VITALSIGNS = BASE + "vitalsigns"
SCT = "http://snomed.info/sct"


def _profile(resource_type: str, url: str, *elements: dict[str, Any]) -> FhirValidator:
    sd = {
        "resourceType": "StructureDefinition",
        "url": url,
        "name": url.rsplit("/", 1)[-1].replace("-", ""),
        "status": "draft",
        "kind": "resource",
        "abstract": False,
        "type": resource_type,
        "baseDefinition": BASE + resource_type,
        "derivation": "constraint",
        "differential": {"element": list(elements)},
    }
    return FhirValidator(FhirContext(load_core(), [sd]))


def _slicing(path: str, kind: str, on: str) -> dict[str, Any]:
    return {"id": path, "path": path, "slicing": {"discriminator": [{"type": kind, "path": on}], "rules": "closed"}}


def _slice(path: str, name: str, low: int, high: str) -> dict[str, Any]:
    return {"id": f"{path}:{name}", "path": path, "sliceName": name, "min": low, "max": high}


def _procedure(**fields: Any) -> dict[str, Any]:
    return {"resourceType": "Procedure", "status": "completed", "subject": {"reference": "Patient/p1"}, **fields}


class TestValue:
    URL = "http://example.org/StructureDefinition/procedure-value"
    CHECKER = _profile(
        "Procedure",
        URL,
        _slicing("Procedure.code.coding", "value", "system"),
        _slice("Procedure.code.coding", "sct", 1, "1"),
        {"id": "Procedure.code.coding:sct.system", "path": "Procedure.code.coding.system", "fixedUri": SCT},
    )

    def test_an_item_with_the_fixed_value_matches(self) -> None:
        procedure = _procedure(code={"coding": [{"system": SCT, "code": "80146002"}]})
        assert errors(procedure, (self.URL,), self.CHECKER) == set()

    def test_an_item_with_another_value_is_unmatched(self) -> None:
        procedure = _procedure(code={"coding": [{"system": SCT + "/x", "code": "80146002"}]})
        assert errors(procedure, (self.URL,), self.CHECKER) == {
            ("fhir-slice-unmatched", "Procedure.code.coding[0]"),
            ("fhir-cardinality-min", "Procedure.code"),
        }


class TestPatternOverSeveralValues:
    """reasonCode is sliced by pattern on ``coding``: the path gives every coding of an item, and the
    item belongs to the slice when any one of them contains the pattern (not only when all of them do;
    never when there is none). In the slice the pattern then holds for each of its codings."""

    URL = "http://example.org/StructureDefinition/procedure-pattern"
    CHECKER = _profile(
        "Procedure",
        URL,
        _slicing("Procedure.reasonCode", "pattern", "coding"),
        _slice("Procedure.reasonCode", "fever", 0, "1"),
        {
            "id": "Procedure.reasonCode:fever.coding",
            "path": "Procedure.reasonCode.coding",
            "patternCoding": {"system": SCT, "code": "386661006"},
        },
    )
    FEVER: ClassVar[dict[str, str]] = {"system": SCT, "code": "386661006", "display": "Fever"}
    LOCAL: ClassVar[dict[str, str]] = {"system": "http://example.org/local", "code": "feber"}

    def test_codings_that_all_contain_the_pattern_match(self) -> None:
        reason = {"coding": [self.FEVER, {"system": SCT, "code": "386661006"}]}
        assert errors(_procedure(reasonCode=[reason]), (self.URL,), self.CHECKER) == set()

    def test_one_coding_of_several_containing_the_pattern_puts_the_item_in_the_slice(self) -> None:
        """In the slice, the other coding breaks the slice's pattern: reported there, not as unmatched."""
        reason = {"coding": [self.LOCAL, self.FEVER]}
        assert errors(_procedure(reasonCode=[reason]), (self.URL,), self.CHECKER) == {
            ("fhir-pattern-value", "Procedure.reasonCode[0].coding[0]")
        }

    def test_an_item_with_no_coding_matches_no_pattern(self) -> None:
        procedure = _procedure(reasonCode=[{"text": "feber"}])
        assert errors(procedure, (self.URL,), self.CHECKER) == {("fhir-slice-unmatched", "Procedure.reasonCode[0]")}

    def test_codings_none_of_which_contain_the_pattern_are_unmatched(self) -> None:
        reason = {"coding": [{"system": SCT, "code": "25064002"}, self.LOCAL]}
        procedure = _procedure(reasonCode=[reason])
        assert errors(procedure, (self.URL,), self.CHECKER) == {("fhir-slice-unmatched", "Procedure.reasonCode[0]")}


class TestExists:
    """performer is sliced by whether ``onBehalfOf`` exists: the slice ``alone`` (listed first) says
    max 0 for it, the slice ``forOrganisation`` min 1."""

    URL = "http://example.org/StructureDefinition/procedure-exists"
    CHECKER = _profile(
        "Procedure",
        URL,
        _slicing("Procedure.performer", "exists", "onBehalfOf"),
        _slice("Procedure.performer", "alone", 0, "1"),
        {"id": "Procedure.performer:alone.onBehalfOf", "path": "Procedure.performer.onBehalfOf", "max": "0"},
        _slice("Procedure.performer", "forOrganisation", 1, "1"),
        {"id": "Procedure.performer:forOrganisation.onBehalfOf", "path": "Procedure.performer.onBehalfOf", "min": 1},
    )
    ALONE: ClassVar[dict[str, Any]] = {"actor": {"reference": "Practitioner/a"}}
    FOR_ORGANISATION: ClassVar[dict[str, Any]] = {
        "actor": {"reference": "Practitioner/b"},
        "onBehalfOf": {"reference": "Organization/o"},
    }

    def test_each_item_goes_to_the_slice_its_element_presence_names(self) -> None:
        procedure = _procedure(performer=[self.ALONE, self.FOR_ORGANISATION])
        assert errors(procedure, (self.URL,), self.CHECKER) == set()

    def test_max_zero_keeps_an_item_with_the_element_out(self) -> None:
        """Both items have onBehalfOf: neither may count for ``alone`` (max 0), so ``forOrganisation``
        gets two where it allows one."""
        procedure = _procedure(performer=[self.FOR_ORGANISATION, self.FOR_ORGANISATION])
        assert errors(procedure, (self.URL,), self.CHECKER) == {("fhir-cardinality-max", "Procedure.performer")}

    def test_min_one_keeps_an_item_without_the_element_out(self) -> None:
        procedure = _procedure(performer=[self.ALONE])
        issues = [i for i in self.CHECKER.validate(procedure, (self.URL,)) if i.severity.is_error]
        assert [(i.code, i.expression) for i in issues] == [("fhir-cardinality-min", "Procedure")]
        assert "forOrganisation" in issues[0].message


class TestType:
    """Bundle.entry is sliced by the type of ``resource``: one Patient, and any other resource in the
    slice whose type is ``Resource``, the wildcard every resource type matches."""

    URL = "http://example.org/StructureDefinition/bundle-type"
    CHECKER = _profile(
        "Bundle",
        URL,
        _slicing("Bundle.entry", "type", "resource"),
        _slice("Bundle.entry", "patient", 1, "1"),
        {"id": "Bundle.entry:patient.resource", "path": "Bundle.entry.resource", "type": [{"code": "Patient"}]},
        _slice("Bundle.entry", "other", 0, "*"),
        {"id": "Bundle.entry:other.resource", "path": "Bundle.entry.resource", "type": [{"code": "Resource"}]},
    )

    @staticmethod
    def _bundle(*resources: dict[str, Any]) -> dict[str, Any]:
        entries = [
            {"fullUrl": f"urn:uuid:0b7a4e52-3c1d-4f7e-9a2b-5d6e7f80910{index}", "resource": resource}
            for index, resource in enumerate(resources)
        ]
        return {"resourceType": "Bundle", "type": "collection", "entry": entries}

    def test_any_resource_type_matches_the_resource_slice(self) -> None:
        bundle = self._bundle({"resourceType": "Patient"}, {"resourceType": "Basic", "code": {"text": "x"}})
        assert errors(bundle, (self.URL,), self.CHECKER) == set()

    def test_an_item_counts_for_the_first_slice_it_matches(self) -> None:
        """A second Patient matches ``patient`` before the wildcard, so that slice has two of its one."""
        bundle = self._bundle({"resourceType": "Patient"}, {"resourceType": "Patient"})
        assert errors(bundle, (self.URL,), self.CHECKER) == {("fhir-cardinality-max", "Bundle.entry")}

    def test_the_named_type_is_still_required(self) -> None:
        bundle = self._bundle({"resourceType": "Basic", "code": {"text": "x"}})
        issues = [i for i in self.CHECKER.validate(bundle, (self.URL,)) if i.severity.is_error]
        assert [(i.code, i.expression) for i in issues] == [("fhir-cardinality-min", "Bundle")]
        assert "patient" in issues[0].message


class TestProfile:
    """Bundle.entry is sliced by the profile of ``resource``: an entry belongs to ``vital`` only when
    its Observation conforms to the core vitalsigns profile."""

    URL = "http://example.org/StructureDefinition/bundle-profile"
    CHECKER = _profile(
        "Bundle",
        URL,
        _slicing("Bundle.entry", "profile", "resource"),
        _slice("Bundle.entry", "vital", 1, "*"),
        {
            "id": "Bundle.entry:vital.resource",
            "path": "Bundle.entry.resource",
            "type": [{"code": "Observation", "profile": [VITALSIGNS]}],
        },
    )

    @staticmethod
    def _bundle(observation: dict[str, Any]) -> dict[str, Any]:
        entry = {"fullUrl": "urn:uuid:5f0c2d1e-8a3b-4c6d-9e7f-0a1b2c3d4e5f", "resource": observation}
        return {"resourceType": "Bundle", "type": "collection", "entry": [entry]}

    def test_a_conforming_resource_matches(self) -> None:
        assert errors(self._bundle(example("Observation-example.json")), (self.URL,), self.CHECKER) == set()

    def test_a_resource_that_does_not_conform_is_unmatched(self) -> None:
        """A local code (so no profile applies by code) and no subject, which vitalsigns requires and
        base R4 does not: the entry fits no slice."""
        observation = example("Observation-example.json")
        observation["code"] = {"coding": [{"system": "http://example.org/local", "code": "vekt"}]}
        assert errors(self._bundle(observation), (self.URL,), self.CHECKER) == set()
        del observation["subject"]
        found = errors(self._bundle(observation), (self.URL,), self.CHECKER)
        assert found == {("fhir-slice-unmatched", "Bundle.entry[0]"), ("fhir-cardinality-min", "Bundle")}
