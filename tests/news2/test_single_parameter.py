"""NEWS2's "a score of 3 in any single parameter" rule (RCP NEWS2 chart, clinical response table):
with a total of 4 or less, a 3 in one parameter lifts the risk from lav to lav–middels. One case per
parameter of the chart, each the only abnormal value (values typed from the RCP chart, not from the
engine's table), so that a rule that forgets one parameter fails its case.

Supplemental oxygen scores at most 2, so the seventh parameter is the pair: oxygen alone stays lav.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from journalloft.news2 import Measurements, score

NORMAL: dict[str, object] = {
    "respiration": Decimal(16),
    "spo2": Decimal(97),
    "oxygen": False,
    "systolic": Decimal(120),
    "pulse": Decimal(70),
    "consciousness": "A",
    "temperature": Decimal("36.8"),
}


def _one_abnormal(**change: object) -> Measurements:
    return Measurements(**{**NORMAL, **change})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("change", "parameter"),
    [
        ({"respiration": Decimal(8)}, "respiration"),
        ({"respiration": Decimal(25)}, "respiration"),
        ({"spo2": Decimal(91)}, "spo2_scale1"),
        ({"spo2": Decimal(83), "scale": 2}, "spo2_scale2"),
        ({"systolic": Decimal(90)}, "systolic"),
        ({"systolic": Decimal(220)}, "systolic"),
        ({"pulse": Decimal(40)}, "pulse"),
        ({"pulse": Decimal(131)}, "pulse"),
        ({"consciousness": "V"}, "consciousness"),
        ({"temperature": Decimal("35.0")}, "temperature"),
    ],
    ids=lambda value: "-".join(f"{k}={v}" for k, v in value.items()) if isinstance(value, dict) else value,
)
def test_a_single_three_makes_the_risk_low_medium(change: dict[str, object], parameter: str) -> None:
    result = score(_one_abnormal(**change))
    assert {k: v for k, v in result.subscores.items() if v} == {parameter: 3}
    assert (result.total, result.risk) == (3, "lav-middels")


def test_supplemental_oxygen_alone_scores_two_and_stays_low() -> None:
    result = score(_one_abnormal(oxygen=True))
    assert {k: v for k, v in result.subscores.items() if v} == {"air_or_oxygen": 2}
    assert (result.total, result.risk) == (2, "lav")


def test_the_single_three_rule_holds_up_to_a_total_of_four() -> None:
    """Oxygen (2) with a temperature of 35.0 (3) is 5: middels; a pulse of 95 (1) with it is 4: lav–middels."""
    assert score(_one_abnormal(oxygen=True, temperature=Decimal("35.0"))).risk == "middels"
    result = score(_one_abnormal(temperature=Decimal("35.0"), pulse=Decimal(95)))
    assert (result.total, result.risk) == (4, "lav-middels")


@pytest.mark.parametrize("value", [Decimal("35.1"), Decimal("39.1")])
def test_a_temperature_scoring_one_or_two_is_not_a_single_three(value: Decimal) -> None:
    assert score(_one_abnormal(temperature=value)).risk == "lav"
