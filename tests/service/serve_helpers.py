"""Run ``journalloft serve`` as a subprocess on 127.0.0.1 on a free port, and talk to it."""

from __future__ import annotations

import contextlib
import http.client
import json
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# The environment of the Python running the tests (.venv, or the newest Python's venv).
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Server:
    port: int
    log: Path
    pid: int | None = None

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        content_type: str | None = None,
        extra_headers: dict[str, str] | None = None,
    ) -> Answer:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            headers = ({"Content-Type": content_type} if content_type else {}) | (extra_headers or {})
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            return Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read())
        finally:
            conn.close()

    def post(self, path: str, body: bytes, content_type: str = "application/fhir+json") -> Answer:
        return self.request("POST", path, body, content_type)


@contextlib.contextmanager
def running(*options: str, tmp: Path) -> Iterator[Server]:
    """The service in a subprocess with its log (debug level, access log on) in a file; always stopped."""
    port = free_port()
    log = tmp / f"serve-{port}.log"
    with log.open("wb") as sink:
        proc = subprocess.Popen(
            [str(BIN / "journalloft"), "serve", "--port", str(port), "--log-level", "debug", *options],
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
        try:
            server = Server(port, log, proc.pid)
            deadline = time.monotonic() + 60
            while True:
                try:
                    if server.request("GET", "/health").status == 200:
                        break
                except OSError:
                    pass
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the service did not start: {log.read_text()}")
                time.sleep(0.1)
            yield server
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def call_in_process(
    service: Any, path: str, body: bytes, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], Any]:
    """One POST to a :class:`journalloft.service.app.Service` in this process: (status, headers, JSON body).

    ``path`` may carry a query string (``/validate?spec=okt``)."""
    import asyncio

    sent: list[dict[str, Any]] = []
    given = {"content-type": "application/fhir+json"} | {k.lower(): v for k, v in (headers or {}).items()}
    raw = [(name.encode(), value.encode()) for name, value in given.items()]
    path, _, query = path.partition("?")
    scope = {"type": "http", "method": "POST", "path": path, "query_string": query.encode(), "headers": raw}

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(service(scope, receive, send))
    answer_headers = {bytes(k).decode(): bytes(v).decode() for k, v in sent[0]["headers"]}
    return sent[0]["status"], answer_headers, json.loads(sent[1]["body"])
