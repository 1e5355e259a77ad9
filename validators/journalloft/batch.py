"""Checking a stream of documents, in this process or in ``--jobs N`` worker processes.

Every result goes through the same steps wherever it is made: check (guarded), the vendor's policy
(:mod:`journalloft.policy`), the reader's language (:mod:`journalloft.i18n`). With several jobs the
documents are cut into chunks, at most ``2 * jobs`` chunks are in flight at any time and results are
yielded in input order, so the output is byte for byte the one process's output and memory stays
bounded however long the NDJSON stream is (a chunk holds at most ``CHUNK_DOCUMENTS`` documents and
``CHUNK_BYTES`` bytes, plus one document).
"""

from __future__ import annotations

import collections
import os
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from journalloft import guard
from journalloft.i18n import localize
from journalloft.inputs import Document
from journalloft.limits import DEFAULT_LIMITS, Limits
from journalloft.policy import Policy
from journalloft.report import Result
from journalloft.specs import Registry
from journalloft.validation import Checker

if TYPE_CHECKING:
    from concurrent.futures import Future

CHUNK_DOCUMENTS = 16
CHUNK_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Settings:
    """All a worker needs to build the same checker as the parent (it is pickled once per worker)."""

    spec: str | None = None
    limits: Limits = DEFAULT_LIMITS
    synthetic_only: bool = False
    spec_dirs: tuple[Path, ...] = ()
    policy: Policy = field(default_factory=Policy)
    lang: str = "en"
    igs: tuple[str, ...] = ()
    """``--ig`` paths; a worker that is spawned rather than forked loads them again (from the cache)."""
    strict_identifiers: bool = False

    def checker(self) -> Checker:
        registry = Registry(extra_roots=list(self.spec_dirs))
        return Checker(
            registry,
            self.spec,
            self.limits,
            synthetic_only=self.synthetic_only,
            ig=self.igs,
            strict_identifiers=self.strict_identifiers,
        )


def finish(result: Result, policy: Policy, lang: str) -> Result:
    """The policy, then the language: what a reporter is given."""
    return localize(policy.apply(result), lang)


def check_all(
    settings: Settings, documents: Iterable[Document], jobs: int = 1, *, checker: Checker | None = None
) -> Iterator[Result]:
    """The finished result of each document, in order; ``jobs`` > 1 checks in that many processes.

    ``checker`` is one the caller already built from ``settings`` (so IGs are not loaded twice).
    """
    checker = checker if checker is not None else settings.checker()
    if jobs <= 1:
        for document in documents:
            yield finish(guard.check_document(checker, document), settings.policy, settings.lang)
        return
    # The first document is checked here: it loads the definitions and engine its spec needs, and
    # workers forked afterwards inherit them instead of each loading them again.
    iterator = iter(documents)
    first = next(iterator, None)
    if first is None:
        return
    yield from _check(checker, settings, [first])
    # imported here: a run in one process (the default) does without them (about 11 ms of start-up)
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    chunks = _chunks(iterator)
    context = multiprocessing.get_context(start_method())
    _WORKER["state"] = (checker, settings)  # what a forked worker starts with; a spawned one builds its own
    try:
        with ProcessPoolExecutor(
            max_workers=jobs, mp_context=context, initializer=_start_worker, initargs=(settings,)
        ) as pool:
            pending: collections.deque[Future[list[Result]]] = collections.deque()
            for chunk in chunks:
                pending.append(pool.submit(_check_chunk, chunk))
                if len(pending) >= 2 * jobs:  # bounded look-ahead: reading waits for the oldest chunk
                    yield from pending.popleft().result()
            while pending:
                yield from pending.popleft().result()
    finally:
        _WORKER.clear()


def start_method() -> str | None:
    """How to start the workers: by fork where that is safe, else the platform's safe default.

    Forked workers inherit the checker the first document loaded, for free. But a child forked from a
    process that runs other threads (a web server, a test runner) can deadlock on a lock one of them
    held, and Python 3.12 and later warn about it; then the workers start from a fresh interpreter
    (forkserver, or spawn where there is none) and build their own checker.
    """
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and _single_threaded():
        return "fork"
    return "forkserver" if "forkserver" in methods else None


def _single_threaded() -> bool:
    try:  # every thread of the process, including any a C library started (what Python's warning counts)
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:
        return threading.active_count() == 1


def _check(checker: Checker, settings: Settings, chunk: list[Document]) -> list[Result]:
    return [finish(guard.check_document(checker, doc), settings.policy, settings.lang) for doc in chunk]


def _chunks(documents: Iterable[Document]) -> Iterator[list[Document]]:
    chunk: list[Document] = []
    size = 0
    for document in documents:
        chunk.append(document)
        size += len(document.data)
        if len(chunk) >= CHUNK_DOCUMENTS or size >= CHUNK_BYTES:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


# Each worker process's own checker (built once by the pool's initializer, reused for every chunk).
_WORKER: dict[str, tuple[Checker, Settings]] = {}


def _start_worker(settings: Settings) -> None:
    if "state" not in _WORKER:  # a spawned worker (no fork on this platform) builds its own checker
        _WORKER["state"] = (settings.checker(), settings)


def _check_chunk(chunk: list[Document]) -> list[Result]:
    checker, settings = _WORKER["state"]
    return _check(checker, settings, chunk)
