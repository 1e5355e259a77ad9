"""Wheels of the distributions installed in this environment, rebuilt from their installed files, offline.

Tests install the validator's wheel into a fresh virtual environment with ``pip install --no-index
--find-links WHEELHOUSE``: nothing comes from this checkout or this environment's site-packages
except through these wheels, and pip itself resolves the wheel's declared dependencies, so a missing
or wrong requirement fails the install. No network is used: each wheel is packed from the files its
distribution's RECORD lists (the same files pip installed from PyPI's wheel), with its own WHEEL tags,
so a compiled distribution keeps its platform tag.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import re
import zipfile
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name


def requirements_closure(roots: list[str], extras: tuple[str, ...] = ()) -> list[metadata.Distribution]:
    """The installed distributions ``roots`` need (with ``extras`` of the roots), recursively."""
    seen: dict[str, metadata.Distribution] = {}
    todo = [(name, extras) for name in roots]
    while todo:
        name, wanted = todo.pop()
        key = canonicalize_name(name)
        if key in seen and not wanted:
            continue
        dist = metadata.distribution(name)
        seen[key] = dist
        for line in dist.requires or []:
            req = Requirement(line)
            environments = [{"extra": e} for e in wanted] or [{"extra": ""}]
            applies = req.marker is None or any(req.marker.evaluate(env) for env in environments)
            if applies and canonicalize_name(req.name) not in seen:
                todo.append((req.name, tuple(req.extras)))
    return list(seen.values())


def repack(dist: metadata.Distribution, out: Path) -> Path:
    """Write ``dist`` as a wheel into ``out`` from its installed files; returns the wheel's path."""
    base = Path(str(dist.locate_file("")))
    info = next(p for p in (dist.files or []) if p.parts[0].endswith(".dist-info"))
    info_dir = info.parts[0]
    wheel_meta = (base / info_dir / "WHEEL").read_text(encoding="utf-8")
    tags = re.findall(r"^Tag: (\S+)$", wheel_meta, re.MULTILINE)
    python_tag, abi_tag, platform_tag = (".".join(sorted({t.split("-")[i] for t in tags})) for i in range(3))
    name = re.sub(r"[-_.]+", "_", dist.metadata["Name"])
    target = out / f"{name}-{dist.version}-{python_tag}-{abi_tag}-{platform_tag}.whl"
    record_rows: list[list[str]] = []
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in dist.files or []:
            path = str(item)
            if path.startswith("..") or "__pycache__" in item.parts or path.endswith((".pyc", "RECORD")):
                continue  # scripts outside site-packages are made again by the installer; bytecode too
            if item.parts[0] == info_dir and item.name in ("INSTALLER", "REQUESTED", "direct_url.json"):
                continue
            data = (base / path).read_bytes()
            archive.writestr(path, data)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            record_rows.append([path, f"sha256={digest}", str(len(data))])
        record_rows.append([f"{info_dir}/RECORD", "", ""])
        text = io.StringIO()
        csv.writer(text, lineterminator="\n").writerows(record_rows)
        archive.writestr(f"{info_dir}/RECORD", text.getvalue())
    return target


def build(roots: list[str], out: Path, *, skip: tuple[str, ...] = ("journalloft",)) -> list[str]:
    """Repack the closure of ``roots`` into ``out``, but not ``skip`` (the project under test, installed
    here as an editable checkout, comes from its own wheel); returns the distribution names."""
    out.mkdir(parents=True, exist_ok=True)
    names = []
    for dist in requirements_closure(roots):
        if canonicalize_name(dist.metadata["Name"]) in {canonicalize_name(s) for s in skip}:
            continue
        repack(dist, out)
        names.append(dist.metadata["Name"])
    return sorted(names)
