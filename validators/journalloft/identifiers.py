"""Norwegian identifiers: classify and check person numbers, HPR numbers and organisation numbers.

Pure functions without I/O, shared by the JSON rules (``kind: norwegian-identifier``), the FHIR
identifier check and the repository scan for real-looking person numbers.

The facts, and where they come from:

* Person numbers have 11 digits ``DDMMYYIIIKK``: a date part, a three-digit individual number and two
  control digits. K1 uses the weights 3 7 6 1 8 9 4 5 2 over digits 1–9, K2 the weights
  5 4 3 2 7 6 5 4 3 2 over digits 1–10; a number is valid when the weighted sum including the control
  digit is divisible by 11 (Skatteetaten, "Nytt fødselsnummer fra 2032", folkeregisteret-api-dokumentasjon).
* The 2032 rule (same source): numbers issued from 1 January 2032 may have a K1 for which that sum leaves
  the remainder 0, 1, 2 or 3; K2 is still computed as before. A number cannot tell when it was issued,
  so for fødselsnummer and D-nummer (and their synthetic test series) every K1 remainder 0–3 is
  accepted and K2 is always checked strictly. H-nummer and FHN are not issued by Skatteetaten and keep
  the strict K1 (remainder 0).
* D-nummer: day + 40. H-nummer: month + 40 (every other rule of the fødselsnummer applies; fnrinfo.no).
  FHN (felles hjelpenummer, NHN): the first nine digits lie in 800000000–999999999, control digits as
  for the fødselsnummer, no date (FHIDev/Fhi.NINCheck, ErGyldigFHNummer).
* Synthetic test persons: NHN's synthetic population ("SyntPop") adds 65 to the month, Skatteetaten's
  Tenor test register adds 80 (FHIDev/Fhi.NINCheck); both may also add 40 to the day (D-nummer).
* Organisasjonsnummer (Enhetsregisteret): nine digits, the last a modulus-11 control digit with the
  weights 3 2 7 6 5 4 3 2 (Brønnøysundregistrene, "Organisasjonsnummer").
* HPR-nummer (Helsepersonellregisteret): a plain serial number of at most nine digits; we found no
  published control-digit rule, so only the form is checked.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass

K1_WEIGHTS = (3, 7, 6, 1, 8, 9, 4, 5, 2)
K2_WEIGHTS = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
ORGNR_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)
K1_REMAINDERS_FROM_2032 = frozenset({0, 1, 2, 3})
"""Remainders of the K1 sum that Skatteetaten accepts for numbers issued from 2032."""


class IdKind(enum.StrEnum):
    """The identifier kinds a rule can accept (``accept:`` in a spec's ``norwegian-identifier`` rule)."""

    FNR = "fnr"
    DNR = "dnr"
    HNR = "hnr"
    FHN = "fhn"
    HPR = "hpr"
    ORGNR = "orgnr"


PERSON_KINDS = frozenset({IdKind.FNR, IdKind.DNR, IdKind.HNR, IdKind.FHN})
"""The 11-digit person number kinds."""

NAMES = {
    IdKind.FNR: "fødselsnummer",
    IdKind.DNR: "D-nummer",
    IdKind.HNR: "H-nummer",
    IdKind.FHN: "felles hjelpenummer (FHN)",
    IdKind.HPR: "HPR-nummer",
    IdKind.ORGNR: "organisasjonsnummer",
}


class Series(enum.StrEnum):
    """Synthetic test series of person numbers."""

    NHN = "synthetic-nhn"
    """NHN's synthetic population: month + 65."""
    TENOR = "synthetic-tenor"
    """Skatteetaten's Tenor test register: month + 80."""


_SERIES_MONTH_OFFSET = {Series.NHN: 65, Series.TENOR: 80}


class Problem(enum.Enum):
    FORMAT = "format"
    """Wrong length, non-digits, an impossible date part, or a kind that is not accepted."""
    CHECK_DIGITS = "check-digits"
    """The control digit(s) do not match."""


@dataclass(frozen=True, slots=True)
class IdCheck:
    """The outcome of checking one identifier.

    ``kind`` is what the value's form says it is (None when the form says nothing); ``series`` is set
    for a synthetic person number; ``problem`` is None for a valid identifier, and ``detail`` then
    explains the problem in an English sentence for issue messages.
    """

    value: str
    kind: IdKind | None
    series: Series | None = None
    problem: Problem | None = None
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.problem is None

    @property
    def synthetic(self) -> bool:
        return self.series is not None


_DIGITS = re.compile(r"[0-9]+")


def k1_remainder(digits: str) -> int:
    """The remainder of the K1 sum (weights over digits 1–9 plus K1 itself) modulo 11."""
    return (sum(w * int(d) for w, d in zip(K1_WEIGHTS, digits[:9], strict=True)) + int(digits[9])) % 11


def k2_remainder(digits: str) -> int:
    """The remainder of the K2 sum (weights over digits 1–10 plus K2 itself) modulo 11."""
    return (sum(w * int(d) for w, d in zip(K2_WEIGHTS, digits[:10], strict=True)) + int(digits[10])) % 11


def control_digits(first_nine: str) -> tuple[int, int] | None:
    """The classic K1 and K2 for nine leading digits, or None when either would be 10 (unusable body)."""
    if len(first_nine) != 9 or not _DIGITS.fullmatch(first_nine):
        raise ValueError("expected nine digits")
    k1 = (11 - sum(w * int(d) for w, d in zip(K1_WEIGHTS, first_nine, strict=True)) % 11) % 11
    if k1 == 10:
        return None
    ten = first_nine + str(k1)
    k2 = (11 - sum(w * int(d) for w, d in zip(K2_WEIGHTS, ten, strict=True)) % 11) % 11
    return None if k2 == 10 else (k1, k2)


def check_digits_ok(number: str, *, rule_2032: bool = True) -> bool:
    """Whether an 11-digit number's control digits hold.

    With ``rule_2032`` (the default) K1 may leave the remainder 0, 1, 2 or 3 as Skatteetaten allows for
    numbers issued from 2032; without it only the classic remainder 0 is accepted. K2 is always strict.
    """
    if len(number) != 11 or not _DIGITS.fullmatch(number):
        return False
    allowed = K1_REMAINDERS_FROM_2032 if rule_2032 else frozenset({0})
    return k1_remainder(number) in allowed and k2_remainder(number) == 0


def _days_in_month(month: int, yy: int) -> int:
    if month == 2:
        # The century is not reliably encoded (it never is from 2032), so 29 February is possible
        # whenever the two-digit year is divisible by 4 (2000 was a leap year).
        return 29 if yy % 4 == 0 else 28
    return 30 if month in (4, 6, 9, 11) else 31


def classify_person_number(value: str) -> IdCheck:
    """Classify and check an 11-digit person number: fnr, dnr, hnr or fhn, and its synthetic series.

    The form decides the kind: a first digit 8 or 9 is an FHN; day + 40 a D-nummer; month + 40 an
    H-nummer; month + 65 (NHN) or + 80 (Tenor) a synthetic fødselsnummer or D-nummer. Then the date part
    must be a possible date and the control digits must hold (see the module text for the 2032 rule).
    """
    if len(value) != 11 or not _DIGITS.fullmatch(value):
        return IdCheck(value, None, problem=Problem.FORMAT, detail="a person number has exactly 11 digits")
    if value[0] in "89":
        if check_digits_ok(value, rule_2032=False):
            return IdCheck(value, IdKind.FHN)
        return IdCheck(value, IdKind.FHN, problem=Problem.CHECK_DIGITS, detail="its control digits do not match")
    day, month, yy = int(value[0:2]), int(value[2:4]), int(value[4:6])
    kind, series = IdKind.FNR, None
    if day > 40:
        kind, day = IdKind.DNR, day - 40
    if 41 <= month <= 52:
        if kind is IdKind.DNR:
            return IdCheck(value, None, problem=Problem.FORMAT, detail="day + 40 and month + 40 cannot be combined")
        kind, month = IdKind.HNR, month - 40
    for candidate, offset in _SERIES_MONTH_OFFSET.items():
        if offset < month <= offset + 12:
            series, month = candidate, month - offset
    if not 1 <= month <= 12 or not 1 <= day <= _days_in_month(month, yy):
        return IdCheck(value, kind, series, Problem.FORMAT, f"its date part {value[:6]} is not a possible date")
    if not check_digits_ok(value, rule_2032=kind is not IdKind.HNR):
        return IdCheck(value, kind, series, Problem.CHECK_DIGITS, "its control digits do not match")
    return IdCheck(value, kind, series)


def check_organisation_number(value: str) -> IdCheck:
    """Check an organisasjonsnummer: nine digits, the last a modulus-11 control digit."""
    if len(value) != 9 or not _DIGITS.fullmatch(value):
        return IdCheck(value, None, problem=Problem.FORMAT, detail="an organisation number has exactly 9 digits")
    total = sum(w * int(d) for w, d in zip(ORGNR_WEIGHTS, value[:8], strict=True))
    expected = (11 - total % 11) % 11
    if expected == 10 or expected != int(value[8]):
        return IdCheck(value, IdKind.ORGNR, problem=Problem.CHECK_DIGITS, detail="its control digit does not match")
    return IdCheck(value, IdKind.ORGNR)


def check_hpr_number(value: str) -> IdCheck:
    """Check an HPR-nummer: one to nine digits, not all zeros (no control digit is published)."""
    if not 1 <= len(value) <= 9 or not _DIGITS.fullmatch(value) or not value.strip("0"):
        return IdCheck(value, None, problem=Problem.FORMAT, detail="an HPR number has one to nine digits")
    return IdCheck(value, IdKind.HPR)


def check_identifier(value: str, accept: Iterable[IdKind]) -> IdCheck:
    """Check a value that must be one of the ``accept``-ed identifier kinds.

    A value whose form is valid but of a kind that is not accepted (an FHN where only fnr and dnr may
    stand) is a FORMAT problem. With several kinds accepted, the value's length picks the check.
    """
    allowed = frozenset(accept)
    if not allowed:
        raise ValueError("accept must name at least one identifier kind")
    candidates: list[IdCheck] = []
    if allowed & PERSON_KINDS and (len(value) == 11 or not allowed - PERSON_KINDS):
        candidates.append(classify_person_number(value))
    if IdKind.ORGNR in allowed and (len(value) == 9 or not candidates):
        candidates.append(check_organisation_number(value))
    if IdKind.HPR in allowed:
        candidates.append(check_hpr_number(value))
    result = next((c for c in candidates if c.ok and c.kind in allowed), None)
    if result is not None:
        return result
    # Prefer a finding about an accepted kind, then any finding that at least recognised a kind.
    informative = [c for c in candidates if c.kind in allowed] or [c for c in candidates if c.kind] or candidates
    best = informative[0]
    if best.ok and best.kind is not None:
        wanted = " or ".join(NAMES[k] for k in sorted(allowed))
        detail = f"it has the form of {NAMES[best.kind]}, not {wanted}"
        return IdCheck(value, best.kind, best.series, Problem.FORMAT, detail)
    return best


def is_synthetic(value: str) -> bool:
    """Whether a value is a valid person number from a synthetic test series (NHN or Tenor)."""
    result = classify_person_number(value)
    return result.ok and result.synthetic


def looks_real(value: str) -> bool:
    """Whether an 11-digit value passes as a real, non-synthetic person number (fnr, dnr, hnr or FHN)."""
    result = classify_person_number(value)
    return result.ok and not result.synthetic
