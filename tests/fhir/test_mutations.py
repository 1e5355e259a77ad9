"""Mutation suite: one generated mutation per check kind over valid official R4 examples.

Each mutation starts from an official example that validates without errors, breaks exactly one
rule and must be reported with the exact issue code at the exact location. The last test asserts
that the detection rate over the whole table is 100 %. (Duplicate keys and a byte order mark are
the JSON parser's concern, not the walker's: they never reach it.)
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from walker_cases import EXAMPLES, example, validator

from journalloft.fhir.context import core_context
from journalloft.fhir.validator import FhirValidator
from journalloft.issues import Issue
from journalloft.limits import Limits

VITALSIGNS = "http://hl7.org/fhir/StructureDefinition/vitalsigns"
BODYWEIGHT = "http://hl7.org/fhir/StructureDefinition/bodyweight"
TRIGLYCERIDE = "http://hl7.org/fhir/StructureDefinition/triglyceride"
CLOSED_CATEGORY = "http://example.org/fhir/StructureDefinition/vitalsigns-closed-category"


class _ProfileContext:
    """The core context plus one test profile: vitalsigns with its category slicing closed."""

    def __init__(self) -> None:
        self.core_context = core_context()
        self.core = self.core_context.core
        profile = copy.deepcopy(self.core_context.structure(VITALSIGNS))
        assert profile is not None
        profile["url"] = CLOSED_CATEGORY
        profile["id"] = "vitalsigns-closed-category"
        for element in profile["snapshot"]["element"]:
            if element["id"] == "Observation.category":
                element["slicing"] = {**element["slicing"], "rules": "closed"}
        self.profile = profile

    def structure(self, url: str) -> dict[str, Any] | None:
        return self.profile if url == CLOSED_CATEGORY else self.core_context.structure(url)

    def value_set(self, url: str) -> dict[str, Any] | None:
        return self.core_context.value_set(url)

    def code_system(self, url: str) -> dict[str, Any] | None:
        return self.core_context.code_system(url)


@dataclass(frozen=True)
class Mutation:
    kind: str
    source: str
    mutate: Callable[[dict[str, Any]], None]
    code: str
    expression: str
    profiles: tuple[str, ...] = ()
    message_part: str = ""


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def mutate(resource: dict[str, Any]) -> None:
        node: Any = resource
        steps = path.split(".")
        for step in steps[:-1]:
            node = node[int(step)] if step.isdigit() else node[step]
        last = steps[-1]
        if last.isdigit():
            node[int(last)] = value
        else:
            node[last] = value

    return mutate


def _delete(path: str) -> Callable[[dict[str, Any]], None]:
    def mutate(resource: dict[str, Any]) -> None:
        node: Any = resource
        steps = path.split(".")
        for step in steps[:-1]:
            node = node[int(step)] if step.isdigit() else node[step]
        del node[steps[-1]]

    return mutate


def _contact_without_details(resource: dict[str, Any]) -> None:
    contact = resource["contact"][0]
    for key in ("name", "telecom", "address", "organization"):
        contact.pop(key, None)


def _nested_contained(resource: dict[str, Any]) -> None:
    inner = {"resourceType": "Organization", "id": "inner", "name": "Inner"}
    resource["contained"] = [{"resourceType": "Organization", "id": "org", "name": "Outer", "contained": [inner]}]
    resource["managingOrganization"] = {"reference": "#org"}


def _duplicate_full_url(resource: dict[str, Any]) -> None:
    resource["entry"][1]["fullUrl"] = resource["entry"][0]["fullUrl"]


def _second_category(resource: dict[str, Any]) -> None:
    resource["category"].append(copy.deepcopy(resource["category"][0]))


def _laboratory_category(resource: dict[str, Any]) -> None:
    resource["category"][0]["coding"][0]["code"] = "laboratory"


def _extra_category(resource: dict[str, Any]) -> None:
    resource["category"].append({"coding": [{"system": "http://example.org/categories", "code": "other"}]})


def _misaligned_given(resource: dict[str, Any]) -> None:
    resource["name"][0]["_given"] = [{"extension": [{"url": "http://example.org/x", "valueString": "a"}]}]


def _lipids_out_of_order(resource: dict[str, Any]) -> None:
    """lipidprofile slices DiagnosticReport.result by resolve().code, closed and ordered."""
    report = resource["entry"][0]["resource"]
    report["meta"] = {"profile": ["http://hl7.org/fhir/StructureDefinition/lipidprofile"]}
    report["code"] = {
        "coding": [
            {
                "system": "http://loinc.org",
                "code": "57698-3",
                "display": "Lipid panel with direct LDL - Serum or Plasma",
            }
        ]
    }
    for entry in resource["entry"][1:]:
        entry["resource"]["code"].pop("text")
    report["result"][0], report["result"][1] = report["result"][1], report["result"][0]


def _deep(resource: dict[str, Any]) -> None:
    extension: dict[str, Any] = {"url": "http://example.org/leaf", "valueString": "x"}
    for _ in range(8):
        extension = {"url": "http://example.org/node", "extension": [extension]}
    resource["extension"] = [extension]


MUTATIONS: tuple[Mutation, ...] = (
    Mutation(
        "required element dropped",
        "Observation-example.json",
        _delete("status"),
        "fhir-cardinality-min",
        "Observation",
        message_part="Observation.status",
    ),
    Mutation(
        "maximum exceeded (slice max 1)",
        "Observation-example.json",
        _second_category,
        "fhir-cardinality-max",
        "Observation.category",
        (VITALSIGNS,),
        "VSCat",
    ),
    Mutation(
        "wrong JSON type: string for boolean",
        "Patient-example.json",
        _set("active", "true"),
        "fhir-json-type",
        "Patient.active",
    ),
    Mutation(
        "wrong JSON type: number as string",
        "Observation-example.json",
        _set("valueQuantity.value", "185"),
        "fhir-json-type",
        "Observation.value.ofType(Quantity).value",
    ),
    Mutation(
        "code outside required binding",
        "Observation-example.json",
        _set("status", "bogus"),
        "fhir-binding-required",
        "Observation.status",
    ),
    Mutation(
        "code not in its (complete) code system",
        "Patient-example.json",
        _set("contact.0.relationship.0.coding.0.code", "NN"),
        "fhir-code-unknown",
        "Patient.contact[0].relationship[0].coding[0].code",
    ),
    Mutation(
        "date that does not exist",
        "Patient-example.json",
        _set("birthDate", "2023-02-30"),
        "fhir-primitive",
        "Patient.birthDate",
    ),
    Mutation("bad id", "Patient-example.json", _set("id", "not_an_id"), "fhir-primitive", "Patient.id"),
    Mutation(
        "invariant violated (pat-1)",
        "Patient-example.json",
        _contact_without_details,
        "fhir-invariant",
        "Patient.contact[0]",
        message_part="pat-1",
    ),
    Mutation("null", "Patient-example.json", _set("gender", None), "fhir-null", "Patient.gender"),
    Mutation("empty array", "Patient-example.json", _set("name", []), "fhir-empty", "Patient.name"),
    Mutation("empty object", "Patient-example.json", _set("maritalStatus", {}), "fhir-empty", "Patient.maritalStatus"),
    Mutation("empty string", "Patient-example.json", _set("name.0.family", ""), "fhir-empty", "Patient.name[0].family"),
    Mutation(
        "array where single belongs",
        "Patient-example.json",
        _set("gender", ["male"]),
        "fhir-array-unexpected",
        "Patient.gender",
    ),
    Mutation(
        "single where array belongs",
        "Patient-example.json",
        _set("name", {"family": "Chalmers"}),
        "fhir-array-expected",
        "Patient.name",
    ),
    Mutation(
        "two choice types",
        "Observation-example.json",
        _set("valueString", "185 lbs"),
        "fhir-choice",
        "Observation.value",
    ),
    Mutation(
        "unknown element", "Patient-example.json", _set("nickname", "Jim"), "fhir-unknown-element", "Patient.nickname"
    ),
    Mutation(
        "misaligned _element",
        "Patient-example.json",
        _misaligned_given,
        "fhir-primitive-extension",
        "Patient.name[0].given",
    ),
    Mutation(
        "bad reference target type",
        "Observation-example.json",
        _set("subject.reference", "Medication/m1"),
        "fhir-reference-target",
        "Observation.subject.reference",
    ),
    Mutation(
        "malformed reference",
        "Observation-example.json",
        _set("subject.reference", "Patient/a b"),
        "fhir-reference-format",
        "Observation.subject.reference",
    ),
    Mutation(
        "unresolved #ref",
        "Observation-example.json",
        _set("subject.reference", "#missing"),
        "fhir-reference-unresolved",
        "Observation.subject.reference",
    ),
    Mutation(
        "duplicate fullUrl",
        "Bundle-bundle-transaction.json",
        _duplicate_full_url,
        "fhir-bundle-fullurl",
        "Bundle.entry[1].fullUrl",
    ),
    Mutation(
        "transaction entry without request",
        "Bundle-bundle-transaction.json",
        _delete("entry.0.request"),
        "fhir-bundle-entry",
        "Bundle.entry[0]",
    ),
    Mutation(
        "ordered slices out of order",
        "Bundle-lipids.json",
        _lipids_out_of_order,
        "fhir-slice-order",
        "Bundle.entry[0].resource.result[1]",
    ),
    Mutation(
        "text-only CodeableConcept under a required binding",
        "AllergyIntolerance-example.json",
        _set("clinicalStatus", {"text": "active"}),
        "fhir-binding-required",
        "AllergyIntolerance.clinicalStatus",
    ),
    Mutation(
        "malformed UCUM unit",
        "Observation-example.json",
        _set("valueQuantity.code", "[lb_av"),
        "fhir-code-unknown",
        "Observation.value.ofType(Quantity).code",
    ),
    Mutation(
        "string longer than maxLength (1 MiB for string)",
        "Patient-example.json",
        _set("name.0.family", "x" * 1_048_577),
        "fhir-max-length",
        "Patient.name[0].family",
    ),
    Mutation(
        "contained inside contained",
        "Patient-example.json",
        _nested_contained,
        "fhir-contained",
        "Patient.contained[0].contained",
    ),
    Mutation(
        "unknown resourceType nested",
        "Bundle-bundle-transaction.json",
        _set("entry.0.resource.resourceType", "Patinet"),
        "fhir-resource-type",
        "Bundle.entry[0].resource",
    ),
    Mutation(
        "slice minimum unmet",
        "Observation-example.json",
        _laboratory_category,
        "fhir-cardinality-min",
        "Observation",
        (VITALSIGNS,),
        "VSCat",
    ),
    Mutation(
        "closed slicing: item matches no slice",
        "Observation-example.json",
        _extra_category,
        "fhir-slice-unmatched",
        "Observation.category[1]",
        (CLOSED_CATEGORY,),
    ),
    Mutation(
        "fixed value violated",
        "Observation-example.json",
        _set("valueQuantity.system", "http://example.org/u"),
        "fhir-fixed-value",
        "Observation.value.ofType(Quantity).system",
        (BODYWEIGHT,),
    ),
    Mutation(
        "pattern violated",
        "Observation-example.json",
        lambda r: None,
        "fhir-pattern-value",
        "Observation.code",
        (TRIGLYCERIDE,),
    ),
    Mutation(
        "choice type not allowed by profile",
        "Observation-example.json",
        lambda r: r.update(valueString=str(r.pop("valueQuantity")["value"])),
        "fhir-type-not-allowed",
        "Observation.value.ofType(string)",
        (BODYWEIGHT,),
    ),
)

LIMIT_MUTATIONS: tuple[tuple[str, Limits, Callable[[dict[str, Any]], None], str, str], ...] = (
    ("array longer than the limit", Limits(max_array_items=2), lambda r: None, "fhir-limit", "Patient.telecom"),
    (
        "string longer than the limit",
        Limits(max_string_length=10),
        _set("name.0.family", "x" * 11),
        "fhir-limit",
        "Patient.name[0].family",
    ),
    (
        "nesting deeper than the limit",
        Limits(max_depth=6),
        _deep,
        "json-too-deep",
        "Patient.extension[0].extension[0].extension",
    ),
)

_PROFILE_VALIDATOR: list[FhirValidator] = []


def _validator_for(mutation: Mutation) -> FhirValidator:
    if CLOSED_CATEGORY in mutation.profiles:
        if not _PROFILE_VALIDATOR:
            _PROFILE_VALIDATOR.append(FhirValidator(_ProfileContext()))
        return _PROFILE_VALIDATOR[0]
    return validator()


def _detected(mutation: Mutation) -> list[Issue]:
    resource = example(mutation.source)
    mutation.mutate(resource)
    issues = _validator_for(mutation).validate(resource, mutation.profiles, options=EXAMPLES)
    return [
        issue
        for issue in issues
        if issue.code == mutation.code
        and issue.expression == mutation.expression
        and mutation.message_part in issue.message
    ]


@pytest.mark.parametrize("source", sorted({m.source for m in MUTATIONS}))
def test_sources_are_valid_before_mutation(source: str) -> None:
    issues = validator().validate(example(source), options=EXAMPLES)
    assert [i for i in issues if i.severity.is_error] == []


@pytest.mark.parametrize("profile", [VITALSIGNS, CLOSED_CATEGORY])
def test_observation_source_is_valid_against_the_profiles_before_mutation(profile: str) -> None:
    checker = _validator_for(Mutation("", "", lambda r: None, "", "", (profile,)))
    issues = checker.validate(example("Observation-example.json"), (profile,), options=EXAMPLES)
    assert [i for i in issues if i.severity.is_error] == []


@pytest.mark.parametrize("mutation", MUTATIONS, ids=[m.kind for m in MUTATIONS])
def test_mutation_is_detected_with_exact_code_and_location(mutation: Mutation) -> None:
    found = _detected(mutation)
    assert found, f"{mutation.kind}: expected {mutation.code} at {mutation.expression}; got " + repr(
        [
            (i.code, i.expression, i.message)
            for i in _validator_for(mutation).validate(_mutated(mutation), mutation.profiles, options=EXAMPLES)
        ]
    )


def _mutated(mutation: Mutation) -> dict[str, Any]:
    resource = example(mutation.source)
    mutation.mutate(resource)
    return resource


@pytest.mark.parametrize(
    ("kind", "limits", "mutate", "code", "expression"), LIMIT_MUTATIONS, ids=[row[0] for row in LIMIT_MUTATIONS]
)
def test_limit_mutation_is_detected(
    kind: str, limits: Limits, mutate: Callable[[dict[str, Any]], None], code: str, expression: str
) -> None:
    resource = example("Patient-example.json")
    mutate(resource)
    issues = FhirValidator(core_context(), limits).validate(resource, options=EXAMPLES)
    assert (code, expression) in {(i.code, i.expression) for i in issues}, kind


def test_detection_rate_is_100_percent() -> None:
    detected = sum(1 for mutation in MUTATIONS if _detected(mutation))
    rate = detected / len(MUTATIONS)
    print(f"mutation detection: {detected}/{len(MUTATIONS)} = {rate:.0%}")
    assert rate == 1.0
