"""Internal narrative links (``<a href="#...">``) must point at an id, as HL7's validator checks them.

The rule follows HL7's validator 6.7.10 (InstanceValidator.checkReferences and countTargetMatches,
read in hapifhir/org.hl7.fhir.core): the targets are every id in the resource (its own, its elements',
its contained resources', the narrative's id attributes and ``<a name>``), then the whole Bundle when the
resource is an entry; none is an error, several a warning. The resources here are our own.
"""

from __future__ import annotations

from typing import Any

import pytest
from walker_cases import validator

XHTML = 'xmlns="http://www.w3.org/1999/xhtml"'


def _found(resource: dict[str, Any]) -> list[tuple[str, str, str]]:
    issues = validator().validate(resource)
    return [(i.severity.value, i.expression, i.message) for i in issues if i.code == "fhir-narrative-link"]


def _patient(links: str, **extra: Any) -> dict[str, Any]:
    div = f'<div {XHTML}><p id="avsnitt">{links}</p><a name="merke">merke</a></div>'
    return {"resourceType": "Patient", "id": "p1", "text": {"status": "generated", "div": div}, **extra}


@pytest.mark.parametrize(
    ("href", "extra"),
    [
        ("#p1", {}),  # the resource's own id
        ("#navn", {"name": [{"id": "navn", "family": "Nordmann"}]}),  # an element's id
        ("#avsnitt", {}),  # an id attribute in the narrative
        ("#merke", {}),  # an <a name>
        ("#fdato", {"birthDate": "1990-01-01", "_birthDate": {"id": "fdato"}}),  # a primitive's id
        ("#org", {"contained": [{"resourceType": "Organization", "id": "org", "name": "Legekontoret"}],
                  "managingOrganization": {"reference": "#org"}}),  # a contained resource
        ("#", {}),  # the top of the page: not checked
    ],
    ids=["resource", "element", "xhtml-id", "a-name", "primitive", "contained", "top"],
)  # fmt: skip
def test_a_link_to_an_id_in_the_resource_passes(href: str, extra: dict[str, Any]) -> None:
    assert _found(_patient(f'<a href="{href}">lenke</a>', **extra)) == []


def test_a_link_to_nothing_is_an_error_at_the_div() -> None:
    found = _found(_patient('<a href="#borte">lenke</a>'))
    assert found == [
        ("error", "Patient.text.div", "the narrative's link #borte points at nothing: no id in the resource is 'borte'")
    ]


def test_a_link_that_matches_two_ids_is_a_warning() -> None:
    patient = _patient('<a href="#navn">lenke</a>', name=[{"id": "navn", "family": "A"}, {"id": "navn", "family": "B"}])
    assert [(severity, where) for severity, where, _ in _found(patient)] == [("warning", "Patient.text.div")]


def test_a_contained_resources_link_is_looked_up_in_its_container() -> None:
    contained: dict[str, Any] = {
        "resourceType": "Organization",
        "id": "org",
        "text": {"status": "generated", "div": f'<div {XHTML}><a href="#navn">pasientens navn</a></div>'},
    }
    patient = _patient("", name=[{"id": "navn", "family": "A"}], contained=[contained])
    patient["managingOrganization"] = {"reference": "#org"}
    assert _found(patient) == []
    contained["text"]["div"] = f'<div {XHTML}><a href="#ingen">lenke</a></div>'
    assert [where for _, where, _ in _found(patient)] == ["Patient.contained[0].text.div"]


def _bundle(href: str) -> dict[str, Any]:
    observation = {
        "resourceType": "Observation",
        "id": "o1",
        "status": "final",
        "code": {"id": "kode", "text": "Puls"},
        "text": {"status": "generated", "div": f'<div {XHTML}><a href="{href}">se</a></div>'},
    }
    patient = {"resourceType": "Patient", "id": "p1", "name": [{"id": "pasientnavn", "family": "A"}]}
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            {"fullUrl": "urn:uuid:8c2a4f2e-4b8e-4f7a-9a55-0d6f1c2b3a41", "resource": observation},
            {"fullUrl": "urn:uuid:1f0e5c3d-2a4b-4c6d-8e9f-a0b1c2d3e4f5", "resource": patient},
        ],
    }


def test_an_entrys_link_may_point_at_an_id_elsewhere_in_the_bundle() -> None:
    assert _found(_bundle("#pasientnavn")) == []
    assert _found(_bundle("#kode")) == []


def test_an_entrys_link_to_nothing_in_the_bundle_is_an_error() -> None:
    found = _found(_bundle("#ingen"))
    assert found == [
        (
            "error",
            "Bundle.entry[0].resource.text.div",
            "the narrative's link #ingen points at nothing: no id in the resource or its Bundle is 'ingen'",
        )
    ]
