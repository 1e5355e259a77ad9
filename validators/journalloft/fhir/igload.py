"""Load implementation guides published by others: FHIR packages and SUSHI projects (``--ig``).

Three layouts are accepted, as they are found in the wild:

- a FHIR NPM package as a ``.tgz`` (``package/package.json`` plus resources in ``package/``, examples
  in ``package/example/``);
- the same package unpacked into a folder (``<dir>/package/package.json``), which is also how the
  FHIR package cache ``~/.fhir/packages/<id>#<version>/`` stores it;
- a SUSHI project folder (``sushi-config.yaml`` plus ``input/fsh/``). It is compiled with our own
  offline SUSHI pipeline (:mod:`journalloft.fhir.build`) in lenient mode: SUSHI's warnings are kept
  and reported, only its errors stop the load. The output is cached under
  ``$JOURNALLOFT_CACHE`` (else ``$XDG_CACHE_HOME/journalloft``, else ``~/.cache/journalloft``) in a
  folder named by the hash of the inputs and the SUSHI version, so a second run does not rebuild.

A dependency is named either by a path or as ``<package-id>#<version>``, looked up in the local FHIR
package cache (``$JOURNALLOFT_FHIR_HOME/.fhir/packages``, else ``~/.fhir/packages``); nothing is
downloaded.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import tarfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from journalloft.fhir.build import BuildError
from journalloft.fhir.ig_shape import shape_problem
from journalloft.fhir.ig_sushi import cached_build
from journalloft.fhir.sushi_home import fhir_home
from journalloft.specs import SpecError

_MAX_MEMBER_BYTES = 64 * 1024 * 1024  # one resource file; core's largest is ~3 MB
MAX_PACKAGE_MEMBERS = 20_000
"""Members of a package .tgz (every kind), or JSON files of an unpacked package; R4 core has 4,600."""
MAX_PACKAGE_BYTES = 256 * 1024 * 1024
"""Bytes of all members of a package .tgz, or of its JSON files unpacked; R4's 5,300 examples hold 188 MB."""
MAX_RESOURCE_DEPTH = 200
"""Nesting of objects and arrays in one resource file of a package; HL7's deepest R4 example has 20."""


class IgError(SpecError):
    """An IG or package cannot be loaded; the message names the path and the reason (exit status 2)."""


@dataclass(frozen=True)
class LoadedIg:
    """One loaded IG or package. Equal (and hashable) by its content key, so engines can be cached."""

    key: str
    name: str
    version: str
    source: str
    resources: tuple[dict[str, Any], ...] = field(compare=False, repr=False)
    """Every resource of the package (conformance resources and examples)."""
    warnings: tuple[str, ...] = field(default=(), compare=False)
    """SUSHI's warnings when the IG was built from FSH."""

    @property
    def label(self) -> str:
        return f"{self.name}#{self.version}"


def load_ig(reference: str | os.PathLike[str], base: Path | None = None) -> LoadedIg:
    """Load the IG named by ``reference``: a path (relative to ``base`` when given) or ``id#version``."""
    text = os.fspath(reference)
    path = Path(text)
    if base is not None and not path.is_absolute():
        path = base / path
    if not path.exists() and "#" in text and "/" not in text:
        path = package_cache_dir(text)
        if not path.exists():
            raise IgError(
                f"{text}: package not found in the local FHIR package cache ({path}); "
                "give the path of the package (.tgz or folder) instead"
            )
    if not path.exists():
        raise IgError(f"{text}: no such file or folder")
    if path.is_file():
        if path.name.endswith((".tgz", ".tar.gz")):
            return _from_tarball(path)
        raise IgError(f"{path}: not a FHIR package (.tgz) nor a folder")
    if (path / "package" / "package.json").is_file():
        return _from_folder(path / "package", path)
    if (path / "package.json").is_file() and path.name == "package":
        return _from_folder(path, path)
    if (path / "sushi-config.yaml").is_file():
        return _from_sushi(path)
    raise IgError(f"{path}: neither a FHIR package (package/package.json) nor a SUSHI project (sushi-config.yaml)")


def load_igs(references: Iterable[str | os.PathLike[str]], base: Path | None = None) -> tuple[LoadedIg, ...]:
    return tuple(load_ig(reference, base) for reference in references)


def package_cache_dir(package: str) -> Path:
    name, _, version = package.partition("#")
    return fhir_home() / ".fhir" / "packages" / f"{name}#{version}"


# --- packages ------------------------------------------------------------------------------------


def _manifest(raw: bytes, where: str) -> dict[str, Any]:
    try:
        manifest = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise IgError(f"{where}: package.json is not JSON ({_json_problem(exc)})") from None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("name"), str):
        raise IgError(f"{where}: package.json has no package name")
    return manifest


def _resource(raw: bytes, where: str) -> dict[str, Any] | None:
    """A resource file's content, or None for JSON that is not a FHIR resource (other package files)."""
    try:
        # As the core definitions are read: decimals exact, and NaN or Infinity (not JSON) refused.
        value = json.loads(raw, parse_float=Decimal, parse_constant=_not_a_number)
    except (ValueError, RecursionError) as exc:
        raise IgError(f"{where}: not JSON ({_json_problem(exc)})") from None
    if _depth_exceeds(value, MAX_RESOURCE_DEPTH):
        raise IgError(
            f"{where}: nested more than {MAX_RESOURCE_DEPTH} levels deep (the bound for a resource in a package)"
        )
    if isinstance(value, dict) and isinstance(value.get("resourceType"), str):
        problem = shape_problem(value)
        if problem is not None:
            raise IgError(f"{where}: {value['resourceType']}.{problem}, as FHIR R4 defines the field")
        return value
    return None


