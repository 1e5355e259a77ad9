"""Convert OKT payloads between NHN's prototype JSON (spec okt-prototype) and FHIR R4 (spec okt).

The field-by-field mapping is data, in specs/okt/1.1.0/mapping/okt-prototype.yaml (the site renders
it); this module implements it. Both directions keep every OKT field:

* An OktEvent becomes an OktTransactionBundle: one OktEpisodeOfCare per oktMessage, and one
  OktOrganization for the responsible unit. The prototype has no organisation (NHN takes it from the
  HelseID token), so the caller names it (organisation number and name).
* A transaction or searchset Bundle, or one EpisodeOfCare, becomes an OktEvent in the prototype's
  own form: every field present, an unset optional text as "" and an unset flag as false.

Normalisations, both documented in the mapping file: an IPLOS code with leading zeros ("05", as NHN's
API writes it) becomes "5" (as the code system writes it), and a prototype message that omits an
optional field comes back with that field as "" or false; an EpisodeOfCare without the iplosCodeLevel
and iplosParentCode extensions gets the code's place in code system 9151 (level "1", parent "0" for
every code today), as NHN fills them in, rather than "". NHN's iplosCodeDescription is NHN's own
text, not the code system's display, so it becomes the CodeableConcept's text (and comes back from it).
"""

from __future__ import annotations

import functools
import html
import json
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from journalloft.identifiers import check_organisation_number, classify_person_number

BASE = "https://journalloft.no/fhir"
IPLOS = "urn:oid:2.16.578.1.12.4.1.1.9151"
OKT_SPEC = "okt"
IPLOS_CODE_SYSTEM = "CodeSystem-iplos-tjenestetype.json"
DETAILS = f"{BASE}/CodeSystem/okt-detaljer"
UCUM = "http://unitsofmeasure.org"
ORGNR = "urn:oid:2.16.578.1.12.4.1.4.101"
PERSON_SYSTEMS = {
    "fnr": "urn:oid:2.16.578.1.12.4.1.4.1",
    "dnr": "urn:oid:2.16.578.1.12.4.1.4.2",
    "fhn": "urn:oid:2.16.578.1.12.4.1.4.3",
}
# HL7 Norway's OKT IG 0.2.0 (okt 2.0.0 follows it): weekly extent as a Ratio and the service
# description under the IG's own URLs. okt 1.x's own URLs are still read (LEGACY_EXT), never written.
IG_BASE = "http://hl7.no/fhir/ig/okt"
EXT = {
    "weeklyExtent": f"{IG_BASE}/StructureDefinition/WeeklyExtentRatio",
    "weeklyExtentText": f"{BASE}/StructureDefinition/okt-weekly-extent-text",
    "serviceDescription": f"{IG_BASE}/StructureDefinition/ServiceDescriptionMarkdown",
    "iplosCodeLevel": f"{BASE}/StructureDefinition/okt-iplos-code-level",
    "iplosParentCode": f"{BASE}/StructureDefinition/okt-iplos-parent-code",
}
LEGACY_EXT = {
    "weeklyExtent": f"{BASE}/StructureDefinition/okt-weekly-extent-quantity",
    "serviceDescription": f"{BASE}/StructureDefinition/okt-service-description-markdown",
}
PROFILE = {
    "EpisodeOfCare": f"{BASE}/StructureDefinition/okt-episode-of-care",
    "Organization": f"{BASE}/StructureDefinition/okt-organization",
    "transaction": f"{BASE}/StructureDefinition/okt-transaction-bundle",
}
# Deterministic urn:uuid values, so the same input always converts to the same Bundle.
_NAMESPACE = uuid.UUID("0c6d3f4e-5b1a-4f0e-9d7c-2a8b6e4f1c30")
_HOURS = re.compile(
    r"^\s*(?P<n>\d+(?:[.,]\d+)?)\s*(?P<unit>t|h|time|timer|min|minutt|minutter)?\s*(?:per uke|pr\.? uke|/uke)?\s*$"
)
_MAX_HOURS = 168


