"""The ``news2`` rule set: run after the FHIR engine on every payload of a spec naming it.

A single Observation is checked on its own (a measurement's unit and range; an assessment's total,
SpO2 scale, duplicates and risk band). In a Bundle the assessment's ``derivedFrom`` references are
resolved to the Bundle's entries, so each sub-score is recomputed from its measurement and the
measurement times are compared.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from journalloft.checks import NO_CONTEXT, RuleContext
from journalloft.issues import Issue, error
from journalloft.news2.assessment import Resolved, check_assessment, is_assessment, measurement_time
from journalloft.news2.measurements import Finding, read


def entries(value: Mapping[str, Any]) -> list[tuple[str, Mapping[str, Any], str | None]]:
    """(FHIRPath location, resource, fullUrl) of the Observations in the payload."""
    if value.get("resourceType") == "Observation":
        return [("Observation", value, None)]
    if value.get("resourceType") != "Bundle" or not isinstance(value.get("entry"), list):
        return []
    found: list[tuple[str, Mapping[str, Any], str | None]] = []
    for index, entry in enumerate(value["entry"]):
        resource = entry.get("resource") if isinstance(entry, dict) else None
        if isinstance(resource, dict) and resource.get("resourceType") == "Observation":
            full_url = entry.get("fullUrl")
            found.append((f"Bundle.entry[{index}].resource", resource, full_url if isinstance(full_url, str) else None))
    return found


def resolve(value: Mapping[str, Any]) -> tuple[list[Resolved], list[Finding]]:
    """Every assessment with the measurements its references lead to; findings on the measurements."""
    observations = entries(value)
    in_bundle = value.get("resourceType") == "Bundle"
    by_reference: dict[str, tuple[str, Mapping[str, Any]]] = {}
    findings: list[Finding] = []
    readings = {}
    for where, resource, full_url in observations:
        for key in _reference_keys(resource, full_url):
            by_reference[key] = (where, resource)
        if not is_assessment(resource):
            reading = read(resource, where)
            if reading is not None:
                readings[where] = reading
                findings.extend(reading.findings)
    assessments = []
    for where, resource, _ in observations:
        if not is_assessment(resource):
            continue
        resolved = Resolved(where, resource)
        derived = resource.get("derivedFrom") if in_bundle else None
        for ref in derived if isinstance(derived, list) else ():
            reference = ref.get("reference") if isinstance(ref, dict) else None
            target = by_reference.get(reference) if isinstance(reference, str) else None
            if target is None or target[0] not in readings:
                continue  # unresolved: the engine reports the reference itself
            reading = readings[target[0]]
            resolved.readings.setdefault(reading.kind, reading)
            instant = measurement_time(target[1])
            if instant is not None:
                resolved.times.append((f"{target[0]}.effective.ofType(dateTime)", instant))
        assessments.append(resolved)
    return assessments, findings


def check(value: dict[str, Any], found: Sequence[Issue], context: RuleContext = NO_CONTEXT) -> list[Issue]:
    """The rule set's interface (journalloft.checks): it needs no options, so ``context`` is unused."""
    assessments, findings = resolve(value)
    in_bundle = value.get("resourceType") == "Bundle"
    for resolved in assessments:
        findings.extend(check_assessment(resolved, in_bundle))
    return _issues(findings, found)


# The engine's item counts: "component requires at least 7 items, found 6" says that something is
# missing, the rule set's finding at the same place says what (the SpO2 sub-score), so both stay.
_COUNT_CODES = frozenset({"fhir-cardinality-min", "fhir-cardinality-max"})


def _issues(findings: Iterable[Finding], found: Sequence[Issue]) -> list[Issue]:
    """Findings as issues, leaving out locations where the engine already reported an error.

    An engine error that only counts items does not hide a finding: the finding names the item.
    """
    reported = {i.expression for i in found if i.severity.value == "error" and i.code not in _COUNT_CODES}
    return [error(f.code, f.expression, f.message) for f in findings if f.expression not in reported]


def _reference_keys(resource: Mapping[str, Any], full_url: str | None) -> list[str]:
    keys = [full_url] if full_url else []
    if isinstance(resource.get("id"), str):
        keys.append(f"Observation/{resource['id']}")
    return keys
