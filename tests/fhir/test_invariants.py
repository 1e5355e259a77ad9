"""Core R4 invariants through the InvariantEngine: each in a pass/fail pair, with key and location."""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

import pytest
from walker_cases import OverlayContext, derived_profile

from journalloft.fhir.definitions import load_core
from journalloft.fhir.fhirpath_simple import Fallback, compile_simple
from journalloft.fhir.fhirpath_support import EvaluationScope, FhirPathRuntime
from journalloft.fhir.fhirpath_types import choice_type
from journalloft.fhir.invariants import NATIVE_KEYS, InvariantEngine
from journalloft.fhir.invariants_native import (
    DOM_3,
    OBS_7,
    PER_1,
    REF_1,
    check_ele_1,
    check_ext_1,
    dom_3_holds,
    obs_7_holds,
    per_1_holds,
    ref_1_holds,
)
from journalloft.fhir.terminology import Terminology
from journalloft.fhir.validator import FhirValidator
from journalloft.issues import Issue, Severity

FNR = "urn:oid:2.16.578.1.12.4.1.4.1"
XHTML = "http://www.w3.org/1999/xhtml"
LOINC = "http://loinc.org"


def core_constraints(type_path: str) -> list[dict[str, Any]]:
    """The constraints of one element of a core snapshot (the walker hands over the same dicts)."""
    type_name = type_path.split(".", maxsplit=1)[0]
    sd = load_core().structure_definition(type_name)
    assert sd is not None
    for element in sd["snapshot"]["element"]:
        if element["path"] == type_path:
            return [c for c in element.get("constraint", ()) if c["key"] not in NATIVE_KEYS]
    raise AssertionError(f"no element {type_path}")


