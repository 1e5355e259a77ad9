"""Resource limits that keep validation bounded in time and memory on hostile input.

The defaults fit every real payload we know of by a wide margin; each can be changed through the
Python API (``Limits(...)``) and the CLI (``--max-depth``, ``--max-bytes`` …).
"""

from __future__ import annotations

from dataclasses import dataclass


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


DEFAULT_LIMITS = Limits()
