"""The build cache of SUSHI projects loaded with ``--ig``: an unambiguous key, a checked build.

A SUSHI project is compiled once (:func:`journalloft.fhir.build.run_sushi`, lenient) and its output
kept in ``<cache>/ig/<key>/`` with a ``build.json`` (see :mod:`journalloft.fhir.sushi_home` for
where ``<cache>`` is). The key is the SHA-256 of a JSON document listing the cache format, the SUSHI
version and every input file (``sushi-config.yaml`` and everything under ``input/``) as its relative
path with the SHA-256 of its content: JSON quotes each path and each hash is fixed-length, so two
different projects cannot share a key by moving bytes from one file name or file into another.

A cached build is used only after it has been checked: ``build.json`` must be ours (the same format
and key, the expected field types) and every file it lists must be a regular file with the SHA-256
it recorded. Anything else (a tampered, truncated or foreign folder) is rebuilt, never trusted.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from journalloft.fhir.build import BuildError, read_sushi_config, run_sushi, sushi_version
from journalloft.fhir.sushi_home import cache_root

CACHE_FORMAT = "2"
_MAX_BUILD_JSON_BYTES = 16 * 1024 * 1024
_MAX_FILE_BYTES = 64 * 1024 * 1024
_FILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*\.json")


@dataclass(frozen=True)
class SushiBuild:
    """A checked build: its cache key, the package name and version, SUSHI's output files."""

    key: str
    name: str
    version: str
    files: dict[str, bytes]
    warnings: tuple[str, ...]


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def input_files(project: Path) -> list[Path]:
    """The files SUSHI may read: the config and every regular file under ``input/`` (no links, no devices)."""
    candidates = [project / "sushi-config.yaml", *sorted((project / "input").rglob("*"))]
    return [path for path in candidates if path.is_file() and not path.is_symlink()]


def cache_key(project: Path, generator_version: str) -> str:
    listing = [[path.relative_to(project).as_posix(), _file_sha256(path)] for path in input_files(project)]
    document = {"format": CACHE_FORMAT, "sushi": generator_version, "files": listing}
    return hashlib.sha256(json.dumps(document, sort_keys=True).encode("utf-8")).hexdigest()


def cached_build(project: Path) -> SushiBuild:
    """The checked build of ``project`` from the cache, built (or rebuilt) first when needed."""
    key = cache_key(project, sushi_version())
    folder = cache_root() / "ig" / key
    found = checked(folder, key)
    if found is None:
        _build_into(project, folder, key)
        found = checked(folder, key)
        if found is None:
            raise BuildError(f"{folder}: the build just written does not pass its own check")
    return found


def checked(folder: Path, key: str) -> SushiBuild | None:
    """The build in ``folder`` when it is complete and unchanged since it was written, else None."""
    info = _build_info(folder / "build.json")
    if info is None or info.get("format") != CACHE_FORMAT or info.get("key") != key:
        return None
    name, version, listed, warnings = info.get("name"), info.get("version"), info.get("files"), info.get("warnings")
    if not (isinstance(name, str) and isinstance(version, str) and isinstance(listed, dict)):
        return None
    if not isinstance(warnings, list) or not all(isinstance(w, str) for w in warnings):
        return None
    files: dict[str, bytes] = {}
    for file_name, expected in listed.items():
        if not isinstance(expected, str) or not _FILE_NAME.fullmatch(file_name):
            return None
        data = _regular_file_bytes(folder / file_name)
        if data is None or hashlib.sha256(data).hexdigest() != expected:
            return None
        files[file_name] = data
    return SushiBuild(key, name, version, files, tuple(warnings))


def _build_info(path: Path) -> dict[str, Any] | None:
    data = _regular_file_bytes(path, _MAX_BUILD_JSON_BYTES)
    if data is None:
        return None
    try:
        value = json.loads(data)
    except (ValueError, RecursionError):
        return None
    return value if isinstance(value, dict) else None


def _regular_file_bytes(path: Path, limit: int = _MAX_FILE_BYTES) -> bytes | None:
    """The content of a regular file (not a link, device or FIFO) of at most ``limit`` bytes, else None."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode) or status.st_size > limit:
            return None
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(limit + 1)
        return data if len(data) <= limit else None
    finally:
        os.close(fd)


def _build_into(project: Path, target: Path, key: str) -> None:
    """Run SUSHI (lenient) and put its output plus ``build.json`` at ``target``, replacing what is there."""
    config = read_sushi_config(project)
    result = run_sushi(project, strict=False)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".build-", dir=target.parent))
    retired = Path(tempfile.mkdtemp(prefix=".retired-", dir=target.parent))
    try:
        for name, data in result.resources.items():
            (staging / name).write_bytes(data)
        info = {
            "format": CACHE_FORMAT,
            "key": key,
            "name": str(config.get("packageId") or config.get("id") or project.name),
            "version": str(config.get("version", "")),
            "source": str(project.resolve()),
            "sushi": result.version,
            "files": {name: hashlib.sha256(data).hexdigest() for name, data in sorted(result.resources.items())},
            "warnings": list(result.warnings),
        }
        (staging / "build.json").write_text(json.dumps(info, indent=2) + "\n", "utf-8")
        if target.exists() or target.is_symlink():
            # A build folder under our own cache that failed its check: moved aside, then removed.
            os.rename(target, retired / "old")
        try:
            os.rename(staging, target)
        except OSError:
            if checked(target, key) is None:  # not just a concurrent build that finished first
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(retired, ignore_errors=True)