def only(constraints: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    chosen = [c for c in constraints if c["key"] == key]
    assert chosen, f"{key} not among the core constraints"
    return chosen


@pytest.fixture(scope="module")
def engine() -> InvariantEngine:
    return InvariantEngine(Terminology(load_core()))


def run(  # noqa: PLR0917 - mirrors InvariantEngine.check
    engine: InvariantEngine,
    key: str,
    type_path: str,
    node: Any,
    location: str,
    resource: dict[str, Any],
    root: dict[str, Any] | None = None,
    bundle: dict[str, Any] | None = None,
) -> list[Issue]:
    constraints = only(core_constraints(type_path), key)
    return engine.check(constraints, node, type_path, location, resource, root or resource, bundle)


def assert_fails(issues: list[Issue], key: str, location: str, severity: Severity = Severity.ERROR) -> None:
    assert [(i.code, i.expression, i.severity) for i in issues] == [("fhir-invariant", location, severity)]
    assert issues[0].message.startswith(f"{key}: ")


def patient(**extra: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "resourceType": "Patient",
        "id": "p1",
        "text": {"status": "generated", "div": f'<div xmlns="{XHTML}">Kari Nordmann</div>'},
        "identifier": [{"system": FNR, "value": "22750884907"}],
    }
    base.update(extra)
    return base


def observation(**extra: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "resourceType": "Observation",
        "id": "o1",
        "text": {"status": "generated", "div": f'<div xmlns="{XHTML}">Puls 72/min</div>'},
        "status": "final",
        "code": {"coding": [{"system": LOINC, "code": "8867-4"}]},
        "subject": {"reference": "Patient/p1"},
    }
    base.update(extra)
    return base


# -- resource-level invariants ---------------------------------------------------------------


def test_obs_6_data_absent_reason_only_without_value(engine: InvariantEngine) -> None:
    ok = observation(valueQuantity={"value": Decimal("72"), "unit": "/min"})
    assert run(engine, "obs-6", "Observation", ok, "Observation", ok) == []
    bad = observation(
        valueQuantity={"value": Decimal("72")},
        dataAbsentReason={"coding": [{"code": "unknown"}]},
    )
    assert_fails(run(engine, "obs-6", "Observation", bad, "Observation", bad), "obs-6", "Observation")


def test_obs_7_value_not_repeated_in_a_component_with_the_same_code(engine: InvariantEngine) -> None:
    component = {"code": {"coding": [{"system": LOINC, "code": "8867-4"}]}, "valueInteger": 72}
    ok = observation(component=[copy.deepcopy(component)])  # no value on the Observation itself
    assert run(engine, "obs-7", "Observation", ok, "Observation", ok) == []
    bad = observation(valueInteger=72, component=[component])
    assert_fails(run(engine, "obs-7", "Observation", bad, "Observation", bad), "obs-7", "Observation")


def test_pat_1_contact_needs_details_or_organization(engine: InvariantEngine) -> None:
    resource = patient(contact=[{"name": {"family": "Nordmann"}}, {"gender": "female"}])
    assert run(engine, "pat-1", "Patient.contact", resource["contact"][0], "Patient.contact[0]", resource) == []
    assert_fails(
        run(engine, "pat-1", "Patient.contact", resource["contact"][1], "Patient.contact[1]", resource),
        "pat-1",
        "Patient.contact[1]",
    )


def test_dom_2_no_nested_contained(engine: InvariantEngine) -> None:
    ok = patient(
        contained=[{"resourceType": "Organization", "id": "o", "name": "Bodø kommune"}],
        managingOrganization={"reference": "#o"},
    )
    assert run(engine, "dom-2", "Patient", ok, "Patient", ok) == []
    bad = copy.deepcopy(ok)
    bad["contained"][0]["contained"] = [{"resourceType": "Organization", "id": "x"}]
    assert_fails(run(engine, "dom-2", "Patient", bad, "Patient", bad), "dom-2", "Patient")


def test_dom_3_contained_must_be_referenced(engine: InvariantEngine) -> None:
    ok = patient(
        contained=[{"resourceType": "Organization", "id": "o", "name": "Bodø kommune"}],
        managingOrganization={"reference": "#o"},
    )
    assert run(engine, "dom-3", "Patient", ok, "Patient", ok) == []
    bad = patient(contained=[{"resourceType": "Organization", "id": "o", "name": "Bodø kommune"}])
    assert_fails(run(engine, "dom-3", "Patient", bad, "Patient", bad), "dom-3", "Patient")


def test_dom_3_accepts_a_contained_resource_that_refers_to_its_container(engine: InvariantEngine) -> None:
    resource = patient(
        contained=[
            {
                "resourceType": "Observation",
                "id": "c",
                "status": "final",
                "code": {"text": "x"},
                "subject": {"reference": "#"},
            }
        ]
    )
    assert run(engine, "dom-3", "Patient", resource, "Patient", resource) == []


def test_dom_4_contained_without_version_id(engine: InvariantEngine) -> None:
    ok = patient(
        contained=[{"resourceType": "Organization", "id": "o", "meta": {"tag": [{"code": "t"}]}}],
        managingOrganization={"reference": "#o"},
    )
    assert run(engine, "dom-4", "Patient", ok, "Patient", ok) == []
    bad = copy.deepcopy(ok)
    bad["contained"][0]["meta"]["versionId"] = "2"
    assert_fails(run(engine, "dom-4", "Patient", bad, "Patient", bad), "dom-4", "Patient")


def test_dom_5_contained_without_security_labels(engine: InvariantEngine) -> None:
    ok = patient(contained=[{"resourceType": "Organization", "id": "o"}], managingOrganization={"reference": "#o"})
    assert run(engine, "dom-5", "Patient", ok, "Patient", ok) == []
    bad = copy.deepcopy(ok)
    bad["contained"][0]["meta"] = {"security": [{"code": "R"}]}
    assert_fails(run(engine, "dom-5", "Patient", bad, "Patient", bad), "dom-5", "Patient")


def test_dom_6_missing_narrative_is_a_warning(engine: InvariantEngine) -> None:
    ok = patient()
    assert run(engine, "dom-6", "Patient", ok, "Patient", ok) == []
    bad = patient()
    del bad["text"]
    assert_fails(run(engine, "dom-6", "Patient", bad, "Patient", bad), "dom-6", "Patient", Severity.WARNING)


def test_dom_6_is_not_reported_for_contained_resources(engine: InvariantEngine) -> None:
    container = patient(
        contained=[{"resourceType": "Organization", "id": "o"}], managingOrganization={"reference": "#o"}
    )
    inner = container["contained"][0]
    assert run(engine, "dom-6", "Organization", inner, "Patient.contained[0]", inner, container) == []


# -- data type invariants ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "holds"),
    [
        ({"start": "2024-01-01", "end": "2024-02-01"}, True),
        ({"start": "2024-02-01T10:00:00+01:00", "end": "2024-02-01T09:30:00Z"}, True),
        ({"start": "2024", "end": "2024-05-01"}, True),  # different precision: undecided, not an error
        ({"start": "2024-05", "end": "2024-04-30"}, False),
        ({"start": "2024-02-01", "end": "2024-01-31"}, False),
        ({"start": "2024-02-01T10:00:00Z", "end": "2024-02-01T09:59:59Z"}, False),
        ({"start": "2024-02-01", "_end": {"extension": [{"url": "http://example.org/x", "valueCode": "u"}]}}, True),
    ],
)
def test_per_1_start_not_after_end(engine: InvariantEngine, period: dict[str, Any], holds: bool) -> None:
    resource = {"resourceType": "EpisodeOfCare", "status": "active", "period": period}
    issues = run(engine, "per-1", "Period", period, "EpisodeOfCare.period", resource)
    if holds:
        assert issues == []
    else:
        assert_fails(issues, "per-1", "EpisodeOfCare.period")


def test_ref_1_contained_reference_must_resolve(engine: InvariantEngine) -> None:
    resource = patient(
        contained=[{"resourceType": "Organization", "id": "o"}], managingOrganization={"reference": "#o"}
    )
    assert (
        run(engine, "ref-1", "Reference", resource["managingOrganization"], "Patient.managingOrganization", resource)
        == []
    )
    resource["managingOrganization"] = {"reference": "#missing"}
    assert_fails(
        run(engine, "ref-1", "Reference", resource["managingOrganization"], "Patient.managingOrganization", resource),
        "ref-1",
        "Patient.managingOrganization",
    )


def test_ref_1_inside_a_bundle_entry_uses_the_entry_resource_as_root(engine: InvariantEngine) -> None:
    entry_resource = patient(
        contained=[{"resourceType": "Organization", "id": "o"}], managingOrganization={"reference": "#o"}
    )
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{"fullUrl": "urn:uuid:5b0f0a0e-2f6c-4a5e-9d5e-8c8f0e1c1a01", "resource": entry_resource}],
    }
    reference = entry_resource["managingOrganization"]
    where = "Bundle.entry[0].resource.managingOrganization"
    # The walker may hand over the Bundle as root: the engine finds the entry's resource itself.
    assert run(engine, "ref-1", "Reference", reference, where, entry_resource, bundle, bundle) == []
    reference["reference"] = "#other"
    assert_fails(run(engine, "ref-1", "Reference", reference, where, entry_resource, bundle, bundle), "ref-1", where)


# -- Bundle ----------------------------------------------------------------------------------------


