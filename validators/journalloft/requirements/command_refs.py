"""Lint rule ``command-unknown``: a command a requirement quotes must exist in this package's CLI.

Requirements tell vendors and municipalities what to run (``journalloft validate --spec okt``). A
quoted command that the CLI does not have sends a vendor to an error message, so every backtick span
starting with ``journalloft`` in a requirement that is not retired is checked against the live
argument parser: the command, a sub-command where the command has them, and every ``--option``.
Whether a named spec exists is ``spec-reference-unknown``'s business (spec_refs.py), which also
accepts a spec reserved in a service file before its first version: that reservation is how a
requirement is marked as pending a spec. Retired requirements and the ``previous`` values in a
lifecycle are history and are not checked.
"""

from __future__ import annotations

import argparse
import re
import shlex
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from journalloft.requirements.yamlsource import Path_, SourceDocument

QUOTED = re.compile(r"`(journalloft\s[^`]+)`")
Found = tuple[Path, int, str, str]


def _strings(value: Any, where: Path_) -> Iterator[tuple[Path_, str]]:
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key != "lifecycle":
                yield from _strings(item, (*where, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*where, index))


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:  # argparse offers no public way to list sub-commands
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def problem(command: str, parser: argparse.ArgumentParser) -> str | None:
    """Why ``command`` would fail to parse, or None if its command and options exist."""
    try:
        tokens = shlex.split(command)
    except ValueError as exc:  # shlex's two faults, worded in English by shlex
        fault = "et anførselstegn er ikke lukket" if "quotation" in str(exc) else "den slutter med \\"
        return f"kan ikke leses som en kommando: {fault}"
    current, path = parser, ["journalloft"]
    for token in tokens[1:]:
        choices = _subparsers(current)
        if not choices or token.startswith("-"):
            break
        if token not in choices:
            return f"`{' '.join(path)}` har ingen kommando {token!r} (den har: {', '.join(sorted(choices))})"
        current, path = choices[token], [*path, token]
    if _subparsers(current):
        return f"`{' '.join(path)}` trenger en kommando (en av: {', '.join(sorted(_subparsers(current)))})"
    for token in tokens[len(path) :]:
        if token.startswith("--"):
            option = token.split("=", 1)[0]
            if option not in current._option_string_actions:
                return f"`{' '.join(path)}` har ikke valget {option}"
    return None


def check(
    requirements: list[tuple[SourceDocument, int, dict[str, Any]]], parser: argparse.ArgumentParser
) -> list[Found]:
    """``parser`` is the whole CLI's (so a command added anywhere counts), handed down by the CLI layer."""
    findings: list[Found] = []
    for doc, index, requirement in requirements:
        lifecycle = requirement.get("lifecycle")
        if isinstance(lifecycle, dict) and lifecycle.get("status") == "retired":
            continue
        for where, text in _strings(requirement, ("requirements", index)):
            for match in QUOTED.finditer(text):
                reason = problem(match.group(1), parser)
                if reason is not None:
                    field = ".".join(str(part) for part in where[2:])
                    message = f"{requirement['id']}: {field} siterer `{match.group(1)}`, som feiler: {reason}"
                    findings.append((doc.path, doc.line_of(where), "command-unknown", message))
    return findings
