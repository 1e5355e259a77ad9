"""Reading NEWS2 measurements out of FHIR Observations: codes, units, plausible ranges.

Each raw measurement is recognised by its LOINC code. The codes follow FHIR's core vital-signs
profiles, which HL7's validator applies by code: SpO2 carries 2708-6 (with 59408-5 for pulse
oximetry), and blood pressure is the 85354-9 panel whose systolic component (8480-6) NEWS2 scores.
A quantity is converted to the chart's unit when UCUM says the units convert (°F to °C, kPa to
mmHg); any other unit is an error, because a number in an unknown unit cannot be scored. The
plausible ranges catch typing and unit mistakes (a pulse of 800, a temperature of 3.72): they are
wide on purpose and say nothing clinical.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"
UCUM = "http://unitsofmeasure.org"
SYSTOLIC_COMPONENT = "8480-6"
RISK_SYSTEM = "https://journalloft.no/fhir/CodeSystem/news2-risiko"

# Measurement kinds, named after the chart parameter they feed (spo2 feeds either SpO2 scale).
RESPIRATION, SPO2, OXYGEN, SYSTOLIC, PULSE, CONSCIOUSNESS, TEMPERATURE = (
    "respiration",
    "spo2",
    "oxygen",
    "systolic",
    "pulse",
    "consciousness",
    "temperature",
)
KINDS = (RESPIRATION, SPO2, OXYGEN, SYSTOLIC, PULSE, CONSCIOUSNESS, TEMPERATURE)

LOINC_KIND: dict[str, str] = {
    "9279-1": RESPIRATION,
    "59408-5": SPO2,
    "2708-6": SPO2,
    "3151-8": OXYGEN,
    "85354-9": SYSTOLIC,
    "8867-4": PULSE,
    "67775-7": CONSCIOUSNESS,
    "8310-5": TEMPERATURE,
}

# HL7 Norway's VkpObservation codes the consciousness measurement with SNOMED CT (the ACVPU scale
# score observable, profile vkp-Observation-Consciousness); news2 1.1.0 takes it beside LOINC 67775-7.
SNOMED_KIND: dict[str, str] = {"1104441000000107": CONSCIOUSNESS}

ACVPU_ANSWERS: dict[str, str] = {
    "LA9340-6": "A",
    "LA6560-2": "C",
    "LA17108-4": "V",
    "LA17107-6": "P",
    "LA9343-0": "U",
}


def _same(v: Decimal) -> Decimal:
    return v


def _fahrenheit(v: Decimal) -> Decimal:
    return (v - 32) * 5 / 9


def _kilopascal(v: Decimal) -> Decimal:
    return v * Decimal("7.50062")


# kind -> UCUM code -> conversion to the chart's unit (the first code is the preferred one).
UNITS: dict[str, dict[str, Callable[[Decimal], Decimal]]] = {
    RESPIRATION: {"/min": _same, "{breaths}/min": _same, "{Breaths}/min": _same},
    SPO2: {"%": _same},
    OXYGEN: {"L/min": _same, "l/min": _same},
    SYSTOLIC: {"mm[Hg]": _same, "kPa": _kilopascal},
    PULSE: {"/min": _same, "{beats}/min": _same, "{Beats}/min": _same},
    TEMPERATURE: {"Cel": _same, "[degF]": _fahrenheit},
}

# kind -> (lowest, highest) plausible value in the chart's unit.
RANGES: dict[str, tuple[Decimal, Decimal]] = {
    RESPIRATION: (Decimal(0), Decimal(80)),
    SPO2: (Decimal(50), Decimal(100)),
    OXYGEN: (Decimal(0), Decimal(60)),
    SYSTOLIC: (Decimal(30), Decimal(300)),
    PULSE: (Decimal(0), Decimal(300)),
    TEMPERATURE: (Decimal(25), Decimal(45)),
}


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    expression: str
    message: str


@dataclass(frozen=True, slots=True)
class Reading:
    kind: str
    value: Decimal | str | None
    """In the chart's unit (an ACVPU letter for consciousness); None when it cannot be scored."""
    findings: tuple[Finding, ...] = ()


def kind_of(resource: Mapping[str, Any]) -> str | None:
    """The measurement kind of an Observation, by its LOINC (or VKP's SNOMED CT) code; None otherwise."""
    code = resource.get("code")
    codings = code.get("coding") if isinstance(code, dict) else None
    for coding in codings if isinstance(codings, list) else ():
        if not isinstance(coding, dict):
            continue
        system = coding.get("system")
        known = LOINC_KIND if system == LOINC else SNOMED_KIND if system == SNOMED else None
        if known is not None and _text(coding.get("code")) in known:
            return known[coding["code"]]
    return None


