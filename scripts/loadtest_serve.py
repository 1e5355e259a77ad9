"""Bounded local load test of ``journalloft serve``: concurrent clients on 127.0.0.1, no failed request.

Usage: .venv/bin/python scripts/loadtest_serve.py [--requests N] [--clients C] [--max-seconds S] [--json]

Starts the service itself (``journalloft serve`` from the environment of the Python running this
script, or the ``journalloft`` on PATH) on 127.0.0.1 on a free port with the access log off, waits
for ``GET /health``, and sends N requests (default 2,000) from C concurrent clients (default 8
threads, each with its own keep-alive connection), after one untimed warm-up pass: the FHIR example
payloads under examples/ in turn, to ``POST /fhir/$validate``. Every answer must be 200 with an
OperationOutcome; anything else (another status, a reset, a timeout) is a failed request. The run is
bounded in count and in time (--max-seconds, default 300: the clients stop sending then and the run
fails) and only ever talks to the loopback address. The service is stopped at the end, whatever
happened.

Prints requests/s and latency percentiles (p50, p95, p99, max) over all requests; exits 1 when any
request failed or the time ran out. The service validates in its worker processes (``--workers``,
default 2; see journalloft.service.workers); the clients share the machine with them, so the figures
are a floor.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from measurement import add_json_option, emit

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"  # never anything but the loopback address


def payloads() -> list[bytes]:
    """Every FHIR example (valid and invalid) that is a parseable JSON resource."""
    found = []
    for path in sorted((ROOT / "examples").rglob("*.json")):
        try:
            value = json.loads(path.read_bytes())
        except ValueError:
            continue
        if isinstance(value, dict) and "resourceType" in value:
            found.append(path.read_bytes())
    return found


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def _command() -> str:
    local = Path(sys.executable).parent / "journalloft"
    found = str(local) if local.exists() else shutil.which("journalloft")
    if found is None:
        raise SystemExit("loadtest: no journalloft command found (run scripts/setup)")
    return found


def _wait_healthy(port: int, proc: subprocess.Popen[bytes], limit: float) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"loadtest: the service exited with status {proc.returncode}")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=5)
            conn.request("GET", "/health")
            if conn.getresponse().status == 200:
                conn.close()
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("loadtest: the service did not become healthy")


def _warm_up(port: int, bodies: list[bytes]) -> None:
    """Send each payload once, untimed: loading a spec's profiles on first use is start-up, not load."""
    conn = http.client.HTTPConnection(HOST, port, timeout=60)
    try:
        for body in bodies:
            conn.request("POST", "/fhir/$validate", body, {"Content-Type": "application/fhir+json"})
            conn.getresponse().read()
    finally:
        conn.close()


def run(requests: int, clients: int, max_seconds: float) -> dict[str, float]:  # noqa: PLR0915 - one server's start, load, measures and stop, read top to bottom
    bodies = payloads()
    port = _free_port()
    proc = subprocess.Popen(
        [_command(), "serve", "--host", HOST, "--port", str(port), "--no-access-log", "--log-level", "warning"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_healthy(port, proc, 60)
        _warm_up(port, bodies)
        counter = itertools.count()
        lock = threading.Lock()
        latencies: list[float] = []
        failures: list[str] = []
        deadline = time.monotonic() + max_seconds

        def client() -> None:
            conn = http.client.HTTPConnection(HOST, port, timeout=60)
            try:
                while True:
                    index = next(counter)
                    if index >= requests or time.monotonic() > deadline:
                        return
                    body = bodies[index % len(bodies)]
                    started = time.perf_counter()
                    try:
                        conn.request("POST", "/fhir/$validate", body, {"Content-Type": "application/fhir+json"})
                        response = conn.getresponse()
                        answer = response.read()
                        ok = response.status == 200 and b'"OperationOutcome"' in answer
                        problem = "" if ok else f"status {response.status}"
                    except (OSError, http.client.HTTPException) as exc:
                        problem = type(exc).__name__
                        conn.close()
                        conn = http.client.HTTPConnection(HOST, port, timeout=60)
                    elapsed = time.perf_counter() - started
                    with lock:
                        if problem:
                            failures.append(problem)
                        else:
                            latencies.append(elapsed)
            finally:
                conn.close()

        started = time.perf_counter()
        threads = [threading.Thread(target=client) for _ in range(clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - started
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    done = len(latencies) + len(failures)
    cuts = statistics.quantiles(latencies, n=100, method="inclusive") if len(latencies) >= 2 else [0.0] * 99
    return {
        "requests": done,
        "asked": requests,
        "clients": clients,
        "failed": len(failures) + (requests - done),
        "seconds": wall,
        "per_second": done / wall if wall else 0.0,
        "p50_ms": cuts[49] * 1000,
        "p95_ms": cuts[94] * 1000,
        "p99_ms": cuts[98] * 1000,
        "max_ms": max(latencies, default=0.0) * 1000,
        "payloads": len(bodies),
        "cpus": os.cpu_count() or 0,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2_000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--max-seconds", type=float, default=300.0)
    add_json_option(parser)
    args = parser.parse_args(argv)
    if args.requests <= 0 or args.clients <= 0 or args.max_seconds <= 0:
        parser.error("--requests, --clients and --max-seconds must be positive")
    figures = run(args.requests, args.clients, args.max_seconds)
    emit(args.json, figures)
    if args.json != "-":
        print(
            f"journalloft serve, POST /fhir/$validate on {HOST}: {figures['requests']:,.0f} requests "
            f"({figures['payloads']} example payloads) from {args.clients} concurrent clients, "
            f"{figures['failed']:,.0f} failed\n"
            f"  throughput {figures['per_second']:,.0f} requests/s over {figures['seconds']:.1f} s "
            f"({figures['cpus']} CPUs shared by service and clients)\n"
            f"  latency p50 {figures['p50_ms']:.1f} ms, p95 {figures['p95_ms']:.1f} ms, "
            f"p99 {figures['p99_ms']:.1f} ms, max {figures['max_ms']:.1f} ms"
        )
    return 1 if figures["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
