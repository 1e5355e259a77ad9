"""The small JSONPath subset that spec rules use to point into a payload.

Grammar: ``$`` followed by steps ``.name``, ``["name"]``, ``[n]`` (array index, 0-based) and ``[*]``
(every item of an array, or every value of an object). Nothing else: no filters, no recursive
descent, no slices; a rule that needs more is a sign it belongs in the schema or in code.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any


class JsonPathError(ValueError):
    """A path outside the supported subset."""


class _Wildcard:
    def __repr__(self) -> str:
        return "*"


WILDCARD = _Wildcard()
Step = str | int | _Wildcard
Location = tuple[str | int, ...]

_TOKEN = re.compile(
    r"""\.(?P<name>[A-Za-z_][A-Za-z0-9_\-]*)
      | \[(?P<index>[0-9]+)\]
      | \[(?P<star>\*)\]
      | \[(?P<quoted>"(?:[^"\\]|\\.)*")\]""",
    re.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class JsonPath:
    text: str
    steps: tuple[Step, ...]

    def find(self, value: Any) -> Iterator[tuple[Location, Any]]:
        """Every (location, value) the path matches in ``value``, in document order."""
        yield from _walk(self.steps, value, ())


def compile_path(text: str) -> JsonPath:
    """Parse a path of the subset; raise JsonPathError naming what is wrong."""
    if not isinstance(text, str) or not text.startswith("$"):
        raise JsonPathError(f"a path starts with $, got {text!r}")
    steps: list[Step] = []
    position = 1
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            raise JsonPathError(
                f"unsupported syntax at character {position + 1} of {text!r} (allowed: .name, [n], [*])"
            )
        if match["name"] is not None:
            steps.append(match["name"])
        elif match["index"] is not None:
            steps.append(int(match["index"]))
        elif match["star"] is not None:
            steps.append(WILDCARD)
        else:
            steps.append(json.loads(match["quoted"]))
        position = match.end()
    return JsonPath(text, tuple(steps))


def _walk(steps: tuple[Step, ...], value: Any, at: Location) -> Iterator[tuple[Location, Any]]:
    if not steps:
        yield at, value
        return
    step, rest = steps[0], steps[1:]
    if isinstance(step, _Wildcard):
        if isinstance(value, list):
            for index, item in enumerate(value):
                yield from _walk(rest, item, (*at, index))
        elif isinstance(value, dict):
            for key, item in value.items():
                yield from _walk(rest, item, (*at, key))
    elif isinstance(step, int):
        if isinstance(value, list) and step < len(value):
            yield from _walk(rest, value[step], (*at, step))
    elif isinstance(value, dict) and step in value:
        yield from _walk(rest, value[step], (*at, step))
