"""Strict JSON parsing that reports problems as issues instead of raising.

Python's json module is lenient where payload validation must not be: it accepts NaN and Infinity,
keeps the last of two duplicate keys without a word, and turns decimals into binary floats (so
``0.10`` and ``0.1`` become the same value). Here non-integer numbers become ``Decimal`` (exact, the
way FHIR treats decimals), integers stay ``int``, and every deviation is reported with a location.

Cost: the text is parsed once by the standard library's C scanner; the checks ride on its hooks
(duplicate keys in the object hook, NaN/Infinity in the constant hook, over-long numbers in the number
hooks, which only see number tokens) or on cheap tests of the text (a regular expression for the
escapes that can produce lone surrogates or control characters, a bracket count before nesting is
measured on the tree). Token-by-token scans of the text run only to locate a problem already found.
Measured on 20 pretty-printed Bundles of 51 resources (scripts/benchmark_cli.py's data), this parse
takes about 2.8 times the CPU time of a bare ``json.loads``; it was about 15 times while nesting was
measured by scanning every token.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from journalloft.issues import Issue, error, warning
from journalloft.limits import DEFAULT_LIMITS, Limits, hold_depth

_BOM = b"\xef\xbb\xbf"
# A JSON string (with escapes) or a bracket; used to measure nesting and find bare constants
# without being fooled by brackets inside strings.
_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]|-?\b(?:NaN|Infinity)\b')
# Escapes that can put a control character or a lone surrogate into a parsed string. JSON forbids raw
# control characters in strings (json.loads rejects them) and UTF-8 cannot carry surrogates, so only
# these escapes can: when none is present, the scan of every string is skipped.
_SUSPECT_ESCAPE = re.compile(r"\\(?:[bf]|u(?:00[01][0-9a-f]|d[89a-f][0-9a-f]{2}))", re.IGNORECASE)
_SURROGATE = re.compile("[\ud800-\udfff]")
# Control characters FHIR R4 says strings SHOULD NOT contain: below U+0020 except tab, LF and CR.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass(slots=True)
class ParseResult:
    value: Any = None
    """The parsed value, or None when the text could not be parsed at all."""
    issues: list[Issue] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.value is not None


def parse(data: bytes, limits: Limits = DEFAULT_LIMITS) -> ParseResult:
    """Parse one JSON document from raw bytes."""
    result = ParseResult()
    text = _decoded_text(data, limits, result.issues)
    if text is None:
        return result
    lines = _LineIndex(text)
    # Nesting is measured on the parsed tree (a walk over its containers) rather than by scanning the
    # text token by token, which cost ten times the parse; the scan only runs to locate a violation.
    # A document nested beyond the recursion limit set by hold_depth stops the parse itself.
    may_be_too_deep = text.count("[") + text.count("{") > limits.max_depth
    found = _HookFindings()
    hold_depth(limits.max_depth)
    try:
        value = _loads(text, limits, found)
    except json.JSONDecodeError as raised:
        problem = _same_on_every_python(raised)
        code = "json-trailing-content" if problem.msg.startswith("Extra data") else "json-syntax"
        message = "Content follows the end of the JSON value." if code == "json-trailing-content" else _explain(problem)
        result.issues.append(error(code, "$", message, line=problem.lineno, column=problem.colno))
        return result
    except RecursionError:  # nested beyond what the recursion limit allows: certainly too deep
        result.issues.append(_too_deep_issue(text, lines, limits))
        return result
    if may_be_too_deep and _nested_beyond(value, limits.max_depth):
        result.issues.append(_too_deep_issue(text, lines, limits))
        return result
    if _document_usable(text, lines, value, found, result.issues):
        result.value = value
    return result


def _decoded_text(data: bytes, limits: Limits, issues: list[Issue]) -> str | None:
    """The document's text without a byte order mark (warned about), or None when it is over the size
    limit, not UTF-8 or empty (each reported)."""
    if len(data) > limits.max_bytes:
        issues.append(error("input-too-large", "$", f"The input is over the limit of {limits.max_bytes:,} bytes."))
        return None
    if data.startswith(_BOM):
        issues.append(
            warning(
                "json-bom",
                "$",
                "The text starts with a UTF-8 byte order mark; JSON senders must not add one.",
                line=1,
                column=1,
            )
        )
        data = data[len(_BOM) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _position_of_byte(data, exc.start)
        issues.append(
            error(
                "input-encoding",
                "$",
                f"Byte 0x{data[exc.start]:02x} at offset {exc.start} is not valid UTF-8.",
                line=line,
                column=column,
            )
        )
        return None
    if not text.strip():
        issues.append(error("input-empty", "$", "The input is empty."))
        return None
    return text


@dataclass(slots=True)
class _HookFindings:
    """What json.loads's hooks noticed while parsing: to be located and reported once it is done."""

    duplicates: dict[int, set[str]] = field(default_factory=dict)
    """id() of an object holding duplicate keys -> those keys."""
    bad_constants: list[str] = field(default_factory=list)
    oversized: list[_Oversized] = field(default_factory=list)


