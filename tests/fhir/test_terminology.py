"""Offline code membership over the core R4 terminology and over a spec's own resources."""

from __future__ import annotations

from typing import Any

import pytest

from journalloft.fhir.definitions import CoreDefinitions, load_core
from journalloft.fhir.terminology import Terminology
from journalloft.fhir.terminology_ucum import UCUM, ucum_syntax_error

GENDER_VS = "http://hl7.org/fhir/ValueSet/administrative-gender"
GENDER = "http://hl7.org/fhir/administrative-gender"
OBS_STATUS_VS = "http://hl7.org/fhir/ValueSet/observation-status|4.0.1"
OBS_STATUS = "http://hl7.org/fhir/observation-status"
ROLE_CODE = "http://terminology.hl7.org/CodeSystem/v3-RoleCode"
SNOMED = "http://snomed.info/sct"
IPLOS = "urn:oid:2.16.578.1.12.4.1.1.9151"
IPLOS_VS = "http://example.org/fhir/ValueSet/iplos-tjenestetype"


class DictSource:
    """Own ValueSets/CodeSystems first, then the core definitions (as FhirContext does)."""

    def __init__(self, *resources: dict[str, Any], core: CoreDefinitions | None = None) -> None:
        self._by_url = {(r["resourceType"], r["url"]): r for r in resources}
        self._core = core

    def value_set(self, url: str) -> dict[str, Any] | None:
        found = self._by_url.get(("ValueSet", url.partition("|")[0]))
        return found if found is not None or self._core is None else self._core.value_set(url)

    def code_system(self, url: str) -> dict[str, Any] | None:
        found = self._by_url.get(("CodeSystem", url.partition("|")[0]))
        return found if found is not None or self._core is None else self._core.code_system(url)


class WithoutExpansions:
    """The core definitions with every ValueSet.expansion removed: only `compose` is left."""

    def __init__(self, core: CoreDefinitions) -> None:
        self._core = core

    def value_set(self, url: str) -> dict[str, Any] | None:
        found = self._core.value_set(url)
        return None if found is None else {k: v for k, v in found.items() if k != "expansion"}

    def code_system(self, url: str) -> dict[str, Any] | None:
        return self._core.code_system(url)


@pytest.fixture(scope="module")
def core_terminology() -> Terminology:
    return Terminology(load_core())


IPLOS_CS: dict[str, Any] = {
    "resourceType": "CodeSystem",
    "url": IPLOS,
    "content": "complete",
    "caseSensitive": False,
    "concept": [
        {"code": "1", "display": "Praktisk bistand – daglige gjøremål"},
        {"code": "15", "display": "Helsetjenester i hjemmet"},
        {"code": "21", "display": "Langtidsopphold i institusjon"},
        {"code": "INST", "display": "Opphold i institusjon",
         "property": [{"code": "notSelectable", "valueBoolean": True}],
         "concept": [{"code": "22", "display": "Nattopphold i institusjon"}]},
    ],
}


def _iplos_value_set(compose: dict[str, Any]) -> dict[str, Any]:
    return {"resourceType": "ValueSet", "url": IPLOS_VS, "compose": compose}


# -- required-binding value sets shipped with an expansion -----------------------------------

def test_administrative_gender_member_and_not_member(core_terminology: Terminology) -> None:
    assert core_terminology.check_code(GENDER_VS, GENDER, "female").status == "member"
    miss = core_terminology.check_code(GENDER_VS, GENDER, "f")
    assert miss.status == "not-member"
    assert "f is not in" in miss.message


def test_code_type_without_system(core_terminology: Terminology) -> None:
    # Patient.gender is a FHIR `code`: the system is implied by the value set.
    assert core_terminology.check_code(GENDER_VS, None, "unknown").status == "member"
    assert core_terminology.check_code(GENDER_VS, None, "bogus").status == "not-member"


def test_wrong_system_is_not_a_member(core_terminology: Terminology) -> None:
    check = core_terminology.check_code(GENDER_VS, SNOMED, "248153007")
    assert check.status == "not-member"
    assert f"has no codes from {SNOMED}" in check.message


