"""Structural checks of the walker, each as a pass/fail pair with exact code and location."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

import pytest
from walker_cases import EXAMPLES, OverlayContext, derived_profile, errors, example, validator

from journalloft.fhir.context import core_context
from journalloft.fhir.options import DEFAULT_OPTIONS, FhirOptions
from journalloft.fhir.validator import FhirValidator, format_location
from journalloft.limits import Limits


def context_warnings(resource: Any) -> set[tuple[str, str]]:
    """(code, expression) of every extension-context warning."""
    return {
        (i.code, i.expression)
        for i in validator().validate(resource, options=EXAMPLES)
        if i.code == "fhir-extension-context"
    }


def _patient(**extra: Any) -> dict[str, Any]:
    return {"resourceType": "Patient", "id": "p1", **extra}


def test_minimal_patient_is_valid() -> None:
    assert errors(_patient(active=True, gender="female", birthDate="2000-02-29")) == set()


@pytest.mark.parametrize(
    ("resource", "expected"),
    [
        ({"id": "x"}, ("fhir-resource-type", "(root)")),
        ({"resourceType": "Patinet"}, ("fhir-resource-type", "Patinet")),
        ({"resourceType": "Element"}, ("fhir-resource-type", "Element")),
        ([], ("fhir-json-type", "(root)")),
    ],
)
def test_resource_type_must_name_a_resource(resource: Any, expected: tuple[str, str]) -> None:
    assert errors(resource) == {expected}


def test_unknown_elements_are_reported_where_they_are() -> None:
    resource = _patient(name=[{"family": "A", "surname": "B"}], _foo={"id": "1"})
    assert errors(resource) == {
        ("fhir-unknown-element", "Patient.name[0].surname"),
        ("fhir-unknown-element", "Patient._foo"),
    }


def test_resource_type_key_only_allowed_on_resources() -> None:
    resource = _patient(name=[{"family": "A", "resourceType": "HumanName"}])
    assert errors(resource) == {("fhir-unknown-element", "Patient.name[0].resourceType")}


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("active", "true", ("fhir-json-type", "Patient.active")),
        ("active", 1, ("fhir-json-type", "Patient.active")),
        ("multipleBirthInteger", "2", ("fhir-json-type", "Patient.multipleBirth.ofType(integer)")),
        ("multipleBirthInteger", Decimal("2.5"), ("fhir-primitive", "Patient.multipleBirth.ofType(integer)")),
        ("birthDate", "2023-02-30", ("fhir-primitive", "Patient.birthDate")),
        ("birthDate", 2023, ("fhir-json-type", "Patient.birthDate")),
        ("deceasedDateTime", "2023-01-01T10:00:00", ("fhir-primitive", "Patient.deceased.ofType(dateTime)")),
        ("gender", "", ("fhir-empty", "Patient.gender")),
        ("maritalStatus", "M", ("fhir-json-type", "Patient.maritalStatus")),
        ("name", [{"family": "A"}, "B"], ("fhir-json-type", "Patient.name[1]")),
    ],
)
def test_json_types_and_primitive_formats(key: str, value: Any, expected: tuple[str, str]) -> None:
    assert errors(_patient(**{key: value})) == {expected}


def test_null_empty_and_array_shape() -> None:
    resource = _patient(
        active=None,
        name=[],
        maritalStatus={},
        gender=["male"],
        telecom={"system": "phone", "value": "1"},
        address=[None],
    )
    assert errors(resource) == {
        ("fhir-null", "Patient.active"),
        ("fhir-empty", "Patient.name"),
        ("fhir-empty", "Patient.maritalStatus"),
        ("fhir-array-unexpected", "Patient.gender"),
        ("fhir-array-expected", "Patient.telecom"),
        ("fhir-null", "Patient.address[0]"),
    }


def test_only_one_choice_type() -> None:
    ok = _patient(deceasedBoolean=False)
    both = _patient(deceasedBoolean=False, deceasedDateTime="2020-01-01")
    assert errors(ok) == set()
    assert errors(both) == {("fhir-choice", "Patient.deceased")}


def test_choice_type_not_in_the_base_definition() -> None:
    assert errors(_patient(deceasedString="yes")) == {("fhir-type-not-allowed", "Patient.deceased.ofType(string)")}


class TestPrimitiveExtensions:
    # A core extension allowed on any element: these tests are about the arrays' alignment, and an unknown
    # or example-domain extension would be an error of its own (HL7's default, see test_hl7_default_rules).
    EXT: ClassVar[dict[str, Any]] = {
        "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/data-absent-reason", "valueCode": "unknown"}]
    }

    def test_aligned_arrays_with_null_placeholders_are_valid(self) -> None:
        resource = _patient(name=[{"given": ["A", None], "_given": [None, self.EXT]}])
        assert errors(resource) == set()

    def test_extension_without_value_is_valid(self) -> None:
        assert errors(_patient(_birthDate=self.EXT)) == set()

    def test_arrays_of_different_length(self) -> None:
        resource = _patient(name=[{"given": ["A", "B"], "_given": [self.EXT]}])
        assert errors(resource) == {("fhir-primitive-extension", "Patient.name[0].given")}

    def test_null_on_both_sides(self) -> None:
        resource = _patient(name=[{"given": ["A", None], "_given": [self.EXT, None]}])
        assert errors(resource) == {("fhir-null", "Patient.name[0].given[1]")}

    def test_extension_part_must_be_an_object_without_value(self) -> None:
        assert errors(_patient(_birthDate="x")) == {("fhir-primitive-extension", "Patient.birthDate")}
        assert errors(_patient(_birthDate={"value": "2000"})) == {("fhir-unknown-element", "Patient.birthDate.value")}

    def test_extensions_of_the_primitive_are_walked(self) -> None:
        # patient-birthTime is the core extension on birthDate; its dateTime names a day February lacks.
        birth_time = "http://hl7.org/fhir/StructureDefinition/patient-birthTime"
        resource = _patient(_birthDate={"extension": [{"url": birth_time, "valueDateTime": "2023-02-30T10:00:00Z"}]})
        assert errors(resource) == {("fhir-primitive", "Patient.birthDate.extension[0].value.ofType(dateTime)")}


def test_required_elements_are_reported_at_the_parent() -> None:
    observation = {"resourceType": "Observation", "code": {"text": "x"}}
    assert errors(observation) == {("fhir-cardinality-min", "Observation")}
    observation["status"] = "final"
    assert errors(observation) == set()


def test_content_reference_children_are_known() -> None:
    questionnaire = {
        "resourceType": "Questionnaire",
        "status": "draft",
        "item": [{"linkId": "1", "type": "group", "item": [{"linkId": "1.1", "type": "string", "foo": 1}]}],
    }
    assert errors(questionnaire) == {("fhir-unknown-element", "Questionnaire.item[0].item[0].foo")}


def test_nested_resources_are_validated_against_their_own_type() -> None:
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{"fullUrl": "urn:uuid:6a1e3ab0-2f4a-4c1e-9f55-0c3f0e6e1a11", "resource": _patient(active="yes")}],
    }
    assert errors(bundle) == {("fhir-json-type", "Bundle.entry[0].resource.active")}
    parameters = {"resourceType": "Parameters", "parameter": [{"name": "p", "resource": _patient(gender=1)}]}
    assert errors(parameters) == {("fhir-json-type", "Parameters.parameter[0].resource.gender")}


class TestContained:
    def test_contained_referenced_resource_is_valid(self) -> None:
        resource = _patient(
            contained=[{"resourceType": "Organization", "id": "o1", "name": "X"}],
            managingOrganization={"reference": "#o1"},
        )
        assert errors(resource) == set()

    def test_contained_resources_are_walked_with_their_own_location(self) -> None:
        resource = _patient(
            contained=[{"resourceType": "Organization", "id": "o1", "name": "X", "active": "yes"}],
            managingOrganization={"reference": "#o1"},
        )
        assert errors(resource) == {("fhir-json-type", "Patient.contained[0].active")}

    def test_contained_rules(self) -> None:
        inner = {"resourceType": "Organization", "id": "o2", "name": "Y"}
        resource = _patient(
            contained=[
                {
                    "resourceType": "Organization",
                    "id": "o1",
                    "meta": {"versionId": "1", "security": [{"code": "R"}]},
                    "contained": [inner],
                }
            ],
            managingOrganization={"reference": "#o1"},
        )
        found = errors(resource)
        assert {
            ("fhir-contained", "Patient.contained[0].contained"),
            ("fhir-contained", "Patient.contained[0].meta.versionId"),
            ("fhir-contained", "Patient.contained[0].meta.security"),
        } <= found


def test_ele_1_and_ext_1_natively() -> None:
    assert errors(_patient(maritalStatus={"id": "a"})) == {("fhir-invariant", "Patient.maritalStatus")}
    both = _patient(
        extension=[{"url": "http://example.org/x", "valueString": "a", "extension": [{"url": "y", "valueString": "b"}]}]
    )
    neither = _patient(extension=[{"url": "http://example.org/x"}])
    assert ("fhir-invariant", "Patient.extension[0]") in errors(both)
    assert ("fhir-invariant", "Patient.extension[0]") in errors(neither)


def test_known_extension_definitions_are_applied() -> None:
    birth_time = "http://hl7.org/fhir/StructureDefinition/patient-birthTime"  # context: Patient.birthDate
    good = _patient(
        birthDate="2000-01-01", _birthDate={"extension": [{"url": birth_time, "valueDateTime": "2000-01-01T10:00:00Z"}]}
    )
    wrong_type = _patient(birthDate="2000-01-01", _birthDate={"extension": [{"url": birth_time, "valueString": "ten"}]})
    assert errors(good) == set()
    assert errors(wrong_type) == {
        ("fhir-type-not-allowed", "Patient.birthDate.extension[0].value.ofType(string)"),
        ("fhir-cardinality-min", "Patient.birthDate.extension[0]"),  # value[x] is 1..1 in patient-birthTime
    }


def test_extension_context_pass_and_fail() -> None:
    maiden_name = "http://hl7.org/fhir/StructureDefinition/patient-mothersMaidenName"  # context: Patient
    body_position = (
        "http://hl7.org/fhir/StructureDefinition/observation-bodyPosition"  # Observation, Specimen.collection
    )
    assert context_warnings(_patient(extension=[{"url": maiden_name, "valueString": "Syntetisk"}])) == set()
    assert context_warnings(
        _patient(extension=[{"url": body_position, "valueCodeableConcept": {"text": "sittende"}}])
    ) == {("fhir-extension-context", "Patient.extension[0]")}
    # on the root of a resource that a context does not name, and on a backbone element it does not name
    birth_time = "http://hl7.org/fhir/StructureDefinition/patient-birthTime"
    assert context_warnings(_patient(extension=[{"url": birth_time, "valueDateTime": "2000-01-01T10:00:00Z"}])) == {
        ("fhir-extension-context", "Patient.extension[0]")
    }
    contact = {"name": {"family": "Syntetisk"}, "extension": [{"url": maiden_name, "valueString": "x"}]}
    assert context_warnings(_patient(contact=[contact])) == {
        ("fhir-extension-context", "Patient.contact[0].extension[0]")
    }
    # a data type context cannot be decided from the path, so it is let through
    translation = "http://hl7.org/fhir/StructureDefinition/translation"  # context: string, code, markdown
    translated = {
        "extension": [
            {
                "url": translation,
                "extension": [{"url": "lang", "valueCode": "nn"}, {"url": "content", "valueString": "Syntetisk"}],
            }
        ]
    }
    assert context_warnings(_patient(name=[{"family": "Syntetisk", "_family": translated}])) == set()


def test_bindings_by_strength() -> None:
    assert errors(_patient(gender="other")) == set()
    assert errors(_patient(gender="mann")) == {("fhir-binding-required", "Patient.gender")}
    issues = validator().validate(
        _patient(maritalStatus={"coding": [{"system": "http://example.org", "code": "x"}]}), options=EXAMPLES
    )
    assert [(i.severity.value, i.code, i.expression) for i in issues if i.expression != "Patient"] == [
        ("warning", "fhir-binding-extensible", "Patient.maritalStatus"),
        ("information", "fhir-code-not-checked", "Patient.maritalStatus.coding[0].code"),  # http://example.org
    ]


def _not_a_vital_sign(observation: dict[str, Any]) -> dict[str, Any]:
    """Observation-example is a body weight, which brings in the core bodyweight profile (by code);
    these tests are about the base definitions, so give it a code outside the vital signs."""
    observation["code"] = {"coding": [{"system": "http://loinc.org", "code": "2339-0"}]}
    return observation


def test_codeable_concept_is_valid_when_any_coding_is_in_the_value_set() -> None:
    observation = _not_a_vital_sign(example("Observation-example.json"))
    observation["category"][0]["coding"].insert(0, {"system": "http://example.org", "code": "x"})
    assert errors(observation) == set()


def _short_gender_profile() -> tuple[str, FhirValidator]:
    """A Patient profile that limits gender to 4 characters, and a validator that knows it."""
    url = "http://example.org/StructureDefinition/short-gender"

    def change(element: dict[str, Any]) -> None:
        if element["id"] == "Patient.gender":
            element["maxLength"] = 4

    profile = derived_profile("http://hl7.org/fhir/StructureDefinition/Patient", url, change)
    profile["derivation"] = "constraint"
    return url, FhirValidator(OverlayContext(profile))


def test_max_length_from_a_profile() -> None:
    url, checker = _short_gender_profile()
    assert errors(_patient(gender="female"), (url,), checker) == {("fhir-max-length", "Patient.gender")}
    assert errors(_patient(gender="male"), (url,), checker) == set()


def test_unknown_meta_profile_is_a_warning() -> None:
    patient = _patient(meta={"profile": ["http://example.org/StructureDefinition/unknown"]})
    issues = validator().validate(patient, options=EXAMPLES)
    assert [(i.severity.value, i.code, i.expression) for i in issues if i.code == "fhir-profile-unknown"] == [
        ("warning", "fhir-profile-unknown", "Patient.meta.profile[0]")
    ]


def test_profiles_by_type_apply_to_nested_resources() -> None:
    url, checker = _short_gender_profile()
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{"fullUrl": "urn:uuid:6a1e3ab0-2f4a-4c1e-9f55-0c3f0e6e1a11", "resource": _patient(gender="female")}],
    }
    issues = checker.validate(bundle, profiles_by_type={"Patient": [url]}, options=EXAMPLES)
    assert [(i.code, i.expression) for i in issues if i.severity.is_error] == [
        ("fhir-max-length", "Bundle.entry[0].resource.gender")
    ]


def test_limits_are_reported_with_locations_not_exceptions() -> None:
    deep: dict[str, Any] = {"url": "http://example.org/leaf", "valueString": "x"}
    for _ in range(400):
        deep = {"url": "http://example.org/node", "extension": [deep]}
    resource = _patient(extension=[deep])
    issues = FhirValidator(core_context(), Limits(max_depth=100)).validate(resource, options=EXAMPLES)
    assert [(i.code, i.expression.count("extension")) for i in issues if i.code == "json-too-deep"] == [
        ("json-too-deep", 50)
    ]


def test_format_location() -> None:
    loc = ((((None, "Observation", None), "component", 0), "value.ofType(Quantity)", None), "unit", None)
    assert format_location(loc) == "Observation.component[0].value.ofType(Quantity).unit"


@pytest.mark.parametrize(
    ("odd", "found"),
    [
        (None, [("error", "fhir-json-type", "(root)")]),
        (1, [("error", "fhir-json-type", "(root)")]),
        ("x", [("error", "fhir-json-type", "(root)")]),
        ([1], [("error", "fhir-json-type", "(root)")]),
        ({"resourceType": 5}, [("error", "fhir-resource-type", "(root)")]),
        (
            {"resourceType": "Patient", "name": [[{"family": 1}]]},
            [("error", "fhir-json-type", "Patient.name[0]"), ("warning", "fhir-invariant", "Patient")],
        ),
    ],
    ids=["null", "number", "string", "array", "resourceType-number", "nested-array"],
)
def test_odd_json_is_reported_not_raised(odd: Any, found: list[tuple[str, str, str]]) -> None:
    """Not a resource at all, or a value of the wrong JSON type: an error at its place, no exception."""
    assert [(i.severity.value, i.code, i.expression) for i in validator().validate(odd, options=EXAMPLES)] == found


def _nodes(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(value, dict):
        for key, child in value.items():
            found.extend(_nodes(child, (*path, key)))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found.extend(_nodes(child, (*path, index)))
    return found


@pytest.mark.parametrize(
    "source", ["Patient-example.json", "Observation-example.json", "Bundle-bundle-transaction.json"]
)
def test_random_replacements_never_raise(source: str) -> None:
    import random

    odd_values: list[Any] = [None, [], {}, "", 0, -1, True, Decimal("1.5"), [None], [[]], {"a": 1}, "x", [1, "a"]]
    rng = random.Random(4711)
    original = example(source)
    paths = [p for p in _nodes(original) if p]
    for _ in range(150):
        resource = example(source)
        path = rng.choice(paths)
        holder: Any = resource
        for step in path[:-1]:
            holder = holder[step]
        holder[path[-1]] = rng.choice(odd_values)
        issues = validator().validate(resource, options=EXAMPLES)
        assert all(issue.expression is not None for issue in issues)
        assert any(issue.severity.is_error for issue in issues) or holder[path[-1]] in ("x", 0, True, -1)


class TestCodings:
    SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-MaritalStatus"

    def _issues(self, code: str, display: str, options: FhirOptions = DEFAULT_OPTIONS) -> list[tuple[str, str, str]]:
        patient = _patient(maritalStatus={"coding": [{"system": self.SYSTEM, "code": code, "display": display}]})
        found = validator().validate(patient, options=options)
        return [(i.severity.value, i.code, i.expression) for i in found if i.expression != "Patient"]

    def test_known_code_with_its_display(self) -> None:
        assert self._issues("M", "Married") == []
        assert self._issues("M", "  married ") == []

    def test_unknown_code_in_a_complete_code_system(self) -> None:
        assert ("error", "fhir-code-unknown", "Patient.maritalStatus.coding[0].code") in self._issues("Q", "Queer")

    def test_display_that_differs(self) -> None:
        """An HL7 code system's display: an error as in HL7's validator, a warning when relaxed."""
        where = "Patient.maritalStatus.coding[0].display"
        assert self._issues("M", "Wed") == [("error", "fhir-display", where)]
        relaxed = FhirOptions(display_issues_are_warnings=True)
        assert self._issues("M", "Wed", relaxed) == [("warning", "fhir-display", where)]

    def test_code_systems_not_held_are_not_judged(self) -> None:
        patient = _patient(maritalStatus={"coding": [{"system": "http://snomed.info/sct", "code": "87915002"}]})
        assert errors(patient) == set()


def test_ucum_units_of_quantities_must_parse() -> None:
    observation = _not_a_vital_sign(example("Observation-example.json"))
    observation["valueQuantity"]["code"] = "[lb_av"
    assert errors(observation) == {("fhir-code-unknown", "Observation.value.ofType(Quantity).code")}


def test_a_profile_binding_replaces_the_base_binding() -> None:
    url = "http://example.org/StructureDefinition/gendered-marital-status"

    def change(element: dict[str, Any]) -> None:
        if element["id"] == "Patient.maritalStatus":
            element["binding"] = {
                "strength": "required",
                "valueSet": "http://hl7.org/fhir/ValueSet/administrative-gender",
            }

    profile = derived_profile("http://hl7.org/fhir/StructureDefinition/Patient", url, change)
    profile["derivation"] = "constraint"
    checker = FhirValidator(OverlayContext(profile))

    def binding_issues(code: str, system: str) -> list[tuple[str, str]]:
        patient = _patient(maritalStatus={"coding": [{"system": system, "code": code}]})
        return [
            (i.code, i.expression) for i in checker.validate(patient, (url,), options=EXAMPLES) if "binding" in i.code
        ]

    # in the profile's value set, not in the base's extensible one: no warning from the base
    assert binding_issues("female", "http://hl7.org/fhir/administrative-gender") == []
    # in the base's value set only: the profile's required binding fails
    assert binding_issues("M", "http://terminology.hl7.org/CodeSystem/v3-MaritalStatus") == [
        ("fhir-binding-required", "Patient.maritalStatus")
    ]
    # without the profile the base binding applies
    patient = _patient(
        maritalStatus={"coding": [{"system": "http://hl7.org/fhir/administrative-gender", "code": "female"}]}
    )
    assert [(i.code, i.expression) for i in checker.validate(patient, options=EXAMPLES) if "binding" in i.code] == [
        ("fhir-binding-extensible", "Patient.maritalStatus")
    ]


def test_a_profile_can_restrict_the_type_of_a_nested_resource() -> None:
    url = "http://example.org/StructureDefinition/patients-only"

    def change(element: dict[str, Any]) -> None:
        if element["id"] == "Bundle.entry.resource":
            element["type"] = [{"code": "Patient"}]

    profile = derived_profile("http://hl7.org/fhir/StructureDefinition/Bundle", url, change)
    profile["derivation"] = "constraint"
    checker = FhirValidator(OverlayContext(profile))

    def bundle(resource: dict[str, Any]) -> dict[str, Any]:
        entry = {"fullUrl": "urn:uuid:6a1e3ab0-2f4a-4c1e-9f55-0c3f0e6e1a11", "resource": resource}
        return {"resourceType": "Bundle", "type": "collection", "entry": [entry]}

    assert errors(bundle(_patient()), (url,), checker) == set()
    organization = {"resourceType": "Organization", "name": "X"}
    assert errors(bundle(organization), (url,), checker) == {("fhir-type-not-allowed", "Bundle.entry[0].resource")}


def test_a_context_that_fails_on_a_profile_does_not_crash_validation() -> None:
    class Broken(OverlayContext):
        def structure(self, url: str) -> dict[str, Any] | None:
            if url == "http://example.org/broken":
                raise ValueError("snapshot generation failed")
            return super().structure(url)

    checker = FhirValidator(Broken())
    issues = checker.validate(_patient(), ("http://example.org/broken",), options=EXAMPLES)
    # Known but broken is an error with the reason, never a quiet "unknown" warning (issue 20, item 4).
    assert [(i.severity.value, i.code, i.expression) for i in issues if i.code.startswith("fhir-profile")] == [
        ("error", "fhir-profile-unusable", "Patient")
    ]
    assert "snapshot generation failed" in checker.definition_errors["http://example.org/broken"]
    assert "snapshot generation failed" in next(i.message for i in issues if i.code == "fhir-profile-unusable")


def test_text_only_codeable_concept_under_a_required_binding() -> None:
    active = {
        "coding": [{"system": "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", "code": "active"}]
    }
    allergy = {"resourceType": "AllergyIntolerance", "patient": {"reference": "Patient/1"}, "clinicalStatus": active}
    assert errors(allergy) == set()
    allergy["clinicalStatus"] = {"text": "active"}
    assert errors(allergy) == {("fhir-binding-required", "AllergyIntolerance.clinicalStatus")}
