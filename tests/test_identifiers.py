"""journalloft.identifiers: every kind with valid and invalid numbers.

Only the synthetic numbers of NHN's population appear as literals; every other valid number is built
here from a body with computed control digits, so that no real-looking person number is committed.
"""

from __future__ import annotations

import pytest

from id_numbers import NHN_SYNTHETIC, flip_last, organisation_number, with_digits, with_k1_remainder
from journalloft.identifiers import (
    IdKind,
    Problem,
    Series,
    check_digits_ok,
    check_hpr_number,
    check_identifier,
    check_organisation_number,
    classify_person_number,
    control_digits,
    is_synthetic,
    looks_real,
)


@pytest.mark.parametrize("number", NHN_SYNTHETIC)
def test_nhn_synthetic_numbers_are_synthetic_fodselsnummer(number: str) -> None:
    result = classify_person_number(number)
    assert (result.ok, result.kind, result.series) == (True, IdKind.FNR, Series.NHN)
    assert is_synthetic(number) and not looks_real(number)


def test_tenor_series_is_month_plus_80() -> None:
    number = with_digits("158285")  # 15 February 1985, Tenor
    result = classify_person_number(number)
    assert (result.ok, result.kind, result.series) == (True, IdKind.FNR, Series.TENOR)


def test_synthetic_d_number_keeps_its_kind() -> None:
    number = with_digits("557001")  # day 15 + 40, month 5 + 65
    result = classify_person_number(number)
    assert (result.ok, result.kind, result.series) == (True, IdKind.DNR, Series.NHN)


@pytest.mark.parametrize(
    ("date_part", "kind"),
    [("150385", IdKind.FNR), ("550385", IdKind.DNR), ("154385", IdKind.HNR)],
)
def test_kinds_by_date_part(date_part: str, kind: IdKind) -> None:
    number = with_digits(date_part)
    result = classify_person_number(number)
    assert (result.ok, result.kind, result.series) == (True, kind, None)
    assert looks_real(number)
    wrong = flip_last(number)
    assert classify_person_number(wrong).problem is Problem.CHECK_DIGITS
    assert not looks_real(wrong)


def test_fhn_is_a_body_from_800000000() -> None:
    number = with_digits("812345")
    result = classify_person_number(number)
    assert (result.ok, result.kind) == (True, IdKind.FHN)
    assert classify_person_number(flip_last(number)).problem is Problem.CHECK_DIGITS


@pytest.mark.parametrize(
    "value",
    ["2275088490", "227508849071", "2275088490x", "", "22 75088490"],
)
def test_wrong_length_or_characters_is_a_format_problem(value: str) -> None:
    assert classify_person_number(value).problem is Problem.FORMAT


@pytest.mark.parametrize(
    "date_part",
    ["320385", "001385", "150085", "300285", "290285", "311185", "715385", "554385"],
)
def test_impossible_date_parts_are_format_problems(date_part: str) -> None:
    assert classify_person_number(f"{date_part}12345").problem is Problem.FORMAT


def test_29_february_is_possible_in_a_year_divisible_by_four() -> None:
    assert classify_person_number(with_digits("296884")).ok  # synthetic, 29 February 1984


@pytest.mark.parametrize("remainder", [1, 2, 3])
def test_2032_rule_accepts_k1_remainders_up_to_3_for_fnr_and_dnr(remainder: int) -> None:
    for date_part in ("157085", "557085"):  # synthetic fnr and dnr
        number = with_k1_remainder(date_part, remainder)
        assert check_digits_ok(number)
        assert not check_digits_ok(number, rule_2032=False)
        assert classify_person_number(number).ok


def test_2032_rule_still_rejects_k1_remainder_4_and_a_wrong_k2() -> None:
    number = with_k1_remainder("157085", 4)
    assert classify_person_number(number).problem is Problem.CHECK_DIGITS
    assert classify_person_number(flip_last(with_k1_remainder("157085", 2))).problem is Problem.CHECK_DIGITS


def test_h_number_and_fhn_keep_the_strict_k1() -> None:
    assert classify_person_number(with_k1_remainder("154385", 1)).problem is Problem.CHECK_DIGITS
    assert classify_person_number(with_k1_remainder("912345", 1)).problem is Problem.CHECK_DIGITS


def test_control_digits_refuses_unusable_bodies_and_bad_input() -> None:
    unusable = [f"157085{i:03d}" for i in range(1000) if control_digits(f"157085{i:03d}") is None]
    assert unusable, "some individual numbers give a control digit of 10"
    with pytest.raises(ValueError):
        control_digits("12345")


def test_organisation_number() -> None:
    valid = organisation_number("98765432")
    assert check_organisation_number(valid).ok
    assert check_organisation_number(flip_last(valid)).problem is Problem.CHECK_DIGITS
    assert check_organisation_number("12345678").problem is Problem.FORMAT
    assert check_organisation_number("1234567890").problem is Problem.FORMAT
    assert check_organisation_number("98765432a").problem is Problem.FORMAT


@pytest.mark.parametrize(
    ("value", "ok"), [("1234567", True), ("100200300", True), ("0", False), ("1234567890", False), ("12a4", False)]
)
def test_hpr_number(value: str, ok: bool) -> None:
    assert check_hpr_number(value).ok is ok


def test_check_identifier_refuses_a_valid_number_of_a_kind_not_accepted() -> None:
    fhn = with_digits("912345")
    result = check_identifier(fhn, [IdKind.FNR, IdKind.DNR])
    assert result.problem is Problem.FORMAT and result.kind is IdKind.FHN
    assert "form of felles hjelpenummer" in result.detail
    assert check_identifier(fhn, [IdKind.FNR, IdKind.FHN]).ok


def test_check_identifier_picks_the_check_by_length_when_several_kinds_are_accepted() -> None:
    org = organisation_number("98765432")
    accept = [IdKind.FNR, IdKind.ORGNR]
    assert check_identifier(org, accept).kind is IdKind.ORGNR
    assert check_identifier(NHN_SYNTHETIC[0], accept).kind is IdKind.FNR
    assert check_identifier(flip_last(org), accept).problem is Problem.CHECK_DIGITS
    assert check_identifier("12", accept).problem is Problem.FORMAT
    with pytest.raises(ValueError):
        check_identifier(org, [])