def _loads(text: str, limits: Limits, found: _HookFindings) -> Any:
    """json.loads with the hooks that collect duplicates, NaN/Infinity and oversized numbers in ``found``."""
    duplicates = found.duplicates
    bad_constants = found.bad_constants
    oversized = found.oversized

    def pairs_hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        obj = dict(pairs)
        if len(obj) != len(pairs):
            seen: set[str] = set()
            duplicates[id(obj)] = {k for k, _ in pairs if k in seen or seen.add(k)}  # type: ignore[func-returns-value]
        return obj

    def constant_hook(name: str) -> None:
        bad_constants.append(name)

    def number_hook(convert: Callable[[str], Any]) -> Callable[[str], Any]:
        # json hands the hooks the number's text; checking it here keeps int() and Decimal() away from
        # numbers whose conversion or later comparison would take unbounded time (or raise ValueError
        # beyond Python's 4,300-digit limit).
        def hook(token: str) -> Any:
            problem = _number_problem(token, limits)
            if problem is None:
                return convert(token)
            found = _Oversized(token, problem)
            oversized.append(found)
            return found

        return hook

    return json.loads(
        text,
        object_pairs_hook=pairs_hook,
        parse_float=number_hook(Decimal),
        parse_int=number_hook(int),
        parse_constant=constant_hook,
    )


def _document_usable(text: str, lines: _LineIndex, value: Any, found: _HookFindings, issues: list[Issue]) -> bool:
    """Report what the hooks found and the strings' escapes; False when the value cannot be checked
    further (an oversized number, or a top level that is not an object)."""
    if found.bad_constants:
        for match in _TOKENS.finditer(text):
            token = match.group()
            if token.lstrip("-") in ("NaN", "Infinity"):
                line, column = lines.position(match.start())
                issues.append(
                    error("json-invalid-number", "$", f"{token} is not a JSON number.", line=line, column=column)
                )
    if found.duplicates:
        for path in _locate(value, found.duplicates):
            issues.append(
                error(
                    "json-duplicate-key",
                    json_path(path),
                    f"The key {path[-1]!r} appears more than once in this object.",
                )
            )
    if found.oversized:
        # The document cannot be checked further: the number has no value that could be compared.
        for path, oversized in _find_instances(value, _Oversized):
            issues.append(error("json-number-too-large", json_path(path), oversized.problem))
        return False
    if _SUSPECT_ESCAPE.search(text):
        issues.extend(_string_issues(value))
    if not isinstance(value, dict):
        issues.append(
            error("json-not-object", "$", f"The top-level value is {described(value)}; a JSON object is expected.")
        )
        return False
    return True


@dataclass(frozen=True, slots=True)
class _Oversized:
    """Stands in the parsed tree for a number that was not converted."""

    token: str
    problem: str


