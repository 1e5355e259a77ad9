"""Wheels with bytecode instead of source, for the page "Valider i nettleseren".

Pyodide compiles a module the first time it is imported, in the reader's browser, every visit: about
0.5 s of the validator's start. :func:`compile_wheels` does it once, at site-build time, with
Pyodide's own CPython run by Node.js (``pyodide_compile.mjs``; bytecode belongs to one Python minor
version, so the host's Python cannot do it). In each wheel every ``X.py`` that compiles is replaced by
``X.pyc`` (an unchecked-hash pyc: no timestamp, the same bytes for the same source), which Python
imports when no source is beside it, and RECORD is rewritten to match. Entries keep their order and
dates, so the same wheels give the same bytes.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

COMPILER = Path(__file__).with_name("pyodide_compile.mjs")
COMPILE_TIMEOUT = 300


class CompileError(RuntimeError):
    """Node.js is missing or Pyodide could not compile; the message says which."""


def compile_wheels(wheels: dict[str, bytes], runtime: Path) -> dict[str, bytes]:
    """``wheels`` (file name -> bytes) with bytecode for source, compiled by the Pyodide in ``runtime``."""
    node = shutil.which("node")
    if node is None:
        raise CompileError("Node.js (node) is needed to compile the browser wheels; scripts/setup installs npm tools")
    with tempfile.TemporaryDirectory(prefix="journalloft-pyc-") as work:
        folder = Path(work)
        for index, content in enumerate(wheels.values()):
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                for info in archive.infolist():
                    if info.filename.endswith(".py") and not info.is_dir():
                        target = folder / str(index) / info.filename
                        target.parent.mkdir(parents=True, exist_ok=True)
                        target.write_bytes(archive.read(info))
        proc = subprocess.run(
            [node, str(COMPILER), str(runtime), str(folder)],
            capture_output=True,
            text=True,
            timeout=COMPILE_TIMEOUT,
            check=False,
        )
        if proc.returncode != 0:
            raise CompileError(f"Pyodide could not compile the wheels: {proc.stderr[-2000:]}")
        json.loads(proc.stdout.strip().splitlines()[-1])  # the script's summary: it ran to the end
        return {name: _rewrite(content, folder / str(index)) for index, (name, content) in enumerate(wheels.items())}


def _rewrite(wheel: bytes, compiled: Path) -> bytes:
    out = io.BytesIO()
    record_name = None
    record_rows: list[str] = []
    with zipfile.ZipFile(io.BytesIO(wheel)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename.endswith(".dist-info/RECORD"):
                record_name = info.filename
                record_info = info
                continue
            name, data = info.filename, source.read(info)
            pyc = compiled / (info.filename + "c")
            if info.filename.endswith(".py") and pyc.is_file():
                name, data = info.filename + "c", pyc.read_bytes()
            entry = zipfile.ZipInfo(name, date_time=info.date_time)
            entry.external_attr = info.external_attr
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, data)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            record_rows.append(f"{name},sha256={digest},{len(data)}")
        if record_name is None:
            raise CompileError("a wheel without RECORD")
        record_rows.append(f"{record_name},,")
        entry = zipfile.ZipInfo(record_name, date_time=record_info.date_time)
        entry.external_attr = record_info.external_attr
        entry.compress_type = zipfile.ZIP_DEFLATED
        target.writestr(entry, "\n".join(record_rows) + "\n")
    return out.getvalue()