def bundle_of(kind: str, *entries: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"resourceType": "Bundle", "type": kind, "entry": list(entries), **extra}


def test_bdl_1_total_only_in_search_or_history(engine: InvariantEngine) -> None:
    ok = bundle_of("searchset", total=0)
    assert run(engine, "bdl-1", "Bundle", ok, "Bundle", ok) == []
    bad = bundle_of("collection", total=0)
    assert_fails(run(engine, "bdl-1", "Bundle", bad, "Bundle", bad), "bdl-1", "Bundle")


def test_bdl_7_full_urls_unique_unless_versions_differ(engine: InvariantEngine) -> None:
    url = "http://example.org/fhir/Patient/p1"
    ok = bundle_of(
        "collection",
        {"fullUrl": url, "resource": patient(meta={"versionId": "1"})},
        {"fullUrl": url, "resource": patient(meta={"versionId": "2"})},
    )
    assert run(engine, "bdl-7", "Bundle", ok, "Bundle", ok) == []
    bad = bundle_of("collection", {"fullUrl": url, "resource": patient()}, {"fullUrl": url, "resource": patient()})
    assert_fails(run(engine, "bdl-7", "Bundle", bad, "Bundle", bad), "bdl-7", "Bundle")
    history = bundle_of("history", {"fullUrl": url, "resource": patient()}, {"fullUrl": url, "resource": patient()})
    assert run(engine, "bdl-7", "Bundle", history, "Bundle", history) == []


# -- narrative (htmlChecks) ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("div", "txt_1", "txt_2"),
    [
        (f'<div xmlns="{XHTML}"><p>Kari <b>Nordmann</b>&#160;f. 1988 &amp; 1990</p></div>', True, True),
        # XHTML narrative has no DTD: HTML's named entities are undefined (HL7's validator rejects them)
        (f'<div xmlns="{XHTML}"><p>Kari <b>Nordmann</b>&nbsp;f. 1988</p></div>', False, True),
        (f'<div xmlns="{XHTML}"><p>Reseptfritt&reg;</p></div>', False, True),
        (f'<div xmlns="{XHTML}"><img src="#bilde" alt=""/></div>', True, True),
        (f'<div xmlns="{XHTML}"><table><tr><td colspan="2">x</td></tr></table></div>', True, True),
        (f'<div xmlns="{XHTML}">\n   </div>', True, False),
        (f'<div xmlns="{XHTML}"><script>alert(1)</script>x</div>', False, True),
        (f'<div xmlns="{XHTML}"><form><input/></form>x</div>', False, True),
        (f'<div xmlns="{XHTML}"><iframe src="https://example.org"/>x</div>', False, True),
        (f'<div xmlns="{XHTML}"><object data="x"/><embed src="y"/>x</div>', False, True),
        (f'<div xmlns="{XHTML}"><p onclick="steal()">x</p></div>', False, True),
        (f'<div xmlns="{XHTML}"><a href=" javascript:steal()">x</a></div>', False, True),
        ("<div>no namespace</div>", False, True),
        (f'<p xmlns="{XHTML}">not a div</p>', False, True),
        (f'<div xmlns="{XHTML}"><p>unclosed</div>', False, True),
    ],
)
def test_txt_1_and_txt_2_through_html_checks(engine: InvariantEngine, div: str, txt_1: bool, txt_2: bool) -> None:
    resource = patient(text={"status": "generated", "div": div})
    where = "Patient.text.div"
    for key, holds in (("txt-1", txt_1), ("txt-2", txt_2)):
        issues = run(engine, key, "Narrative.div", div, where, resource)
        if holds:
            assert issues == [], key
        else:
            assert_fails(issues, key, where)


def test_html_checks_in_a_profile_expression(engine: InvariantEngine) -> None:
    constraint = {"key": "nar-1", "severity": "error", "human": "safe narrative", "expression": "`div`.htmlChecks()"}
    good = {"status": "generated", "div": f'<div xmlns="{XHTML}">x</div>'}
    bad = {"status": "generated", "div": f'<div xmlns="{XHTML}"><script>x</script></div>'}
    resource = patient()
    assert engine.check([constraint], good, "Narrative", "Patient.text", resource, resource) == []
    assert_fails(
        engine.check([constraint], bad, "Narrative", "Patient.text", resource, resource), "nar-1", "Patient.text"
    )


# -- native ele-1 and ext-1 ------------------------------------------------------------------------


def test_ele_1_native() -> None:
    assert check_ele_1("2024-01-01")
    assert check_ele_1(False)
    assert check_ele_1({"coding": [{"code": "x"}]})
    assert check_ele_1({"extension": [{"url": "http://example.org/x", "valueString": "y"}]})
    assert not check_ele_1({"id": "only-an-id"})
    assert not check_ele_1({})
    assert not check_ele_1({"coding": []})
    assert not check_ele_1(None)


def test_ext_1_native() -> None:
    assert check_ext_1({"url": "http://example.org/x", "valueString": "y"})
    assert check_ext_1({"url": "http://example.org/x", "extension": [{"url": "a", "valueCode": "b"}]})
    assert check_ext_1({"url": "http://example.org/x", "_valueCode": {"extension": [{"url": "a", "valueCode": "b"}]}})
    assert not check_ext_1({"url": "http://example.org/x"})
    assert not check_ext_1(
        {"url": "http://example.org/x", "valueString": "y", "extension": [{"url": "a", "valueCode": "b"}]}
    )


