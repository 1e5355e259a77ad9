"""The validation service as a plain ASGI application (served by uvicorn; see :mod:`.cli`).

Stateless: nothing of a request outlives its answer, so copies of the service behind a load balancer
need no shared state or sticky sessions. The spec registry and the per-spec checkers are read-only
after they are built and are rebuilt identically by every copy.

Bounded per request: the body is read up to ``max_body_bytes`` and refused with 413 when it passes
that; the rest of such a body is read and thrown away (up to :data:`DRAIN_FACTOR` times the limit) so
that a client still sending sees the 413 rather than a broken pipe, and a declared Content-Length
above that is refused before anything is read. The body must arrive within ``read_timeout`` seconds
(else 408; the request head has the same limit in :mod:`.protocol`), and all bodies being read or
validated at once hold at most ``max_buffered_bytes`` (a body that would pass it gets 503 with
Retry-After), so stalled uploads cannot take the memory. JSON nesting is held to ``max_depth`` by the
parser. Validation runs in ``workers`` worker processes (:mod:`.workers`) and is answered with 503
when it takes longer than ``timeout`` seconds (queue wait included); the worker of a timed-out
validation is killed and replaced, so one heavy request cannot keep the service busy.

Never logs payload content: log lines name the route, the status and an exception's type only.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import re
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from journalloft import __version__
from journalloft.i18n import Lang, accepted_lang
from journalloft.limits import Limits
from journalloft.service.errors import FHIR_JSON, JSON, HttpError, render, send_response
from journalloft.service.workers import CheckerSettings, ProcessRunner, Request, ThreadRunner, WorkerFailed
from journalloft.specs import Registry, SpecError
from journalloft.validation import Checker

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

OPENAPI_FILE = Path(__file__).with_name("openapi.json")
LOG = logging.getLogger("journalloft.service")

# Every route the service answers; tests/service/test_openapi.py keeps openapi.json in step.
ROUTES: tuple[tuple[str, str], ...] = (
    ("GET", "/health"),
    ("GET", "/specs"),
    ("GET", "/openapi.json"),
    ("POST", "/validate"),
    ("POST", "/fhir/$validate"),
    ("POST", "/fhir/{type}/$validate"),
)
_TYPED_VALIDATE = re.compile(r"^/fhir/([A-Z][A-Za-z]{0,63})/\$validate$")
_FHIR_TYPES = ("application/fhir+json", "application/json")
# An over-limit body is read and thrown away up to this many times the limit before the 413.
DRAIN_FACTOR = 4
_FAILED = HttpError(500, "exception", "The service failed on this request.", "Tjenesten feilet på denne forespørselen.")


@dataclass(frozen=True, slots=True)
class ServiceConfig:
    max_body_bytes: int = 10 * 1024 * 1024
    max_depth: int = 100
    timeout: float = 10.0
    spec_dirs: tuple[Path, ...] = field(default_factory=tuple)
    workers: int = 2
    """Worker processes; 0 validates in a thread of the service process (a timeout cannot stop it)."""
    read_timeout: float = 10.0
    """Seconds for a request's head, and for its body, to arrive."""
    max_buffered_bytes: int = 100 * 1024 * 1024
    """All bodies being read or validated at once."""
    lang: Lang = "en"
    """Language of the findings when the request's Accept-Language names none the service has (``--lang``)."""


