"""Scoring: sub-scores, total and clinical risk band from one set of measurements.

Values are rounded half up to the chart's resolution before lookup (see :mod:`.chart`), so a
temperature of 38.05 °C scores as 38.1. SpO2 scale 2 is used only when the caller says so: it is a
clinical decision for patients with hypercapnic respiratory failure, never inferred from the values.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from journalloft.news2.chart import ACVPU, BY_KEY, Parameter

RISK_LOW, RISK_LOW_MEDIUM, RISK_MEDIUM, RISK_HIGH = "lav", "lav-middels", "middels", "hoy"
RISK_TITLES = {RISK_LOW: "Lav", RISK_LOW_MEDIUM: "Lav–middels", RISK_MEDIUM: "Middels", RISK_HIGH: "Høy"}


class ScoringError(ValueError):
    """A measurement the chart cannot score (an unknown ACVPU letter, a scale other than 1 or 2)."""


@dataclass(frozen=True, slots=True)
class Measurements:
    respiration: Decimal
    spo2: Decimal
    oxygen: bool
    """True when the patient receives supplemental oxygen, False on air."""
    systolic: Decimal
    pulse: Decimal
    consciousness: str
    """One ACVPU letter."""
    temperature: Decimal
    scale: int = 1
    """SpO2 scale: 2 only by clinical decision (hypercapnic respiratory failure)."""


@dataclass(frozen=True, slots=True)
class Assessment:
    subscores: dict[str, int]
    """Chart parameter key -> sub-score; the SpO2 entry is spo2_scale1 or spo2_scale2."""
    total: int
    risk: str

    def to_dict(self) -> dict[str, object]:
        return {"total": self.total, "risk": self.risk, "subscores": dict(self.subscores)}


def rounded(value: Decimal, parameter: Parameter) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-parameter.decimals), rounding=ROUND_HALF_UP)


def subscore(key: str, value: Decimal | str | bool, oxygen: bool | None = None) -> int:
    """The sub-score of one parameter: ``value`` is a number, an ACVPU letter, or (air_or_oxygen) a bool."""
    parameter = BY_KEY[key]
    if key == "air_or_oxygen":
        category = "oksygen" if value is True else "luft"
        return next(b.score for b in parameter.bands if category in b.categories)
    if parameter.categorical:
        letter = str(value).upper()
        if letter not in ACVPU:
            raise ScoringError(f"consciousness must be one of {', '.join(ACVPU)}, not {value!r}")
        return next(b.score for b in parameter.bands if letter in b.categories)
    if isinstance(value, (bool, str)):
        raise ScoringError(f"{key} needs a number, not {value!r}")
    try:
        number = rounded(Decimal(value), parameter)
    except InvalidOperation:  # too many digits for the chart's precision (1e30), or not finite
        raise ScoringError(f"{key} {value} cannot be scored: not a finite number of plausible size") from None
    for band in parameter.bands:
        if band.contains(number, oxygen):
            return band.score
    raise ScoringError(f"{key} {value} is in no band of the chart")  # unreachable for a complete chart


def risk_band(subscores: dict[str, int]) -> str:
    """Lav 0–4, lav–middels for a 3 in any single parameter with total ≤ 4, middels 5–6, høy ≥ 7."""
    total = sum(subscores.values())
    if total >= 7:
        return RISK_HIGH
    if total >= 5:
        return RISK_MEDIUM
    return RISK_LOW_MEDIUM if any(s == 3 for s in subscores.values()) else RISK_LOW


def score(m: Measurements) -> Assessment:
    if m.scale not in (1, 2):
        raise ScoringError(f"SpO2 scale must be 1 or 2, not {m.scale!r}")
    spo2_key = f"spo2_scale{m.scale}"
    subscores = {
        "respiration": subscore("respiration", m.respiration),
        spo2_key: subscore(spo2_key, m.spo2, m.oxygen),
        "air_or_oxygen": subscore("air_or_oxygen", m.oxygen),
        "systolic": subscore("systolic", m.systolic),
        "pulse": subscore("pulse", m.pulse),
        "consciousness": subscore("consciousness", m.consciousness),
        "temperature": subscore("temperature", m.temperature),
    }
    return Assessment(subscores, sum(subscores.values()), risk_band(subscores))
