"""Checking a stream of documents, in this process or in ``--jobs N`` worker processes.

Every result goes through the same pipeline wherever it is made (:mod:`journalloft.pipeline`): check
(guarded), the vendor's policy, the reader's language. With several jobs the
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
from typing import TYPE_CHECKING

from journalloft.inputs import Document
from journalloft.report import Result
from journalloft.stream import Settings, Validator
from journalloft.validation import Checker

__all__ = ["Settings", "check_all", "start_method"]  # Settings lives in journalloft.stream

if TYPE_CHECKING:
    from concurrent.futures import Future

CHUNK_DOCUMENTS = 16
CHUNK_BYTES = 4 * 1024 * 1024


def check_all(
    settings: Settings, documents: Iterable[Document], jobs: int = 1, *, checker: Checker | None = None
) -> Iterator[Result]:
    """The finished result of each document, in order; ``jobs`` > 1 checks in that many processes.

    ``checker`` is one the caller already built from ``settings`` (so IGs are not loaded twice).
    """
    validator = Validator(settings, checker=checker, warm_up=False)
    if jobs <= 1:
        for document in documents:
            yield validator.check(document)
        return
    # The first document is checked here: it loads the definitions and engine its spec needs, and
    # workers forked afterwards inherit them instead of each loading them again.
    iterator = iter(documents)
    first = next(iterator, None)
    if first is None:
        return
    yield validator.check(first)
    # imported here: a run in one process (the default) does without them (about 11 ms of start-up)
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    chunks = _chunks(iterator)
    context = multiprocessing.get_context(start_method())
    _WORKER["validator"] = validator  # what a forked worker starts with; a spawned one builds its own
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


# Each worker process's own validator (built once by the pool's initializer, reused for every chunk).
_WORKER: dict[str, Validator] = {}


def _start_worker(settings: Settings) -> None:
    if "validator" not in _WORKER:  # a spawned worker (no fork on this platform) builds its own
        _WORKER["validator"] = Validator(settings, warm_up=False)


def _check_chunk(chunk: list[Document]) -> list[Result]:
    validator = _WORKER["validator"]
    return [validator.check(document) for document in chunk]
