"""Rules HL7's validator (6.7.10) applies to canonical resources submitted as instances, done offline:

* a CodeSystem's ``valueSet`` is its "all codes" value set (R4: "Canonical reference to the value set
  that contains the entire code system"), so when that value set is known it has one include, of
  this code system, with no concept list, filter or imported value set (HL7's CodeSystemValidator:
  CodeSystem_CS_VS_Invalid, _WrongSystem, _IncludeDetails; errors). HL7's validator also compares
  the size of an expansion the value set carries; we do not, because our definitions add expansions
  from hl7.fhir.r4.expansions that the value sets HL7's validator reads do not carry;
* a canonical resource HL7 publishes (``url`` under ``http://hl7.org/fhir/``) that names its HL7
  work group (extension structuredefinition-wg) has the publisher that work group implies,
  "HL7 International / <work group>" (HL7's InstanceValidator.checkPublisherConsistency:
  VALIDATION_HL7_PUBLISHER_MISMATCH, an error when the publisher looks like a path ``a / b`` and a
  warning otherwise; a missing publisher or contact URL is a warning, an unknown or repeated work
  group an error). The work groups and their names are those of the code system hl7-work-group
  that the FHIR definitions we ship carry.

Checked against HL7's official R4 examples CodeSystem-v3-QueryRequestLimit (its value set selects the
codes with an is-a filter) and ValueSet-audit-event-sub-type (work group sec, publisher NEMA/DICOM).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

from journalloft.issues import Issue, error, warning

WORK_GROUP_EXTENSION = "http://hl7.org/fhir/StructureDefinition/structuredefinition-wg"
WORK_GROUP_SYSTEM = "http://terminology.hl7.org/CodeSystem/hl7-work-group"
# HL7 publishes the committee pages under this address; the work group's page is ./<name>
_COMMITTEES = "http://www.hl7.org/Special/committees/"
# HL7's validator accepts the former name of the terminology work group too (HL7WorkGroups.name2ForWG)
_FORMER_NAMES = {"ti": "Vocabulary", "vocab": "Vocabulary"}


class DefinitionSource(Protocol):
    def value_set(self, url: str) -> dict[str, Any] | None: ...

    def code_system(self, url: str) -> dict[str, Any] | None: ...


def canonical_findings(resource: dict[str, Any], location: str, source: DefinitionSource) -> list[Issue]:
    """The rules above for one resource (any type; only CodeSystems and HL7's own resources have any)."""
    issues: list[Issue] = []
    if resource.get("resourceType") == "CodeSystem":
        issues.extend(_all_codes_value_set(resource, location, source))
    url = resource.get("url")
    if isinstance(url, str) and url.startswith("http://hl7.org/fhir/"):
        issues.extend(_publisher(resource, location, source))
    return issues


def _all_codes_value_set(code_system: dict[str, Any], location: str, source: DefinitionSource) -> list[Issue]:
    url, value_set_url = code_system.get("url"), code_system.get("valueSet")
    if not isinstance(url, str) or not isinstance(value_set_url, str) or not value_set_url:
        return []
    value_set = source.value_set(value_set_url)
    if value_set is None:
        return []  # not known offline: nothing to compare
    where = f"{location}.valueSet"
    said = f"CodeSystem {url} names {value_set_url} as its all-codes value set (CodeSystem.valueSet), but"
    compose = value_set.get("compose")
    includes = compose.get("include") if isinstance(compose, dict) else None
    if not isinstance(includes, list) or len(includes) != 1 or not isinstance(includes[0], dict):
        return [error("fhir-codesystem-valueset", where, f"{said} that value set does not have exactly one include")]
    include = includes[0]
    if include.get("system") != url:
        return [
            error(
                "fhir-codesystem-valueset",
                where,
                f"{said} that value set includes {include.get('system') or 'no system'}, not this code system",
            )
        ]
    details = [key for key in ("concept", "filter", "valueSet") if include.get(key)]
    if not details:
        return []
    return [
        error(
            "fhir-codesystem-valueset",
            where,
            f"{said} its include has {' and '.join(details)}, so it does not hold the whole code system",
        )
    ]


def _work_groups(resource: dict[str, Any]) -> list[Any]:
    extensions = resource.get("extension")
    return [
        extension.get("valueCode")
        for extension in (extensions if isinstance(extensions, list) else ())
        if isinstance(extension, dict) and extension.get("url") == WORK_GROUP_EXTENSION
    ]


def _work_group_name(code: str, source: DefinitionSource) -> str | None:
    system = source.code_system(WORK_GROUP_SYSTEM)
    for concept in _concepts(system.get("concept") if system else None):
        if concept.get("code") == code and isinstance(concept.get("display"), str):
            return str(concept["display"])
    return None


def _concepts(concepts: Any) -> Iterable[dict[str, Any]]:
    for concept in concepts if isinstance(concepts, list) else ():
        if isinstance(concept, dict):
            yield concept
            yield from _concepts(concept.get("concept"))


def _contact_urls(resource: dict[str, Any]) -> list[str]:
    contacts = resource.get("contact")
    return [
        telecom["value"]
        for contact in (contacts if isinstance(contacts, list) else ())
        if isinstance(contact, dict) and isinstance(contact.get("telecom"), list)
        for telecom in contact["telecom"]
        if isinstance(telecom, dict) and telecom.get("system") == "url" and isinstance(telecom.get("value"), str)
    ]


def _publisher(resource: dict[str, Any], location: str, source: DefinitionSource) -> list[Issue]:
    groups = _work_groups(resource)
    if len(groups) > 1:
        return [
            error(
                "fhir-hl7-publisher",
                location,
                "the resource names more than one HL7 work group (extension structuredefinition-wg); name one",
            )
        ]
    if not groups or not isinstance(groups[0], str):
        return []  # HL7's validator asks for the work group only when it checks for publication
    code = groups[0]
    name = _work_group_name(code, source)
    if name is None:
        return [error("fhir-hl7-publisher", location, f'the HL7 work group "{code}" is not one HL7 has')]
    wanted = [f"HL7 International / {name}"]
    if code in _FORMER_NAMES:
        wanted.append(f"HL7 International / {_FORMER_NAMES[code]}")
    publisher = resource.get("publisher")
    issues: list[Issue] = []
    if not isinstance(publisher, str) or not publisher:
        issues.append(
            warning(
                "fhir-hl7-publisher",
                location,
                f'a resource HL7 publishes states its publisher; for work group "{code}" that is "{wanted[0]}"',
            )
        )
    elif publisher not in wanted:
        says = " or ".join(f'"{name}"' for name in wanted)
        finding = error if "/" in publisher else warning
        issues.append(
            finding(
                "fhir-hl7-publisher",
                f"{location}.publisher",
                f'the HL7 work group "{code}" means the publisher is {says}, not "{publisher}"',
            )
        )
    # HL7's validator wants a contact URL that the work group's page starts with; its page names
    # (secure, fiwg, ...) are not in the code system, so any URL on the way to the pages will do
    if not any(_COMMITTEES.startswith(url) or url.startswith(_COMMITTEES) for url in _contact_urls(resource)):
        issues.append(
            warning(
                "fhir-hl7-publisher",
                location,
                f'a resource of the HL7 work group "{code}" gives the work group\'s page under {_COMMITTEES} '
                "as a contact URL",
            )
        )
    return issues