def test_observation_status_with_version_suffix(core_terminology: Terminology) -> None:
    assert core_terminology.check_code(OBS_STATUS_VS, OBS_STATUS, "final").status == "member"
    assert core_terminology.check_code(OBS_STATUS_VS, OBS_STATUS, "done").status == "not-member"
    wrong_version = core_terminology.check_code("http://hl7.org/fhir/ValueSet/observation-status|9.9",
                                                OBS_STATUS, "final")
    assert wrong_version.status == "unknown-value-set"


def test_display_check(core_terminology: Terminology) -> None:
    right = core_terminology.check_code(OBS_STATUS_VS, OBS_STATUS, "final", display="final ")
    assert (right.status, right.display_ok, right.expected_display) == ("member", True, "Final")
    wrong = core_terminology.check_code(OBS_STATUS_VS, OBS_STATUS, "final", display="Preliminary")
    assert (wrong.status, wrong.display_ok) == ("member", False)
    assert core_terminology.check_code(OBS_STATUS_VS, OBS_STATUS, "final").display_ok is None
    assert core_terminology.code_display(ROLE_CODE, "BRO") == "brother"
    assert core_terminology.code_display(SNOMED, "248153007") is None


def test_expansion_of_a_system_we_do_not_hold(core_terminology: Terminology) -> None:
    currencies = "http://hl7.org/fhir/ValueSet/currencies"
    assert core_terminology.check_code(currencies, "urn:iso:std:iso:4217", "NOK").status == "member"
    assert core_terminology.check_code(currencies, "urn:iso:std:iso:4217", "XYZ").status == "not-member"


def test_inactive_code_left_out_of_the_expansion_is_still_a_member(core_terminology: Terminology) -> None:
    vs = "http://hl7.org/fhir/ValueSet/observation-interpretation"
    system = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"
    inactive = core_terminology.check_code(vs, system, "H>")  # status "deprecated" in the code system
    assert (inactive.status, inactive.inactive) == ("member", True)
    active = core_terminology.check_code(vs, system, "H")
    assert (active.status, active.inactive) == ("member", False)


# -- compose evaluation -------------------------------------------------------------------------

def test_compose_only_value_set_with_is_a_filter(core_terminology: Terminology) -> None:
    vs = "http://hl7.org/fhir/ValueSet/sibling-relationship-codes"  # is-a SIB, no HL7 expansion
    assert "expansion" not in (load_core().value_set(vs) or {})
    assert core_terminology.check_code(vs, ROLE_CODE, "SIB").status == "member"
    assert core_terminology.check_code(vs, ROLE_CODE, "TWINBRO").status == "member"  # three levels down
    assert core_terminology.check_code(vs, ROLE_CODE, "MTH").status == "not-member"


def test_descendent_of_and_is_not_a_filters() -> None:
    terminology = Terminology(DictSource(IPLOS_CS, _iplos_value_set(
        {"include": [{"system": IPLOS, "filter": [{"property": "concept", "op": "descendent-of", "value": "INST"}]}]}
    )))
    assert terminology.check_code(IPLOS_VS, IPLOS, "22").status == "member"
    assert terminology.check_code(IPLOS_VS, IPLOS, "15").status == "not-member"
    selectable_root = dict(IPLOS_CS, concept=[{"code": "INST", "concept": [{"code": "22"}]}, {"code": "15"}])
    strictly_below = Terminology(DictSource(selectable_root, _iplos_value_set(
        {"include": [{"system": IPLOS, "filter": [{"property": "concept", "op": "descendent-of", "value": "INST"}]}]}
    )))
    assert strictly_below.check_code(IPLOS_VS, IPLOS, "22").status == "member"
    assert strictly_below.check_code(IPLOS_VS, IPLOS, "INST").status == "not-member"
    negated = Terminology(DictSource(IPLOS_CS, _iplos_value_set(
        {"include": [{"system": IPLOS, "filter": [{"property": "concept", "op": "is-not-a", "value": "INST"}]}]}
    )))
    assert negated.check_code(IPLOS_VS, IPLOS, "15").status == "member"
    assert negated.check_code(IPLOS_VS, IPLOS, "22").status == "not-member"


