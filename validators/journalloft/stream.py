"""Validating a stream of documents on any engine: one process, ``--jobs`` workers, or a cluster.

The public pieces (exported by :mod:`journalloft`):

- :class:`Settings`: every option of ``journalloft validate`` that changes a result; plain data, so it
  pickles to a worker process or a cluster node;
- :class:`Validator`: built once per worker from the settings (spec, IGs and engines loaded once, with a
  warm-up), it checks documents the way the CLI does, through the one pipeline (:mod:`journalloft.pipeline`);
- :func:`read_blocks`: an NDJSON file cut into byte ranges on line boundaries, each of which a worker
  reads by itself; every line keeps a stable key (file, byte offset, line number);
- :meth:`Validator.validate_lines`: rows (plain dicts, picklable and JSON-ready) for ``(key, bytes)`` lines;
- :class:`journalloft.report.Summary` with ``add_row`` and ``merge``, so partitions' totals add up to the
  CLI's summary exactly.

The CLI's own ``--jobs`` path (:mod:`journalloft.batch`) checks every document through a Validator too.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from journalloft.fhir.options import DEFAULT_OPTIONS, FhirOptions
from journalloft.inputs import Document, numbered_lines
from journalloft.limits import DEFAULT_LIMITS, Limits
from journalloft.pipeline import pipeline
from journalloft.policy import Policy
from journalloft.report import DOCS_BASE_URL, Result
from journalloft.specs import Registry
from journalloft.validation import Checker

Key = tuple[str, int, int]
"""Where a line comes from: (file as named, byte offset of the line's start, line number from 1).

A key with line number 0 stands for a whole file: an NDJSON file with no line that is not blank, which
the CLI reports as one empty input under the file's own name.
"""

DEFAULT_BLOCK_BYTES = 64 * 1024 * 1024
_READ_BYTES = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Settings:
    """What a worker needs to build the same checker as the CLI; it is pickled once per worker."""

    spec: str | None = None
    limits: Limits = DEFAULT_LIMITS
    synthetic_only: bool = False
    spec_dirs: tuple[Path, ...] = ()
    policy: Policy = field(default_factory=Policy)
    lang: str = "en"
    igs: tuple[str, ...] = ()
    """``--ig`` paths; a worker that is spawned rather than forked loads them again (from the cache)."""
    docs_base: str = DOCS_BASE_URL
    """Where the ``documentation`` link of each issue in a row points (``--docs-url``)."""
    strict_identifiers: bool = False
    """Norwegian identifier findings are errors under every spec (``--strict-identifiers``)."""
    fhir_options: FhirOptions = DEFAULT_OPTIONS
    """``--allow-extension-domain``, ``--any-extension``, ``--allow-example-urls``,
    ``--display-issues-are-warnings``, ``--tx`` (the run's terminology server), ..."""

    def checker(self) -> Checker:
        registry = Registry(extra_roots=list(self.spec_dirs))
        return Checker(
            registry,
            self.spec,
            self.limits,
            synthetic_only=self.synthetic_only,
            ig=self.igs,
            strict_identifiers=self.strict_identifiers,
            fhir_options=self.fhir_options,
        )


# What the warm-up checks: enough to load the engine a FHIR spec needs, or a JSON Schema's checker.
_WARM_UP_FHIR = b'{"resourceType": "Patient"}'
_WARM_UP_JSON = b"{}"


class Validator:
    """Checks documents as ``journalloft validate`` does, with one checker built once.

    Build one per process (or per cluster worker) and reuse it: the spec, any IGs and the FHIR engine
    are loaded when it is built (``warm_up``), not on each call. ``checker`` is one the caller already
    built from the same settings.
    """

    def __init__(self, settings: Settings | None = None, *, checker: Checker | None = None, warm_up: bool = True):
        self.settings = settings if settings is not None else Settings()
        self.checker = checker if checker is not None else self.settings.checker()
        self.pipeline = pipeline(self.checker, self.settings.policy, self.settings.lang)
        if warm_up:
            self.warm_up()

    def warm_up(self) -> None:
        """Load what the first document would: the chosen spec's engine, or base FHIR R4's."""
        chosen = self.checker.chosen
        sample = _WARM_UP_JSON if chosen is not None and chosen.kind == "json-schema" else _WARM_UP_FHIR
        self.pipeline.document("warm-up", sample)

    def check(self, document: Document) -> Result:
        """The finished result of one document: guarded and capped, the policy applied, in the language."""
        return self.pipeline.document(document.name, document.data)

    def check_line(self, key: Key, data: bytes) -> Result:
        """The finished result of one NDJSON line, named as the CLI names it (``file:LINE``)."""
        return self.check(Document(document_name(key), data))

    def validate_lines(self, lines: Iterable[tuple[Key, bytes]]) -> Iterator[dict[str, Any]]:
        """One row per line, in order (see :func:`row`)."""
        for key, data in lines:
            yield row(key, self.check_line(key, data), self.settings.docs_base)

    def validate_block(self, block: Block) -> Iterator[dict[str, Any]]:
        """The rows of one block of an NDJSON file, read here (on the worker), not on the client."""
        return self.validate_lines(block.lines(self.settings.limits.max_bytes))


def document_name(key: Key) -> str:
    """The name the CLI gives the document: ``file:LINE``, or the file's own name for a whole file."""
    file, _, line = key
    return f"{file}:{line}" if line else file


def row(key: Key, result: Result, docs_base: str = DOCS_BASE_URL) -> dict[str, Any]:
    """A result as plain data: the key, the counts a summary needs, and the CLI's JSON form of it."""
    return {
        "key": list(key),
        "valid": result.valid,
        "errors": result.errors,
        "warnings": result.warnings,
        "ignored": result.ignored,
        "internal_error": result.internal_error,
        "result": result.to_dict(docs_base),
    }


@dataclass(frozen=True, slots=True)
class Block:
    """Bytes ``start`` to ``end`` of an NDJSON file, cut on line boundaries; ``first_line`` numbers its first."""

    path: str
    start: int
    end: int
    first_line: int

    def lines(self, max_bytes: int | None = None) -> Iterator[tuple[Key, bytes]]:
        """The block's lines that are not blank, as the CLI reads them (``max_bytes`` bounds each)."""
        if self.first_line == 0:  # a file with no line that is not blank: one empty input, as the CLI
            yield (self.path, 0, 0), b""
            return
        with open(self.path, "rb") as stream:
            stream.seek(self.start)
            for number, offset, line in numbered_lines(stream, max_bytes, self.first_line, self.start, self.end):
                yield (self.path, offset, number), line


def read_blocks(
    path: str | os.PathLike[str], size: int = DEFAULT_BLOCK_BYTES, max_lines: int | None = None
) -> Iterator[Block]:
    """An NDJSON file as blocks that each end after a newline: at the first one at or after ``size`` bytes,
    or after ``max_lines`` lines if that comes first (the last block may be shorter).

    ``max_lines`` bounds how many results one block makes, whatever the lines' length. The file is read
    once, in 1 MiB pieces, to count lines: memory stays flat whatever its size. The path is kept as
    given, so the keys and document names match the CLI's for the same argument.
    """
    if size < 1 or (max_lines is not None and max_lines < 1):
        raise ValueError("size must be at least 1 byte and max_lines at least 1 line")
    name = os.fspath(path)
    start, first_line, newlines, position, content = 0, 1, 0, 0, False
    with open(name, "rb") as stream:
        while piece := stream.read(_READ_BYTES):
            content = content or bool(piece.strip())
            offset = 0  # where the current block's unread part starts in this piece
            while True:
                cut = _block_end(piece, max(offset, start + size - position - 1))
                if max_lines is not None:
                    by_lines = _nth_newline(piece, offset, max_lines - newlines)
                    if by_lines != -1 and (cut == -1 or by_lines < cut):
                        cut = by_lines
                if cut == -1:
                    newlines += piece.count(b"\n", offset)
                    break
                newlines += piece.count(b"\n", offset, cut + 1)
                end = position + cut + 1
                if content:
                    yield Block(name, start, end, first_line)
                start, first_line, newlines, offset = end, first_line + newlines, 0, cut + 1
            position += len(piece)
    if position > start and content:
        yield Block(name, start, position, first_line)
    elif not content:
        yield Block(name, 0, position, 0)


def _block_end(piece: bytes, look: int) -> int:
    """The index of the first newline at or after ``look``, or -1."""
    return piece.find(b"\n", look) if look < len(piece) else -1


def _nth_newline(piece: bytes, offset: int, count: int) -> int:
    """The index of the ``count``-th newline at or after ``offset``, or -1 when the piece has fewer."""
    if piece.count(b"\n", offset) < count:
        return -1
    index = offset - 1
    for _ in range(count):
        index = piece.find(b"\n", index + 1)
    return index
