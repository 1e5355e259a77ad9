"""Identifier numbers written out, each computed by hand from the published rules, never by the code
under test (tests/id_numbers.py builds numbers with journalloft.identifiers itself, so a wrong weight
there agrees with itself). The sums are in the comments so that each can be checked on paper.

Person numbers: K1 weights 3 7 6 1 8 9 4 5 2 over digits 1–9, K2 weights 5 4 3 2 7 6 5 4 3 2 over
digits 1–10; the sum including the control digit divisible by 11; from 2032 a K1 sum may leave 1–3
(Skatteetaten, "Nytt fødselsnummer fra 2032"). Only synthetic persons appear as valid numbers (NHN
month + 65, Tenor month + 80; tests/test_no_real_person_numbers.py); the H-nummer and FHN cases are
invalid ones. Organisasjonsnummer: weights 3 2 7 6 5 4 3 2, control 11 − (sum mod 11)
(Brønnøysundregistrene); 974760673 is Brønnøysundregistrene's own, published number.
"""

from __future__ import annotations

import pytest

from journalloft.identifiers import (
    IdKind,
    Problem,
    Series,
    check_hpr_number,
    check_identifier,
    check_organisation_number,
    classify_person_number,
)

VALID_PERSON_NUMBERS = [
    # number, kind, series                      K1 sum (incl. K1)   K2 sum (incl. K2)
    ("12759512039", IdKind.FNR, Series.NHN),  # 195 + 3 = 198 = 18·11  156 + 9 = 165 = 15·11   12 Oct 95
    ("01819012012", IdKind.FNR, Series.TENOR),  # 142 + 1 = 143 = 13·11  108 + 2 = 110 = 10·11  1 Jan 90
    ("51708823086", IdKind.DNR, Series.NHN),  # 223 + 8 = 231 = 21·11  192 + 6 = 198 = 18·11   11 May 88
    ("45819912010", IdKind.DNR, Series.TENOR),  # 263 + 1 = 264 = 24·11  198 + 0 = 198 = 18·11  5 Jan 99
    ("22750884907", IdKind.FNR, Series.NHN),  # NHN's published synthetic person (domain brief)
    # the 2032 rule: K1 sum leaves 1 or 3, K2 exact
    ("12759512047", IdKind.FNR, Series.NHN),  # 195 + 4 = 199 ≡ 1       158 + 7 = 165 = 15·11
    ("12759512063", IdKind.FNR, Series.NHN),  # 195 + 6 = 201 ≡ 3       162 + 3 = 165 = 15·11
]

INVALID_PERSON_NUMBERS = [
    ("12759512071", IdKind.FNR),  # K1: 195 + 7 = 202 ≡ 4 (not 0–3); K2 exact: 164 + 1 = 165
    ("51708823019", IdKind.DNR),  # K1: 223 + 1 = 224 ≡ 4; K2 exact: 178 + 9 = 187 = 17·11
    ("12759512038", IdKind.FNR),  # K1 exact, K2: 156 + 8 = 164 ≡ 10
    ("12458512084", IdKind.HNR),  # H-nummer (month 05 + 40): K1 169 + 8 = 177 ≡ 1 (strict K1); K2 150 + 4 = 154
    ("91234567034", IdKind.FHN),  # FHN: K1 185 + 3 = 188 ≡ 1, strict K1; K2 exact: 183 + 4 = 187
]


@pytest.mark.parametrize(("number", "kind", "series"), VALID_PERSON_NUMBERS)
def test_valid_person_numbers(number: str, kind: IdKind, series: Series) -> None:
    result = classify_person_number(number)
    assert (result.ok, result.kind, result.series) == (True, kind, series)
    assert check_identifier(number, [IdKind.FNR, IdKind.DNR]).ok


@pytest.mark.parametrize(("number", "kind"), INVALID_PERSON_NUMBERS)
def test_invalid_control_digits(number: str, kind: IdKind) -> None:
    result = classify_person_number(number)
    assert (result.kind, result.problem) == (kind, Problem.CHECK_DIGITS)


@pytest.mark.parametrize(
    "number",
    [
        "974760673",  # 9·3 + 7·2 + 4·7 + 7·6 + 6·5 + 0·4 + 6·3 + 7·2 = 173; 173 mod 11 = 8; 11 − 8 = 3
        "123456785",  # 3 + 4 + 21 + 24 + 25 + 24 + 21 + 16 = 138; 138 mod 11 = 6; 11 − 6 = 5
        "100000008",  # 1·3 = 3; 11 − 3 = 8
    ],
)
def test_valid_organisation_numbers(number: str) -> None:
    assert check_organisation_number(number) == check_identifier(number, [IdKind.ORGNR])
    assert check_organisation_number(number).kind is IdKind.ORGNR and check_organisation_number(number).ok


@pytest.mark.parametrize(
    ("number", "problem"),
    [
        ("974760674", Problem.CHECK_DIGITS),  # control 3, not 4
        ("123456789", Problem.CHECK_DIGITS),  # control 5, not 9
        ("100000010", Problem.CHECK_DIGITS),  # 1·3 + 1·2 = 5; 11 − 5 = 6, not 0
        ("400000000", Problem.CHECK_DIGITS),  # 4·3 = 12 ≡ 1; 11 − 1 = 10: no valid control digit
        ("97476067", Problem.FORMAT),
    ],
)
def test_invalid_organisation_numbers(number: str, problem: Problem) -> None:
    assert check_organisation_number(number).problem is problem


@pytest.mark.parametrize("number", ["1", "9144900", "123456789"])
def test_hpr_numbers_of_one_to_nine_digits(number: str) -> None:
    assert (check_hpr_number(number).ok, check_hpr_number(number).kind) == (True, IdKind.HPR)


@pytest.mark.parametrize("number", ["", "0", "000000", "1234567890", "12345a"])
def test_hpr_numbers_of_another_form(number: str) -> None:
    assert check_hpr_number(number).problem is Problem.FORMAT