class ConversionError(Exception):
    """The input is valid but has no form in the other model (e.g. two patients in one Bundle)."""

    def __init__(self, expression: str, message: str) -> None:
        super().__init__(message)
        self.expression = expression
        self.message = message


@dataclass(frozen=True, slots=True)
class Organisation:
    """The responsible unit the prototype leaves to HelseID: its organisation number and name."""

    number: str
    name: str


# ---- prototype -> FHIR -------------------------------------------------------------------------


def to_fhir(event: dict[str, Any], organisation: Organisation) -> dict[str, Any]:
    """An OktEvent as an OktTransactionBundle (the input is assumed to be valid okt-prototype)."""
    if not isinstance(event.get("oktMessages"), list):
        raise ConversionError("$", "Only an OktEvent converts to FHIR; this payload has no oktMessages.")
    checked = check_organisation_number(organisation.number)
    if not checked.ok:
        raise ConversionError(
            "--organisasjonsnummer", f"Invalid organisasjonsnummer {organisation.number!r}: {checked.detail}."
        )
    pid = event["personIdentifier"]
    org_url = _urn("org", organisation.number)
    entries: list[dict[str, Any]] = [
        {
            "fullUrl": org_url,
            "resource": _organisation(organisation),
            "request": {"method": "PUT", "url": f"Organization?identifier={ORGNR}|{organisation.number}"},
        }
    ]
    for index, message in enumerate(event["oktMessages"]):
        if not isinstance(message.get("iplosCode"), dict):
            # NHN's model lets a message omit the service type; an OktEpisodeOfCare must have one.
            raise ConversionError(
                f"$.oktMessages[{index}].iplosCode",
                "A service without iplosCode has no OktEpisodeOfCare form: okt requires the IPLOS service type.",
            )
        entries.append(
            {
                "fullUrl": _urn("eoc", pid, str(index), message.get("startDate", "")),
                "resource": _episode(pid, message, org_url),
                "request": {"method": "POST", "url": "EpisodeOfCare"},
            }
        )
    return {
        "resourceType": "Bundle",
        "meta": {"profile": [PROFILE["transaction"]]},
        "type": "transaction",
        "entry": entries,
    }


def _organisation(organisation: Organisation) -> dict[str, Any]:
    return {
        "resourceType": "Organization",
        "meta": {"profile": [PROFILE["Organization"]]},
        "text": _narrative(organisation.name),
        "identifier": [{"system": ORGNR, "value": organisation.number}],
        "name": organisation.name,
    }


def _episode(pid: str, message: dict[str, Any], org_url: str) -> dict[str, Any]:
    code = message["iplosCode"]
    value = code["iplosCodeValue"].lstrip("0") or "0"
    coding: dict[str, Any] = {"system": IPLOS, "code": value}
    iplos_type: dict[str, Any] = {"coding": [coding]}
    # NHN's description is NHN's own shorter text ("Praktisk bistand: Daglige gjøremål"), not the code
    # system's display: it is what the user saw, so it goes to CodeableConcept.text.
    description = code.get("iplosCodeDescription")
    if _text(description):
        iplos_type["text"] = description
    label = description if _text(description) else f"IPLOS {value}"
    types: list[dict[str, Any]] = [iplos_type]
    for field in ("serviceLevel", "stayType"):
        if _text(message.get(field)):
            types.append({"coding": [{"system": DETAILS, "code": field}], "text": message[field]})
    if message.get("needsCaption") is True:
        types.append({"coding": [{"system": DETAILS, "code": "needsCaption"}]})
    end = message.get("endDate") or None
    ongoing = "finished" if end else "active"
    status = "onhold" if message.get("temporaryCessation") is True else ongoing
    period = {"start": message["startDate"], **({"end": end} if end else {})}
    resource: dict[str, Any] = {
        "resourceType": "EpisodeOfCare",
        "meta": {"profile": [PROFILE["EpisodeOfCare"]]},
        "text": _narrative(f"{label}, {status}, fra {period['start']}"),
    }
    extensions = list(_extensions(message, code))
    if extensions:
        resource["extension"] = extensions
    resource.update(
        {
            "status": status,
            "type": types,
            "patient": {"identifier": {"system": PERSON_SYSTEMS[person_kind(pid)], "value": pid}},
            "managingOrganization": {"reference": org_url},
            "period": period,
        }
    )
    return resource


