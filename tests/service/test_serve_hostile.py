"""One request must not take the service down (issue 20, items 1 and 2, and the leftover 413).

A timed-out validation's worker is killed and replaced, so small requests keep getting 200 while a
heavy one runs and after it timed out; a slow request head is cut off after ``--read-timeout``;
stalled uploads hold at most ``--max-buffered-bytes`` (counted in bytes, not by the clock); Python's
own HTTP client posting an over-limit body reads a 413, not a broken pipe.
"""

from __future__ import annotations

import asyncio
import contextlib
import http.client
import json
import socket
import threading
import time
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any

import pytest
from serve_helpers import running

from journalloft.service.app import Service, ServiceConfig

PATIENT = b'{"resourceType": "Patient", "id": "p1", "gender": "female"}'


def heavy_structure_definition(elements: int) -> bytes:
    """A StructureDefinition whose every element runs FHIRPath invariants: seconds of CPU."""
    items = [{"id": "Patient", "path": "Patient", "definition": "d", "min": 0, "max": "*"}]
    items += [
        {"id": f"Patient.extension:e{i}", "path": "Patient.extension", "sliceName": f"e{i}", "definition": "d"}
        for i in range(elements)
    ]
    sd = {
        "resourceType": "StructureDefinition",
        "url": "http://example.org/fhir/StructureDefinition/heavy",
        "name": "Heavy",
        "status": "draft",
        "kind": "resource",
        "abstract": False,
        "type": "Patient",
        "derivation": "constraint",
        "snapshot": {"element": items},
        "differential": {"element": items},
    }
    return json.dumps(sd).encode()


def test_a_heavy_request_neither_blocks_nor_outlives_its_time(tmp_path: Path) -> None:
    heavy = heavy_structure_definition(12_000)  # 2.5 MB: several seconds of CPU, far over the 1.5 s
    options = ("--timeout", "1.5", "--workers", "2", "--max-body-bytes", "5000000")
    with running(*options, tmp=tmp_path) as srv:
        answers: list[int] = []
        sender = threading.Thread(target=lambda: answers.append(srv.post("/fhir/$validate", heavy).status))
        sender.start()
        sender.join(0.5)  # let it be read and handed to a worker (a pause, not a measurement)
        during = srv.post("/fhir/$validate", PATIENT)
        heavy_running = sender.is_alive()
        sender.join()
        after = [srv.post("/fhir/$validate", PATIENT).status for _ in range(3)]
    assert answers == [503]
    assert during.status == 200 and heavy_running  # answered while the heavy one still ran
    assert after == [200, 200, 200]  # the timed-out worker was replaced: nothing waits for it


def test_a_slow_request_head_is_cut_off_after_the_read_timeout(tmp_path: Path) -> None:
    with running("--read-timeout", "1", tmp=tmp_path) as srv, socket.create_connection(("127.0.0.1", srv.port)) as sock:
        sock.settimeout(30)
        sock.sendall(b"POST /fhir/$validate HTTP/1.1\r\nHost: x\r\n")  # and the rest never comes
        assert sock.recv(4096) == b""  # closed by the service, long before the socket's 30 s


def test_the_reference_server_cuts_off_a_slow_request_head_too(tmp_path: Path) -> None:
    options = ("--reference", "okt", "--read-timeout", "1")
    with running(*options, tmp=tmp_path) as srv, socket.create_connection(("127.0.0.1", srv.port)) as sock:
        sock.settimeout(30)
        sock.sendall(b"GET /metadata HTTP/1.1\r\nHost: x\r\n")  # and the rest never comes
        assert sock.recv(4096) == b""  # the same read timeout as the validation service


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_python_http_client_posting_an_over_limit_body_reads_413(tmp_path: Path, chunked: bool) -> None:
    """http.client sends the whole body before it reads: a service that stops reading gives it a broken pipe.

    Chunked, the length is unknown until the limit is passed while reading.
    """
    body = b'{"resourceType": "Patient", "text": "' + b"a" * 7_000_000 + b'"}'  # more than the socket buffers
    with running("--max-body-bytes", "2000000", tmp=tmp_path) as srv:
        conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=60)
        try:
            sent: Any = (body[i : i + 65536] for i in range(0, len(body), 65536)) if chunked else body
            headers = {"Content-Type": "application/fhir+json"}
            conn.request("POST", "/fhir/$validate", body=sent, headers=headers, encode_chunked=chunked)
            response = conn.getresponse()
            assert response.status == 413
            assert json.loads(response.read())["issue"][0]["code"] == "too-long"
        finally:
            conn.close()


