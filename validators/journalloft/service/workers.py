"""Where validations run: worker processes that are stopped when their request times out.

Python cannot stop a running thread, so a validation that outlives its request would keep the
service's only worker busy, and every request after it would time out too (issue 20: one 398 kB
StructureDefinition kept the service answering 503 for minutes). :class:`ProcessRunner` runs each
validation in one of ``workers`` child processes: a request waits for an idle worker (the wait counts
against its time), sends it the body, and waits for the answer; when its time is up the worker is
killed and a fresh one started, so the time limit frees the CPU as well as the request. A worker that
dies (out of memory, killed from outside) is replaced the same way and the request gets a 500.

:class:`ThreadRunner` (``workers=0``) validates in a thread of the service process as before: nothing
is copied between processes, but a timed-out validation runs on in the background.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import signal
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from journalloft.limits import Limits
from journalloft.service import work
from journalloft.service.errors import HttpError
from journalloft.specs import Registry
from journalloft.validation import Checker

LOG = logging.getLogger("journalloft.service")
# A request as sent to a worker: (route, spec key or None, body, resource type from the URL or None,
# language of the messages: "en" or "nb").
Request = tuple[str, str | None, bytes, str | None, str]
_WARM_UP = b'{"resourceType":"Patient"}'


@dataclass(frozen=True, slots=True)
class CheckerSettings:
    """What a worker needs to build the same checkers as the service (picklable)."""

    max_body_bytes: int
    max_depth: int
    spec_dirs: tuple[Path, ...]


def answer(checkers: Callable[[str | None], Checker], request: Request) -> work.Answer:
    """Run one request's validation (in whichever process holds ``checkers``)."""
    route, spec, body, resource_type, lang = request
    if route == "validate":
        return work.validate_any(checkers(spec), body, lang)
    return work.fhir_validate(checkers(spec), body, resource_type, lang)


class _Checkers:
    """The checkers of one process, built on first use per spec (as the service's own)."""

    def __init__(self, settings: CheckerSettings) -> None:
        self._registry = Registry(extra_roots=settings.spec_dirs)
        self._limits = Limits(max_depth=settings.max_depth, max_bytes=settings.max_body_bytes)
        self._built: dict[str | None, Checker] = {}

    def __call__(self, spec: str | None) -> Checker:
        if spec not in self._built:
            self._built[spec] = Checker(self._registry, spec, self._limits)
        return self._built[spec]


