"""Every cell of the NEWS2 chart, at its edges: once derived from the engine's own table, once from an
independent hand-written list (typed from the RCP chart), so a wrong table cannot pass by agreeing
with itself."""

from __future__ import annotations

from decimal import Decimal

import pytest

from journalloft.news2 import CHART, Measurements, score
from journalloft.news2.chart import Parameter
from journalloft.news2.engine import ScoringError, risk_band, subscore

# (parameter, value, oxygen, expected sub-score): both edges of every band of the RCP chart.
HAND_WRITTEN: list[tuple[str, str, bool | None, int]] = [
    ("respiration", "0", None, 3),
    ("respiration", "8", None, 3),
    ("respiration", "9", None, 1),
    ("respiration", "11", None, 1),
    ("respiration", "12", None, 0),
    ("respiration", "20", None, 0),
    ("respiration", "21", None, 2),
    ("respiration", "24", None, 2),
    ("respiration", "25", None, 3),
    ("respiration", "60", None, 3),
    ("spo2_scale1", "70", None, 3),
    ("spo2_scale1", "91", None, 3),
    ("spo2_scale1", "92", None, 2),
    ("spo2_scale1", "93", None, 2),
    ("spo2_scale1", "94", None, 1),
    ("spo2_scale1", "95", None, 1),
    ("spo2_scale1", "96", None, 0),
    ("spo2_scale1", "100", None, 0),
    ("spo2_scale1", "97", True, 0),  # scale 1 ignores oxygen: that is scored separately
    ("spo2_scale2", "70", True, 3),
    ("spo2_scale2", "83", False, 3),
    ("spo2_scale2", "84", True, 2),
    ("spo2_scale2", "85", False, 2),
    ("spo2_scale2", "86", True, 1),
    ("spo2_scale2", "87", False, 1),
    ("spo2_scale2", "88", True, 0),
    ("spo2_scale2", "92", True, 0),
    ("spo2_scale2", "88", False, 0),
    ("spo2_scale2", "92", False, 0),
    ("spo2_scale2", "93", False, 0),
    ("spo2_scale2", "100", False, 0),
    ("spo2_scale2", "93", True, 1),
    ("spo2_scale2", "94", True, 1),
    ("spo2_scale2", "95", True, 2),
    ("spo2_scale2", "96", True, 2),
    ("spo2_scale2", "97", True, 3),
    ("spo2_scale2", "100", True, 3),
    ("systolic", "50", None, 3),
    ("systolic", "90", None, 3),
    ("systolic", "91", None, 2),
    ("systolic", "100", None, 2),
    ("systolic", "101", None, 1),
    ("systolic", "110", None, 1),
    ("systolic", "111", None, 0),
    ("systolic", "219", None, 0),
    ("systolic", "220", None, 3),
    ("systolic", "260", None, 3),
    ("pulse", "20", None, 3),
    ("pulse", "40", None, 3),
    ("pulse", "41", None, 1),
    ("pulse", "50", None, 1),
    ("pulse", "51", None, 0),
    ("pulse", "90", None, 0),
    ("pulse", "91", None, 1),
    ("pulse", "110", None, 1),
    ("pulse", "111", None, 2),
    ("pulse", "130", None, 2),
    ("pulse", "131", None, 3),
    ("pulse", "200", None, 3),
    ("temperature", "33.0", None, 3),
    ("temperature", "35.0", None, 3),
    ("temperature", "35.1", None, 1),
    ("temperature", "36.0", None, 1),
    ("temperature", "36.1", None, 0),
    ("temperature", "38.0", None, 0),
    ("temperature", "38.1", None, 1),
    ("temperature", "39.0", None, 1),
    ("temperature", "39.1", None, 2),
    ("temperature", "42.0", None, 2),
    # rounding half up to the chart's resolution before lookup
    ("temperature", "35.04", None, 3),
    ("temperature", "35.05", None, 1),
    ("temperature", "38.04", None, 0),
    ("temperature", "38.05", None, 1),
    ("respiration", "20.4", None, 0),
    ("respiration", "20.5", None, 2),
    ("systolic", "90.5", None, 2),
    ("pulse", "130.49", None, 2),
    ("pulse", "130.5", None, 3),
]


@pytest.mark.parametrize(("key", "value", "oxygen", "expected"), HAND_WRITTEN)
def test_hand_written_boundaries(key: str, value: str, oxygen: bool | None, expected: int) -> None:
    assert subscore(key, Decimal(value), oxygen) == expected


def test_hand_written_list_covers_every_numeric_band_of_the_table() -> None:
    """Each band of the engine's table has its edges in the independent list (so none is untested)."""
    covered = {(k, Decimal(v), o) for k, v, o, _ in HAND_WRITTEN}
    for parameter in CHART:
        for band in parameter.numeric_bands:
            for edge in (band.low, band.high):
                if edge is None:
                    continue
                oxygen_options = (band.oxygen,) if band.oxygen is not None else (None, True, False)
                assert any((parameter.key, edge, o) in covered for o in oxygen_options), (parameter.key, band)


