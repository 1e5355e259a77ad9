"""FHIRPath expressions as fhirpathpy's parse tree, from a generated store where it holds them.

fhirpathpy parses with an ANTLR parser. Importing it (the antlr4 runtime, the generated lexer and
parser) and the first parses of a process (ANTLR fills its prediction caches) were most of what a cold
start of ``journalloft validate`` cost beyond a fresh fhir.resources parse (issue 23). The expressions
of the definitions this package ships (HL7's R4 core, the project's own profiles, the errata the
invariant engine applies) are parsed ahead of time by ``scripts/build_fhirpath_trees.py`` into
:data:`STORE`; :func:`parse_tree` answers from it and parses anything else live.

The store is a generated file, never edited by hand: its first line is a JSON header (the command that
made it, fhirpathpy's version, the sources), then one line per expression, the expression as a JSON
string, a tab, and its tree as JSON. It is trusted only for the parser that made it: the header holds a
SHA-256 fingerprint of fhirpathpy's parser files (grammar, generated lexer and parser, the listener
that builds the tree), and when the installed fhirpathpy's files differ the store is ignored and every
expression is parsed live. Entries are keyed by the exact expression text, so a changed expression is
never answered from the store. ``tests/fhir/test_fhirpath_trees.py`` rebuilds the store and fails when
the shipped one is stale.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

STORE = Path(__file__).with_name("fhirpath_trees.tsv")
"""The generated store of parse trees (see the module's documentation)."""

# The files of fhirpathpy that decide the tree an expression parses to.
PARSER_FILES = (
    "parser/__init__.py",
    "parser/ASTPathListener.py",
    "parser/FHIRPath.g4",
    "parser/generated/FHIRPathLexer.py",
    "parser/generated/FHIRPathParser.py",
)


def parser_fingerprint() -> str | None:
    """SHA-256 over the installed fhirpathpy's parser files; None when they cannot be read.

    ``find_spec`` of a top-level package locates it without importing it (importing is what the store
    saves).
    """
    spec = importlib.util.find_spec("fhirpathpy")
    if spec is None or spec.origin is None:
        return None
    root = Path(spec.origin).parent
    digest = hashlib.sha256()
    for name in PARSER_FILES:
        try:
            data = (root / name).read_bytes()
        except OSError:
            return None
        digest.update(f"{name}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def store_key(expression: str) -> str:
    """How an expression is written in the store: as a JSON string (no tab or line break in it)."""
    return json.dumps(expression)


@lru_cache(maxsize=1)
def _stored() -> dict[str, str]:
    """The store's entries (key -> tree as JSON text), or none when it does not fit the installed parser.

    Only the lines are split here; a tree is decoded when its expression is asked for, so a run pays
    for the few expressions it meets, not for all of them.
    """
    try:
        lines = STORE.read_text(encoding="utf-8").split("\n")
        header = json.loads(lines[0])
    except (OSError, ValueError):
        return {}
    if not isinstance(header, dict) or header.get("parser") != parser_fingerprint():
        return {}
    return dict(line.split("\t", 1) for line in lines[1:] if line)


@lru_cache(maxsize=2048)
def parse_tree(expression: str) -> dict[str, Any]:
    """fhirpathpy's parse tree of an expression, once per process; shared, so callers must not change it
    (copy it first). Raises whatever fhirpathpy raises for an expression it cannot parse."""
    stored = _stored().get(store_key(expression))
    if stored is not None:
        return cast(dict[str, Any], json.loads(stored))
    return live_parse(expression)


def live_parse(expression: str) -> dict[str, Any]:
    """Parse with fhirpathpy's ANTLR parser, imported here: most runs never need it."""
    from fhirpathpy.parser import parse

    return cast(dict[str, Any], parse(expression))