def test_ele_1_and_ext_1_through_check_are_native(engine: InvariantEngine) -> None:
    sd = load_core().structure_definition("Extension")
    assert sd is not None
    constraints = sd["snapshot"]["element"][0]["constraint"]
    assert {c["key"] for c in constraints} == {"ele-1", "ext-1"}
    resource = patient()
    good = {"url": "http://example.org/x", "valueString": "y"}
    assert engine.check(constraints, good, "Extension", "Patient.extension[0]", resource, resource) == []
    issues = engine.check(
        constraints, {"url": "http://example.org/x"}, "Extension", "Patient.extension[0]", resource, resource
    )
    # The url is a child, so ele-1 holds; neither value nor nested extension breaks ext-1.
    assert [(i.message.split(":")[0], i.expression) for i in issues] == [("ext-1", "Patient.extension[0]")]
    assert {"ele-1", "ext-1"} == NATIVE_KEYS


# -- FHIRPath support: resolve(), hasValue(), Decimal ----------------------------------------------


def custom(key: str, expression: str, severity: str = "error") -> dict[str, Any]:
    return {"key": key, "severity": severity, "human": f"{key} must hold", "expression": expression}


def test_resolve_within_a_bundle(engine: InvariantEngine) -> None:
    episode = {
        "resourceType": "EpisodeOfCare",
        "id": "e1",
        "status": "active",
        "patient": {"reference": "Patient/p1"},
        "managingOrganization": {"reference": "urn:uuid:0a8b3f9e-4b1c-4f3e-9a4e-2f1d8c7b6a50"},
    }
    org = {"resourceType": "Organization", "id": "org1", "name": "Bærum kommune"}
    bundle = bundle_of(
        "transaction",
        {"fullUrl": "http://example.org/fhir/EpisodeOfCare/e1", "resource": episode},
        {"fullUrl": "http://example.org/fhir/Patient/p1", "resource": patient()},
        {"fullUrl": "urn:uuid:0a8b3f9e-4b1c-4f3e-9a4e-2f1d8c7b6a50", "resource": org},
    )
    where = "Bundle.entry[0].resource"
    rules = [
        custom("t-1", "patient.resolve() is Patient"),
        custom("t-2", "managingOrganization.resolve().name = 'Bærum kommune'"),
        custom("t-3", "patient.resolve().identifier.value = '22750884907'"),
    ]
    assert engine.check(rules, episode, "EpisodeOfCare", where, episode, bundle, bundle) == []
    episode["patient"] = {"reference": "Patient/unknown"}
    issues = engine.check(rules, episode, "EpisodeOfCare", where, episode, bundle, bundle)
    # t-1 on an empty resolve() is `{} is Patient` = empty: not a violation; t-3 compares with empty: also empty.
    assert issues == []
    strict = [custom("t-4", "patient.resolve().exists()")]
    assert_fails(engine.check(strict, episode, "EpisodeOfCare", where, episode, bundle, bundle), "t-4", where)


def test_resolve_relative_reference_against_the_referring_entrys_base(engine: InvariantEngine) -> None:
    episode = {"resourceType": "EpisodeOfCare", "status": "active", "patient": {"reference": "Patient/p1"}}
    other_server = patient(id="p1", identifier=[{"system": FNR, "value": "19779998080"}])
    bundle = bundle_of(
        "collection",
        {"fullUrl": "http://other.example/fhir/Patient/p1", "resource": other_server},
        {"fullUrl": "http://example.org/fhir/Patient/p1", "resource": patient()},
        {"fullUrl": "http://example.org/fhir/EpisodeOfCare/e1", "resource": episode},
    )
    rule = [custom("t-5", "patient.resolve().identifier.value = '22750884907'")]
    assert engine.check(rule, episode, "EpisodeOfCare", "Bundle.entry[2].resource", episode, bundle, bundle) == []


def test_resolve_contained(engine: InvariantEngine) -> None:
    resource = patient(
        contained=[{"resourceType": "Organization", "id": "o", "name": "Bodø kommune"}],
        managingOrganization={"reference": "#o"},
    )
    rule = [custom("t-6", "managingOrganization.resolve().name = 'Bodø kommune'")]
    assert engine.check(rule, resource, "Patient", "Patient", resource, resource) == []
    rule = [custom("t-7", "managingOrganization.resolve().name = 'Bærum kommune'")]
    assert_fails(engine.check(rule, resource, "Patient", "Patient", resource, resource), "t-7", "Patient")


@pytest.mark.parametrize(
    ("resource", "expression", "holds"),
    [
        (patient(birthDate="1988-07-22"), "birthDate.hasValue()", True),
        (
            patient(_birthDate={"extension": [{"url": "http://example.org/x", "valueCode": "masked"}]}),
            "birthDate.hasValue().not() and birthDate.exists() and birthDate.extension.exists()",
            True,
        ),
        (
            patient(
                birthDate="1988-07-22", _birthDate={"extension": [{"url": "http://example.org/x", "valueCode": "y"}]}
            ),
            "birthDate.hasValue() and birthDate.count() = 1 and birthDate.extension.count() = 1",
            True,
        ),
        (
            patient(
                name=[
                    {
                        "given": ["Kari", None],
                        "_given": [None, {"extension": [{"url": "http://example.org/x", "valueCode": "u"}]}],
                    }
                ]
            ),
            "name.given.count() = 2 and name.given.where(hasValue()).count() = 1",
            True,
        ),
        (patient(), "birthDate.hasValue()", False),
        (patient(), "name.hasValue()", False),
    ],
)
def test_has_value_on_primitives_with_and_without_extensions(
    engine: InvariantEngine, resource: dict[str, Any], expression: str, holds: bool
) -> None:
    issues = engine.check([custom("hv-1", expression)], resource, "Patient", "Patient", resource, resource)
    if holds:
        assert issues == []
    else:
        assert_fails(issues, "hv-1", "Patient")


