"""The NEWS2 scoring chart as data: one table that the engine scores with and the site draws.

Source: Royal College of Physicians, National Early Warning Score (NEWS) 2, chart 1 (2017). Facts
from the chart, in our own layout. Numeric bands are inclusive at both ends and written at the
chart's resolution: whole numbers for rates and pressures, one decimal for temperature, so a value
is rounded to that resolution (half up) before it is looked up and every value falls in one band.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class Band:
    score: int
    low: Decimal | None = None
    """Lowest value in the band (inclusive); None: no lower bound."""
    high: Decimal | None = None
    """Highest value in the band (inclusive); None: no upper bound."""
    oxygen: bool | None = None
    """SpO2 scale 2 only: the band applies on oxygen (True), on air (False) or either (None)."""
    categories: tuple[str, ...] = ()
    """For a categorical parameter: the values this band scores."""

    def label(self, decimals: int) -> str:
        """The band as the chart writes it, in Norwegian (≤ 8, 9–11, ≥ 25, A)."""
        if self.categories:
            return ", ".join(self.categories)
        fmt = _formatter(decimals)
        if self.low is None and self.high is not None:
            text = f"≤ {fmt(self.high)}"
        elif self.high is None and self.low is not None:
            text = f"≥ {fmt(self.low)}"
        elif self.low is not None and self.high is not None:
            text = fmt(self.low) if self.low == self.high else f"{fmt(self.low)}–{fmt(self.high)}"
        else:
            text = "alle"
        if self.oxygen is True:
            text += " med oksygen"
        elif self.oxygen is False:
            text += " på luft"
        return text

    def contains(self, value: Decimal, oxygen: bool | None = None) -> bool:
        if self.oxygen is not None and oxygen is not None and self.oxygen != oxygen:
            return False
        return (self.low is None or value >= self.low) and (self.high is None or value <= self.high)


@dataclass(frozen=True, slots=True)
class Parameter:
    key: str
    title: str
    """Norwegian name, as on the site's chart."""
    unit: str
    """Unit as shown on the chart (Norwegian), empty for a categorical parameter."""
    decimals: int
    """Resolution the chart is written in: values are rounded to this many decimals first."""
    bands: tuple[Band, ...]
    component_code: str
    """SNOMED CT code of the sub-score (UK extension)."""

    @property
    def categorical(self) -> bool:
        return any(b.categories for b in self.bands)

    @property
    def numeric_bands(self) -> tuple[Band, ...]:
        return tuple(b for b in self.bands if not b.categories)


def _d(text: str) -> Decimal:
    return Decimal(text)


def _formatter(decimals: int) -> Callable[[Decimal], str]:
    def fmt(value: Decimal) -> str:
        return f"{value:.{decimals}f}".replace(".", ",")

    return fmt


ACVPU = ("A", "C", "V", "P", "U")

CHART: tuple[Parameter, ...] = (
    Parameter(
        "respiration",
        "Respirasjonsfrekvens",
        "per minutt",
        0,
        (
            Band(3, high=_d("8")),
            Band(1, _d("9"), _d("11")),
            Band(0, _d("12"), _d("20")),
            Band(2, _d("21"), _d("24")),
            Band(3, low=_d("25")),
        ),
        "1104301000000104",
    ),
    Parameter(
        "spo2_scale1",
        "Oksygenmetning (SpO2), skala 1",
        "%",
        0,
        (
            Band(3, high=_d("91")),
            Band(2, _d("92"), _d("93")),
            Band(1, _d("94"), _d("95")),
            Band(0, low=_d("96")),
        ),
        "1104311000000102",
    ),
    Parameter(
        "spo2_scale2",
        "Oksygenmetning (SpO2), skala 2",
        "%",
        0,
        (
            Band(3, high=_d("83")),
            Band(2, _d("84"), _d("85")),
            Band(1, _d("86"), _d("87")),
            Band(0, _d("88"), _d("92")),
            Band(0, low=_d("93"), oxygen=False),
            Band(1, _d("93"), _d("94"), oxygen=True),
            Band(2, _d("95"), _d("96"), oxygen=True),
            Band(3, low=_d("97"), oxygen=True),
        ),
        "1104321000000108",
    ),
    Parameter(
        "air_or_oxygen",
        "Luft eller oksygen",
        "",
        0,
        # Oxygen first: the chart draws it on the low side, left of air.
        (Band(2, categories=("oksygen",)), Band(0, categories=("luft",))),
        "1104331000000105",
    ),
    Parameter(
        "systolic",
        "Systolisk blodtrykk",
        "mmHg",
        0,
        (
            Band(3, high=_d("90")),
            Band(2, _d("91"), _d("100")),
            Band(1, _d("101"), _d("110")),
            Band(0, _d("111"), _d("219")),
            Band(3, low=_d("220")),
        ),
        "1104341000000101",
    ),
    Parameter(
        "pulse",
        "Puls",
        "per minutt",
        0,
        (
            Band(3, high=_d("40")),
            Band(1, _d("41"), _d("50")),
            Band(0, _d("51"), _d("90")),
            Band(1, _d("91"), _d("110")),
            Band(2, _d("111"), _d("130")),
            Band(3, low=_d("131")),
        ),
        "1104351000000103",
    ),
    Parameter(
        "consciousness",
        "Bevissthet (ACVPU)",
        "",
        0,
        (Band(0, categories=("A",)), Band(3, categories=("C", "V", "P", "U"))),
        "1104361000000100",
    ),
    Parameter(
        "temperature",
        "Temperatur",
        "°C",
        1,
        (
            Band(3, high=_d("35.0")),
            Band(1, _d("35.1"), _d("36.0")),
            Band(0, _d("36.1"), _d("38.0")),
            Band(1, _d("38.1"), _d("39.0")),
            Band(2, low=_d("39.1")),
        ),
        "1104371000000107",
    ),
)

BY_KEY: dict[str, Parameter] = {p.key: p for p in CHART}
BY_COMPONENT_CODE: dict[str, Parameter] = {p.component_code: p for p in CHART}
TOTAL_CODE = "1104051000000101"
