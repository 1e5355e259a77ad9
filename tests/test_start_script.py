"""scripts/start refuses a busy port with a message naming another, before any setup or build."""

from __future__ import annotations

import socket
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _start(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(ROOT / "scripts" / "start"), *args], capture_output=True, text=True, timeout=30, check=False
    )


def test_busy_port_is_reported_without_a_traceback() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        proc = _start("--port", str(port))
    assert proc.returncode == 2
    assert f"port {port} on 127.0.0.1 is already in use" in proc.stderr
    assert f"scripts/start --port {port + 1}" in proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    assert proc.stdout == ""  # nothing was set up or built


def test_bad_port_arguments_are_usage_errors() -> None:
    assert "port must be a number" in _start("--port", "nittito").stderr
    assert _start("--verbose").returncode == 2