def test_compose_reproduces_hls_published_expansions() -> None:
    """Where HL7 ships a complete expansion and we can evaluate the compose, the two agree."""
    core = load_core()
    published, derived = Terminology(core), Terminology(WithoutExpansions(core))
    compared, differing = 0, []
    for url in core.value_set_urls():
        value_set = core.value_set(url)
        assert value_set is not None
        expansion = value_set.get("expansion")
        if expansion is None or "extension" in expansion:  # flagged unclosed / too costly
            continue
        ours = derived._compiled(url)
        assert ours is not None
        if ours.others_open or not all(part.closed for part in ours.parts.values()):
            continue
        theirs = published._compiled(url)
        assert theirs is not None
        compared += 1
        if {s: p.members for s, p in theirs.parts.items() if p.members} != {
            s: p.members for s, p in ours.parts.items() if p.members
        }:
            differing.append(url)
    assert compared > 450
    # The differences: an example whose code system is a contained resource ("#hacked"), and two
    # value sets whose code systems HL7 Terminology 7.0.1 replaced (R4 expanded them over the older
    # R4 copies: security-labels over the v3 confidentiality/act codes, yesnodontknow over v2-0136).
    assert differing == [
        "http://hl7.org/fhir/ValueSet/example-hierarchical",
        "http://hl7.org/fhir/ValueSet/security-labels",
        "http://hl7.org/fhir/ValueSet/yesnodontknow",
    ]


# -- what cannot be checked -------------------------------------------------------------------

def test_snomed_filter_is_not_checkable(core_terminology: Terminology) -> None:
    check = core_terminology.check_code("http://hl7.org/fhir/ValueSet/clinical-findings", SNOMED, "404684003")
    assert check.status == "not-checkable"
    assert "cannot be evaluated offline" in check.message


def test_whole_external_code_system_is_not_checkable(core_terminology: Terminology) -> None:
    mimetypes = "http://hl7.org/fhir/ValueSet/mimetypes"
    assert core_terminology.check_code(mimetypes, "urn:ietf:bcp:13", "text/plain").status == "not-checkable"
    # ...but a value set that lists BCP-47 codes explicitly is checkable.
    languages = "http://hl7.org/fhir/ValueSet/languages"
    assert core_terminology.check_code(languages, "urn:ietf:bcp:47", "no-NO").status == "member"
    assert core_terminology.check_code(languages, "urn:ietf:bcp:47", "nb-NO").status == "not-member"


def test_listed_members_of_an_incomplete_expansion_are_members(core_terminology: Terminology) -> None:
    ucum = "http://hl7.org/fhir/ValueSet/ucum-units"  # expansion flagged too costly
    assert core_terminology.check_code(ucum, "http://unitsofmeasure.org", "mg").status == "member"
    assert core_terminology.check_code(ucum, "http://unitsofmeasure.org", "mg/dL.h").status == "not-checkable"


def test_malformed_ucum_is_never_a_member(core_terminology: Terminology) -> None:
    ucum = "http://hl7.org/fhir/ValueSet/ucum-units"
    check = core_terminology.check_code(ucum, UCUM, "mg / dL")
    assert check.status == "not-member"
    assert "not a UCUM expression" in check.message


@pytest.mark.parametrize("expression", [
    "mg", "mg/dL", "10*3/uL", "mm[Hg]", "/min", "{score}", "mg{creat}/g", "(kg.m)/s2", "[in_i]",
    "%", "s-1", "cm[H2O]", "{# of fetuses}", "g/(8.h){shift}",
])
def test_ucum_syntax_accepts(expression: str) -> None:
    assert ucum_syntax_error(expression) is None