def _extensions(message: dict[str, Any], code: dict[str, Any]) -> Iterator[dict[str, Any]]:
    extent = message.get("weeklyExtent")
    if isinstance(extent, str) and extent:
        hours = weekly_hours(extent)
        if hours is not None:
            yield {
                "url": EXT["weeklyExtent"],
                "valueRatio": {
                    "numerator": {"value": hours, "unit": "h", "system": UCUM, "code": "h"},
                    "denominator": {"value": 1, "unit": "wk", "system": UCUM, "code": "wk"},
                },
            }
        yield {"url": EXT["weeklyExtentText"], "valueString": extent}
    if _text(message.get("serviceDescription")):
        yield {"url": EXT["serviceDescription"], "valueMarkdown": message["serviceDescription"]}
    for field in ("iplosCodeLevel", "iplosParentCode"):
        if _text(code.get(field)):
            yield {"url": EXT[field], "valueString": code[field]}


def weekly_hours(text: str) -> int | float | None:
    """Hours per week read from the prototype's free text ("15 timer", "2,5", "30 minutter"), or None."""
    match = _HOURS.match(text)
    if match is None:
        return None
    number = float(match.group("n").replace(",", "."))
    if (match.group("unit") or "").startswith("min"):
        number = round(number / 60, 4)
    if number > _MAX_HOURS:
        return None
    return int(number) if number.is_integer() else number


def person_kind(pid: str) -> str:
    """fnr, dnr or fhn, as the number's form says (journalloft.identifiers); fnr when it says nothing."""
    kind = classify_person_number(pid).kind
    return kind.value if kind is not None and kind.value in PERSON_SYSTEMS else "fnr"


# ---- FHIR -> prototype -------------------------------------------------------------------------


def to_prototype(resource: dict[str, Any]) -> dict[str, Any]:
    """An OktEvent from a transaction/searchset Bundle or one EpisodeOfCare (assumed valid okt)."""
    episodes = list(_episodes(resource))
    if not episodes:
        raise ConversionError("$", "The input holds no EpisodeOfCare, so there is no OktMessage to write.")
    pids = {_patient(episode) for _, episode in episodes}
    if len(pids) != 1:
        raise ConversionError("$", "An OktEvent has one personIdentifier, but the input names several patients.")
    return {"personIdentifier": pids.pop(), "oktMessages": [_message(e, where) for where, e in episodes]}