@pytest.mark.parametrize(
    ("expression", "holds"),
    [
        ("value.value > 5", True),
        ("value.value > 5.6", False),
        ("value.value = 5.50", True),
        ("value.value + 1.5 = 7", True),
        ("value.value * 2 = 11.0", True),
        ("value.value.toString() = '5.50'", True),
        ("referenceRange.low.value < referenceRange.high.value", True),
        ("referenceRange.low < referenceRange.high", True),
        ("referenceRange.high < referenceRange.low", False),
    ],
)
def test_decimal_values_from_the_parser_compare_and_compute(
    engine: InvariantEngine, expression: str, holds: bool
) -> None:
    resource = observation(
        valueQuantity={
            "value": Decimal("5.50"),
            "unit": "mmol/L",
            "system": "http://unitsofmeasure.org",
            "code": "mmol/L",
        },
        referenceRange=[
            {
                "low": {"value": Decimal("3.9"), "code": "mmol/L", "system": "http://unitsofmeasure.org"},
                "high": {"value": 6, "code": "mmol/L", "system": "http://unitsofmeasure.org"},
            }
        ],
    )
    issues = engine.check([custom("dec-1", expression)], resource, "Observation", "Observation", resource, resource)
    if holds:
        assert issues == []
    else:
        assert_fails(issues, "dec-1", "Observation")


@pytest.mark.parametrize(
    ("expression", "holds"),
    [
        ("contact.period.start = @2024-02-01T09:00:00Z", True),  # 10:00+01:00 is 09:00 UTC
        ("contact.period.start < contact.period.end", True),
        ("contact.period.end > contact.period.start", True),
        ("contact.period.start != contact.period.end", True),
        ("contact.period.start ~ @2024-02-01T09:00:00Z", True),
        ("birthDate < @2024", True),
        ("(birthDate = @1988-07).empty()", True),  # same month, different precision: cannot tell
        ("birthDate ~ @1988-07", False),  # equivalence of different precisions is false, not empty
        ("birthDate <= today()", True),
        ("birthDate > contact.period.start", False),
    ],
)
def test_dates_and_date_times_compare_by_value_and_precision(
    engine: InvariantEngine, expression: str, holds: bool
) -> None:
    period = {"start": "2024-02-01T10:00:00+01:00", "end": "2024-02-01T09:30:00Z"}
    resource = patient(birthDate="1988-07-22", contact=[{"name": {"family": "Nordmann"}, "period": period}])
    issues = engine.check([custom("dt-1", expression)], resource, "Patient", "Patient", resource, resource)
    if holds:
        assert issues == []
    else:
        assert_fails(issues, "dt-1", "Patient")


def test_rng_2_low_not_above_high_with_decimals(engine: InvariantEngine) -> None:
    resource = observation()
    ok = {"low": {"value": Decimal("1.5"), "unit": "h"}, "high": {"value": 2, "unit": "h"}}
    assert run(engine, "rng-2", "Range", ok, "Observation.valueRange", resource) == []
    bad = {"low": {"value": Decimal("2.5"), "unit": "h"}, "high": {"value": 2, "unit": "h"}}
    assert_fails(
        run(engine, "rng-2", "Range", bad, "Observation.valueRange", resource), "rng-2", "Observation.valueRange"
    )


def test_type_tests_accept_fhir_primitives_as_system_types(engine: InvariantEngine) -> None:
    questionnaire_item = {"question": "q1", "operator": "exists", "answerBoolean": True}
    resource = {"resourceType": "Questionnaire", "status": "active"}
    assert (
        run(
            engine,
            "que-7",
            "Questionnaire.item.enableWhen",
            questionnaire_item,
            "Questionnaire.item[0].enableWhen[0]",
            resource,
        )
        == []
    )
    wrong = {"question": "q1", "operator": "exists", "answerString": "yes"}
    assert_fails(
        run(engine, "que-7", "Questionnaire.item.enableWhen", wrong, "Questionnaire.item[0].enableWhen[0]", resource),
        "que-7",
        "Questionnaire.item[0].enableWhen[0]",
    )


# -- what cannot be evaluated is reported, never raised --------------------------------------------


def test_conforms_to_is_not_evaluated(engine: InvariantEngine) -> None:
    resource = patient()
    rule = custom("prf-1", "conformsTo('http://hl7.no/fhir/StructureDefinition/no-basis-Patient')")
    issues = engine.check([rule], resource, "Patient", "Patient", resource, resource)
    assert [(i.code, i.severity, i.expression) for i in issues] == [
        ("fhir-invariant-not-evaluated", Severity.INFORMATION, "Patient")
    ]
    assert issues[0].message.startswith("prf-1: ")


def test_member_of_through_terminology(engine: InvariantEngine) -> None:
    resource = patient(gender="female")
    rule = custom("mo-1", "gender.memberOf('http://hl7.org/fhir/ValueSet/administrative-gender')")
    assert engine.check([rule], resource, "Patient", "Patient", resource, resource) == []
    resource["gender"] = "kvinne"
    assert_fails(engine.check([rule], resource, "Patient", "Patient", resource, resource), "mo-1", "Patient")


