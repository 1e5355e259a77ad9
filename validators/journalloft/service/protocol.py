"""uvicorn's HTTP/1.1 protocol with a time limit on a request's head (slowloris).

uvicorn closes idle keep-alive connections, but a client that sends its request line and headers a
byte at a time keeps a connection (and its buffers) as long as it likes. :func:`with_head_timeout`
gives a protocol class that closes the connection when a request's head has not arrived within
``seconds`` of the connection opening or of the previous answer. The body has its own time limit in
the application (:meth:`journalloft.service.app.Service._read_body`).
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol


class _HeadTimeoutProtocol(H11Protocol):
    head_timeout: float = 10.0

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._head_timer: asyncio.TimerHandle | None = None
        self._arm_head_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_head_timer()
        super().connection_lost(exc)

    def handle_events(self) -> None:
        super().handle_events()
        if self.cycle is not None and not self.cycle.response_complete:
            self._cancel_head_timer()  # the head is complete: the application times the body

    def on_response_complete(self) -> None:
        self._arm_head_timer()  # before: a pipelined request handled below cancels it again
        super().on_response_complete()

    def _arm_head_timer(self) -> None:
        self._cancel_head_timer()
        self._head_timer = self.loop.call_later(self.head_timeout, self._head_timed_out)

    def _cancel_head_timer(self) -> None:
        timer = getattr(self, "_head_timer", None)
        if timer is not None:
            timer.cancel()
            self._head_timer = None

    def _head_timed_out(self) -> None:
        self._head_timer = None
        if self.transport.is_closing():
            return
        if self.cycle is not None and not self.cycle.response_complete:
            return  # a request is being answered
        with contextlib.suppress(h11.LocalProtocolError):
            self.conn.send(h11.ConnectionClosed())
        self.transport.close()


def with_head_timeout(seconds: float) -> type[Any]:
    """The protocol class for ``uvicorn.run(http=...)`` with a request head limit of ``seconds``."""
    return type("HeadTimeoutProtocol", (_HeadTimeoutProtocol,), {"head_timeout": seconds})