def _number_problem(token: str, limits: Limits) -> str | None:
    """Why a number token is refused (too long, or an exponent too large), or None."""
    if len(token) > limits.max_number_length:
        return (
            f"The number has {len(token):,} characters; the limit is {limits.max_number_length:,}. "
            "It is not converted or checked further."
        )
    mark = max(token.find("e"), token.find("E"))
    if mark >= 0 and abs(int(token[mark + 1 :])) > limits.max_number_exponent:
        return (
            f"The number {token} has an exponent beyond ±{limits.max_number_exponent:,}. "
            "It is not converted or checked further."
        )
    return None


def _string_issues(value: Any) -> list[Issue]:
    """Lone surrogates (errors) and control characters (warnings) in keys and strings, in text order."""
    issues: list[Issue] = []
    for path, text, is_key in _strings(value):
        described_as = "key" if is_key else "string"
        surrogate = _SURROGATE.search(text)
        if surrogate is not None:
            issues.append(
                error(
                    "json-lone-surrogate",
                    json_path(path),
                    f"The {described_as} holds a lone surrogate (U+{ord(surrogate.group()):04X}), "
                    "which cannot be encoded as UTF-8; I-JSON (RFC 7493) forbids it.",
                )
            )
        control = _CONTROL.search(text)
        if control is not None:
            issues.append(
                warning(
                    "json-control-character",
                    json_path(path),
                    f"The {described_as} holds the control character U+{ord(control.group()):04X}; FHIR strings "
                    "should not contain characters below U+0020 other than tab, line feed and carriage return.",
                )
            )
    return issues


def _strings(value: Any) -> Iterator[tuple[tuple[str | int, ...], str, bool]]:
    """(path, text) for every key and string value, in document order; a key's path ends in the key."""
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(value, ())]
    while stack:
        node, path = stack.pop()
        if isinstance(node, str):
            yield path, node, False
        elif isinstance(node, dict):
            children: list[tuple[Any, tuple[str | int, ...]]] = []
            for key, child in node.items():
                children.append((_Key(key), (*path, key)))
                children.append((child, (*path, key)))
            stack.extend(reversed(children))
        elif isinstance(node, _Key):
            yield path, node.text, True
        elif isinstance(node, list):
            stack.extend((child, (*path, index)) for index, child in reversed(list(enumerate(node))))


@dataclass(frozen=True, slots=True)
class _Key:
    """Stack marker for an object key, so keys are scanned in the same pass as values."""

    text: str


def _find_instances(value: Any, kind: type[_Oversized]) -> Iterator[tuple[tuple[str | int, ...], _Oversized]]:
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(value, ())]
    while stack:
        node, path = stack.pop()
        if isinstance(node, kind):
            yield path, node
        elif isinstance(node, dict):
            stack.extend(((child, (*path, key)) for key, child in reversed(list(node.items()))))
        elif isinstance(node, list):
            stack.extend((child, (*path, index)) for index, child in reversed(list(enumerate(node))))


def _same_on_every_python(exc: json.JSONDecodeError) -> json.JSONDecodeError:
    """The error Python 3.13 and later raise for a trailing comma, on older versions too.

    Since 3.13 the json module reports ``[1,]`` and ``{"a": 1,}`` as "Illegal trailing comma" at the
    comma; 3.11 and 3.12 report a missing value or property name at the closing bracket. The same
    payload must get the same report whichever Python runs the validator, so the older answer is
    rewritten into the newer, which points at the character to delete.
    """
    if exc.msg not in ("Expecting value", "Expecting property name enclosed in double quotes"):
        return exc
    text, at = exc.doc, exc.pos
    closing = text[at : at + 1]
    if closing not in ("]", "}"):
        return exc
    comma = len(text[:at].rstrip(" \t\n\r")) - 1
    if comma < 0 or text[comma] != ",":
        return exc
    kind = "array" if closing == "]" else "object"
    return json.JSONDecodeError(f"Illegal trailing comma before end of {kind}", text, comma)