def test_member_of_an_unknown_value_set_is_not_evaluated(engine: InvariantEngine) -> None:
    resource = patient(gender="female")
    rule = custom("mo-2", "gender.memberOf('http://example.org/ValueSet/not-shipped')")
    issues = engine.check([rule], resource, "Patient", "Patient", resource, resource)
    assert [(i.code, i.severity) for i in issues] == [("fhir-invariant-not-evaluated", Severity.INFORMATION)]
    without_terminology = InvariantEngine()
    issues = without_terminology.check(
        [custom("mo-3", rule["expression"])], resource, "Patient", "Patient", resource, resource
    )
    assert [(i.code, i.message.split(":")[0]) for i in issues] == [("fhir-invariant-not-evaluated", "mo-3")]


@pytest.mark.parametrize(
    "expression",
    ["name.where(", "name.given.matches('[')", "name.noSuchFunction()", "%undefinedVariable.exists()", "   "],
)
def test_malformed_or_unrunnable_profile_expression_is_reported_not_raised(
    engine: InvariantEngine, expression: str
) -> None:
    resource = patient(name=[{"given": ["Kari"]}])
    issues = engine.check([custom("bad-1", expression)], resource, "Patient", "Patient", resource, resource)
    assert [(i.code, i.severity, i.expression) for i in issues] == [
        ("fhir-invariant-not-evaluated", Severity.INFORMATION, "Patient")
    ]
    assert issues[0].message.startswith("bad-1: not evaluated")


def test_constraint_without_expression_is_reported(engine: InvariantEngine) -> None:
    resource = patient()
    issues = engine.check(
        [{"key": "x-1", "severity": "error", "human": "xpath only"}], resource, "Patient", "Patient", resource, resource
    )
    assert [(i.code, i.message.split(":")[0]) for i in issues] == [("fhir-invariant-not-evaluated", "x-1")]


def test_trace_prints_nothing(engine: InvariantEngine, capsys: pytest.CaptureFixture[str]) -> None:
    resource = patient(name=[{"family": "Nordmann"}])
    rule = custom("tr-1", "name.family.trace('family').exists()")
    assert engine.check([rule], resource, "Patient", "Patient", resource, resource) == []
    assert capsys.readouterr().out == ""


def test_warning_severity_is_kept(engine: InvariantEngine) -> None:
    resource = patient()
    issues = engine.check(
        [custom("w-1", "birthDate.exists()", "warning")], resource, "Patient", "Patient", resource, resource
    )
    assert_fails(issues, "w-1", "Patient", Severity.WARNING)


def test_session_memoises_but_a_new_session_sees_changes(engine: InvariantEngine) -> None:
    resource = observation(valueInteger=1, dataAbsentReason={"text": "x"})
    constraints = only(core_constraints("Observation"), "obs-6")
    with engine.session():
        first = engine.check(constraints, resource, "Observation", "Observation", resource, resource)
        second = engine.check(constraints, resource, "Observation", "Observation", resource, resource)
    assert first == second and len(first) == 1
    del resource["dataAbsentReason"]
    assert engine.check(constraints, resource, "Observation", "Observation", resource, resource) == []


def test_duplicate_constraints_in_one_call_are_reported_once(engine: InvariantEngine) -> None:
    resource = observation(valueInteger=1, dataAbsentReason={"text": "x"})
    constraints = only(core_constraints("Observation"), "obs-6")
    issues = engine.check(constraints + constraints, resource, "Observation", "Observation", resource, resource)
    assert len(issues) == 1


# -- native fast paths agree with the FHIRPath they replace ----------------------------------------


def fhirpath_verdict(expression: str, resource: dict[str, Any]) -> bool:
    runtime = FhirPathRuntime()
    result = runtime.evaluate(
        runtime.prepare(expression), resource, resource["resourceType"], EvaluationScope(resource, resource)
    )
    return result == [True]


ORG = {"resourceType": "Organization", "id": "o", "name": "Bodø kommune"}
DOM_3_CASES = [
    patient(),
    patient(contained=[ORG], managingOrganization={"reference": "#o"}),
    patient(contained=[ORG]),
    patient(contained=[ORG], managingOrganization={"reference": "#other"}),
    patient(contained=[ORG, {"resourceType": "Practitioner", "id": "p"}], managingOrganization={"reference": "#o"}),
    patient(
        contained=[{"resourceType": "Practitioner", "id": "p"}, {**ORG, "endpoint": [{"reference": "#p"}]}],
        managingOrganization={"reference": "#o"},
    ),
    patient(
        contained=[
            {
                "resourceType": "Observation",
                "id": "c",
                "status": "final",
                "code": {"text": "x"},
                "subject": {"reference": "#"},
            }
        ]
    ),
    patient(contained=[{"resourceType": "Organization", "name": "no id"}]),
    {
        "resourceType": "Questionnaire",
        "status": "active",
        "contained": [{"resourceType": "ValueSet", "id": "vs", "status": "active"}],
        "item": [{"linkId": "1", "type": "choice", "answerValueSet": "#vs"}],
    },
]


@pytest.mark.parametrize("resource", DOM_3_CASES)
def test_dom_3_native_agrees_with_fhirpath(resource: dict[str, Any]) -> None:
    assert dom_3_holds(resource) == fhirpath_verdict(DOM_3, resource)


OBS_7_CASES = [
    observation(),
    observation(valueInteger=5),
    observation(component=[{"code": {"coding": [{"system": LOINC, "code": "8867-4"}]}, "valueInteger": 1}]),
    observation(valueInteger=5, component=[{"code": {"coding": [{"system": LOINC, "code": "8867-4"}]}}]),
    observation(valueInteger=5, component=[{"code": {"coding": [{"system": LOINC, "code": "9279-1"}]}}]),
    observation(valueInteger=5, component=[{"code": {"text": "no coding"}}]),
    observation(
        valueInteger=5,
        component=[{"code": {"coding": [{"system": LOINC, "code": "8867-4", "display": "Heart rate"}]}}],
    ),
    observation(
        _valueString={"extension": [{"url": "http://example.org/x", "valueCode": "masked"}]},
        component=[{"code": {"coding": [{"system": LOINC, "code": "8867-4"}]}}],
    ),
]


