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

import contextlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

from journalloft.issues import Issue, Severity

JsonPath = tuple[str | int, ...]
_LOCATED = frozenset({Severity.FATAL, Severity.ERROR, Severity.WARNING})

# The start of the next token: a string's opening quote, punctuation, or a run of anything else
# (numbers, true, false, null). A string's end is found by _string_end, not by the regex: a pattern
# such as "(?:[^"\\]|\\.)*" keeps backtracking state for every character (about 125 bytes each, so
# gigabytes for a 50 MB payload); str.find does not.
_TOKEN = re.compile(r'["{}\[\],:]|[^\s{}\[\],:"]+')
# One step of a FHIRPath location as the walk writes them: name, name[3], name.ofType(Type).
_STEP = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*)(?:\.ofType\(([A-Za-z][A-Za-z0-9]*)\))?(?:\[(\d+)\])?")


def _string_end(text: str, start: int) -> int:
    """The offset just after the string whose opening quote is at ``start`` (the text's end if none).

    A quote ends the string unless an odd run of backslashes stands before it. Each run is counted once,
    for the quote it precedes, so the whole search is linear in the string's length.
    """
    position = start + 1
    while True:
        quote = text.find('"', position)
        if quote < 0:
            return len(text)
        before = quote - 1
        while before > start and text[before] == "\\":
            before -= 1
        if (quote - 1 - before) % 2 == 0:
            return quote + 1
        position = quote + 1


def _lookup_paths(wanted: frozenset[JsonPath]) -> frozenset[JsonPath]:
    """Every path :func:`with_positions` may look up for ``wanted``: each path, its ancestors, and for
    those ending in a name the primitive-extension twin (``_given`` beside ``given``)."""
    paths: set[JsonPath] = set()
    for path in wanted:
        for length in range(len(path) + 1):
            prefix = path[:length]
            paths.add(prefix)
            if prefix and isinstance(prefix[-1], str):
                paths.add((*prefix[:-1], "_" + prefix[-1]))
    return frozenset(paths)


def key_offsets(  # noqa: C901, PLR0915 - one token loop over the whole text (linear, measured in tests/test_positions.py); a call per token would cost more than the scan
    text: str, wanted: frozenset[JsonPath] = frozenset()
) -> dict[JsonPath, int]:
    """Offset of every object key and array item in ``text``, by JSON path (first occurrence wins).

    With ``wanted``, only the paths a lookup of those can ask for are recorded, no path is built below a
    container that is not on the way to one (so the work per token does not grow with the nesting), and
    the scan stops as soon as all of them have been seen. Time is linear in the text and memory is what
    the recorded paths take; string values are skipped, never copied.
    """
    offsets: dict[JsonPath, int] = {}
    missing = set(wanted)
    lookup = _lookup_paths(wanted) if wanted else None
    # each frame: [path of the container (None: not on the way to a wanted path), is_object, next index]
    stack: list[list[Any]] = []
    pending: JsonPath | None = ()
    expect_key = False
    position = 0
    while True:
        match = _TOKEN.search(text, position)
        if match is None:
            break
        start = match.start()
        first = text[start]
        position = _string_end(text, start) if first == '"' else match.end()
        if expect_key:
            if first == '"':
                expect_key = False
                container = stack[-1][0]
                # inline, not in _key_path: with wanted paths most keys are below containers off the way
                pending = None if container is None else _key_path(text, start, position, container, lookup)
                if pending is None:
                    continue
                offsets.setdefault(pending, start)
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
            pending = ()
            offsets.setdefault((), start)
        elif not stack[-1][1]:
            frame = stack[-1]
            pending = None if frame[0] is None else (*frame[0], frame[2])
            if pending is not None and lookup is not None and pending not in lookup:
                pending = None
            if pending is not None:
                offsets.setdefault(pending, start)
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


def _key_path(
    text: str, start: int, end: int, container: JsonPath, lookup: frozenset[JsonPath] | None
) -> JsonPath | None:
    """The path of the object key spanning ``text[start:end]`` (quotes included) in ``container``, or None
    when it is not one a lookup can ask for."""
    key = text[start + 1 : end - 1]
    if "\\" in key:
        # a key with escapes is decoded, so `n\u0061me` is found as `name`
        with contextlib.suppress(ValueError):
            key = json.loads(text[start:end])
    path = (*container, key)
    if lookup is not None and path not in lookup:
        return None
    return path


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


def _line_columns(text: str, offsets: Iterable[int]) -> dict[int, tuple[int, int]]:
    """Line and column (from 1) of each offset, counted in one pass up to the last of them.

    No table of line starts: a payload of 25 million newlines would need one integer object each.
    """
    found: dict[int, tuple[int, int]] = {}
    line, line_start, previous = 1, 0, 0
    for offset in sorted(set(offsets)):
        newlines = text.count("\n", previous, offset)
        if newlines:
            line += newlines
            line_start = text.rfind("\n", previous, offset) + 1
        previous = offset
        found[offset] = (line, offset - line_start + 1)
    return found


def with_positions(issues: Sequence[Issue], text: str, prefix: JsonPath = ()) -> list[Issue]:
    """The issues, each error and warning whose FHIR location lacks a line and column given the position of
    its element. Information notes (which profile was applied, what was not evaluated) speak of the
    resource rather than of a place in the text and are left as they are, so that a valid document with
    notes does not pay for the scan. ``prefix``: the JSON path of the resource in ``text`` when the text
    wraps it (the ``resource`` of a FHIR Parameters sent to ``$validate``)."""
    paths = [
        json_path_of(issue.expression) if issue.line is None and issue.severity in _LOCATED else None
        for issue in issues
    ]
    if prefix:
        paths = [None if path is None else (*prefix, *path) for path in paths]
    wanted = frozenset(path for path in paths if path is not None)
    if not wanted:
        return list(issues)
    offsets = key_offsets(text, wanted)
    located: list[int | None] = []
    for found in paths:
        offset = None
        path = found
        while path is not None:
            offset = offsets.get(path)
            if offset is None and path and isinstance(path[-1], str):
                offset = offsets.get((*path[:-1], "_" + path[-1]))
            if offset is not None or not path:
                break
            path = path[:-1]
        located.append(offset)
    places = _line_columns(text, (offset for offset in located if offset is not None))
    result: list[Issue] = []
    for issue, offset in zip(issues, located, strict=True):
        if offset is None:
            result.append(issue)
            continue
        line, column = places[offset]
        result.append(replace(issue, line=line, column=column))
    return result
