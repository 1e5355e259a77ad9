"""The files a spec version offers for download, built from its committed sources.

- FHIR specs: ``package.tgz``, the FHIR NPM package of :mod:`journalloft.fhir.package` with every
  StructureDefinition carrying its generated snapshot (tools that load a package without generating
  snapshots, as Firely's and HAPI's loaders may, read it as it is);
- JSON Schema specs: ``schema.json`` and any further schemas under ``schemas/``;
- every spec: the OpenAPI descriptions under ``openapi/``.

The bytes are reproducible (the package is written with fixed times and order), so the SHA-256 sums
the overview page lists are those of the files the site build writes; the MkDocs hook
(journalloft/site/mkdocs_hook.py) adds them to the built site, nothing is committed.
"""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path

from journalloft.fhir.context import FhirContext
from journalloft.fhir.definitions import load_core
from journalloft.fhir.package import package_members, tgz
from journalloft.site.specdata import download_dir, published
from journalloft.specs import SpecVersion

OPENAPI_SUFFIXES = (".yaml", ".yml", ".json")


class DownloadError(ValueError):
    """A download cannot be built (a snapshot fails); the message names the spec and the profile."""


def spec_downloads(spec: SpecVersion) -> dict[str, bytes]:
    """``{file name inside the version's download folder: bytes}``, sorted by name."""
    return dict(_spec_downloads(spec))


@functools.cache
def _spec_downloads(spec: SpecVersion) -> tuple[tuple[str, bytes], ...]:
    assert spec.path is not None
    files: dict[str, bytes] = {}
    if spec.kind == "fhir" and (spec.path / "sushi-config.yaml").is_file():
        files["package.tgz"] = package_with_snapshots(spec)
    if spec.kind == "json-schema":
        files["schema.json"] = (spec.path / "schema.json").read_bytes()
        for extra in sorted((spec.path / "schemas").glob("*.json")):
            files[f"schemas/{extra.name}"] = extra.read_bytes()
    for api in sorted((spec.path / "openapi").glob("*")):
        if api.suffix in OPENAPI_SUFFIXES and api.is_file():
            files[f"openapi/{api.name}"] = api.read_bytes()
    return tuple(sorted(files.items()))


def package_with_snapshots(spec: SpecVersion) -> bytes:
    """The spec's package.tgz bytes, each StructureDefinition replaced by its copy with a snapshot."""
    assert spec.path is not None
    members = package_members(spec.path)
    context = FhirContext(load_core(), spec.fhir_resources())
    for name, data in list(members.items()):
        resource = json.loads(data)
        if resource.get("resourceType") != "StructureDefinition":
            continue
        with_snapshot = context.structure(str(resource.get("url")))
        if with_snapshot is None:
            reason = context.snapshot_errors.get(str(resource.get("url")), "unknown reason")
            raise DownloadError(f"{spec.key}: no snapshot for {name}: {reason}")
        members[name] = (json.dumps(with_snapshot, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    return tgz(members)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def download_files(repo_root: Path) -> dict[str, bytes]:
    """``{docs-relative path: bytes}`` for every published spec version."""
    files: dict[str, bytes] = {}
    for spec in published(repo_root):
        for name, data in spec_downloads(spec).items():
            files[f"{download_dir(spec)}/{name}"] = data
    return files


def write_downloads(repo_root: Path, out_dir: Path) -> list[Path]:
    """Write every download under ``out_dir`` (as the site build would place them); return the paths."""
    written = []
    for relative, data in download_files(repo_root).items():
        target = out_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written.append(target)
    return written
