"""Score a FHIR payload (a NEWS2 Bundle, or measurements in a Bundle) with the engine.

The measurements come from the assessment's derivedFrom references when the Bundle has an
assessment, otherwise from every NEWS2 measurement in the Bundle. SpO2 scale 2 is used only when
the assessment states a scale 2 sub-score, or the caller asks for it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from journalloft.news2.assessment import stated_components, whole_number
from journalloft.news2.checks import entries, resolve
from journalloft.news2.engine import Assessment, Measurements, score
from journalloft.news2.measurements import KINDS, OXYGEN, Finding, Reading, read

# Findings on the stated sub-scores themselves: with them the assessment cannot agree with any score.
_STATED_PROBLEMS = frozenset({"news2-component-duplicate", "news2-spo2-scale"})


@dataclass
class PayloadScore:
    computed: Assessment | None
    stated: dict[str, int] = field(default_factory=dict)
    stated_total: int | None = None
    stated_risk: str | None = None
    problems: list[Finding] = field(default_factory=list)

    @property
    def agrees(self) -> bool | None:
        """Whether the stated assessment equals the computed one; None when there is nothing to compare."""
        if self.computed is None or self.stated_total is None:
            return None
        return (
            not any(p.code in _STATED_PROBLEMS for p in self.problems)
            and self.stated == self.computed.subscores
            and self.stated_total == self.computed.total
            and self.stated_risk == self.computed.risk
        )

    def to_dict(self) -> dict[str, object]:
        return {
            "computed": self.computed.to_dict() if self.computed else None,
            "stated": None
            if self.stated_total is None
            else {"total": self.stated_total, "risk": self.stated_risk, "subscores": self.stated},
            "agrees": self.agrees,
            "problems": [{"code": p.code, "expression": p.expression, "message": p.message} for p in self.problems],
        }


def score_payload(value: Mapping[str, Any], scale: int | None = None) -> PayloadScore:
    assessments, findings = resolve(value)
    result = PayloadScore(None, problems=list(findings))
    if assessments:
        first = assessments[0]
        readings = first.readings
        components, stated_findings = stated_components(first.resource, first.where)
        result.problems.extend(stated_findings)
        result.stated = {k: v.value for k, v in components.items()}
        total = whole_number(first.resource, first.where)
        result.stated_total = total[0] if total is not None else None
        result.stated_risk = _risk_code(first.resource)
        if scale is None:
            scale = 2 if "spo2_scale2" in result.stated and "spo2_scale1" not in result.stated else 1
    else:
        readings = {}
        for where, resource, _ in entries(value):
            reading = read(resource, where)
            if reading is not None:
                readings.setdefault(reading.kind, reading)
    missing = [k for k in KINDS if k not in readings]
    if missing:
        result.problems.append(
            Finding("news2-measurement-missing", "$", f"No {', '.join(missing)} measurement to score.")
        )
    if missing or any(r.value is None for r in readings.values()):
        return result
    result.computed = score(_measurements(readings, scale or 1))
    return result


def _measurements(readings: Mapping[str, Reading], scale: int) -> Measurements:
    def number(kind: str) -> Decimal:
        value = readings[kind].value
        assert isinstance(value, Decimal)
        return value

    return Measurements(
        respiration=number("respiration"),
        spo2=number("spo2"),
        oxygen=number(OXYGEN) > 0,
        systolic=number("systolic"),
        pulse=number("pulse"),
        consciousness=str(readings["consciousness"].value),
        temperature=number("temperature"),
        scale=scale,
    )


def _risk_code(resource: Mapping[str, Any]) -> str | None:
    interpretation = resource.get("interpretation")
    for concept in interpretation if isinstance(interpretation, list) else ():
        codings = concept.get("coding") if isinstance(concept, dict) else None
        for coding in codings if isinstance(codings, list) else ():
            if isinstance(coding, dict) and isinstance(coding.get("code"), str):
                return str(coding["code"])
    return None
