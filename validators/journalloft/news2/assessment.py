"""Checks on one NEWS2 assessment (a news2-score Observation) and the measurements it derives from.

Run by the validator after the FHIR engine (spec.yaml ``checks: [news2]``) and, for its scores, by
``journalloft news2 score``. Every finding has its own issue code (group news2 in codes.py). The
profile already judges structure (cardinality, value types, bindings); these checks never repeat a
finding the engine made at the same location.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from journalloft.news2.bands import band_score
from journalloft.news2.chart import BY_COMPONENT_CODE, TOTAL_CODE
from journalloft.news2.engine import risk_band, subscore
from journalloft.news2.measurements import (
    CONSCIOUSNESS,
    OXYGEN,
    RISK_SYSTEM,
    SNOMED,
    SPO2,
    Finding,
    Reading,
    kind_of,
    read,
)

# Measurements more than this far apart do not form one assessment. NEWS2 scores one set of
# observations taken together at the bedside; a complete set takes minutes, and an hour leaves room
# for late registration. It is also the shortest interval the RCP recommends between observation
# sets (hourly monitoring from a score of 5), so a wider spread may mix two rounds.
WINDOW = dt.timedelta(minutes=60)

# Which measurement kind a chart parameter is scored from.
SOURCE_KIND = {
    "respiration": "respiration",
    "spo2_scale1": SPO2,
    "spo2_scale2": SPO2,
    "air_or_oxygen": OXYGEN,
    "systolic": "systolic",
    "pulse": "pulse",
    "consciousness": CONSCIOUSNESS,
    "temperature": "temperature",
}


@dataclass(frozen=True, slots=True)
class Stated:
    """One sub-score as the assessment states it."""

    value: int
    location: str
    """The component (FHIRPath)."""
    value_path: str
    """The sub-score's value: value.ofType(integer), or value.ofType(Quantity).value as VKP gives it."""
    band: str | None = None
    """The component's interpretation.text, where VKP writes the chart band it scored."""


@dataclass
class Resolved:
    """An assessment with the measurements its derivedFrom references lead to, by kind."""

    where: str
    resource: Mapping[str, Any]
    readings: dict[str, Reading] = field(default_factory=dict)
    times: list[tuple[str, dt.datetime]] = field(default_factory=list)


def is_assessment(resource: Mapping[str, Any]) -> bool:
    code = resource.get("code")
    codings = code.get("coding") if isinstance(code, dict) else None
    return any(
        isinstance(c, dict) and c.get("system") == SNOMED and c.get("code") == TOTAL_CODE
        for c in (codings if isinstance(codings, list) else ())
    )


def stated_components(resource: Mapping[str, Any], where: str) -> tuple[dict[str, Stated], list[Finding]]:
    """Chart key -> the stated sub-score, and duplicate/scale findings."""
    found: dict[str, Stated] = {}
    # Which sub-scores are there is a matter of their codes, whatever the value's type: a sub-score
    # given as valueQuantity (as HL7 Norway's VkpObservation does) is still there, just not an integer.
    present: set[str] = set()
    findings: list[Finding] = []
    components = resource.get("component")
    for index, component in enumerate(components if isinstance(components, list) else ()):
        key = _component_key(component)
        if key is None:
            continue
        location = f"{where}.component[{index}]"
        if key in present:
            findings.append(
                Finding(
                    "news2-component-duplicate",
                    location,
                    f"The sub-score {key} appears more than once; each parameter has exactly one sub-score.",
                )
            )
            continue
        present.add(key)
        score = whole_number(component, location)
        if score is not None:
            found[key] = Stated(score[0], location, score[1], _band_text(component))
    scales = [k for k in ("spo2_scale1", "spo2_scale2") if k in present]
    if len(scales) != 1:
        what = "both SpO2 scales" if scales else "no SpO2 sub-score"
        findings.append(
            Finding(
                "news2-spo2-scale",
                f"{where}.component",
                f"The assessment has {what}; exactly one of scale 1 and scale 2 is required.",
            )
        )
    return found, findings


def check_assessment(resolved: Resolved, in_bundle: bool) -> list[Finding]:
    resource, where = resolved.resource, resolved.where
    components, findings = stated_components(resource, where)
    stated = {k: v.value for k, v in components.items()}
    total = whole_number(resource, where)
    if total is not None and stated and total[0] != sum(stated.values()):
        findings.append(
            Finding(
                "news2-total-mismatch",
                total[1],
                f"The total score is {total[0]}, but the sub-scores add up to {sum(stated.values())}.",
            )
        )
    findings.extend(_risk(resource, where, stated))
    findings.extend(_against_bands(components))
    if in_bundle:
        findings.extend(_against_measurements(resolved, components))
        findings.extend(_window(resolved))
    return findings


def _risk(resource: Mapping[str, Any], where: str, stated: dict[str, int]) -> list[Finding]:
    interpretation = resource.get("interpretation")
    first = interpretation[0] if isinstance(interpretation, list) and interpretation else None
    codings = first.get("coding") if isinstance(first, dict) else None
    given = next(
        (
            c.get("code")
            for c in (codings if isinstance(codings, list) else ())
            if isinstance(c, dict) and c.get("system") == RISK_SYSTEM
        ),
        None,
    )
    if given is None or len(stated) < 7:
        return []  # no band given (the profile reports it), or too few sub-scores to judge one
    expected = risk_band(stated)
    if given == expected:
        return []
    return [
        Finding(
            "news2-risk-mismatch",
            f"{where}.interpretation[0]",
            f"The risk band is {given!r}, but the sub-scores give {expected!r}.",
        )
    ]


