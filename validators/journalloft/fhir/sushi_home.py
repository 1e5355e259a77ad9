"""SUSHI's private home: the FHIR package cache it reads, kept inside journalloft's own cache folder.

SUSHI (npm ``fsh-sushi``) resolves the FHIR core package from ``$HOME/.fhir/packages`` (fsh-sushi
3.21.0 and fhir-package-loader 2.x both use Node's ``os.homedir()``; neither has a dedicated
override), and npm writes ``$HOME/.npm/_logs``. Other FHIR tools share the user's real
``~/.fhir/packages``, so SUSHI never runs with the user's home: it gets :func:`sushi_home`, a folder
under journalloft's cache (``$JOURNALLOFT_CACHE``, else ``$XDG_CACHE_HOME/journalloft``, else
``~/.cache/journalloft``), as ``HOME``, and npm's cache and logs, XDG folders included, point
there too (:func:`private_environment`). Nothing outside that folder is written, and nothing is
ever deleted that does not carry our seed marker.

The package ``hl7.fhir.r4.core`` is not on the npm registry and the FHIR package registry is not
reachable from our machines, so :func:`seed_fhir_cache` builds that home's core entry from the
conformance resources HL7 ships in the npm package ``hl7.fhir.r4.examples@4.0.1`` (CC0).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tarfile
import tempfile
from pathlib import Path

from journalloft.registry_cache import RegistryTarballMissing
from journalloft.registry_cache import tarball as registry_tarball

CORE_PACKAGE = "hl7.fhir.r4.core"
CORE_VERSION = "4.0.1"
SOURCE_PACKAGE = "hl7.fhir.r4.examples@4.0.1"
SEED_MARKER = ".journalloft-seed.json"

# Resource types that make up the conformance content of the real hl7.fhir.r4.core package.
CONFORMANCE_TYPES = frozenset(
    {
        "StructureDefinition",
        "ValueSet",
        "CodeSystem",
        "SearchParameter",
        "OperationDefinition",
        "CompartmentDefinition",
        "ConceptMap",
        "NamingSystem",
    }
)


class BuildError(Exception):
    """SUSHI, the spec layout or the seeding of SUSHI's home failed; the message says where and why."""


def cache_root() -> Path:
    """journalloft's own cache folder: IG builds (``ig/``) and SUSHI's private home live below it."""
    configured = os.environ.get("JOURNALLOFT_CACHE")
    if configured:
        return Path(configured)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "journalloft"


def sushi_home() -> Path:
    """The folder SUSHI (and npm under it) sees as ``HOME``; ``.fhir/packages`` lives below it."""
    return cache_root() / "sushi-home"


def fhir_home() -> Path:
    """Where ``<id>#<version>`` packages are looked up, read-only: ``$JOURNALLOFT_FHIR_HOME``, else home."""
    configured = os.environ.get("JOURNALLOFT_FHIR_HOME")
    return Path(configured) if configured else Path.home()


def private_environment(home: Path) -> dict[str, str]:
    """The process environment with every per-user folder Node, npm and SUSHI write to inside ``home``."""
    env = dict(os.environ)
    env["HOME"] = str(home)
    env["USERPROFILE"] = str(home)
    env["npm_config_cache"] = str(home / ".npm")
    env["npm_config_logs_dir"] = str(home / ".npm" / "_logs")
    env["npm_config_userconfig"] = str(home / ".npmrc")
    env["XDG_CACHE_HOME"] = str(home / ".cache")
    env["XDG_CONFIG_HOME"] = str(home / ".config")
    env["XDG_DATA_HOME"] = str(home / ".local" / "share")
    for name in [key for key in env if key.upper() in ("NPM_CONFIG_PREFIX", "FHIR_HOME")]:
        env.pop(name)
    return env


