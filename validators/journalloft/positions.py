"""Line and column of FHIR findings, looked up in the source text only when there are findings.

The fast parse (``json.loads``) keeps no positions, and a position table for every document would
cost as much as the parse itself. So positions are found afterwards, for documents that have
findings without one: a single regular-expression pass over the text records where each key (and
each array item) starts, by JSON path, and each finding's FHIRPath location is translated to a JSON
path (``Observation.value.ofType(Quantity).unit`` -> ``valueQuantity.unit``) and looked up; a
location the text does not hold (a required element that is missing) gets the position of its nearest
present ancestor.
"""

from __future__ import annotations

import bisect
import contextlib
import json
import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from journalloft.issues import Issue, Severity

JsonPath = tuple[str | int, ...]
_LOCATED = frozenset({Severity.FATAL, Severity.ERROR, Severity.WARNING})

# Strings (with escapes), punctuation, and runs of anything else (numbers, true, false, null).
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\],:]|[^\s{}\[\],:"]+')
# One step of a FHIRPath location as the walk writes them: name, name[3], name.ofType(Type).
_STEP = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*)(?:\.ofType\(([A-Za-z][A-Za-z0-9]*)\))?(?:\[(\d+)\])?")


def key_offsets(text: str, wanted: frozenset[JsonPath] = frozenset()) -> dict[JsonPath, int]:
    """Offset of every object key and array item in ``text``, by JSON path (first occurrence wins).

    With ``wanted``, the scan stops as soon as all of those paths have been seen.
    """
    offsets: dict[JsonPath, int] = {}
    missing = set(wanted)
    # each frame: [path of the container, is_object, next array index, path of the pending value]
    stack: list[list[Any]] = []
    pending: JsonPath = ()
    expect_key = False
    for match in _TOKEN.finditer(text):
        token = match.group()
        first = token[0]
        if expect_key:
            if first == '"':
                container = stack[-1][0]
                key = token[1:-1]
                if "\\" in key:
                    with contextlib.suppress(ValueError):
                        key = json.loads(token)
                pending = (*container, key)
                offsets.setdefault(pending, match.start())
                expect_key = False
                if missing:
                    missing.discard(pending)
                    if not missing:
                        break
                continue
            if first == "}":
                stack.pop()
                expect_key = False
                continue
        if first in ",:":
            if first == "," and stack:
                frame = stack[-1]
                if frame[1]:
                    expect_key = True
                else:
                    frame[2] += 1
            continue
        if first in "}]":
            if stack:
                stack.pop()
            continue
        # a value starts here: the document itself, or in an array the next item
        if not stack:
            offsets.setdefault((), match.start())
        elif not stack[-1][1]:
            frame = stack[-1]
            pending = (*frame[0], frame[2])
            offsets.setdefault(pending, match.start())
            if missing:
                missing.discard(pending)
                if not missing:
                    break
        if first == "{":
            stack.append([pending, True, 0])
            expect_key = True
        elif first == "[":
            stack.append([pending, False, 0])
    return offsets


def json_path_of(expression: str) -> JsonPath | None:
    """The JSON path a FHIRPath location of the walk names, without the resource type in front."""
    if not expression or expression.startswith(("$", "(")):
        return None
    steps: list[str | int] = []
    position = 0
    first = True
    while position < len(expression):
        match = _STEP.match(expression, position)
        if match is None:
            return None
        name, of_type, index = match.groups()
        if not first:
            steps.append(name + of_type[0].upper() + of_type[1:] if of_type else name)
            if index is not None:
                steps.append(int(index))
        first = False
        position = match.end()
        if position < len(expression):
            if expression[position] != ".":
                return None
            position += 1
    return tuple(steps)


class _Lines:
    def __init__(self, text: str) -> None:
        self._starts = [0, *(match.end() for match in re.finditer("\n", text))]

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1


def with_positions(issues: Sequence[Issue], text: str) -> list[Issue]:
    """The issues, each error and warning whose FHIR location lacks a line and column given the position of
    its element. Information notes (which profile was applied, what was not evaluated) speak of the
    resource rather than of a place in the text and are left as they are, so that a valid document with
    notes does not pay for the scan."""
    paths = [
        json_path_of(issue.expression) if issue.line is None and issue.severity in _LOCATED else None
        for issue in issues
    ]
    wanted = frozenset(path for path in paths if path is not None)
    if not wanted:
        return list(issues)
    offsets = key_offsets(text, wanted)
    lines = _Lines(text)
    result: list[Issue] = []
    for issue, found in zip(issues, paths, strict=True):
        offset = None
        path = found
        while path is not None:
            offset = offsets.get(path)
            if offset is None and path and isinstance(path[-1], str):
                offset = offsets.get((*path[:-1], "_" + path[-1]))
            if offset is not None or not path:
                break
            path = path[:-1]
        if offset is None:
            result.append(issue)
            continue
        line, column = lines.position(offset)
        result.append(replace(issue, line=line, column=column))
    return result
