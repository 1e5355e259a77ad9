"""Escaping for each output medium, so text from a payload or a file name cannot forge the output.

Keys, values, references and file names reach messages verbatim. Written raw they could clear a
terminal (ESC sequences), print a fake summary line (a newline), reorder what a reader sees (bidi
controls), break XML (U+0001) or JSON's UTF-8 (a lone surrogate, or a file name that is not UTF-8,
which Python carries as surrogate escapes). Each function here shows such characters as visible
escapes (``\\x1b``, ``\\u202e``) and leaves every other character alone.
"""

from __future__ import annotations

import re

# C0 and C1 controls (newline and tab included: a terminal line must stay one line), DEL, the bidi
# controls (U+061C, U+200E/F, U+202A-E, U+2066-9), line and paragraph separators, lone surrogates.
_TERMINAL_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")
# What XML 1.0 cannot hold at all (Char production), plus the bidi controls for the people reading.
_XML_UNSAFE = re.compile(
    "[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
# What a FHIR string should not hold (R4: below U+0020 other than tab, CR, LF), and lone surrogates.
_FHIR_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
# What ends a line for a reader of text (CR, LF, VT, FF, NEL, line and paragraph separators).
_LINE_BREAK = re.compile("[\n\r\x0b\x0c\x85\u2028\u2029]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def for_terminal(text: str) -> str:
    """Text output and messages on stderr: controls, bidi controls and surrogates as escapes."""
    return _TERMINAL_UNSAFE.sub(_escape, text)


def for_xml(text: str) -> str:
    """JUnit XML: characters XML 1.0 cannot hold (and bidi controls) as escapes."""
    return _XML_UNSAFE.sub(_escape, text)


def one_line(text: str) -> str:
    """Line breaks as escapes, for text a reader takes line by line (a JUnit failure's body), so a
    newline in a payload's value cannot add a line of its own ("1 checked: 1 valid")."""
    return _LINE_BREAK.sub(_escape, text)


def for_fhir_string(text: str) -> str:
    """OperationOutcome strings: a valid FHIR string, with the offending characters as escapes."""
    return _FHIR_UNSAFE.sub(_escape, text)


def json_utf8(serialised: str) -> str:
    """JSON text made by ``json.dumps(..., ensure_ascii=False)``, made encodable as UTF-8.

    A lone surrogate can only stand inside a JSON string there, where ``\\udXXX`` is its exact JSON
    escape: the output still decodes to the same value.
    """
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", serialised)
