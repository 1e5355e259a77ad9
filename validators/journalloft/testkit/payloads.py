"""The kit's own OKT payloads: services and units for its synthetic person, valid by the spec's profiles.

Units carry the organisation numbers of the project's examples (999999980, 999999999) and are written
with a conditional PUT on that number, so a rerun updates them instead of adding more.
"""

from __future__ import annotations

import copy
import uuid
from typing import Any

from journalloft.testkit.context import FNR_SYSTEM

BASE = "https://journalloft.no/fhir"
EPISODE_PROFILE = f"{BASE}/StructureDefinition/okt-episode-of-care"
ORGANIZATION_PROFILE = f"{BASE}/StructureDefinition/okt-organization"
TRANSACTION_PROFILE = f"{BASE}/StructureDefinition/okt-transaction-bundle"
IPLOS = "urn:oid:2.16.578.1.12.4.1.1.9151"
ORGNR = "urn:oid:2.16.578.1.12.4.1.4.101"
UNITS = {"sone": ("999999980", "Hjemmetjenesten sone vest (testsett)"), "kommune": ("999999999", "Testkommune")}

# role: (status, IPLOS code, display, start, end)
SERVICES: dict[str, tuple[str, str, str, str, str | None]] = {
    "hoved": ("active", "15", "Helsetjenester i hjemmet", "2026-03-01", None),
    "dag": ("active", "4", "Dagaktivitetstilbud", "2026-02-01", None),
    "stanset": ("onhold", "6", "Trygghetsalarm", "2025-11-01", None),
    "avsluttet": ("finished", "19", "Tidsbegrenset opphold - habilitering/rehabilitering", "2026-01-05", "2026-02-02"),
}
STATUS_CHANGE_END = "2026-06-30"


def organization(role: str, part_of: str | None = None) -> dict[str, Any]:
    number, name = UNITS[role]
    resource: dict[str, Any] = {
        "resourceType": "Organization",
        "meta": {"profile": [ORGANIZATION_PROFILE]},
        "identifier": [{"system": ORGNR, "value": number}],
        "name": name,
        "telecom": [{"system": "phone", "value": "+4799999999", "use": "work"}],
    }
    if part_of is not None:
        resource["partOf"] = {"reference": part_of}
    return resource


def episode(person: str, role: str, managing: str, status: str | None = None) -> dict[str, Any]:
    planned_status, code, display, start, end = SERVICES.get(role, ("active", "5", "Matombringing", "2026-04-01", None))
    status = status or planned_status
    resource: dict[str, Any] = {
        "resourceType": "EpisodeOfCare",
        "meta": {"profile": [EPISODE_PROFILE]},
        "extension": [
            {
                # okt 2.0.0 follows HL7 Norway's OKT IG: hours per week as a Ratio under the IG's URL.
                "url": "http://hl7.no/fhir/ig/okt/StructureDefinition/WeeklyExtentRatio",
                "valueRatio": {
                    "numerator": {"value": 3, "unit": "h", "system": "http://unitsofmeasure.org", "code": "h"},
                    "denominator": {"value": 1, "unit": "wk", "system": "http://unitsofmeasure.org", "code": "wk"},
                },
            }
        ],
        "status": status,
        "type": [{"coding": [{"system": IPLOS, "code": code, "display": display}]}],
        "patient": {"identifier": {"system": FNR_SYSTEM, "value": person}},
        "managingOrganization": {"reference": managing},
        "period": {"start": start, **({"end": end} if end else {})},
    }
    return resource


def transaction(person: str, roles: list[str]) -> dict[str, Any]:
    """Both units (conditional PUT) and one new service per role, all in one transaction."""
    sone, kommune = "urn:uuid:0c1d0000-0000-4000-8000-000000000001", "urn:uuid:0c1d0000-0000-4000-8000-000000000002"
    entries: list[dict[str, Any]] = [
        _put_unit(sone, organization("sone", kommune), "sone"),
        _put_unit(kommune, organization("kommune"), "kommune"),
    ]
    for index, role in enumerate(roles):
        entries.append(
            {
                "fullUrl": f"urn:uuid:0c1d0000-0000-4000-8000-{index + 100:012d}",
                "resource": episode(person, role, sone),
                "request": {"method": "POST", "url": "EpisodeOfCare"},
            }
        )
    return {
        "resourceType": "Bundle",
        "meta": {"profile": [TRANSACTION_PROFILE]},
        "type": "transaction",
        "entry": entries,
    }


def status_change(resource: dict[str, Any], status: str) -> dict[str, Any]:
    """A transaction that updates one stored service to ``status`` (finished also gets an end date)."""
    changed = copy.deepcopy(resource)
    changed["status"] = status
    if status == "finished":
        changed["period"] = {**changed.get("period", {}), "end": STATUS_CHANGE_END}
    changed.pop("meta", None)
    changed["meta"] = {"profile": [EPISODE_PROFILE]}
    return {
        "resourceType": "Bundle",
        "meta": {"profile": [TRANSACTION_PROFILE]},
        "type": "transaction",
        "entry": [
            {
                "fullUrl": f"urn:uuid:{uuid.uuid4()}",
                "resource": changed,
                "request": {"method": "PUT", "url": f"EpisodeOfCare/{changed['id']}"},
            }
        ],
    }


def invalid_transaction(person: str, managing: str) -> dict[str, Any]:
    """A transaction the profile refuses: the service has no period (period and period.start are 1..1)."""
    bundle = transaction(person, ["ugyldig"])
    service = bundle["entry"][-1]["resource"]
    service.pop("period")
    bundle["entry"] = bundle["entry"][-1:]
    service["managingOrganization"] = {"reference": managing}
    return bundle


def _put_unit(full_url: str, resource: dict[str, Any], role: str) -> dict[str, Any]:
    return {
        "fullUrl": full_url,
        "resource": resource,
        "request": {"method": "PUT", "url": f"Organization?identifier={ORGNR}|{UNITS[role][0]}"},
    }
