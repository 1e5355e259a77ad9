"""Build identifiers for tests: valid control digits computed here, so no real-looking number is committed.

Only NHN's synthetic population appears as literals; every other valid number is built at run time.
"""

from __future__ import annotations

from journalloft.identifiers import control_digits, k1_remainder

NHN_SYNTHETIC = ("22750884907", "19779998080", "16758532406")


def with_digits(date_part: str, first_individual: int = 100) -> str:
    """A number with the given six-digit date part and the first individual number giving usable digits."""
    for individual in range(first_individual, 1000):
        body = f"{date_part}{individual:03d}"
        digits = control_digits(body)
        if digits is not None:
            return f"{body}{digits[0]}{digits[1]}"
    raise AssertionError("no usable individual number")


def with_k1_remainder(date_part: str, remainder: int) -> str:
    """A number whose K1 sum leaves ``remainder`` (1–3: only valid under the 2032 rule), K2 correct."""
    for individual in range(100, 1000):
        body = f"{date_part}{individual:03d}"
        for k1 in range(10):
            ten = f"{body}{k1}"
            if k1_remainder(ten + "0") != remainder:
                continue
            k2 = (11 - sum(w * int(d) for w, d in zip((5, 4, 3, 2, 7, 6, 5, 4, 3, 2), ten, strict=True)) % 11) % 11
            if k2 != 10:
                return f"{ten}{k2}"
    raise AssertionError("no number found")


def flip_last(number: str) -> str:
    return number[:-1] + str((int(number[-1]) + 1) % 10)


def organisation_number(body: str) -> str:
    total = sum(w * int(d) for w, d in zip((3, 2, 7, 6, 5, 4, 3, 2), body, strict=True))
    check = (11 - total % 11) % 11
    assert check != 10, "choose another body"
    return f"{body}{check}"