def _episodes(resource: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    if resource.get("resourceType") == "EpisodeOfCare":
        yield "EpisodeOfCare", resource
        return
    for index, entry in enumerate(resource.get("entry") or []):
        inner = entry.get("resource") if isinstance(entry, dict) else None
        if isinstance(inner, dict) and inner.get("resourceType") == "EpisodeOfCare":
            yield f"Bundle.entry[{index}].resource", inner


def _patient(episode: dict[str, Any]) -> str:
    identifier = (episode.get("patient") or {}).get("identifier") or {}
    return str(identifier.get("value", ""))


def _message(episode: dict[str, Any], where: str) -> dict[str, Any]:
    status = episode.get("status")
    if status == "entered-in-error":
        raise ConversionError(
            f"{where}.status", "An EpisodeOfCare entered in error has no OktMessage form; leave it out."
        )
    ext = {e.get("url"): e for e in episode.get("extension") or [] if isinstance(e, dict)}
    types = episode.get("type") or []
    iplos_type, iplos = next((t, c) for t in types for c in t.get("coding") or [] if c.get("system") == IPLOS)
    details = {c.get("code"): t for t in types for c in t.get("coding") or [] if c.get("system") == DETAILS}
    period = episode.get("period") or {}
    # Without the extensions, level and parent are the code's place in the code system, as NHN fills them.
    place = iplos_place(str(iplos.get("code", "")))
    return {
        "startDate": period.get("start", ""),
        "endDate": period.get("end", ""),
        "iplosCode": {
            "iplosCodeValue": iplos.get("code", ""),
            "iplosCodeDescription": iplos_type.get("text") or iplos.get("display", ""),
            "iplosCodeLevel": _ext_value(ext, "iplosCodeLevel", "valueString") or place[0],
            "iplosParentCode": _ext_value(ext, "iplosParentCode", "valueString") or place[1],
        },
        "serviceLevel": (details.get("serviceLevel") or {}).get("text", ""),
        "stayType": (details.get("stayType") or {}).get("text", ""),
        "weeklyExtent": _weekly_text(ext),
        "serviceDescription": _ext_value(ext, "serviceDescription", "valueMarkdown"),
        "temporaryCessation": status == "onhold",
        "needsCaption": "needsCaption" in details,
    }


def _weekly_text(ext: dict[Any, dict[str, Any]]) -> str:
    text = _ext_value(ext, "weeklyExtentText", "valueString")
    if text:
        return text
    ratio = (ext.get(EXT["weeklyExtent"]) or {}).get("valueRatio") or {}
    quantity = ratio.get("numerator") or (ext.get(LEGACY_EXT["weeklyExtent"]) or {}).get("valueQuantity") or {}
    value = quantity.get("value") if isinstance(quantity, dict) else None
    if value is None:
        return ""
    return f"{value:g} timer".replace(".", ",")


def _ext_value(ext: dict[Any, dict[str, Any]], name: str, key: str) -> str:
    found = ext.get(EXT[name]) or ext.get(LEGACY_EXT.get(name)) or {}
    value = found.get(key)
    return value if isinstance(value, str) else ""


def iplos_place(code: str) -> tuple[str, str]:
    """The prototype's ``(iplosCodeLevel, iplosParentCode)`` of an IPLOS code: its depth in code system
    9151 (1 at the top) and the code above it ("0" at the top), or ``("", "")`` for a code not in it.

    Read from the code system in the newest okt spec, not written here: today every code of 9151 is at
    the top ("1", "0"), which is what NHN fills in for such codes.
    """
    return _iplos_places().get(code.lstrip("0") or code, ("", ""))


@functools.cache
def _iplos_places() -> dict[str, tuple[str, str]]:
    from journalloft.specs import Registry  # here: the conversion itself needs no registry

    spec = Registry().resolve(OKT_SPEC)
    assert spec.path is not None, "the okt spec ships with the package"
    system = json.loads((spec.path / "generated" / IPLOS_CODE_SYSTEM).read_text(encoding="utf-8"))
    places: dict[str, tuple[str, str]] = {}

    def walk(concepts: list[dict[str, Any]], level: int, parent: str) -> None:
        for concept in concepts:
            places[concept["code"]] = (str(level), parent)
            walk(concept.get("concept") or [], level + 1, concept["code"])

    walk(system.get("concept") or [], 1, "0")
    return places


# ---- helpers -----------------------------------------------------------------------------------


def _text(value: object) -> bool:
    return isinstance(value, str) and value != ""


def _urn(*parts: str) -> str:
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, '|'.join(parts))}"


def _narrative(text: str) -> dict[str, str]:
    return {"status": "generated", "div": f'<div xmlns="http://www.w3.org/1999/xhtml">{html.escape(text)}</div>'}