def _not_a_number(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _json_problem(exc: Exception) -> str:
    if isinstance(exc, RecursionError):
        return f"nested more than {MAX_RESOURCE_DEPTH} levels deep, the bound for a resource in a package"
    return str(exc)


def _depth_exceeds(value: Any, limit: int) -> bool:
    """Whether objects and arrays in ``value`` nest deeper than ``limit`` (iterative: no recursion)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else None
        if children is None:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return False


def _wanted_member(name: str) -> bool:
    """``package/<file>.json`` and ``package/example/<file>.json``, nothing else (no path tricks)."""
    parts = name.split("/")
    if not name.endswith(".json") or parts[0] != "package" or ".." in parts:
        return False
    return len(parts) == 2 or (len(parts) == 3 and parts[1] == "example")


def _over_bound(where: Path, what: str, bound: int) -> IgError:
    return IgError(
        f"{where}: the package holds more than {bound:,} {what} (the bound for a package loaded with --ig); "
        "load only the packages the profiles need"
    )


def _from_tarball(path: Path) -> LoadedIg:
    manifest: dict[str, Any] | None = None
    resources: list[dict[str, Any]] = []
    digest = hashlib.sha256()
    members = total = 0
    try:
        with path.open("rb") as whole:
            for block in iter(lambda: whole.read(1 << 20), b""):
                digest.update(block)
        with tarfile.open(path, "r:gz") as archive:
            for member in archive:
                members += 1
                total += max(member.size, 0)
                if members > MAX_PACKAGE_MEMBERS:
                    raise _over_bound(path, "members", MAX_PACKAGE_MEMBERS)
                if total > MAX_PACKAGE_BYTES:
                    raise _over_bound(path, "bytes (unpacked)", MAX_PACKAGE_BYTES)
                if not member.isfile() or member.size > _MAX_MEMBER_BYTES:
                    continue
                name = member.name.removeprefix("./")
                if not _wanted_member(name) or Path(name).name.startswith("."):
                    continue
                handle = archive.extractfile(member)
                if handle is None:
                    continue
                raw = handle.read()
                if name == "package/package.json":
                    manifest = _manifest(raw, f"{path}!{name}")
                    continue
                resource = _resource(raw, f"{path}!{name}")
                if resource is not None:
                    resources.append(resource)
    except (OSError, tarfile.TarError, EOFError, RecursionError, zlib.error) as exc:
        raise IgError(f"{path}: cannot read the package ({exc})") from None
    if manifest is None:
        raise IgError(f"{path}: no package/package.json in the archive (not a FHIR package)")
    return LoadedIg(
        digest.hexdigest(), manifest["name"], str(manifest.get("version", "")), str(path), tuple(resources)
    )


def _from_folder(package_dir: Path, shown: Path) -> LoadedIg:
    manifest = _manifest(_read(package_dir / "package.json"), str(package_dir / "package.json"))
    digest = hashlib.sha256()
    resources: list[dict[str, Any]] = []
    files = sorted(package_dir.glob("*.json")) + sorted((package_dir / "example").glob("*.json"))
    if len(files) > MAX_PACKAGE_MEMBERS:
        raise _over_bound(shown, "JSON files", MAX_PACKAGE_MEMBERS)
    total = 0
    for file in files:
        if file.name == "package.json" or file.name.startswith("."):
            continue
        raw = _read(file, MAX_PACKAGE_BYTES - total)
        total += len(raw)
        digest.update(
            json.dumps([file.relative_to(package_dir).as_posix(), hashlib.sha256(raw).hexdigest()]).encode("utf-8")
        )
        resource = _resource(raw, str(file))
        if resource is not None:
            resources.append(resource)
    version = str(manifest.get("version", ""))
    return LoadedIg(digest.hexdigest(), manifest["name"], version, str(shown), tuple(resources))


def _read(path: Path, budget: int = _MAX_MEMBER_BYTES) -> bytes:
    """A package file's bytes: a regular file only (never a link, device or FIFO), within ``budget`` bytes."""
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; O_NOFOLLOW: a link is refused.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        if path.is_symlink():
            raise IgError(f"{path}: a symbolic link; package files must be regular files") from None
        raise IgError(f"{path}: cannot be read ({exc})") from None
    try:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode):
            raise IgError(f"{path}: not a regular file (a FIFO, device or folder); package files must be regular files")
        limit = min(budget, _MAX_MEMBER_BYTES)
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise IgError(f"{path}: cannot be read ({exc})") from None
    finally:
        os.close(fd)
    if len(data) > limit:
        if limit < _MAX_MEMBER_BYTES:
            raise _over_bound(path.parent, "bytes", MAX_PACKAGE_BYTES)
        raise IgError(f"{path}: larger than {_MAX_MEMBER_BYTES:,} bytes, the bound for one file of a package")
    return data


# --- SUSHI projects ------------------------------------------------------------------------------


def _from_sushi(project: Path) -> LoadedIg:
    try:
        build = cached_build(project)
    except BuildError as exc:
        raise IgError(str(exc)) from None
    except OSError as exc:
        raise IgError(f"{project}: cannot use the build cache ({exc})") from exc
    resources = []
    for name, data in sorted(build.files.items()):
        resource = _resource(data, f"{project} (SUSHI output {name})")
        if resource is not None:
            resources.append(resource)
    return LoadedIg(build.key, build.name, build.version, str(project), tuple(resources), build.warnings)