def read(resource: Mapping[str, Any], where: str) -> Reading | None:
    """The scorable value of one measurement at FHIRPath location ``where``, with its findings."""
    kind = kind_of(resource)
    if kind is None:
        return None
    if kind == CONSCIOUSNESS:
        return _read_acvpu(resource, where)
    if kind == SYSTOLIC:
        return _read_systolic(resource, where)
    return _read_quantity(kind, resource, where)


def _read_systolic(resource: Mapping[str, Any], where: str) -> Reading:
    """The blood pressure panel's systolic component; the panel itself has no value."""
    components = resource.get("component")
    for index, component in enumerate(components if isinstance(components, list) else ()):
        if isinstance(component, dict) and _has_loinc(component.get("code"), SYSTOLIC_COMPONENT):
            return _read_quantity(SYSTOLIC, component, f"{where}.component[{index}]")
    return Reading(
        SYSTOLIC,
        None,
        (
            Finding(
                "news2-measurement-not-numeric",
                where,
                f"The blood pressure has no systolic component (LOINC {SYSTOLIC_COMPONENT}), "
                "so NEWS2 cannot be computed from it.",
            ),
        ),
    )


def _read_quantity(kind: str, resource: Mapping[str, Any], where: str) -> Reading:
    """A numeric measurement's value from ``resource`` (an Observation or a component)."""
    quantity = resource.get("valueQuantity")
    number = _number(quantity.get("value")) if isinstance(quantity, dict) else None
    if number is None:
        present = [k for k in resource if k.startswith("value")]
        why = (
            f"has {present[0]} instead of a quantity"
            if present and present[0] != "valueQuantity"
            else "has no numeric value" + (" (dataAbsentReason is given)" if "dataAbsentReason" in resource else "")
        )
        return Reading(
            kind,
            None,
            (
                Finding(
                    "news2-measurement-not-numeric",
                    where,
                    f"The {kind} measurement {why}, so NEWS2 cannot be computed from it.",
                ),
            ),
        )
    unit = quantity.get("code") if isinstance(quantity, dict) else None
    convert = UNITS[kind].get(unit) if isinstance(unit, str) else None
    if convert is None or (isinstance(quantity, dict) and quantity.get("system") not in (UCUM, None)):
        allowed = ", ".join(UNITS[kind])
        return Reading(
            kind,
            None,
            (
                Finding(
                    "news2-unit",
                    f"{where}.value.ofType(Quantity).code",
                    f"The {kind} measurement is in {unit!r}, which does not convert to the chart's unit "
                    f"(UCUM {allowed}).",
                ),
            ),
        )
    value = convert(number)
    implausible = out_of_range(kind, value, f"{number} {unit}", f"{where}.value.ofType(Quantity).value")
    if implausible is not None:
        return Reading(kind, None, (implausible,))
    return Reading(kind, value)


def out_of_range(kind: str, value: Decimal, shown: str, expression: str) -> Finding | None:
    """``news2-range`` when ``value`` (in the chart's unit) is outside the kind's plausible range.

    One rule for every way a value comes in (a Bundle's Observation, ``news2 score``'s options).
    """
    low, high = RANGES[kind]
    if low <= value <= high:
        return None
    return Finding(
        "news2-range",
        expression,
        f"The {kind} value {shown} is outside the plausible range {low}–{high}; check the value and its unit.",
    )


def _read_acvpu(resource: Mapping[str, Any], where: str) -> Reading:
    concept = resource.get("valueCodeableConcept")
    codings = concept.get("coding") if isinstance(concept, dict) else None
    for coding in codings if isinstance(codings, list) else ():
        if isinstance(coding, dict) and coding.get("system") == LOINC and _text(coding.get("code")) in ACVPU_ANSWERS:
            return Reading(CONSCIOUSNESS, ACVPU_ANSWERS[coding["code"]])
    if concept is None:
        return Reading(
            CONSCIOUSNESS,
            None,
            (
                Finding(
                    "news2-measurement-not-numeric",
                    where,
                    "The consciousness measurement has no ACVPU answer, so NEWS2 cannot be computed from it.",
                ),
            ),
        )
    return Reading(CONSCIOUSNESS, None)  # an answer outside the value set: the profile's binding reports it


def _has_loinc(concept: Any, code: str) -> bool:
    codings = concept.get("coding") if isinstance(concept, dict) else None
    return any(
        isinstance(c, dict) and c.get("system") == LOINC and c.get("code") == code
        for c in (codings if isinstance(codings, list) else ())
    )


def _number(value: Any) -> Decimal | None:
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _text(value: Any) -> str | None:
    """A code as a string, or None for a value of the wrong JSON type (the engine reports those)."""
    return value if isinstance(value, str) else None
