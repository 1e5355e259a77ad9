"""Primitive value rules of FHIR R4, one pass/fail pair (or more) per type."""

from __future__ import annotations

from decimal import Decimal

import pytest

from journalloft.fhir.primitives import PRIMITIVE_TYPES, check_primitive

VALID: list[tuple[str, object]] = [
    ("boolean", True),
    ("boolean", False),
    ("integer", 0),
    ("integer", -2_147_483_648),
    ("integer", 2_147_483_647),
    ("positiveInt", 1),
    ("unsignedInt", 0),
    ("decimal", Decimal("1.50")),
    ("decimal", Decimal("-0.0001")),
    ("decimal", Decimal("1.2E+3")),
    ("decimal", 7),
    ("string", "a"),
    ("string", " padded\ttext\r\n"),
    ("string", "non-breaking\u00a0space and æøå"),
    ("markdown", "# Heading\n\n* item"),
    ("uri", "http://example.org/fhir"),
    ("uri", "urn:oid:2.16.578.1.12.4.1.4.1"),
    ("url", "https://example.org/a?b=c"),
    ("canonical", "http://hl7.org/fhir/StructureDefinition/vitalsigns|4.0.1"),
    ("oid", "urn:oid:2.16.578.1.12.4.1.1.9151"),
    ("uuid", "urn:uuid:c757873d-ec9a-4326-a141-556f43239520"),
    ("id", "a"),
    ("id", "A-1.b"),
    ("id", "x" * 64),
    ("code", "final"),
    ("code", "two words"),
    ("base64Binary", "SGVsbG8="),
    ("base64Binary", "SGVs\nbG8h"),
    ("instant", "2023-02-28T10:00:00Z"),
    ("instant", "2024-02-29T23:59:60.123+14:00"),
    ("date", "2023"),
    ("date", "2023-02"),
    ("date", "2024-02-29"),
    ("date", "2000-02-29"),
    ("dateTime", "2023-12-31T00:00:00-05:00"),
    ("dateTime", "2023-12"),
    ("time", "23:59:59.5"),
    ("xhtml", '<div xmlns="http://www.w3.org/1999/xhtml">x</div>'),
]