def _oxygen_states(key: str, band_oxygen: bool | None) -> tuple[bool | None, ...]:
    if band_oxygen is not None:
        return (band_oxygen,)
    return (True, False) if key == "spo2_scale2" else (None,)


def _edges() -> list[tuple[str, Decimal, bool | None, int]]:
    """From the table: both edges of every band, in every oxygen state the band applies to."""
    return [
        (parameter.key, edge, oxygen, band.score)
        for parameter in CHART
        for band in parameter.numeric_bands
        for edge in (band.low, band.high)
        if edge is not None
        for oxygen in _oxygen_states(parameter.key, band.oxygen)
    ]


@pytest.mark.parametrize(("key", "value", "oxygen", "expected"), _edges())
def test_table_edges(key: str, value: Decimal, oxygen: bool | None, expected: int) -> None:
    assert subscore(key, value, oxygen) == expected


@pytest.mark.parametrize("parameter", [p for p in CHART if not p.categorical], ids=lambda p: p.key)
def test_bands_leave_no_gap_and_never_overlap(parameter: Parameter) -> None:
    """Every value at the chart's resolution, from well below the lowest edge to well above the
    highest, lies in exactly one band (per oxygen state)."""
    step = Decimal(1).scaleb(-parameter.decimals)
    edges = [e for b in parameter.numeric_bands for e in (b.low, b.high) if e is not None]
    value, top = min(edges) - 10 * step, max(edges) + 10 * step
    states = (True, False) if parameter.key == "spo2_scale2" else (None,)
    while value <= top:
        for state in states:
            holding = [b for b in parameter.numeric_bands if b.contains(value, state)]
            assert len(holding) == 1, (parameter.key, value, state, holding)
        value += step


@pytest.mark.parametrize(("letter", "expected"), [("A", 0), ("C", 3), ("V", 3), ("P", 3), ("U", 3), ("a", 0)])
def test_consciousness(letter: str, expected: int) -> None:
    assert subscore("consciousness", letter) == expected


def test_air_or_oxygen() -> None:
    assert subscore("air_or_oxygen", False) == 0
    assert subscore("air_or_oxygen", True) == 2


def test_unknown_acvpu_letter_is_a_scoring_error() -> None:
    with pytest.raises(ScoringError, match="consciousness"):
        subscore("consciousness", "X")


def _m(**changes: object) -> Measurements:
    base: dict[str, object] = {
        "respiration": Decimal(16),
        "spo2": Decimal(97),
        "oxygen": False,
        "systolic": Decimal(125),
        "pulse": Decimal(72),
        "consciousness": "A",
        "temperature": Decimal("36.8"),
    }
    base.update(changes)
    return Measurements(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("measurements", "total", "risk"),
    [
        (_m(), 0, "lav"),
        (_m(pulse=Decimal(95), temperature=Decimal("38.1")), 2, "lav"),
        (_m(consciousness="C"), 3, "lav-middels"),
        (_m(respiration=Decimal(8)), 3, "lav-middels"),
        (_m(respiration=Decimal(8), pulse=Decimal(95)), 4, "lav-middels"),
        (_m(respiration=Decimal(22), spo2=Decimal(94), pulse=Decimal(112)), 5, "middels"),
        (_m(respiration=Decimal(8), pulse=Decimal(95), temperature=Decimal("35.5"), spo2=Decimal(95)), 6, "middels"),
        (_m(respiration=Decimal(26), systolic=Decimal(100), pulse=Decimal(95), spo2=Decimal(95)), 7, "hoy"),
        (
            _m(
                respiration=Decimal(26),
                spo2=Decimal(80),
                oxygen=True,
                systolic=Decimal(80),
                pulse=Decimal(140),
                consciousness="U",
                temperature=Decimal("34.0"),
            ),
            20,
            "hoy",
        ),
    ],
)
def test_total_and_risk(measurements: Measurements, total: int, risk: str) -> None:
    result = score(measurements)
    assert (result.total, result.risk) == (total, risk)
    assert result.total == sum(result.subscores.values())


def test_scale_2_only_when_stated() -> None:
    assert "spo2_scale1" in score(_m(spo2=Decimal(90))).subscores
    assert score(_m(spo2=Decimal(90))).subscores["spo2_scale1"] == 3
    stated = score(_m(spo2=Decimal(90), scale=2))
    assert stated.subscores == {**stated.subscores, "spo2_scale2": 0} and "spo2_scale1" not in stated.subscores


def test_risk_band_thresholds() -> None:
    assert risk_band({"a": 3, "b": 1}) == "lav-middels"
    assert risk_band({"a": 3, "b": 2}) == "middels"
    assert risk_band({"a": 2, "b": 2}) == "lav"
    assert risk_band({"a": 3, "b": 3, "c": 1}) == "hoy"