class Service:
    """The ASGI callable. One per process; safe to share between connections."""

    def __init__(self, config: ServiceConfig = ServiceConfig()) -> None:
        self.config = config
        self.limits = Limits(max_depth=config.max_depth, max_bytes=config.max_body_bytes)
        self.registry = Registry(extra_roots=config.spec_dirs)
        self._checkers: dict[str | None, Checker] = {None: Checker(self.registry, None, self.limits)}
        settings = CheckerSettings(config.max_body_bytes, config.max_depth, config.spec_dirs)
        self._runner: ProcessRunner | ThreadRunner = (
            ProcessRunner(settings, config.workers) if config.workers > 0 else ThreadRunner(self._checker)
        )
        self.buffered = 0
        """Bytes of request bodies held right now (read, or waiting for their answer)."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        path: str = scope["path"]
        fhir = path.startswith("/fhir/")
        lang = accepted_lang(_header(scope, b"accept-language"), self.config.lang)
        try:
            status, body, content_type, extra = await self._route(scope, receive, path, lang)
        except HttpError as exc:
            body, content_type = render(exc, fhir, lang)
            status, extra = exc.status, ([(b"retry-after", b"1")] if exc.status == 503 else [])
        except WorkerFailed as exc:  # raised in a worker: its type only, as below
            LOG.error("internal error on %s %s: %s", scope["method"], path, exc)
            body, content_type = render(_FAILED, fhir, lang)
            status, extra = 500, []
        except Exception as exc:  # the last guard: one line in the log (no payload), a 500 to the client
            LOG.error("internal error on %s %s: %s", scope["method"], path, type(exc).__name__)
            body, content_type = render(_FAILED, fhir, lang)
            status, extra = 500, []
        if status >= 400 or path.endswith("validate"):  # findings and refusals are in the request's language
            # Caches must not hand a Norwegian answer to a client that asked for English.
            extra = [*extra, (b"content-language", lang.encode()), (b"vary", b"accept-language")]
        await send_response(send, status, body, content_type, extra)

    async def _route(self, scope: Scope, receive: Receive, path: str, lang: Lang) -> tuple[int, bytes, str, list[Any]]:
        method = scope["method"]
        typed = _TYPED_VALIDATE.match(path)
        template = "/fhir/{type}/$validate" if typed else path
        allowed = [m for m, p in ROUTES if p == template]
        if not allowed:
            raise HttpError(
                404,
                "not-found",
                f"No such route: {path[:200]}. See /openapi.json.",
                f"Ingen slik sti: {path[:200]}. Se /openapi.json.",
            )
        if method not in allowed:
            raise HttpError(
                405,
                "not-supported",
                f"{path[:200]} answers {', '.join(allowed)}, not {method[:20]}.",
                f"{path[:200]} svarer på {' og '.join(allowed)}, ikke {method[:20]}.",
            )
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        if path == "/health":
            return 200, _json({"status": "ok", "version": __version__}), JSON, []
        if path == "/specs":
            return 200, _json({"specs": [v.to_dict() for v in self.registry.all()]}), JSON, []
        if path == "/openapi.json":
            return 200, OPENAPI_FILE.read_bytes(), JSON, []
        spec = query.get("spec", [None])[-1]
        self._checker(spec)  # an unknown spec is a 400 before the body is read
        _require_json(scope, ("application/json", "application/fhir+json") if path == "/validate" else _FHIR_TYPES)
        held = [0]
        try:
            body = await self._read_body(scope, receive, held)
            route = "validate" if path == "/validate" else "fhir"
            return (*await self._run((route, spec, body, typed.group(1) if typed else None, lang)), [])
        finally:
            self.buffered -= held[0]

    def _checker(self, spec: str | None) -> Checker:
        if spec is not None and spec not in self._checkers:
            try:
                checker = Checker(self.registry, spec, self.limits)
            except SpecError as exc:
                raise HttpError(
                    400,
                    "not-supported",
                    f"{str(exc)[:300]} (see /specs)",
                    f"{exc.nb[:300]} (se /specs)"
                    if exc.nb
                    else f"Spesifikasjonen kan ikke brukes (se /specs). Detaljer (engelsk): {str(exc)[:300]}",
                ) from None
            self._checkers[spec] = checker
        return self._checkers[spec]

    async def _read_body(self, scope: Scope, receive: Receive, held: list[int]) -> bytes:
        """The body, within the size, time and shared memory limits; ``held[0]``: bytes counted in ``buffered``."""
        limit = self.config.max_body_bytes
        deadline = asyncio.get_running_loop().time() + self.config.read_timeout
        declared = _header(scope, b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            if int(declared) <= DRAIN_FACTOR * limit:
                await self._discard(receive, deadline)
            raise HttpError(
                413,
                "too-long",
                f"The body is {int(declared):,} bytes; the limit is {limit:,}.",
                f"Kroppen er {int(declared):,} byte; grensen er {limit:,}.".replace(",", " "),
            )
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await self._next_message(receive, deadline)
            if message["type"] == "http.disconnect":
                raise HttpError(
                    400,
                    "incomplete",
                    "The client closed the connection before the body was complete.",
                    "Klienten lukket forbindelsen før hele kroppen var sendt.",
                )
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                if message.get("more_body", False):
                    await self._discard(receive, deadline, DRAIN_FACTOR * limit - size)
                raise HttpError(
                    413,
                    "too-long",
                    f"The body is larger than the limit of {limit:,} bytes.",
                    f"Kroppen er større enn grensen på {limit:,} byte.".replace(",", " "),
                )
            if self.buffered + len(chunk) > self.config.max_buffered_bytes:
                raise HttpError(
                    503,
                    "transient",
                    "The service is receiving too many bodies at once; try again.",
                    "Tjenesten tar imot for mange forespørsler samtidig; prøv igjen.",
                )
            self.buffered += len(chunk)
            held[0] += len(chunk)
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        if size == 0:
            raise HttpError(
                400,
                "required",
                "The body is empty; send the payload to validate.",
                "Kroppen er tom; send meldingen som skal valideres.",
            )
        return b"".join(chunks)

    async def _next_message(self, receive: Receive, deadline: float) -> Message:
        remaining = deadline - asyncio.get_running_loop().time()
        try:
            return await asyncio.wait_for(receive(), max(0.0, remaining))
        except TimeoutError:
            raise HttpError(
                408,
                "timeout",
                f"The body did not arrive within {self.config.read_timeout:g} s.",
                f"Kroppen kom ikke innen {f'{self.config.read_timeout:g}'.replace('.', ',')} s.",
            ) from None

    async def _discard(self, receive: Receive, deadline: float, budget: int | None = None) -> None:
        """Read and drop the rest of a refused body, up to ``budget`` bytes and the deadline."""
        budget = DRAIN_FACTOR * self.config.max_body_bytes if budget is None else budget
        with contextlib.suppress(HttpError):
            while budget > 0:
                message = await self._next_message(receive, deadline)
                budget -= len(message.get("body", b""))
                if message["type"] == "http.disconnect" or not message.get("more_body", False):
                    return

    async def _run(self, request: Request) -> tuple[int, bytes, str]:
        try:
            return await self._runner.run(request, self.config.timeout)
        except TimeoutError:  # not the builtin TimeoutError before Python 3.11
            LOG.warning("validation timed out after %.3g s", self.config.timeout)
            raise HttpError(
                503,
                "timeout",
                f"Validation took longer than {self.config.timeout:g} s; try again or split the payload.",
                f"Valideringen tok lengre tid enn {f'{self.config.timeout:g}'.replace('.', ',')} s; "
                "prøv igjen eller del opp meldingen.",
            ) from None

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await self._runner.wait_started()  # /health answers once the workers can validate
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                self._runner.stop()
                await send({"type": "lifespan.shutdown.complete"})
                return


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return bytes(value).decode("latin-1").strip()
    return None


def _require_json(scope: Scope, accepted: tuple[str, ...]) -> None:
    raw = _header(scope, b"content-type") or ""
    media, _, params = raw.partition(";")
    media = media.strip().lower()
    charset = re.search(r"charset\s*=\s*\"?([A-Za-z0-9_-]+)", params)
    wanted = " or ".join(accepted)
    if media not in accepted:
        hint = " FHIR XML is not supported; convert it to JSON." if "xml" in media else ""
        shown = media[:80] or "none"
        hint_nb = " FHIR XML støttes ikke; gjør den om til JSON." if hint else ""
        raise HttpError(
            415,
            "not-supported",
            f"Content-Type {shown} is not accepted; send {wanted}.{hint}",
            f"Content-Type {shown} godtas ikke; send {wanted.replace(' or ', ' eller ')}.{hint_nb}",
        )
    if charset and charset.group(1).lower() not in ("utf-8", "utf8"):
        raise HttpError(
            415,
            "not-supported",
            f"charset {charset.group(1)[:40]} is not accepted; send UTF-8.",
            f"Tegnsettet {charset.group(1)[:40]} godtas ikke; send UTF-8.",
        )


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=2).encode("utf-8", "backslashreplace") + b"\n"


__all__ = ["FHIR_JSON", "ROUTES", "Service", "ServiceConfig"]
