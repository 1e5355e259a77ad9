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
import shutil
import tarfile
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from journalloft.fhir.build import BuildError, fhir_home, inputs_digest, run_sushi, sushi_version
from journalloft.specs import SpecError

CACHE_FORMAT = "1"
_MAX_MEMBER_BYTES = 64 * 1024 * 1024  # one resource file; core's largest is ~3 MB


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


def cache_root() -> Path:
    configured = os.environ.get("JOURNALLOFT_CACHE")
    if configured:
        return Path(configured)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "journalloft"


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
    except ValueError as exc:
        raise IgError(f"{where}: package.json is not JSON ({exc})") from exc
    if not isinstance(manifest, dict) or not isinstance(manifest.get("name"), str):
        raise IgError(f"{where}: package.json has no package name")
    return manifest


def _resource(raw: bytes, where: str) -> dict[str, Any] | None:
    """A resource file's content, or None for JSON that is not a FHIR resource (other package files)."""
    try:
        value = json.loads(raw)
    except ValueError as exc:
        raise IgError(f"{where}: not JSON ({exc})") from exc
    if isinstance(value, dict) and isinstance(value.get("resourceType"), str):
        return value
    return None


def _wanted_member(name: str) -> bool:
    """``package/<file>.json`` and ``package/example/<file>.json``, nothing else (no path tricks)."""
    parts = name.split("/")
    if not name.endswith(".json") or parts[0] != "package" or ".." in parts:
        return False
    return len(parts) == 2 or (len(parts) == 3 and parts[1] == "example")


def _from_tarball(path: Path) -> LoadedIg:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    manifest: dict[str, Any] | None = None
    resources: list[dict[str, Any]] = []
    try:
        with tarfile.open(path, "r:gz") as archive:
            for member in archive:
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
    except (OSError, tarfile.TarError, EOFError) as exc:
        raise IgError(f"{path}: cannot read the package ({exc})") from exc
    if manifest is None:
        raise IgError(f"{path}: no package/package.json in the archive (not a FHIR package)")
    return LoadedIg(digest, manifest["name"], str(manifest.get("version", "")), str(path), tuple(resources))


def _from_folder(package_dir: Path, shown: Path) -> LoadedIg:
    manifest = _manifest(_read(package_dir / "package.json"), str(package_dir / "package.json"))
    digest = hashlib.sha256()
    resources: list[dict[str, Any]] = []
    files = sorted(package_dir.glob("*.json")) + sorted((package_dir / "example").glob("*.json"))
    for file in files:
        if file.name == "package.json" or file.name.startswith("."):
            continue
        raw = _read(file)
        digest.update(file.relative_to(package_dir).as_posix().encode("utf-8") + b"\0" + raw + b"\0")
        resource = _resource(raw, str(file))
        if resource is not None:
            resources.append(resource)
    version = str(manifest.get("version", ""))
    return LoadedIg(digest.hexdigest(), manifest["name"], version, str(shown), tuple(resources))


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise IgError(f"{path}: cannot be read ({exc})") from exc


# --- SUSHI projects ------------------------------------------------------------------------------


def _from_sushi(project: Path) -> LoadedIg:
    try:
        key = hashlib.sha256(f"{CACHE_FORMAT}\0{sushi_version()}\0{inputs_digest(project)}".encode()).hexdigest()
        cached = cache_root() / "ig" / key
        if not (cached / "build.json").is_file():
            _build_into(project, cached)
        info = json.loads((cached / "build.json").read_text("utf-8"))
    except BuildError as exc:
        raise IgError(str(exc)) from None
    except (OSError, ValueError) as exc:
        raise IgError(f"{project}: cannot use the build cache ({exc})") from exc
    resources = []
    for name in info["files"]:
        resource = _resource(_read(cached / name), str(cached / name))
        if resource is not None:
            resources.append(resource)
    return LoadedIg(key, info["name"], info["version"], str(project), tuple(resources), tuple(info["warnings"]))


def _build_into(project: Path, target: Path) -> None:
    """Run SUSHI (lenient) and write its output plus ``build.json`` into ``target``, atomically."""
    from journalloft.fhir.build import read_sushi_config

    config = read_sushi_config(project)
    result = run_sushi(project, strict=False)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".build-", dir=target.parent))
    try:
        for name, data in result.resources.items():
            (staging / name).write_bytes(data)
        info = {
            "name": str(config.get("packageId") or config.get("id") or project.name),
            "version": str(config.get("version", "")),
            "source": str(project.resolve()),
            "sushi": result.version,
            "files": sorted(result.resources),
            "warnings": list(result.warnings),
        }
        (staging / "build.json").write_text(json.dumps(info, indent=2) + "\n", "utf-8")
        try:
            os.rename(staging, target)
        except OSError:
            if not (target / "build.json").is_file():  # not just a concurrent build that finished first
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
