"""Turning command-line paths into documents to validate.

A path is a file, a directory (every ``*.json`` and ``*.ndjson`` below it, in sorted order) or ``-``
for standard input. An NDJSON file yields one document per non-blank line, named ``path:LINE``.
Paths that cannot be read are usage errors (exit status 2), not validation findings: the caller
asked for something that is not there.

Reading is bounded: a file or standard input is read up to ``max_bytes + 1`` bytes (one more than
the limit, so the parser can report the input as too large without anything more being read), and an
NDJSON file is read line by line, each line up to the same bound.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

SUFFIXES = (".json", ".ndjson")


class InputError(Exception):
    """A path that cannot be read; the CLI turns it into exit status 2."""


@dataclass(frozen=True, slots=True)
class Document:
    name: str
    """How results refer to the document: the path, ``path:LINE`` for NDJSON, ``-`` for stdin."""
    data: bytes


@dataclass(frozen=True, slots=True)
class Source:
    """One readable input named on the command line (a file or standard input)."""

    name: str
    path: Path | None

    @property
    def is_ndjson(self) -> bool:
        return self.path is not None and self.path.suffix == ".ndjson"


def resolve_sources(paths: list[str]) -> list[Source]:
    """Expand the given paths, failing early (before any validation) on one that cannot be read."""
    sources: list[Source] = []
    for raw in paths:
        if not raw:
            raise InputError("an empty path names no file (use . for the current directory)")
        if raw == "-":
            sources.append(Source("-", None))
            continue
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix in SUFFIXES and p.is_file())
            if not found:
                raise InputError(f"{raw}: the directory holds no *.json or *.ndjson files")
            sources.extend(Source(str(p), p) for p in found)
        elif path.is_file():
            sources.append(Source(raw, path))
        elif path.exists():
            raise InputError(f"{raw}: not a regular file or directory")
        else:
            raise InputError(f"{raw}: no such file or directory")
    return sources


def read_documents(source: Source, stdin: BinaryIO | None = None, max_bytes: int | None = None) -> Iterator[Document]:
    """The documents of one source; ``max_bytes`` (None: no bound) bounds what is read of each."""
    if not source.is_ndjson:
        yield Document(source.name, _read(source, stdin, max_bytes))
        return
    assert source.path is not None
    try:
        with source.path.open("rb") as stream:
            any_line = False
            for number, line in _lines(stream, max_bytes):
                any_line = True
                yield Document(f"{source.name}:{number}", line)
    except OSError as exc:
        raise InputError(f"{source.name}: cannot be read ({exc.strerror or exc})") from exc
    if not any_line:
        yield Document(source.name, b"")  # reported as empty rather than silently dropped


def _lines(stream: BinaryIO, max_bytes: int | None) -> Iterator[tuple[int, bytes]]:
    """(line number, line) for the non-blank lines; a line over the bound is cut at max_bytes + 1."""
    for number, _, line in numbered_lines(stream, max_bytes):
        yield number, line


def numbered_lines(
    stream: BinaryIO, max_bytes: int | None, first: int = 1, offset: int = 0, end: int | None = None
) -> Iterator[tuple[int, int, bytes]]:
    """(line number, byte offset, line) for the non-blank lines from the stream's position up to ``end``.

    ``first`` and ``offset`` are the number and offset of the line at the stream's position (a block of
    a file read by itself: :func:`journalloft.stream.read_blocks`). A line over ``max_bytes`` is cut at
    max_bytes + 1 bytes, so the parser reports it as too large, and the rest is skipped unread.
    """
    bound = -1 if max_bytes is None else max_bytes + 1
    number = first - 1
    while end is None or offset < end:
        line = stream.readline(bound)
        if not line:
            return
        number += 1
        start = offset
        offset += len(line)
        if bound > 0 and len(line) == bound and not line.endswith(b"\n"):
            while (rest := stream.readline(64 * 1024)) and not rest.endswith(b"\n"):
                offset += len(rest)
            offset += len(rest)
        else:
            line = line.removesuffix(b"\n").rstrip(b"\r")
        if line.strip():
            yield number, start, line


def _read(source: Source, stdin: BinaryIO | None, max_bytes: int | None) -> bytes:
    size = -1 if max_bytes is None else max_bytes + 1
    if source.path is None:
        stream = stdin if stdin is not None else (sys.stdin.buffer if sys.stdin is not None else None)
        if stream is None:
            raise InputError("-: standard input is closed")
        try:
            return stream.read(size)
        except (OSError, ValueError) as exc:
            raise InputError(f"-: standard input cannot be read ({getattr(exc, 'strerror', None) or exc})") from exc
    try:
        with source.path.open("rb") as stream:
            return stream.read(size)
    except OSError as exc:
        raise InputError(f"{source.name}: cannot be read ({exc.strerror or exc})") from exc
