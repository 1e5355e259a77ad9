"""Checks for the values of FHIR R4 primitive types in JSON.

Each primitive type has a JSON type (FHIR JSON never coerces: ``"true"`` is not a boolean and
``"5"`` is not an integer) and a lexical rule. The regular expressions are the ones HL7 publishes
on the ``value`` element of each primitive type's StructureDefinition (FHIR R4 4.0.1), compiled with
``re.ASCII`` so that ``\\s`` and ``\\S`` mean what they mean in the Java regex dialect FHIR uses.
On top of the regexes come the value rules the regexes cannot express: 32-bit integer ranges,
calendar dates that really exist (2023-02-30 matches the date regex but is not a date), the
1 MiB maximum length of ``string``, and base64 padding.

:func:`check_primitive` is called once per primitive value on the validator's hot path, so the
checks are plain functions in a dict keyed by type code, with no allocation when the value is valid.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from decimal import Decimal

from journalloft.jsonparse import json_type

# A problem found in a primitive value: (issue code, message).
Problem = tuple[str, str]
Checker = Callable[[object], "Problem | None"]

INT32_MIN = -2_147_483_648
INT32_MAX = 2_147_483_647
STRING_MAX_LENGTH = 1_048_576  # maxLength of string.value in the R4 StructureDefinition

_YEAR = r"([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)"
_TZ = r"(Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00))"
_TIME = r"([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?"

_RE_DATE = re.compile(_YEAR + r"(-(0[1-9]|1[0-2])(-(0[1-9]|[1-2][0-9]|3[0-1]))?)?", re.ASCII)
_RE_DATETIME = re.compile(
    _YEAR + r"(-(0[1-9]|1[0-2])(-(0[1-9]|[1-2][0-9]|3[0-1])(T" + _TIME + _TZ + r")?)?)?", re.ASCII
)
_RE_INSTANT = re.compile(_YEAR + r"-(0[1-9]|1[0-2])-(0[1-9]|[1-2][0-9]|3[0-1])T" + _TIME + _TZ, re.ASCII)
_RE_TIME = re.compile(_TIME, re.ASCII)
_RE_STRING = re.compile(r"[ \r\n\t\S]+", re.ASCII)
_RE_URI = re.compile(r"\S*", re.ASCII)
_RE_OID = re.compile(r"urn:oid:[0-2](\.(0|[1-9][0-9]*))+", re.ASCII)
_RE_UUID = re.compile(r"urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.ASCII)
_RE_ID = re.compile(r"[A-Za-z0-9\-\.]{1,64}", re.ASCII)
_RE_CODE = re.compile(r"[^\s]+(\s[^\s]+)*", re.ASCII)
_RE_BASE64_BODY = re.compile(r"[0-9a-zA-Z+/]*={0,2}", re.ASCII)
_RE_BASE64_SPACE = re.compile(r"\s+", re.ASCII)
_RE_XHTML_ROOT = re.compile(r"\s*<div(\s|>|/>)", re.ASCII)

_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)

# JSON type of each primitive's value: the names used in messages.
STRING_TYPES = frozenset(
    {
        "string",
        "uri",
        "url",
        "canonical",
        "oid",
        "uuid",
        "id",
        "code",
        "markdown",
        "base64Binary",
        "instant",
        "date",
        "dateTime",
        "time",
        "xhtml",
    }
)
INTEGER_TYPES = frozenset({"integer", "positiveInt", "unsignedInt"})
PRIMITIVE_TYPES = STRING_TYPES | INTEGER_TYPES | {"boolean", "decimal"}


def _wrong_json_type(type_code: str, expected: str, value: object) -> Problem:
    return (
        "fhir-json-type",
        f"{type_code} must be a JSON {expected}, found a JSON {json_type(value)}",
    )


def _day_exists(year: int, month: int, day: int) -> bool:
    if month == 2 and day == 29:
        return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return day <= _DAYS_IN_MONTH[month - 1]


def _calendar_problem(text: str) -> Problem | None:
    """The date regexes accept day 31 in every month; reject days the calendar does not have."""
    if len(text) >= 10:
        year, month, day = int(text[0:4]), int(text[5:7]), int(text[8:10])
        if not _day_exists(year, month, day):
            return ("fhir-primitive", f"{text[:10]} is not a date that exists")
    return None


def _string_like(type_code: str, pattern: re.Pattern[str] | None, what: str) -> Checker:
    def check(value: object) -> Problem | None:
        if type(value) is not str:
            return _wrong_json_type(type_code, "string", value)
        if not value:
            return ("fhir-empty", f"{type_code} must not be an empty string")
        if pattern is not None and pattern.fullmatch(value) is None:
            return ("fhir-primitive", f"{_quote(value)} is not a valid {type_code}: {what}")
        return None

    return check


def _dated(type_code: str, pattern: re.Pattern[str], what: str) -> Checker:
    base = _string_like(type_code, pattern, what)

    def check(value: object) -> Problem | None:
        problem = base(value)
        if problem is not None:
            return problem
        return _calendar_problem(value)  # type: ignore[arg-type]

    return check


def _check_string(value: object) -> Problem | None:
    if type(value) is not str:
        return _wrong_json_type("string", "string", value)
    if not value:
        return ("fhir-empty", "string must not be an empty string")
    if len(value) > STRING_MAX_LENGTH:
        return (
            "fhir-max-length",
            f"string is {len(value)} characters long; FHIR allows at most {STRING_MAX_LENGTH}",
        )
    if _RE_STRING.fullmatch(value) is None:
        return ("fhir-primitive", "string contains a vertical tab or form feed, which FHIR does not allow")
    return None


def _check_markdown(value: object) -> Problem | None:
    if type(value) is not str:
        return _wrong_json_type("markdown", "string", value)
    if not value:
        return ("fhir-empty", "markdown must not be an empty string")
    if _RE_STRING.fullmatch(value) is None:
        return ("fhir-primitive", "markdown contains a vertical tab or form feed, which FHIR does not allow")
    return None


def _check_boolean(value: object) -> Problem | None:
    if value is True or value is False:
        return None
    return _wrong_json_type("boolean", "boolean (true or false)", value)


def _integer_checker(type_code: str, low: int, rule: str) -> Checker:
    def check(value: object) -> Problem | None:
        kind = type(value)
        if kind is int:
            if low <= value <= INT32_MAX:  # type: ignore[operator]
                return None
            return ("fhir-primitive", f"{value} is out of range for {type_code}: {rule}")
        if kind is Decimal or kind is float:
            if value == int(value):  # type: ignore[call-overload]
                text = str(value)
                return (
                    "fhir-primitive",
                    f"{text} is not a valid {type_code}: write integers without a fraction or exponent",
                )
            return ("fhir-primitive", f"{value} is not a valid {type_code}: it has a fraction")
        return _wrong_json_type(type_code, "number", value)

    return check


def _check_decimal(value: object) -> Problem | None:
    kind = type(value)
    if kind is int:
        return None
    if isinstance(value, Decimal) and kind is Decimal:
        if value.is_finite():
            return None
        return ("fhir-primitive", f"{value} is not a valid decimal")
    if isinstance(value, float):
        if math.isfinite(value):
            return None
        return ("fhir-primitive", f"{value} is not a valid decimal")
    return _wrong_json_type("decimal", "number", value)


def _check_base64(value: object) -> Problem | None:
    if type(value) is not str:
        return _wrong_json_type("base64Binary", "string", value)
    if not value:
        return ("fhir-empty", "base64Binary must not be an empty string")
    # The published regex, (\s*([0-9a-zA-Z+/=]){4}\s*)+, backtracks badly on long input; this is
    # the same rule written procedurally, plus padding only at the end.
    body = _RE_BASE64_SPACE.sub("", value) if not value.isalnum() else value
    if len(body) % 4 != 0 or _RE_BASE64_BODY.fullmatch(body) is None:
        return (
            "fhir-primitive",
            "not valid base64: use the characters A-Z a-z 0-9 + / in groups of four, padded with = at the end",
        )
    return None


def _check_xhtml(value: object) -> Problem | None:
    if type(value) is not str:
        return _wrong_json_type("xhtml", "string", value)
    if not value:
        return ("fhir-empty", "xhtml must not be an empty string")
    if _RE_XHTML_ROOT.match(value) is None:
        return ("fhir-primitive", "narrative XHTML must have a <div> element as its root")
    return None


def _quote(value: str) -> str:
    shown = value if len(value) <= 80 else value[:77] + "..."
    return '"' + shown + '"'


CHECKERS: dict[str, Checker] = {  # type code -> check; read directly on the hot path
    "boolean": _check_boolean,
    "integer": _integer_checker("integer", INT32_MIN, "a 32-bit signed integer"),
    "positiveInt": _integer_checker("positiveInt", 1, f"1 to {INT32_MAX}"),
    "unsignedInt": _integer_checker("unsignedInt", 0, f"0 to {INT32_MAX}"),
    "decimal": _check_decimal,
    "string": _check_string,
    "markdown": _check_markdown,
    "uri": _string_like("uri", _RE_URI, "no whitespace allowed"),
    "url": _string_like("url", _RE_URI, "no whitespace allowed"),
    "canonical": _string_like("canonical", _RE_URI, "no whitespace allowed"),
    "oid": _string_like("oid", _RE_OID, "expected urn:oid: followed by dotted numbers"),
    "uuid": _string_like("uuid", _RE_UUID, "expected urn:uuid: followed by a lower-case UUID"),
    "id": _string_like("id", _RE_ID, "1 to 64 characters of A-Z a-z 0-9 - ."),
    "code": _string_like("code", _RE_CODE, "no leading, trailing or repeated whitespace"),
    "base64Binary": _check_base64,
    "instant": _dated("instant", _RE_INSTANT, "expected YYYY-MM-DDThh:mm:ss[.fff] with a time zone"),
    "date": _dated("date", _RE_DATE, "expected YYYY, YYYY-MM or YYYY-MM-DD"),
    "dateTime": _dated(
        "dateTime", _RE_DATETIME, "expected YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDThh:mm:ss[.fff] with a time zone"
    ),
    "time": _string_like("time", _RE_TIME, "expected hh:mm:ss[.fff]"),
    "xhtml": _check_xhtml,
}


def checker_for(type_code: str) -> Checker | None:
    """The check for one primitive type, or None when the type is not primitive."""
    return CHECKERS.get(type_code)


def check_primitive(type_code: str, value: object) -> Problem | None:
    """Check one JSON value against a primitive type; None when it is valid."""
    checker = CHECKERS.get(type_code)
    if checker is None:
        raise KeyError(f"{type_code} is not a FHIR primitive type")
    return checker(value)
