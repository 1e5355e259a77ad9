"""Strict JSON parsing that reports problems as issues instead of raising.

Python's json module is lenient where payload validation must not be: it accepts NaN and Infinity,
keeps the last of two duplicate keys without a word, and turns decimals into binary floats (so
``0.10`` and ``0.1`` become the same value). Here non-integer numbers become ``Decimal`` (exact, the
way FHIR treats decimals), integers stay ``int``, and every deviation is reported with a location.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from journalloft.issues import Issue, error, warning
from journalloft.limits import DEFAULT_LIMITS, Limits

_BOM = b"\xef\xbb\xbf"
# A JSON string (with escapes) or a bracket; used to measure nesting and find bare constants
# without being fooled by brackets inside strings.
_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]|-?\b(?:NaN|Infinity)\b')


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
    if len(data) > limits.max_bytes:
        result.issues.append(
            error("input-too-large", "$", f"The input is {len(data):,} bytes; the limit is {limits.max_bytes:,}.")
        )
        return result
    if data.startswith(_BOM):
        result.issues.append(
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
        result.issues.append(
            error(
                "input-encoding",
                "$",
                f"Byte 0x{data[exc.start]:02x} at offset {exc.start} is not valid UTF-8.",
                line=line,
                column=column,
            )
        )
        return result
    if not text.strip():
        result.issues.append(error("input-empty", "$", "The input is empty."))
        return result
    too_deep = _first_too_deep(text, limits.max_depth)
    if too_deep is not None:
        line, column = _position(text, too_deep)
        result.issues.append(
            error(
                "json-too-deep",
                "$",
                f"Nesting goes deeper than the limit of {limits.max_depth} levels.",
                line=line,
                column=column,
            )
        )
        return result

    duplicates: dict[int, list[str]] = {}
    bad_constants: list[str] = []

    def pairs_hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        obj = dict(pairs)
        if len(obj) != len(pairs):
            seen: set[str] = set()
            dupes = [k for k, _ in pairs if k in seen or seen.add(k)]  # type: ignore[func-returns-value]
            duplicates[id(obj)] = dupes
        return obj

    def constant_hook(name: str) -> None:
        bad_constants.append(name)

    try:
        value = json.loads(text, object_pairs_hook=pairs_hook, parse_float=Decimal, parse_constant=constant_hook)
    except json.JSONDecodeError as exc:
        code = "json-trailing-content" if exc.msg.startswith("Extra data") else "json-syntax"
        message = "Content follows the end of the JSON value." if code == "json-trailing-content" else _explain(exc)
        result.issues.append(error(code, "$", message, line=exc.lineno, column=exc.colno))
        return result
    except RecursionError:  # the depth guard above should make this unreachable; keep the promise anyway
        result.issues.append(error("json-too-deep", "$", "Nesting is too deep to parse."))
        return result

    if bad_constants:
        for match in _TOKENS.finditer(text):
            token = match.group()
            if token.lstrip("-") in ("NaN", "Infinity"):
                line, column = _position(text, match.start())
                result.issues.append(
                    error("json-invalid-number", "$", f"{token} is not a JSON number.", line=line, column=column)
                )
    if duplicates:
        for path in _locate(value, duplicates):
            result.issues.append(
                error(
                    "json-duplicate-key",
                    json_path(path),
                    f"The key {path[-1]!r} appears more than once in this object.",
                )
            )
    if not isinstance(value, dict):
        result.issues.append(
            error("json-not-object", "$", f"The top-level value is {described(value)}; a JSON object is expected.")
        )
        return result
    result.value = value
    return result


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


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def _position_of_byte(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    line_start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return line, column


def _locate(value: Any, targets: dict[int, list[str]]) -> list[tuple[str | int, ...]]:
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