def _stalled_uploads(service: Service, count: int, chunk: bytes) -> tuple[list[int], int]:
    """``count`` uploads that each send ``chunk`` and then stall; (their statuses, most bytes held at once)."""
    statuses: list[int] = []
    most = [0]

    async def one() -> None:
        sent = [False]

        async def receive() -> dict[str, Any]:
            if not sent[0]:
                sent[0] = True
                return {"type": "http.request", "body": chunk, "more_body": True}
            most[0] = max(most[0], service.buffered)
            await asyncio.sleep(3600)  # stalled: ended by the read timeout
            raise AssertionError("not reached")

        async def send(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.start":
                statuses.append(message["status"])

        scope = {
            "type": "http",
            "method": "POST",
            "path": "/fhir/$validate",
            "query_string": b"",
            "headers": [(b"content-type", b"application/fhir+json")],
        }
        await service(scope, receive, send)

    async def all_of_them() -> None:
        await asyncio.gather(*(one() for _ in range(count)))

    asyncio.run(all_of_them())
    return statuses, most[0]


def test_stalled_uploads_hold_at_most_the_buffer_bound_and_time_out() -> None:
    service = Service(ServiceConfig(workers=0, max_buffered_bytes=100_000, read_timeout=0.3))
    statuses, most = _stalled_uploads(service, 10, b"x" * 30_000)
    assert most <= 100_000  # three bodies fit; the other seven were refused instead of held
    assert sorted(statuses) == [408] * 3 + [503] * 7
    assert service.buffered == 0  # everything held was given back


def _worker_pids(service_pid: int) -> list[int]:
    """The validation workers of the service process (spawned children running spawn_main)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        parent = next((line.split()[1] for line in status.splitlines() if line.startswith("PPid:")), "")
        if parent == str(service_pid) and b"spawn_main" in command:
            found.append(int(entry.name))
    return found


def _exited(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return True
    return any(line.startswith("State:") and "Z" in line.split()[1] for line in status.splitlines())


def test_workers_killed_from_outside_are_replaced_without_failing_a_request(tmp_path: Path) -> None:
    import os
    import signal

    # A generous --timeout: a request waits for a replacement worker to start, which on a loaded machine
    # takes longer than the default 10 s (CI saw 503 there); what is tested is that none fails.
    with running("--workers", "2", "--timeout", "120", tmp=tmp_path) as srv:
        assert srv.pid is not None
        workers = _worker_pids(srv.pid)
        assert len(workers) == 2
        for pid in workers:
            os.kill(pid, signal.SIGKILL)
        for _ in range(600):  # until each has exited: a zombie or gone (its command line empties earlier)
            if all(_exited(pid) for pid in workers):
                break
            time.sleep(0.05)
        statuses = [srv.post("/fhir/$validate", PATIENT).status for _ in range(3)]
        replaced = _worker_pids(srv.pid)
    assert statuses == [200, 200, 200]
    assert len(replaced) == 2 and not set(replaced) & set(workers)


@pytest.mark.parametrize(
    ("path", "status", "quoted"),
    [
        ("/fhir/Patient/$validate", 400, "resource is a x\udfff y"),
        ("/fhir/$validate", 200, "json-lone-surrogate"),
        ("/validate", 200, "json-lone-surrogate"),
    ],
)
def test_a_lone_surrogate_quoted_from_the_payload_is_answered_as_json(path: str, status: int, quoted: str) -> None:
    """Found by the fuzz test: an answer quoting it could not be encoded as UTF-8 (an exception, no answer)."""
    import asyncio

    from journalloft.service.app import Service, ServiceConfig

    service = Service(ServiceConfig(workers=0))
    sent: list[dict[str, Any]] = []
    chunks = [b'{"resourceType": "x\\udfff y", "id": "\\ud800"}']

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": chunks.pop() if chunks else b"", "more_body": False}

    async def send(message: MutableMapping[str, Any]) -> None:
        sent.append(dict(message))

    headers = [(b"content-type", b"application/fhir+json")]
    asyncio.run(
        service(
            {"type": "http", "method": "POST", "path": path, "query_string": b"", "headers": headers}, receive, send
        )
    )
    assert sent[0]["status"] == status
    answer = json.loads(sent[1]["body"])  # valid UTF-8 and JSON; the surrogate as JSON's \\uXXXX escape
    assert quoted in json.dumps(answer, ensure_ascii=False)


def test_connections_beyond_the_bound_get_503_at_once_and_the_service_recovers(tmp_path: Path) -> None:
    """Stalled uploads hold connections (and uvicorn's buffer for each); past --max-connections, 503 at once."""
    with running("--workers", "0", "--max-connections", "4", "--read-timeout", "30", tmp=tmp_path) as srv:
        stalled = []
        for _ in range(12):
            sock = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
            head = b"POST /validate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            sock.sendall(head + b"Content-Length: 100000\r\n\r\n" + b" " * 1000)
            stalled.append(sock)
        refused = 0
        for sock in stalled:
            sock.settimeout(1.0)
            with contextlib.suppress(TimeoutError):  # a held upload is still waiting for the rest of its body
                refused += sock.recv(64).startswith(b"HTTP/1.1 503")
        assert refused >= 12 - 4  # at most --max-connections uploads are held
        for sock in stalled:
            sock.close()
        deadline = time.monotonic() + 10
        while srv.post("/validate", PATIENT).status != 200:
            assert time.monotonic() < deadline, "the service did not recover after the stalled uploads closed"
            time.sleep(0.2)