def _against_bands(components: dict[str, Stated]) -> list[Finding]:
    """Each sub-score against the chart band its interpretation text names (VKP's way of showing it)."""
    air = components.get("air_or_oxygen")
    on_oxygen = {2: True, 0: False}.get(air.value) if air is not None else None
    findings = []
    for key, stated in components.items():
        expected = band_score(key, stated.band, on_oxygen) if stated.band else None
        if expected is not None and expected != stated.value:
            findings.append(
                Finding(
                    "news2-component-band",
                    stated.value_path,
                    f"The sub-score {key} is {stated.value}, but the chart gives {expected} "
                    f"for the band its interpretation names ({stated.band}).",
                )
            )
    return findings


def _against_measurements(resolved: Resolved, components: dict[str, Stated]) -> list[Finding]:
    findings: list[Finding] = []
    oxygen = resolved.readings.get(OXYGEN)
    on_oxygen = bool(oxygen.value > 0) if oxygen is not None and isinstance(oxygen.value, Decimal) else None
    for key, stated in components.items():
        value, location = stated.value, stated.location
        reading = resolved.readings.get(SOURCE_KIND[key])
        if reading is None:
            findings.append(
                Finding(
                    "news2-measurement-missing",
                    location,
                    f"No {SOURCE_KIND[key]} measurement in the Bundle is referenced from derivedFrom, "
                    f"so the sub-score {key} cannot be checked.",
                )
            )
            continue
        if reading.value is None or (key == "spo2_scale2" and on_oxygen is None):
            continue  # the measurement's own finding explains why it cannot be scored
        if key == "air_or_oxygen":
            computed = subscore(key, bool(on_oxygen)) if on_oxygen is not None else None
        else:
            computed = subscore(key, reading.value, on_oxygen)
        if computed is not None and computed != value:
            findings.append(
                Finding(
                    "news2-component-mismatch",
                    stated.value_path,
                    f"The sub-score {key} is {value}, but the measurement ({reading.value}) gives {computed}.",
                )
            )
    return findings


def _window(resolved: Resolved) -> list[Finding]:
    own = _instant(resolved.resource.get("effectiveDateTime"))
    times = list(resolved.times)
    if own is None or not times:
        return []
    farthest_loc, _ = max(times, key=lambda item: abs(item[1] - own))
    earliest = min([own, *(t for _, t in times)])
    latest = max([own, *(t for _, t in times)])
    if latest - earliest <= WINDOW:
        return []
    minutes = int((latest - earliest).total_seconds() // 60)
    return [
        Finding(
            "news2-time-window",
            farthest_loc,
            f"The assessment and its measurements span {minutes} minutes; one assessment must come from "
            f"measurements at most {int(WINDOW.total_seconds() // 60)} minutes apart.",
        )
    ]


def _instant(value: Any) -> dt.datetime | None:
    if not isinstance(value, str) or "T" not in value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


def _component_key(component: Any) -> str | None:
    code = component.get("code") if isinstance(component, dict) else None
    codings = code.get("coding") if isinstance(code, dict) else None
    for coding in codings if isinstance(codings, list) else ():
        if (
            isinstance(coding, dict)
            and coding.get("system") == SNOMED
            and _text(coding.get("code")) in BY_COMPONENT_CODE
        ):
            return BY_COMPONENT_CODE[coding["code"]].key
    return None


def whole_number(element: Any, where: str) -> tuple[int, str] | None:
    """A score in ``element`` with the FHIRPath of its value: valueInteger, or valueQuantity.value.

    VkpObservation gives scores as quantities; a fractional or non-numeric one is left to the
    profile's invariants (news2-1, news2-2), which report it.
    """
    if not isinstance(element, dict):
        return None
    integer = element.get("valueInteger")
    if isinstance(integer, int) and not isinstance(integer, bool):
        return integer, f"{where}.value.ofType(integer)"
    quantity = element.get("valueQuantity")
    number = quantity.get("value") if isinstance(quantity, dict) else None
    if isinstance(number, bool) or not isinstance(number, (int, float, Decimal)):
        return None
    try:
        whole = int(number)
    except (OverflowError, ValueError):  # infinite or NaN
        return None
    return (whole, f"{where}.value.ofType(Quantity).value") if whole == number else None


def _band_text(component: Any) -> str | None:
    interpretation = component.get("interpretation") if isinstance(component, dict) else None
    for concept in interpretation if isinstance(interpretation, list) else ():
        text = concept.get("text") if isinstance(concept, dict) else None
        if isinstance(text, str) and text.strip():
            return text
    return None


def measurement_time(resource: Mapping[str, Any]) -> dt.datetime | None:
    return _instant(resource.get("effectiveDateTime"))


__all__ = [
    "WINDOW",
    "Resolved",
    "Stated",
    "check_assessment",
    "is_assessment",
    "kind_of",
    "measurement_time",
    "read",
    "stated_components",
    "whole_number",
]


def _text(value: Any) -> str | None:
    """A code as a string, or None for a value of the wrong JSON type (the engine reports those)."""
    return value if isinstance(value, str) else None