def worker_main(conn: Connection, settings: CheckerSettings) -> None:
    """A worker process: answer requests from ``conn`` until it closes (or the process is killed)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the service, which stops its workers
    checkers = _Checkers(settings)
    answer(checkers, ("fhir", None, _WARM_UP, None, "en"))  # core definitions loaded before the first request
    conn.send("ready")
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        reply: tuple[Any, ...]
        try:
            reply = ("answer", *answer(checkers, request))
        except HttpError as exc:
            reply = ("refused", exc.status, exc.code, exc.message, exc.nb)
        except Exception as exc:  # reported by type only: the message may quote the payload
            reply = ("failed", type(exc).__name__)
        conn.send(reply)


class WorkerFailed(Exception):
    """The validation raised outside the guard, or its worker died; the argument names the type only."""


class _Worker:
    def __init__(self, context: Any, settings: CheckerSettings) -> None:
        self.conn, child = context.Pipe()
        self.process: BaseProcess = context.Process(
            target=worker_main, args=(child, settings), daemon=True, name="journalloft-validate"
        )
        self.process.start()
        child.close()

    def stop(self) -> None:
        self.process.kill()
        self.process.join(timeout=2)
        self.conn.close()


async def _receive(conn: Connection) -> Any:
    """The next message on ``conn``, waiting in the event loop (never blocking it while nothing came)."""
    loop = asyncio.get_running_loop()
    readable: asyncio.Future[None] = loop.create_future()
    descriptor = conn.fileno()

    def ready() -> None:
        if not readable.done():
            readable.set_result(None)

    loop.add_reader(descriptor, ready)
    try:
        await readable
    finally:
        loop.remove_reader(descriptor)
    return conn.recv()


class ProcessRunner:
    """``size`` worker processes, started with the service; a timed-out request's worker is replaced."""

    def __init__(self, settings: CheckerSettings, size: int) -> None:
        self._settings = settings
        self._size = size
        self._context = multiprocessing.get_context("spawn")  # no fork of a process with threads
        self._idle: asyncio.Queue[_Worker] | None = None
        self._all: set[_Worker] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self._started = 0
        self._all_started: asyncio.Event | None = None

    async def wait_started(self, timeout: float = 120.0) -> None:
        """Return when every first worker is ready (or failed to start), or after ``timeout`` seconds."""
        self.start()
        assert self._all_started is not None
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._all_started.wait(), timeout)

    def start(self) -> None:
        """Start the workers (within the running event loop; again after :meth:`stop`)."""
        if self._idle is None:
            self._idle = asyncio.Queue()
            self._started = 0
            self._all_started = asyncio.Event()
            for _ in range(self._size):
                self._spawn()

    async def run(self, request: Request, timeout: float) -> work.Answer:
        self.start()
        assert self._idle is not None
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:  # TimeoutError: still queued when the time is up
            worker = await asyncio.wait_for(self._idle.get(), max(0.0, deadline - loop.time()))
            # An idle worker's pipe has nothing to read unless its end was closed: the process is
            # exiting even when it cannot be reaped yet (is_alive() is still true for a moment).
            if worker.process.is_alive() and not worker.conn.poll():
                break
            self._replace(worker)  # died while idle (killed from outside, out of memory): not this request's fault
        try:
            worker.conn.send(request)
            reply = await asyncio.wait_for(_receive(worker.conn), max(0.0, deadline - loop.time()))
        except BaseException as exc:  # timed out, cancelled, or the worker died: it is not reused
            self._replace(worker)
            if isinstance(exc, EOFError | OSError) and not isinstance(exc, TimeoutError):  # an OSError too
                raise WorkerFailed(f"worker ended ({type(exc).__name__})") from None
            raise
        self._idle.put_nowait(worker)
        if reply[0] == "refused":
            raise HttpError(*reply[1:])
        if reply[0] == "failed":
            raise WorkerFailed(reply[1])
        return reply[1], reply[2], reply[3]

    def stop(self) -> None:
        for worker in list(self._all):
            worker.stop()
        self._all.clear()
        for task in self._tasks:
            task.cancel()
        self._idle = None

    def _spawn(self) -> None:
        worker = _Worker(self._context, self._settings)
        self._all.add(worker)
        task = asyncio.get_running_loop().create_task(self._when_ready(worker))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _when_ready(self, worker: _Worker) -> None:
        try:
            ready = await _receive(worker.conn)
        except (EOFError, OSError):
            ready = None
        self._started += 1
        if self._all_started is not None and self._started >= self._size:
            self._all_started.set()
        if ready != "ready" or self._idle is None:
            LOG.error("a validation worker failed to start")
            self._all.discard(worker)
            worker.stop()
            return
        self._idle.put_nowait(worker)

    def _replace(self, worker: _Worker) -> None:
        self._all.discard(worker)
        worker.stop()
        if self._idle is not None:
            self._spawn()


class ThreadRunner:
    """Validation in one thread of the service process (``--workers 0``): cannot be stopped."""

    def __init__(self, checkers: Callable[[str | None], Checker]) -> None:
        self._checkers = checkers
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="journalloft-validate")

    def start(self) -> None:
        return None

    async def wait_started(self, timeout: float = 120.0) -> None:
        return None

    async def run(self, request: Request, timeout: float) -> work.Answer:
        future = asyncio.wrap_future(self._executor.submit(answer, self._checkers, request))
        return await asyncio.wait_for(future, timeout)

    def stop(self) -> None:
        with contextlib.suppress(RuntimeError):
            self._executor.shutdown(wait=False, cancel_futures=True)
