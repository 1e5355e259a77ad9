"""Write a spec version as a FHIR NPM package (``package.tgz``) from its committed ``generated/``.

Layout, as the FHIR package specification describes it:

- ``package/package.json``: name (sushi-config ``packageId``, else ``id``), version, fhirVersions,
  dependencies (R4 core), license, canonical, title, description;
- ``package/.index.json``: index-version 1 with one entry per resource (filename, resourceType, id,
  url, version, kind, type);
- ``package/<Type>-<id>.json``: conformance resources;
- ``package/example/<Type>-<id>.json`` (with its own ``.index.json``): instances.

The tarball is reproducible: members in sorted order, fixed mtime (npm's own 1985-10-26), uid/gid 0,
no user names, gzip header without a timestamp. Building twice gives the same bytes.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import sys
import tarfile
from pathlib import Path

import yaml

from journalloft import safe_yaml
from journalloft.fhir.build import BuildError, index_entry

FIXED_MTIME = 499162500  # 1985-10-26T08:15:00Z, the timestamp npm writes into every package
FHIR_VERSION = "4.0.1"
CONFORMANCE_TYPES = frozenset(
    {
        "StructureDefinition",
        "ValueSet",
        "CodeSystem",
        "SearchParameter",
        "OperationDefinition",
        "CapabilityStatement",
        "CompartmentDefinition",
        "ConceptMap",
        "NamingSystem",
        "ImplementationGuide",
        "StructureMap",
    }
)


class PackageError(BuildError):
    """The spec cannot be packaged; the message names the file and the reason."""


def _config(spec_dir: Path) -> dict:
    path = spec_dir / "sushi-config.yaml"
    try:
        config = safe_yaml.load(path.read_text("utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise PackageError(f"{path}: cannot read ({exc})") from exc
    if not isinstance(config, dict):
        raise PackageError(f"{path}: not a YAML mapping")
    for key in ("version", "canonical", "license"):
        if not isinstance(config.get(key), str) or not config[key]:
            raise PackageError(f"{path}: '{key}' is required to build a package")
    if not isinstance(config.get("packageId") or config.get("id"), str):
        raise PackageError(f"{path}: 'packageId' (or 'id') is required to build a package")
    return config


def manifest(config: dict) -> dict[str, object]:
    result: dict[str, object] = {
        "name": config.get("packageId") or config["id"],
        "version": config["version"],
        "type": "fhir.ig",
        "canonical": config["canonical"],
        "fhirVersions": [FHIR_VERSION],
        "dependencies": {"hl7.fhir.r4.core": FHIR_VERSION},
        "license": config["license"],
    }
    for key in ("title", "description"):
        if isinstance(config.get(key), str):
            result[key] = config[key]
    if isinstance(config.get("name"), str) and "title" not in result:
        result["title"] = config["name"]
    return result


def package_members(spec_dir: Path) -> dict[str, bytes]:
    """Archive member name -> bytes, for everything the package holds."""
    spec_dir = Path(spec_dir)
    config = _config(spec_dir)
    generated = spec_dir / "generated"
    sources = sorted(generated.glob("*.json")) if generated.is_dir() else []
    if not sources:
        raise PackageError(f"{generated}: no generated resources; run the spec build first")
    members: dict[str, bytes] = {}
    indexes: dict[str, list[dict[str, object]]] = {"package": [], "package/example": []}
    for source in sources:
        data = source.read_bytes()
        try:
            resource = json.loads(data)
        except ValueError as exc:
            raise PackageError(f"{source}: not JSON ({exc})") from exc
        if not isinstance(resource, dict) or not isinstance(resource.get("resourceType"), str):
            raise PackageError(f"{source}: not a FHIR resource (no resourceType)")
        folder = "package" if resource["resourceType"] in CONFORMANCE_TYPES else "package/example"
        members[f"{folder}/{source.name}"] = data
        indexes[folder].append(index_entry(source.name, resource))
    members["package/package.json"] = (json.dumps(manifest(config), indent=2) + "\n").encode("utf-8")
    for folder, files in indexes.items():
        if files:
            index = {"index-version": 1, "files": sorted(files, key=lambda f: str(f["filename"]))}
            members[f"{folder}/.index.json"] = (json.dumps(index, indent=2) + "\n").encode("utf-8")
    return members


def build_package(spec_dir: Path | str, out_path: Path | str) -> Path:
    """Write ``out_path`` (a .tgz) for the spec at ``spec_dir``; return its path."""
    out = Path(out_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(tgz(package_members(Path(spec_dir))))
    return out


def tgz(members: dict[str, bytes]) -> bytes:
    """A reproducible gzipped tar of ``members``: sorted names, fixed times, owners and modes."""
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.GNU_FORMAT) as archive:
        for name in sorted(members):
            info = tarfile.TarInfo(name)
            info.size = len(members[name])
            info.mtime = FIXED_MTIME
            info.mode = 0o644
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            archive.addfile(info, io.BytesIO(members[name]))
    packed = io.BytesIO()
    # The level is explicit because the default is not the same on every Python (9 on 3.11, 6 on
    # 3.15): the package's bytes, and the SHA-256 sums the site publishes, must not depend on it.
    with gzip.GzipFile(filename="", mode="wb", fileobj=packed, mtime=0, compresslevel=9) as handle:
        handle.write(raw.getvalue())
    return packed.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m journalloft.fhir.package",
        description="Write a spec version's generated/ resources as a FHIR NPM package (package.tgz).",
    )
    parser.add_argument("spec_dir", type=Path, help="spec folder holding sushi-config.yaml and generated/")
    parser.add_argument("out", type=Path, help="the .tgz to write")
    args = parser.parse_args(argv)
    return run_package(args.spec_dir, args.out)


def run_package(spec_dir: Path, out: Path) -> int:
    """Write the package; the exit status for the command line."""
    try:
        written = build_package(spec_dir, out)
    except BuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {written}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
