"""Resource limits that keep validation bounded in time and memory on hostile input.

The defaults fit every real payload we know of by a wide margin; each can be changed through the
Python API (``Limits(...)``) and the CLI (``--max-depth``, ``--max-bytes`` …). Limits are checked
when they are made: a limit the interpreter cannot honour (a nesting depth deeper than the C stack
holds) is refused with :class:`ValueError` instead of crashing later.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, fields

MAX_DEPTH_CEILING = 2_000
"""The deepest nesting the validator can walk safely. Each JSON level costs a few Python frames in
the FHIR walk and C frames in the parser; far beyond this the interpreter's recursion limit has to be
raised past what the C stack holds, and the process dies with a segmentation fault."""


@dataclass(frozen=True, slots=True)
class Limits:
    max_depth: int = 100
    """Deepest JSON nesting accepted. FHIR resources seldom nest beyond 20 levels."""
    max_bytes: int = 50 * 1024 * 1024
    """Largest input (one file, or one NDJSON line) read."""
    max_array_items: int = 100_000
    """Longest JSON array checked item by item."""
    max_string_length: int = 10 * 1024 * 1024
    """Longest JSON string accepted (characters)."""
    max_number_length: int = 100
    """Longest JSON number accepted (characters, sign and exponent included)."""
    max_number_exponent: int = 1_000
    """Largest exponent (in absolute value) of a JSON number in scientific notation."""
    max_issues: int = 5_000
    """Most issues listed per input; one more issue says how many were left out."""

    def __post_init__(self) -> None:
        for item in fields(self):
            value = getattr(self, item.name)
            if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
                raise ValueError(f"{item.name} must be a positive whole number, not {value!r}")
        if self.max_depth > MAX_DEPTH_CEILING:
            raise ValueError(f"max_depth {self.max_depth} is above what the validator can hold ({MAX_DEPTH_CEILING})")


DEFAULT_LIMITS = Limits()


def hold_depth(max_depth: int) -> None:
    """Raise the interpreter's recursion limit so that ``max_depth`` levels can be parsed and walked.

    Each JSON level costs about three Python frames in the FHIR walk (and one C frame in the parser);
    the headroom covers the frames below the walk. ``max_depth`` is at most :data:`MAX_DEPTH_CEILING`,
    so the limit never passes what the C stack holds.
    """
    needed = min(max_depth, MAX_DEPTH_CEILING) * 4 + 200
    if sys.getrecursionlimit() < needed:
        sys.setrecursionlimit(needed)