@pytest.mark.parametrize("resource", OBS_7_CASES)
def test_obs_7_native_agrees_with_fhirpath(resource: dict[str, Any]) -> None:
    assert obs_7_holds(resource, resource) == fhirpath_verdict(OBS_7, resource)


def test_fast_path_expressions_are_the_core_texts() -> None:
    texts = {c["key"]: c["expression"] for c in core_constraints("Observation")}
    assert texts["dom-3"] == DOM_3
    assert texts["obs-7"] == OBS_7


PERIODS = [
    {},
    {"start": "2024-01-01"},
    {"start": "2024-01-01", "end": "2024-02-01"},
    {"start": "2024-02-01", "end": "2024-01-31"},
    {"start": "2024", "end": "2024-05-01"},
    {"start": "2024-05", "end": "2024-04-30"},
    {"start": "2024-02-01T10:00:00+01:00", "end": "2024-02-01T09:30:00Z"},
    {"start": "2024-02-01T10:00:00Z", "end": "2024-02-01T09:59:59.999Z"},
    {"start": "2024-02-01T10:00:00.5Z", "end": "2024-02-01T10:00:00.25Z"},
    {"start": "2024-02-01", "end": "2024-02-01T00:00:00Z"},
    {"start": "2024-02-01", "_end": {"extension": [{"url": "http://example.org/x", "valueCode": "u"}]}},
]


@pytest.mark.parametrize("period", PERIODS)
def test_per_1_native_agrees_with_fhirpath(period: dict[str, Any]) -> None:
    runtime = FhirPathRuntime()
    resource = {"resourceType": "EpisodeOfCare", "status": "active", "period": period}
    result = runtime.evaluate(runtime.prepare(PER_1), period, "Period", EvaluationScope(resource, resource))
    assert per_1_holds(period) == (result != [False])


REFERENCES = [
    {"reference": "#o"},
    {"reference": "#x"},
    {"reference": "#"},
    {"reference": "Patient/p1"},
    {"display": "x"},
]


@pytest.mark.parametrize("reference", REFERENCES)
def test_ref_1_native_agrees_with_fhirpath(reference: dict[str, Any]) -> None:
    runtime = FhirPathRuntime()
    resource = patient(contained=[ORG], managingOrganization=reference)
    result = runtime.evaluate(runtime.prepare(REF_1), reference, "Reference", EvaluationScope(resource, resource))
    assert ref_1_holds(reference, resource) == (result != [False])


def test_fast_path_expressions_of_data_types_are_the_core_texts() -> None:
    assert only(core_constraints("Period"), "per-1")[0]["expression"] == PER_1
    assert only(core_constraints("Reference"), "ref-1")[0]["expression"] == REF_1


# -- choice elements given as `value[x]` ---------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2012-09-17", "dateTime"),
        ("2012-09-17T10:00:00Z", "dateTime"),
        ({"start": "2012"}, "Period"),
        ({"repeat": {"frequency": 1}}, "Timing"),
        (["not", "a", "value"], None),
    ],
)
def test_choice_type_of_observation_effective(value: Any, expected: str | None) -> None:
    assert choice_type("Observation.effective[x]", value) == expected


def test_choice_type_by_json_type() -> None:
    assert choice_type("Observation.value[x]", True) == "boolean"
    assert choice_type("Observation.value[x]", 5) == "integer"
    assert choice_type("Observation.value[x]", {"value": Decimal("1.5"), "unit": "kg"}) == "Quantity"
    assert choice_type("Extension.value[x]", {"reference": "Patient/p1"}) == "Reference"
    assert choice_type("Extension.value[x]", Decimal("1.5")) == "decimal"


def test_profile_constraint_on_a_choice_element_sees_its_type(engine: InvariantEngine) -> None:
    """vs-1 of the vital signs profile: an effectiveDateTime must give at least the day."""
    rule = [custom("vs-1", "($this as dateTime).toString().length() >= 8")]
    resource = observation(effectiveDateTime="2012-09-17")
    where = "Observation.effective.ofType(dateTime)"
    assert engine.check(rule, "2012-09-17", "Observation.effective[x]", where, resource, resource) == []
    resource["effectiveDateTime"] = "2012"
    assert_fails(engine.check(rule, "2012", "Observation.effective[x]", where, resource, resource), "vs-1", where)


def test_a_choice_value_has_the_type_its_json_name_gives(engine: InvariantEngine) -> None:
    """JSON cannot tell an instant from a dateTime, but ``effectiveInstant`` can: the walker passes the type."""
    rule = [custom("t-1", "$this is instant")]
    resource = observation(effectiveInstant="2012-09-17T10:00:00Z")
    where = "Observation.effective.ofType(instant)"
    value = "2012-09-17T10:00:00Z"
    assert engine.check(rule, value, "Observation.effective[x]", where, resource, resource, None, "instant") == []
    # without the name's type, the value's form is read as the far more common dateTime
    guessed = engine.check(rule, value, "Observation.effective[x]", where, resource, resource)
    assert_fails(guessed, "t-1", where)