def _explain(exc: json.JSONDecodeError) -> str:
    return f"JSON syntax error: {exc.msg[0].lower()}{exc.msg[1:]}."


def json_type(value: object) -> str:
    """The JSON type of a parsed value: object, array, string, number, boolean or null."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float, Decimal)):
        return "number"
    if isinstance(value, str):
        return "string"
    if value is None:
        return "null"
    return "array" if isinstance(value, list) else "object"


def described(value: object) -> str:
    """The JSON type with an article, for messages: "an array", "a string", "null"."""
    kind = json_type(value)
    return kind if kind == "null" else ("an " if kind[0] in "aeiou" else "a ") + kind


def _nested_beyond(value: Any, max_depth: int) -> bool:
    """Whether the parsed tree has more than ``max_depth`` levels of objects and arrays, level by level."""
    level = [value] if isinstance(value, (dict, list)) else []
    depth = 0
    while level:
        depth += 1
        if depth > max_depth:
            return True
        below: list[Any] = []
        for node in level:
            children = node.values() if type(node) is dict else node
            below.extend([child for child in children if type(child) is dict or type(child) is list])
        level = below
    return False


def _too_deep_issue(text: str, lines: _LineIndex, limits: Limits) -> Issue:
    offset = _first_too_deep(text, limits.max_depth)
    line, column = lines.position(offset) if offset is not None else (None, None)
    return error(
        "json-too-deep",
        "$",
        f"Nesting goes deeper than the limit of {limits.max_depth} levels.",
        line=line,
        column=column,
    )


def _first_too_deep(text: str, max_depth: int) -> int | None:
    """Offset of the first bracket that opens a level beyond ``max_depth``, if any."""
    if text.count("[") + text.count("{") <= max_depth:
        return None  # cannot exceed the limit; skip the scan on every ordinary document
    depth = 0
    for match in _TOKENS.finditer(text):
        token = match.group()
        if token in ("{", "["):
            depth += 1
            if depth > max_depth:
                return match.start()
        elif token in ("}", "]"):
            depth -= 1
    return None


class _LineIndex:
    """Line and column of an offset, from line starts found once (not counted again per offset)."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._starts: list[int] | None = None

    def position(self, offset: int) -> tuple[int, int]:
        if self._starts is None:
            self._starts = [0, *(match.end() for match in re.finditer("\n", self._text))]
        line = bisect.bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1


def _position_of_byte(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    line_start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return line, column


def _locate(value: Any, targets: dict[int, set[str]]) -> list[tuple[str | int, ...]]:
    """Paths of the duplicated keys, in document order (by each key's first appearance)."""
    found: list[tuple[str | int, ...]] = []
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(value, ())]
    while stack:
        node, path = stack.pop()
        if isinstance(node, dict):
            dupes = targets.get(id(node), ())
            children = []
            for key, child in node.items():
                children.append((child, (*path, key)))
                if key in dupes:
                    # a marker that is emitted when popped, so keys and their subtrees keep text order
                    children.append((_Duplicate(), (*path, key)))
            stack.extend(reversed(children))
        elif isinstance(node, _Duplicate):
            found.append(path)
        elif isinstance(node, list):
            stack.extend((child, (*path, index)) for index, child in reversed(list(enumerate(node))))
    return found


class _Duplicate:
    """Stack marker for a duplicated key."""


def json_path(path: tuple[str | int, ...] | list[str | int]) -> str:
    """A JSONPath-style location: ``$.oktMessages[0].startDate``."""
    parts = ["$"]
    for step in path:
        if isinstance(step, int):
            parts.append(f"[{step}]")
        elif re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", step):
            parts.append(f".{step}")
        else:
            parts.append(f"[{json.dumps(step, ensure_ascii=False)}]")
    return "".join(parts)
