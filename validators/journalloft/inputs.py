"""Turning command-line paths into documents to validate.

A path is a file, a directory (every ``*.json`` and ``*.ndjson`` below it, in sorted order) or ``-``
for standard input. An NDJSON file yields one document per non-blank line, named ``path:LINE``.
Paths that cannot be read are usage errors (exit status 2), not validation findings: the caller
asked for something that is not there.
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


def read_documents(source: Source, stdin: BinaryIO | None = None) -> Iterator[Document]:
    data = _read(source, stdin)
    if not source.is_ndjson:
        yield Document(source.name, data)
        return
    lines = [(n, line) for n, line in enumerate(data.split(b"\n"), start=1) if line.strip()]
    if not lines:
        yield Document(source.name, b"")  # reported as empty rather than silently dropped
    for number, line in lines:
        yield Document(f"{source.name}:{number}", line.rstrip(b"\r"))


def _read(source: Source, stdin: BinaryIO | None) -> bytes:
    if source.path is None:
        stream = stdin if stdin is not None else sys.stdin.buffer
        return stream.read()
    try:
        return source.path.read_bytes()
    except OSError as exc:
        raise InputError(f"{source.name}: cannot be read ({exc.strerror or exc})") from exc
