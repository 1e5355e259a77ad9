"""A progress line on a terminal for long runs: "journalloft: 12 345 checked (2 100/s)".

Shown only when standard error is a terminal, the report is the text format, and the run has lasted
longer than ``after`` seconds (``JOURNALLOFT_PROGRESS_AFTER``, default 2), so short runs, pipes, CI
logs and machine formats never see it. The line is rewritten in place at most every ``every`` seconds
and erased before the report writes anything and at the end, so it never mixes with the report.
"""

from __future__ import annotations

import os
import time
from typing import TextIO

_ERASE = "\r\033[K"


class Progress:
    def __init__(self, stream: TextIO | None, after: float | None = None, every: float = 0.2) -> None:
        if after is None:
            try:
                after = float(os.environ.get("JOURNALLOFT_PROGRESS_AFTER", "2"))
            except ValueError:
                after = 2.0
        self._stream = stream
        self._after = after
        self._every = every
        self._start = time.monotonic()
        self._last = 0.0
        self._shown = False
        self.count = 0

    @classmethod
    def for_run(cls, stream: TextIO, machine_format: bool) -> Progress:
        """A progress line on ``stream`` if it is a terminal and the format is for people, else a silent one."""
        try:
            tty = stream.isatty()
        except (AttributeError, ValueError):
            tty = False
        return cls(stream if tty and not machine_format else None)

    def step(self) -> None:
        """One more input checked; redraws the line when it is due."""
        self.count += 1
        if self._stream is None:
            return
        now = time.monotonic()
        elapsed = now - self._start
        if elapsed < self._after or now - self._last < self._every:
            return
        self._last = now
        rate = self.count / elapsed if elapsed > 0 else 0.0
        self._stream.write(f"{_ERASE}journalloft: {self.count:,} checked ({rate:,.0f}/s)".replace(",", " "))
        self._stream.flush()
        self._shown = True

    def clear(self) -> None:
        """Erase the line (before the report writes to the same terminal, and at the end)."""
        if self._shown and self._stream is not None:
            self._stream.write(_ERASE)
            self._stream.flush()
            self._shown = False
