"""Indented JSON, character for character what ``json.dumps(value, ensure_ascii=False, indent=2)`` writes.

With ``indent`` set, ``json.dumps`` leaves its C encoder and runs a pure-Python one built from nested
generators: about a millisecond per OperationOutcome, so 200,000 NDJSON lines of ``[`` gave no answer
within a minute as OperationOutcome. This writer walks the value once with a plain recursive function
and encodes each string with the C function ``json`` itself uses; the reporters' outputs stay the same.
"""

from __future__ import annotations

import json
import math
from json.encoder import encode_basestring


def indented(value: object, indent: str = "") -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2)``, each line after the first led by ``indent``."""
    parts: list[str] = []
    _write(value, "\n" + indent, parts)
    return "".join(parts)


def _write(value: object, newline: str, parts: list[str]) -> None:
    if isinstance(value, str):
        parts.append(encode_basestring(value))
    elif value is None or isinstance(value, (bool, int, float)):
        parts.append(_scalar(value))
    elif isinstance(value, dict):
        if not value:
            parts.append("{}")
            return
        inner = newline + "  "
        separator = "{" + inner
        for key, item in value.items():
            parts.append(separator + encode_basestring(_key(key)) + ": ")
            _write(item, inner, parts)
            separator = "," + inner
        parts.append(newline + "}")
    elif isinstance(value, (list, tuple)):
        if not value:
            parts.append("[]")
            return
        inner = newline + "  "
        separator = "[" + inner
        for item in value:
            parts.append(separator)
            _write(item, inner, parts)
            separator = "," + inner
        parts.append(newline + "]")
    else:  # what json cannot encode: the same TypeError json.dumps raises
        parts.append(json.dumps(value))


def _scalar(value: bool | int | float | None) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    return float.__repr__(value)


def _key(key: object) -> str:
    """A key as json.dumps writes it: strings as they are, numbers, booleans and None as JSON text."""
    if isinstance(key, str):
        return key
    if key is None or isinstance(key, (bool, int, float)):
        return _scalar(key)
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")