@pytest.mark.parametrize(("expression", "problem"), [
    ("mg / dL", "character ' ' at position 3"),
    ("mg/dL)", "unexpected ')' at position 6"),
    ("mg//dL", "a unit is expected at position 4"),
    ("(mg", "unbalanced '('"),
    ("mg{x", "unbalanced '{' at position 3"),
    ("mm[Hg", "unbalanced '[' at position 3"),
    ("mg.", "expression ends where a unit is expected"),
    ("", "empty expression"),
])
def test_ucum_syntax_rejects(expression: str, problem: str) -> None:
    error = ucum_syntax_error(expression)
    assert error is not None and problem in error


def test_every_ucum_code_hl7_publishes_parses() -> None:
    core = load_core()
    codes: set[str] = set()

    def collect(contains: list[dict[str, Any]]) -> None:
        for item in contains:
            if item.get("system") == UCUM:
                codes.add(item["code"])
            collect(item.get("contains", []))

    for url in core.value_set_urls():
        value_set = core.value_set(url) or {}
        collect(value_set.get("expansion", {}).get("contains", []))
    assert len(codes) > 900
    assert {code: ucum_syntax_error(code) for code in codes if ucum_syntax_error(code)} == {}


def test_unknown_value_set(core_terminology: Terminology) -> None:
    check = core_terminology.check_code("http://example.org/ValueSet/nope", "http://x", "a")
    assert check.status == "unknown-value-set"
    assert "http://example.org/ValueSet/nope" in check.message


def test_unknown_imported_value_set_makes_other_codes_not_checkable() -> None:
    terminology = Terminology(DictSource(IPLOS_CS, _iplos_value_set({"include": [
        {"system": IPLOS, "concept": [{"code": "15"}]},
        {"valueSet": ["http://example.org/ValueSet/missing"]},
    ]})))
    assert terminology.check_code(IPLOS_VS, IPLOS, "15").status == "member"
    assert terminology.check_code(IPLOS_VS, "http://other", "x").status == "not-checkable"


# -- case sensitivity ---------------------------------------------------------------------------

def test_case_sensitive_code_system(core_terminology: Terminology) -> None:
    check = core_terminology.check_code(GENDER_VS, GENDER, "Male")
    assert check.status == "not-member"
    assert "case-sensitive" in check.message


def test_case_insensitive_code_system() -> None:
    terminology = Terminology(DictSource(IPLOS_CS, _iplos_value_set(
        {"include": [{"system": IPLOS, "filter": [{"property": "concept", "op": "is-a", "value": "inst"}]}]}
    )))
    assert terminology.check_code(IPLOS_VS, IPLOS, "22").status == "member"
    exact = dict(IPLOS_CS, caseSensitive=True)
    strict = Terminology(DictSource(exact, _iplos_value_set(
        {"include": [{"system": IPLOS, "concept": [{"code": "INST"}, {"code": "15"}]}]}
    )))
    assert strict.check_code(IPLOS_VS, IPLOS, "INST").status == "member"
    assert strict.check_code(IPLOS_VS, IPLOS, "inst").status == "not-member"


# -- a spec's own terminology --------------------------------------------------------------

def test_own_code_system_and_value_set_as_dicts() -> None:
    terminology = Terminology(DictSource(IPLOS_CS, _iplos_value_set({"include": [{"system": IPLOS}]}),
                                         core=load_core()))
    assert terminology.check_code(IPLOS_VS, IPLOS, "15", "Helsetjenester i hjemmet").display_ok is True
    assert terminology.check_code(IPLOS_VS, IPLOS, "22").status == "member"
    # The OKT prototype sends a leading zero; the code system has none.
    assert terminology.check_code(IPLOS_VS, IPLOS, "01").status == "not-member"
    assert terminology.check_code(IPLOS_VS, IPLOS, "12").status == "not-member"
    grouping = terminology.check_code(IPLOS_VS, IPLOS, "INST")
    assert grouping.status == "not-member" and "abstract" in grouping.message
    # The core still answers through the same source.
    assert terminology.check_code(GENDER_VS, GENDER, "male").status == "member"