def test_the_walker_gives_choice_constraints_the_named_type() -> None:
    url = "http://example.org/StructureDefinition/instant-only"

    def change(element: dict[str, Any]) -> None:
        if element["id"] == "Observation.effective[x]":
            rule = {**custom("t-1", "$this is instant"), "source": url}
            element["constraint"] = [*element.get("constraint", ()), rule]

    base = "http://hl7.org/fhir/StructureDefinition/Observation"
    checker = FhirValidator(OverlayContext(derived_profile(base, url, change)))
    resource = observation(effectiveInstant="2012-09-17T10:00:00Z", status="final", code={"text": "x"})
    assert [i.code for i in checker.validate(resource, (url,)) if i.severity.is_error] == []
    resource["effectiveDateTime"] = resource.pop("effectiveInstant")
    found = [(i.code, i.expression, i.message[:3]) for i in checker.validate(resource, (url,)) if i.severity.is_error]
    assert found == [("fhir-invariant", "Observation.effective.ofType(dateTime)", "t-1")]


# -- the compiled simple subset agrees with the FHIRPath runtime -----------------------------------


LOGIC_EXPRESSIONS = [
    f"(gender = 'female') {operator} (birthDate.exists() {inner} active = true)"
    for operator in ("and", "or", "xor", "implies")
    for inner in ("and", "or", "implies")
] + [
    "gender != 'male'",
    "name.given.count() = 2",
    "name.given.hasValue()",
    "birthDate.hasValue().not()",
    "multipleBirth.exists() implies active = true",
    "deceased.empty()",
    "name.where(use = 'official').exists()",
    "name.where(use = 'official' and given.count() = 2).empty()",
]
LOGIC_PATIENTS = [
    patient(**extra)
    for extra in (
        {},
        {"gender": "female"},
        {"gender": "male", "birthDate": "1988-07-22", "active": True},
        {"gender": "female", "active": False},
        {"_gender": {"extension": [{"url": "http://example.org/x", "valueCode": "masked"}]}, "active": True},
        {"birthDate": "1988", "name": [{"given": ["Kari", "Anne"]}], "multipleBirthInteger": 1},
        {"name": [{"given": ["Kari"]}], "multipleBirthBoolean": True, "deceasedBoolean": False},
        {"name": [{"use": "usual", "given": ["Kari"]}, {"use": "official", "given": ["Kari", "Anne"]}]},
        {"name": [{"use": "official", "given": ["Kari"]}]},
    )
]


@pytest.mark.parametrize("expression", LOGIC_EXPRESSIONS)
def test_compiled_subset_agrees_with_runtime(expression: str) -> None:
    simple = compile_simple(expression, "Patient")
    assert simple is not None, "expected in the compiled subset"
    runtime = FhirPathRuntime()
    for resource in LOGIC_PATIENTS:
        try:
            fast = simple(resource)
        except Fallback:
            continue
        slow = runtime.evaluate(runtime.prepare(expression), resource, "Patient", EvaluationScope(resource, resource))
        assert fast == slow, resource


@pytest.mark.parametrize(
    "expression",
    [
        "birthDate = '1988-07-22'",  # dates compare by value in the runtime
        "%resource.gender.exists()",
        "name.where(use).exists()",  # criteria that are not boolean
        "name.select(use).repeat(id).exists()",
        "Patient.gender.exists()",
        "deceased.value.exists()",  # a choice followed by a further step
        "gender.substring(1) = 'x'",
    ],
)
def test_outside_the_compiled_subset(expression: str) -> None:
    assert compile_simple(expression, "Patient") is None


def test_compiled_subset_falls_back_where_semantics_differ() -> None:
    simple = compile_simple("name.not()", "Patient")
    assert simple is not None
    with pytest.raises(Fallback):
        simple(patient(name=[{"family": "Nordmann"}]))


def test_container_lookup_follows_changes_to_the_same_bundle(engine: InvariantEngine) -> None:
    first = patient(contained=[ORG], managingOrganization={"reference": "#o"})
    bundle = bundle_of("collection", {"fullUrl": "urn:uuid:5b0f0a0e-2f6c-4a5e-9d5e-8c8f0e1c1a02", "resource": first})
    where = "Bundle.entry[0].resource.managingOrganization"
    assert run(engine, "ref-1", "Reference", first["managingOrganization"], where, first, bundle, bundle) == []
    second = patient(contained=[{"resourceType": "Organization", "id": "x"}], managingOrganization={"reference": "#o"})
    bundle["entry"][0]["resource"] = second  # same Bundle object, new entry resource
    issues = run(engine, "ref-1", "Reference", second["managingOrganization"], where, second, bundle, bundle)
    assert_fails(issues, "ref-1", where)


def test_invariant_starting_with_this_is_evaluated(engine: InvariantEngine) -> None:
    """no-basis-identifier-system (HL7 Norway) starts with $this; it used to be 'not evaluated'."""
    constraint = {
        "key": "no-basis-identifier-system",
        "severity": "warning",
        "human": "use ENH or RESH as identifier.system",
        "expression": "$this.exists(system = 'urn:oid:2.16.578.1.12.4.1.4.101' "
        "or system = 'urn:oid:2.16.578.1.12.4.1.4.102')",
    }
    service: dict[str, Any] = {"resourceType": "HealthcareService", "id": "h1"}
    enh = {"system": "urn:oid:2.16.578.1.12.4.1.4.101", "value": "974633574"}
    location = "HealthcareService.providedBy.identifier"
    path = "HealthcareService.providedBy.identifier"
    assert engine.check([constraint], enh, path, location, service, service, None) == []
    other = {"system": "urn:oid:2.16.578.1.12.4.1.4.1", "value": "22750884907"}
    issues = engine.check([constraint], other, path, location, service, service, None)
    assert_fails(issues, "no-basis-identifier-system", location, Severity.WARNING)
