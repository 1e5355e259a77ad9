"""Slicing: discriminators, slice cardinality, closed/openAtEnd slicing and ordered slices."""

from __future__ import annotations

from typing import Any

from walker_cases import EXAMPLES, OverlayContext, derived_profile, errors, example, validator

from journalloft.fhir.validator import FhirValidator

VITALSIGNS = "http://hl7.org/fhir/StructureDefinition/vitalsigns"
BODYWEIGHT = "http://hl7.org/fhir/StructureDefinition/bodyweight"
LIPIDS = "http://hl7.org/fhir/StructureDefinition/lipidprofile"


def _with_category_rules(rules: str, url: str) -> FhirValidator:
    def change(element: dict[str, Any]) -> None:
        if element["id"] == "Observation.category":
            element["slicing"] = {**element["slicing"], "rules": rules}

    return FhirValidator(OverlayContext(derived_profile(VITALSIGNS, url, change)))


class TestValueDiscriminator:
    def test_vital_signs_category_matches_its_slice(self) -> None:
        assert errors(example("Observation-example.json"), (VITALSIGNS,)) == set()

    def test_slice_minimum_is_reported_at_the_parent_with_the_slice_named(self) -> None:
        observation = example("Observation-example.json")
        observation["category"][0]["coding"][0]["code"] = "laboratory"
        issues = [
            i
            for i in validator().validate(observation, (VITALSIGNS,), options=EXAMPLES)
            if i.code == "fhir-cardinality-min"
        ]
        assert [(i.expression, "VSCat" in i.message) for i in issues] == [("Observation", True)]

    def test_slice_maximum(self) -> None:
        observation = example("Observation-example.json")
        observation["category"].append(observation["category"][0])
        assert errors(observation, (VITALSIGNS,)) == {("fhir-cardinality-max", "Observation.category")}

    def test_fixed_values_inside_a_matched_slice_apply_to_every_coding(self) -> None:
        observation = example("Observation-example.json")
        observation["category"][0]["coding"].append(
            {"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "exam"}
        )
        assert errors(observation, (VITALSIGNS,)) == {("fhir-fixed-value", "Observation.category[0].coding[1].code")}

    def test_pattern_discriminator_on_code_coding(self) -> None:
        observation = example("Observation-example.json")
        assert errors(observation, (BODYWEIGHT,)) == set()
        observation["code"]["coding"] = [c for c in observation["code"]["coding"] if c["code"] != "29463-7"]
        found = [
            i
            for i in validator().validate(observation, (BODYWEIGHT,), options=EXAMPLES)
            if i.code == "fhir-cardinality-min"
        ]
        assert [(i.expression, "BodyWeightCode" in i.message) for i in found] == [("Observation.code", True)]


class TestRules:
    def test_open_slicing_accepts_other_items(self) -> None:
        observation = example("Observation-example.json")
        observation["category"].append({"coding": [{"system": "http://example.org/c", "code": "x"}]})
        assert errors(observation, (VITALSIGNS,)) == set()

    def test_closed_slicing_rejects_other_items(self) -> None:
        url = "http://example.org/StructureDefinition/closed"
        checker = _with_category_rules("closed", url)
        observation = example("Observation-example.json")
        assert errors(observation, (url,), checker) == set()
        observation["category"].append({"coding": [{"system": "http://example.org/c", "code": "x"}]})
        assert errors(observation, (url,), checker) == {("fhir-slice-unmatched", "Observation.category[1]")}

    def test_open_at_end_wants_other_items_last(self) -> None:
        url = "http://example.org/StructureDefinition/open-at-end"
        checker = _with_category_rules("openAtEnd", url)
        observation = example("Observation-example.json")
        observation["category"].append({"coding": [{"system": "http://example.org/c", "code": "x"}]})
        assert errors(observation, (url,), checker) == set()
        observation["category"].reverse()
        assert errors(observation, (url,), checker) == {("fhir-slice-order", "Observation.category[1]")}


def _lipid_bundle() -> dict[str, Any]:
    bundle = example("Bundle-lipids.json")
    report = bundle["entry"][0]["resource"]
    report["meta"] = {"profile": [LIPIDS]}
    report["code"] = {
        "coding": [
            {
                "system": "http://loinc.org",
                "code": "57698-3",
                "display": "Lipid panel with direct LDL - Serum or Plasma",
            }
        ]
    }
    for entry in bundle["entry"][1:]:
        entry["resource"]["code"].pop("text")  # the target profiles fix code exactly
        for limits in entry["resource"].get("referenceRange", ()):
            # ... and fix referenceRange.low/high as bare values (no unit), which the example adds
            for end in ("low", "high"):
                if end in limits:
                    limits[end] = {"value": limits[end]["value"]}
    return bundle


class TestResolveDiscriminatorAndOrder:
    """lipidprofile slices DiagnosticReport.result by resolve().code, closed and ordered."""

    def test_results_in_profile_order_match(self) -> None:
        found = {i for i in errors(_lipid_bundle()) if "result" in i[1] or i[1].endswith("resource")}
        assert found == set()

    def test_results_must_conform_to_the_target_profiles(self) -> None:
        bundle = _lipid_bundle()
        bundle["entry"][1]["resource"]["referenceRange"][0]["high"]["unit"] = "mmol/L"  # cholesterol fixes {value}
        found = {e for e in errors(bundle) if e[1].startswith("Bundle.entry[0]")}
        assert found == {("fhir-reference-target", "Bundle.entry[0].resource.result[0].reference")}

    def test_results_out_of_order(self) -> None:
        bundle = _lipid_bundle()
        results = bundle["entry"][0]["resource"]["result"]
        results[0], results[1] = results[1], results[0]
        assert ("fhir-slice-order", "Bundle.entry[0].resource.result[1]") in errors(bundle)

    def test_result_that_resolves_to_no_slice_is_unmatched(self) -> None:
        bundle = _lipid_bundle()
        bundle["entry"][4]["resource"]["code"]["coding"][0]["code"] = "0000-0"
        found = {e for e in errors(bundle) if e[1].startswith("Bundle.entry[0]")}
        assert found == {("fhir-slice-unmatched", "Bundle.entry[0].resource.result[3]")}


def _procedure_profile(url: str, *elements: dict[str, Any]) -> FhirValidator:
    """A differential-only Procedure profile (as SUSHI writes it), snapshot generated by the context."""
    from journalloft.fhir.context import FhirContext
    from journalloft.fhir.definitions import load_core

    sd = {
        "resourceType": "StructureDefinition",
        "url": url,
        "name": "P",
        "status": "draft",
        "kind": "resource",
        "abstract": False,
        "type": "Procedure",
        "baseDefinition": "http://hl7.org/fhir/StructureDefinition/Procedure",
        "derivation": "constraint",
        "differential": {"element": list(elements)},
    }
    return FhirValidator(FhirContext(load_core(), [sd]))


def _coding_slice(name: str, system: str) -> list[dict[str, Any]]:
    return [
        {
            "id": f"Procedure.code.coding:{name}",
            "path": "Procedure.code.coding",
            "sliceName": name,
            "min": 0,
            "max": "1",
        },
        {"id": f"Procedure.code.coding:{name}.system", "path": "Procedure.code.coding.system", "fixedUri": system},
    ]


def _procedure(*codings: dict[str, str]) -> dict[str, Any]:
    return {
        "resourceType": "Procedure",
        "id": "p1",
        "status": "completed",
        "subject": {"reference": "Patient/p1"},
        "code": {"coding": list(codings)},
    }


class TestUndecidableDiscriminator:
    """no-basis-Procedure slices code.coding by value at $this but fixes only coding.system."""

    URL = "http://example.org/StructureDefinition/procedure-this"

    def checker(self, path: str) -> FhirValidator:
        return _procedure_profile(
            self.URL,
            {
                "id": "Procedure.code.coding",
                "path": "Procedure.code.coding",
                "slicing": {"discriminator": [{"type": "value", "path": path}], "rules": "open"},
            },
            *_coding_slice("NKPK", "urn:oid:2.16.578.1.12.4.1.1.7275"),
            *_coding_slice("SCT", "http://snomed.info/sct"),
        )

    def test_discriminator_without_a_value_to_compare_warns_and_matches_nothing(self) -> None:
        procedure = _procedure({"system": "http://snomed.info/sct", "code": "80146002"})
        issues = self.checker("$this").validate(procedure, (self.URL,), options=EXAMPLES)
        found = [
            (i.severity.value, i.code, i.expression)
            for i in issues
            if i.code.startswith("fhir-slice") or i.code == "fhir-fixed-value"
        ]
        assert found == [
            ("warning", "fhir-slice-undecidable", "Procedure.code.coding"),
            ("warning", "fhir-slice-undecidable", "Procedure.code.coding"),
        ]
        assert "NKPK" in issues[[i.code for i in issues].index("fhir-slice-undecidable")].message

    def test_a_discriminator_on_the_fixed_element_still_matches(self) -> None:
        procedure = _procedure({"system": "http://snomed.info/sct", "code": "80146002"})
        issues = self.checker("system").validate(procedure, (self.URL,), options=EXAMPLES)
        assert [i for i in issues if i.code in ("fhir-slice-undecidable", "fhir-fixed-value")] == []


class TestReslicing:
    """coding:sct is re-sliced by code into sct/main (1..1): an item counts for the slice and the re-slice."""

    URL = "http://example.org/StructureDefinition/procedure-reslice"
    SCT = "http://snomed.info/sct"

    def checker(self) -> FhirValidator:
        return _procedure_profile(
            self.URL,
            {
                "id": "Procedure.code.coding",
                "path": "Procedure.code.coding",
                "slicing": {"discriminator": [{"type": "value", "path": "system"}], "rules": "open"},
            },
            {
                "id": "Procedure.code.coding:sct",
                "path": "Procedure.code.coding",
                "sliceName": "sct",
                "slicing": {"discriminator": [{"type": "value", "path": "code"}], "rules": "open"},
                "min": 0,
                "max": "2",
            },
            {"id": "Procedure.code.coding:sct.system", "path": "Procedure.code.coding.system", "fixedUri": self.SCT},
            {
                "id": "Procedure.code.coding:sct/main",
                "path": "Procedure.code.coding",
                "sliceName": "sct/main",
                "min": 1,
                "max": "1",
            },
            {
                "id": "Procedure.code.coding:sct/main.code",
                "path": "Procedure.code.coding.code",
                "fixedCode": "80146002",
            },
            {"id": "Procedure.code.coding:sct/main.display", "path": "Procedure.code.coding.display", "min": 1},
        )

    def test_item_matching_the_reslice_counts_for_it_and_gets_its_rules(self) -> None:
        checker = self.checker()
        ok = _procedure({"system": self.SCT, "code": "80146002", "display": "Appendectomy"})
        assert errors(ok, (self.URL,), checker) == set()
        no_display = _procedure({"system": self.SCT, "code": "80146002"})
        assert errors(no_display, (self.URL,), checker) == {("fhir-cardinality-min", "Procedure.code.coding[0]")}

    def test_missing_reslice_is_reported_with_its_name(self) -> None:
        other = _procedure({"system": self.SCT, "code": "387713003"})
        issues = [
            i for i in self.checker().validate(other, (self.URL,), options=EXAMPLES) if i.severity.value == "error"
        ]
        assert [(i.code, i.expression) for i in issues] == [("fhir-cardinality-min", "Procedure.code")]
        assert "sct/main" in issues[0].message

    def test_slice_maximum_counts_the_reslice_items(self) -> None:
        three = _procedure(*[{"system": self.SCT, "code": "80146002", "display": "A"}] * 3)
        found = errors(three, (self.URL,), self.checker())
        assert ("fhir-cardinality-max", "Procedure.code.coding") in found


class TestElementMinimumBesideSlices:
    """A profile's own minimum on a repeating element holds beside the minimums of its slices."""

    @staticmethod
    def _category_at_least(count: int) -> FhirValidator:
        url = "http://example.org/StructureDefinition/two-categories"

        def change(element: dict[str, Any]) -> None:
            if element["id"] == "Observation.category":
                element["min"] = count

        return FhirValidator(OverlayContext(derived_profile(VITALSIGNS, url, change)))

    def test_fewer_items_than_the_sliced_element_requires(self) -> None:
        observation = example("Observation-example.json")
        checker = self._category_at_least(2)
        found = list(
            checker.validate(observation, ("http://example.org/StructureDefinition/two-categories",), options=EXAMPLES)
        )
        assert [(i.code, i.expression, i.message) for i in found if i.severity.rank == 1] == [
            (
                "fhir-cardinality-min",
                "Observation.category",
                "Observation.category requires at least 2 item(s), found 1",
            )
        ]

    def test_enough_items_pass(self) -> None:
        observation = example("Observation-example.json")
        observation["category"].append({"coding": [{"system": "http://example.org/c", "code": "x"}]})
        checker = self._category_at_least(2)
        issues = checker.validate(
            observation, ("http://example.org/StructureDefinition/two-categories",), options=EXAMPLES
        )
        assert [i for i in issues if i.severity.rank == 1] == []

    def test_primitive_array_below_its_minimum(self) -> None:
        url = "http://example.org/StructureDefinition/two-subject-types"

        def change(element: dict[str, Any]) -> None:
            if element["id"] == "Questionnaire.subjectType":
                element["min"] = 2

        checker = FhirValidator(
            OverlayContext(derived_profile("http://hl7.org/fhir/StructureDefinition/Questionnaire", url, change))
        )
        questionnaire: dict[str, Any] = {"resourceType": "Questionnaire", "status": "draft", "subjectType": ["Patient"]}
        issues = [i for i in checker.validate(questionnaire, (url,), options=EXAMPLES) if i.severity.rank == 1]
        assert [(i.code, i.expression) for i in issues] == [("fhir-cardinality-min", "Questionnaire.subjectType")]
        questionnaire["subjectType"].append("Group")
        assert [i for i in checker.validate(questionnaire, (url,), options=EXAMPLES) if i.severity.rank == 1] == []


class TestSlicePlans:
    """What a slice asks of its definition is looked up once per slice, not once per item and slice."""

    def test_definitions_are_read_once_however_many_items(self, monkeypatch: Any) -> None:
        from journalloft.fhir import slicing

        calls: list[str] = []
        original = slicing.definition_at

        def counted(slice_def: Any, *args: Any, **kwargs: Any) -> Any:
            calls.append(slice_def.id)
            return original(slice_def, *args, **kwargs)

        monkeypatch.setattr(slicing, "definition_at", counted)
        checker = _with_category_rules("open", "http://example.org/StructureDefinition/plans-once")
        url = "http://example.org/StructureDefinition/plans-once"
        observation = example("Observation-example.json")
        observation["category"] = observation["category"] * 5  # five items, each matched against VSCat
        issues = checker.validate(observation, (url,), options=EXAMPLES)
        # the five items all match VSCat, so the slice maximum of 1 is what is reported
        assert [(i.code, i.expression) for i in issues if i.severity.is_error] == [
            ("fhir-cardinality-max", "Observation.category")
        ]
        first = len(calls)
        assert first > 0
        checker.validate(observation, (url,), options=EXAMPLES)
        assert len(calls) == first  # the second document reads no definitions for slicing at all
