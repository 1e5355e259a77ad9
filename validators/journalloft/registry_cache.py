"""Where the npm registry tarballs downloaded by the setup script live.

Tests, scripts and the CLI never download anything: they read the tarballs that
the project's setup script put into the cache directory and fail with a clear message naming that
script when one is missing.
"""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "JOURNALLOFT_REGISTRY_CACHE"
SETUP_HINT = (
    "run the setup script `scripts/setup --all` first: it downloads the npm registry tarballs "
    "(hl7.fhir.r4.examples, hl7.fhir.r4.expansions, hl7.terminology.r4, hl7.fhir.xver-extensions) into the cache"
)


class RegistryTarballMissing(FileNotFoundError):
    """A tarball the code needs is not in the registry cache."""


def _repo_root() -> Path | None:
    """The checkout holding this package, found by walking up to pyproject.toml."""
    for parent in Path(__file__).resolve().parents:
        if (parent / "pyproject.toml").is_file():
            return parent
    return None


def registry_cache_dir() -> Path:
    """The cache directory: $JOURNALLOFT_REGISTRY_CACHE, else <repo>/.cache/registry, else ~/.cache."""
    configured = os.environ.get(ENV_VAR)
    if configured:
        return Path(configured).expanduser()
    root = _repo_root()
    if root is not None:
        return root / ".cache" / "registry"
    return Path.home() / ".cache" / "journalloft" / "registry"


def tarball(name: str, version: str) -> Path:
    """Path of `<name>-<version>.tgz` in the cache; raises RegistryTarballMissing when absent."""
    path = registry_cache_dir() / f"{name}-{version}.tgz"
    if not path.is_file():
        raise RegistryTarballMissing(
            f"registry tarball {name}@{version} not found at {path}: {SETUP_HINT} "
            f"(or point {ENV_VAR} at a directory holding it)"
        )
    return path
