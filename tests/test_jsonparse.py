"""The strict JSON parser: each deviation has its own code and a location."""

from __future__ import annotations

from decimal import Decimal

import pytest

from journalloft.issues import Severity
from journalloft.jsonparse import json_path, parse
from journalloft.limits import DEFAULT_LIMITS, Limits


def codes(data: bytes, limits: Limits = DEFAULT_LIMITS) -> list[tuple[str, str, int | None, int | None]]:
    return [(i.code, i.expression, i.line, i.column) for i in parse(data, limits).issues]


def test_decimals_stay_exact_and_integers_stay_int() -> None:
    value = parse(b'{"a": 0.10, "b": 3, "c": 1e2, "d": true}').value
    assert value == {"a": Decimal("0.10"), "b": 3, "c": Decimal("1E+2"), "d": True}
    assert str(value["a"]) == "0.10" and type(value["b"]) is int


def test_duplicate_keys_are_reported_at_their_path() -> None:
    result = parse(b'{"name": [{"given": ["A"], "given": ["B"]}], "id": "x", "id": "y"}')
    assert [(i.code, i.expression) for i in result.issues] == [
        ("json-duplicate-key", "$.name[0].given"),
        ("json-duplicate-key", "$.id"),
    ]
    assert result.ok  # the document is still checked further; nothing is lost


def test_bom_is_a_warning_and_parsing_goes_on() -> None:
    result = parse(b'\xef\xbb\xbf{"a": 1}')
    assert [(i.code, i.severity) for i in result.issues] == [("json-bom", Severity.WARNING)]
    assert result.value == {"a": 1}


def test_trailing_content_has_its_own_code() -> None:
    assert codes(b'{"a": 1}\n{"b": 2}') == [("json-trailing-content", "$", 2, 1)]


@pytest.mark.parametrize("token", [b"NaN", b"Infinity", b"-Infinity"])
def test_non_json_numbers_are_errors_with_position(token: bytes) -> None:
    assert codes(b'{"a":\n  ' + token + b"}") == [("json-invalid-number", "$", 2, 3)]


def test_nan_inside_a_string_is_fine() -> None:
    assert codes(b'{"a": "NaN [{"}') == []


def test_syntax_error_position() -> None:
    assert codes(b'{\n  "a" 1\n}') == [("json-syntax", "$", 2, 7)]


@pytest.mark.parametrize(
    ("text", "line", "column", "kind"),
    [
        (b'{\n  "a": 1,\n  }', 2, 9, "object"),
        (b'{"a": [1, 2 ,\t\r\n]}', 1, 13, "array"),
        (b"[\n  {},\n]", 2, 5, "array"),
    ],
)
def test_a_trailing_comma_is_reported_at_the_comma_on_every_python(
    text: bytes, line: int, column: int, kind: str
) -> None:
    # Python 3.13 and later say this themselves; on 3.11 and 3.12 the parser rewrites the older
    # "expecting value/property name" at the bracket, so the report is the same on every version.
    [issue] = parse(text).issues
    assert (issue.code, issue.line, issue.column) == ("json-syntax", line, column)
    assert issue.message == f"JSON syntax error: illegal trailing comma before end of {kind}."


@pytest.mark.parametrize("text", [b"[,]", b'{,"a": 1}', b'{"a": ,}', b"[1,,]"])
def test_other_misplaced_commas_keep_the_parsers_own_message(text: bytes) -> None:
    [issue] = parse(text).issues
    assert issue.code == "json-syntax"
    assert "trailing comma" not in issue.message


def test_invalid_utf8_position() -> None:
    assert codes(b'{"a":\n "\xc3\x28"}') == [("input-encoding", "$", 2, 3)]


def test_empty_and_blank_inputs() -> None:
    assert codes(b"") == [("input-empty", "$", None, None)]
    assert codes(b"  \n\t") == [("input-empty", "$", None, None)]


def test_top_level_must_be_an_object() -> None:
    assert codes(b'"text"') == [("json-not-object", "$", None, None)]


def test_deep_nesting_is_bounded_and_configurable() -> None:
    deep = b"[" * 10_000 + b"]" * 10_000
    assert codes(deep) == [("json-too-deep", "$", 1, 101)]
    assert codes(b'{"a": [[[1]]]}', Limits(max_depth=3)) == [("json-too-deep", "$", 1, 9)]
    assert codes(b'{"a": [[1]]}', Limits(max_depth=3)) == []


def test_brackets_in_strings_do_not_count_towards_depth() -> None:
    text = b'{"a": "' + b"[" * 500 + b'"}'
    assert codes(text) == []


def test_size_limit() -> None:
    assert codes(b'{"a": "xxxxxxxxxx"}', Limits(max_bytes=10)) == [("input-too-large", "$", None, None)]


def test_json_path_quotes_unusual_keys() -> None:
    assert json_path(("oktMessages", 0, "startDate")) == "$.oktMessages[0].startDate"
    assert json_path(("a b", 1)) == '$["a b"][1]'