def core_package_dir(home: Path | None = None) -> Path:
    return (home or sushi_home()) / ".fhir" / "packages" / f"{CORE_PACKAGE}#{CORE_VERSION}" / "package"


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _marker_hash(package_dir: Path) -> str | None:
    """The tarball hash our seed marker records, or None when the entry is not one we seeded."""
    marker = package_dir / SEED_MARKER
    if not marker.is_file() or marker.is_symlink():
        return None
    try:
        value = json.loads(marker.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    recorded = value.get("sha256") if isinstance(value, dict) else None
    return recorded if isinstance(recorded, str) else None


def seed_fhir_cache(home: Path | None = None, tarball: Path | None = None) -> Path:
    """Make ``<home>/.fhir/packages/hl7.fhir.r4.core#4.0.1/package`` from the examples tarball.

    Idempotent: a marker records the tarball's SHA-256; a matching cache is left alone, and an entry
    of ours made from another tarball is replaced. An entry without our marker was put there by
    someone else: it is used as it is and never deleted or rewritten. The cache is assembled in a
    sibling temporary folder and renamed into place, so concurrent callers (test workers) never see
    half a package. Returns the package folder.
    """
    try:
        source = tarball or registry_tarball("hl7.fhir.r4.examples", CORE_VERSION)
    except RegistryTarballMissing as exc:
        raise BuildError(str(exc)) from exc
    target = core_package_dir(home)
    entry = target.parent  # .../hl7.fhir.r4.core#4.0.1
    source_hash = _sha256_file(source)
    recorded = _marker_hash(target)
    if recorded == source_hash or (recorded is None and (entry.exists() or entry.is_symlink())):
        return target
    entry.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".seed-", dir=entry.parent))
    staging.chmod(0o755)
    try:
        _write_core_package(source, staging / "package", source_hash)
        if recorded is not None:
            # Ours (the marker says so), from another tarball: moved aside first, then removed.
            retired = Path(tempfile.mkdtemp(prefix=".retired-", dir=entry.parent))
            os.rename(entry, retired / "entry")
            shutil.rmtree(retired, ignore_errors=True)
        try:
            os.rename(staging, entry)
        except OSError:
            # Another process finished first; its result is identical.
            if _marker_hash(target) != source_hash:
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def index_entry(filename: str, resource: dict) -> dict[str, object]:
    """One ``files`` entry of a FHIR package ``.index.json`` (index-version 1)."""
    entry: dict[str, object] = {"filename": filename, "resourceType": resource.get("resourceType")}
    for key in ("id", "url", "version", "kind", "type"):
        value = resource.get(key)
        if isinstance(value, (str, int)):
            entry[key] = value
    return entry


def _write_core_package(source: Path, package_dir: Path, source_hash: str) -> None:
    package_dir.mkdir(parents=True)
    index_files: list[dict[str, object]] = []
    manifest: dict[str, object] | None = None
    with tarfile.open(source, "r:gz") as archive:
        for member in archive:
            if not member.isfile() or not member.name.startswith("package/"):
                continue
            name = member.name[len("package/") :]
            if "/" in name or not name.endswith(".json"):
                continue
            handle = archive.extractfile(member)
            assert handle is not None
            raw = handle.read()
            if name == "package.json":
                manifest = json.loads(raw)
                continue
            resource = json.loads(raw)
            if not isinstance(resource, dict) or resource.get("resourceType") not in CONFORMANCE_TYPES:
                continue
            (package_dir / name).write_bytes(raw)
            index_files.append(index_entry(name, resource))
    if manifest is None:
        raise BuildError(f"{source}: no package/package.json in the tarball")
    manifest.update(
        {
            "name": CORE_PACKAGE,
            "version": CORE_VERSION,
            "type": "fhir.core",
            "title": "FHIR R4 core conformance resources (seeded offline from hl7.fhir.r4.examples)",
        }
    )
    (package_dir / "package.json").write_text(json.dumps(manifest, indent=2) + "\n", "utf-8")
    index = {"index-version": 1, "files": sorted(index_files, key=lambda f: str(f["filename"]))}
    (package_dir / ".index.json").write_text(json.dumps(index, indent=1) + "\n", "utf-8")
    (package_dir / SEED_MARKER).write_text(
        json.dumps({"source": SOURCE_PACKAGE, "sha256": source_hash}) + "\n", "utf-8"
    )
