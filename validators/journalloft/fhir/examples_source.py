"""HL7's official R4 examples, read straight from the npm tarball `hl7.fhir.r4.examples@4.0.1`.

Used by the official-examples test and the benchmark. The tarball is read once per process
(nothing is extracted to disk); every JSON member with a `resourceType` counts as an example,
conformance resources and Bundles included. Only `package/package.json` (package metadata)
is left out.
"""

from __future__ import annotations

import functools
import json
import re
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from journalloft.registry_cache import tarball

PACKAGE = ("hl7.fhir.r4.examples", "4.0.1")
# HL7's serializer writes resourceType first; other layouts fall back to a full parse.
_LEADING_TYPE = re.compile(rb'\A\s*\{\s*"resourceType"\s*:\s*"([A-Za-z]+)"')


@dataclass(frozen=True, slots=True)
class OfficialExample:
    name: str
    """File name inside the package, e.g. "Patient-example.json"."""
    resource_type: str
    data: bytes
    """The member's bytes as published."""

    def parse(self) -> Any:
        """The JSON with the number types of `journalloft.jsonparse` (Decimal for fractions)."""
        return json.loads(self.data, parse_float=Decimal)


def _resource_type(data: bytes) -> str | None:
    match = _LEADING_TYPE.match(data)
    if match is not None:
        return match.group(1).decode("ascii")
    try:
        loaded = json.loads(data)
    except ValueError:
        return None
    found = loaded.get("resourceType") if isinstance(loaded, dict) else None
    return found if isinstance(found, str) else None


@functools.cache
def _read(path: Path) -> tuple[OfficialExample, ...]:
    examples: list[OfficialExample] = []
    with tarfile.open(path, "r:gz") as archive:
        for member in archive:
            name = member.name.removeprefix("package/")
            if not member.isfile() or "/" in name or not name.endswith(".json") or name == "package.json":
                continue
            handle = archive.extractfile(member)
            assert handle is not None
            data = handle.read()
            resource_type = _resource_type(data)
            if resource_type is not None:
                examples.append(OfficialExample(name, resource_type, data))
    return tuple(sorted(examples, key=lambda example: example.name))


def official_examples(path: Path | None = None) -> tuple[OfficialExample, ...]:
    """Every example, sorted by file name; read from the tarball on first call, then cached.

    `path` defaults to the registry cache; a missing tarball raises RegistryTarballMissing,
    whose message names the setup script.
    """
    return _read((path or tarball(*PACKAGE)).resolve())


def iter_official_examples(path: Path | None = None) -> Iterator[tuple[str, Any]]:
    """(file name, parsed resource) pairs, parsed lazily one at a time."""
    for example in official_examples(path):
        yield example.name, example.parse()


def official_example(name: str, path: Path | None = None) -> OfficialExample:
    """One example by file name ("Patient-example.json"); KeyError when the package lacks it."""
    for example in official_examples(path):
        if example.name == name:
            return example
    raise KeyError(f"{name} is not in {PACKAGE[0]}@{PACKAGE[1]}")