INVALID: list[tuple[str, object, str, str]] = [
    # type, value, issue code, a fragment the message must contain
    ("boolean", "true", "fhir-json-type", "JSON boolean (true or false), found a JSON string"),
    ("boolean", 1, "fhir-json-type", "found a JSON number"),
    ("integer", "5", "fhir-json-type", "found a JSON string"),
    ("integer", True, "fhir-json-type", "found a JSON boolean"),
    ("integer", 2_147_483_648, "fhir-primitive", "out of range for integer"),
    ("integer", -2_147_483_649, "fhir-primitive", "out of range for integer"),
    ("integer", Decimal("1.5"), "fhir-primitive", "has a fraction"),
    ("integer", Decimal("1.0"), "fhir-primitive", "without a fraction"),
    ("positiveInt", 0, "fhir-primitive", "out of range for positiveInt"),
    ("unsignedInt", -1, "fhir-primitive", "out of range for unsignedInt"),
    ("decimal", "1.5", "fhir-json-type", "decimal must be a JSON number, found a JSON string"),
    ("decimal", True, "fhir-json-type", "found a JSON boolean"),
    ("decimal", Decimal("NaN"), "fhir-primitive", "not a valid decimal"),
    ("string", "", "fhir-empty", "string must not be an empty string"),
    ("string", 5, "fhir-json-type", "string must be a JSON string, found a JSON number"),
    ("string", "a\x0bb", "fhir-primitive", "vertical tab"),
    ("string", "x" * 1_048_577, "fhir-max-length", "at most 1048576"),
    ("markdown", "", "fhir-empty", "markdown must not be an empty string"),
    ("uri", "http://example.org/a b", "fhir-primitive", "no whitespace"),
    ("uri", "", "fhir-empty", "uri must not be an empty string"),
    ("url", "http://x y", "fhir-primitive", "not a valid url"),
    ("canonical", " http://x", "fhir-primitive", "not a valid canonical"),
    ("oid", "2.16.578.1", "fhir-primitive", "urn:oid:"),
    ("oid", "urn:oid:2.016", "fhir-primitive", "not a valid oid"),
    ("uuid", "urn:uuid:C757873D-EC9A-4326-A141-556F43239520", "fhir-primitive", "lower-case"),
    ("uuid", "c757873d-ec9a-4326-a141-556f43239520", "fhir-primitive", "not a valid uuid"),
    ("id", "x" * 65, "fhir-primitive", "1 to 64 characters"),
    ("id", "a_b", "fhir-primitive", '"a_b" is not a valid id'),
    ("id", "a b", "fhir-primitive", "not a valid id"),
    ("id", 12, "fhir-json-type", "found a JSON number"),
    ("code", " final", "fhir-primitive", "leading, trailing or repeated whitespace"),
    ("code", "final ", "fhir-primitive", "not a valid code"),
    ("code", "two  words", "fhir-primitive", "not a valid code"),
    ("code", "", "fhir-empty", "code must not be an empty string"),
    ("base64Binary", "SGVsbG8", "fhir-primitive", "not valid base64"),
    ("base64Binary", "SGV=bG8h", "fhir-primitive", "not valid base64"),
    ("base64Binary", "SGVs*G8h", "fhir-primitive", "not valid base64"),
    ("instant", "2023-02-28T10:00:00", "fhir-primitive", "with a time zone"),
    ("instant", "2023-02-28", "fhir-primitive", "not a valid instant"),
    ("instant", "2023-02-30T10:00:00Z", "fhir-primitive", "2023-02-30 is not a date that exists"),
    ("date", "2023-02-30", "fhir-primitive", "2023-02-30 is not a date that exists"),
    ("date", "2023-02-29", "fhir-primitive", "2023-02-29 is not a date that exists"),
    ("date", "1900-02-29", "fhir-primitive", "1900-02-29 is not a date that exists"),
    ("date", "2023-04-31", "fhir-primitive", "2023-04-31 is not a date that exists"),
    ("date", "2023-13-01", "fhir-primitive", "not a valid date"),
    ("date", "0000", "fhir-primitive", "not a valid date"),
    ("date", "2023-02-28T10:00:00Z", "fhir-primitive", "not a valid date"),
    ("date", "23-02-28", "fhir-primitive", "not a valid date"),
    ("dateTime", "2023-02-28T10:00:00", "fhir-primitive", "with a time zone"),
    ("dateTime", "2023-02-28T10:00Z", "fhir-primitive", "not a valid dateTime"),
    ("dateTime", "2023-06-31T10:00:00Z", "fhir-primitive", "2023-06-31 is not a date that exists"),
    ("dateTime", "2023-01-01T24:00:00Z", "fhir-primitive", "not a valid dateTime"),
    ("time", "24:00:00", "fhir-primitive", "not a valid time"),
    ("time", "10:00", "fhir-primitive", "hh:mm:ss"),
    ("time", "10:00:00Z", "fhir-primitive", "not a valid time"),
    ("xhtml", "<p>x</p>", "fhir-primitive", "<div> element as its root"),
    ("xhtml", "", "fhir-empty", "xhtml must not be an empty string"),
]


@pytest.mark.parametrize(("type_code", "value"), VALID, ids=[f"{t}-{i}" for i, (t, _) in enumerate(VALID)])
def test_valid_primitive_values_pass(type_code: str, value: object) -> None:
    assert check_primitive(type_code, value) is None


@pytest.mark.parametrize(
    ("type_code", "value", "code", "fragment"),
    INVALID,
    ids=[f"{t}-{i}" for i, (t, *_rest) in enumerate(INVALID)],
)
def test_invalid_primitive_values_fail_with_code_and_reason(
    type_code: str, value: object, code: str, fragment: str
) -> None:
    problem = check_primitive(type_code, value)
    assert problem is not None
    assert problem[0] == code
    assert fragment in problem[1]


def test_every_r4_primitive_type_has_a_pass_and_a_fail_case() -> None:
    assert {t for t, _ in VALID} == PRIMITIVE_TYPES
    assert {t for t, *_ in INVALID} == PRIMITIVE_TYPES


@pytest.mark.parametrize("value", [None, [], {}, [True]])
def test_non_scalar_json_is_a_json_type_error_for_every_primitive(value: object) -> None:
    for type_code in sorted(PRIMITIVE_TYPES):
        problem = check_primitive(type_code, value)
        assert problem is not None and problem[0] == "fhir-json-type", type_code