def test_exclude_and_import() -> None:
    base = _iplos_value_set({"include": [{"system": IPLOS}]})
    narrowed: dict[str, Any] = {
        "resourceType": "ValueSet",
        "url": "http://example.org/fhir/ValueSet/iplos-uten-institusjon",
        "compose": {
            "include": [{"valueSet": [IPLOS_VS]}],
            "exclude": [{"system": IPLOS, "filter": [{"property": "concept", "op": "is-a", "value": "INST"}]}],
        },
    }
    terminology = Terminology(DictSource(IPLOS_CS, base, narrowed))
    assert terminology.check_code(narrowed["url"], IPLOS, "15").status == "member"
    assert terminology.check_code(narrowed["url"], IPLOS, "22").status == "not-member"


def test_self_import_does_not_recurse_forever() -> None:
    looping = _iplos_value_set({"include": [{"valueSet": [IPLOS_VS]}]})
    check = Terminology(DictSource(IPLOS_CS, looping)).check_code(IPLOS_VS, IPLOS, "15")
    assert check.status == "not-checkable"


def test_known_code_lookup(core_terminology: Terminology) -> None:
    assert core_terminology.is_known_code(GENDER, "male") is True
    assert core_terminology.is_known_code(GENDER, "mal") is False
    assert core_terminology.is_known_code(SNOMED, "248153007") is None


def test_system_and_imports_in_one_include_intersect() -> None:
    listed: dict[str, Any] = {
        "resourceType": "ValueSet", "url": "http://example.org/fhir/ValueSet/a",
        "compose": {"include": [{"system": IPLOS, "concept": [{"code": "15"}, {"code": "21"}]}]},
    }
    both = _iplos_value_set({"include": [
        {"system": IPLOS, "concept": [{"code": "1"}, {"code": "15"}], "valueSet": [listed["url"]]},
    ]})
    terminology = Terminology(DictSource(IPLOS_CS, listed, both))
    assert terminology.check_code(IPLOS_VS, IPLOS, "15").status == "member"
    assert terminology.check_code(IPLOS_VS, IPLOS, "1").status == "not-member"
    assert terminology.check_code(IPLOS_VS, IPLOS, "21").status == "not-member"


# -- current HL7 terminology and truncated expansions -------------------------------------------


def test_truncated_snomed_expansion_cannot_show_non_membership(core_terminology: Terminology) -> None:
    """HL7 cut substance-code's expansion at 2,000 SNOMED CT codes without flagging it incomplete."""
    url = "http://hl7.org/fhir/ValueSet/substance-code"
    listed = core_terminology.check_code(url, SNOMED, "102002")  # in the published expansion
    assert listed.status == "member"
    assert core_terminology.check_code(url, SNOMED, "111111111111").status == "not-checkable"


def test_an_expansion_shorter_than_its_total_is_incomplete() -> None:
    system = "urn:oid:2.16.578.1.12.4.1.1.7999"
    value_set: dict[str, Any] = {
        "resourceType": "ValueSet",
        "url": "http://example.org/fhir/ValueSet/side",
        "expansion": {"total": 40, "contains": [{"system": system, "code": "A"}, {"system": system, "code": "B"}]},
    }
    terminology = Terminology(DictSource(value_set))
    assert terminology.check_code(value_set["url"], system, "A").status == "member"
    assert terminology.check_code(value_set["url"], system, "Z").status == "not-checkable"
    value_set["expansion"]["total"] = 2
    assert Terminology(DictSource(value_set)).check_code(value_set["url"], system, "Z").status == "not-member"


def test_subsumed_by_links_make_the_hierarchy(core_terminology: Terminology) -> None:
    """HL7 Terminology states v3 hierarchies with subsumedBy; parent-relationship-codes filters is-a PRN."""
    url = "http://hl7.org/fhir/ValueSet/parent-relationship-codes|4.0.1"
    assert core_terminology.check_code(url, ROLE_CODE, "FTH").status == "member"
    assert core_terminology.check_code(url, ROLE_CODE, "SIS").status == "not-member"
