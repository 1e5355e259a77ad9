"""HL7's FHIR R4 (4.0.1) definitions as shipped in `data/`, loaded lazily.

The CodeSystems and ValueSets are HL7 Terminology's (THO 7.0.1) where THO publishes one with the
same canonical url, R4's own elsewhere, as in HL7's validator (see data/PROVENANCE.md).

`data/index.json` (canonical url -> archive member and summary fields) is read when the
definitions are first used; each StructureDefinition, ValueSet or CodeSystem is decompressed
and parsed from its zip archive only when asked for, then cached. Validating one Patient thus
touches a few dozen small members instead of megabytes of JSON.

Returned dicts are shared between callers: treat them as read-only. Numbers with a fraction or
exponent are `decimal.Decimal` (as in `journalloft.jsonparse`), integers are `int`.

Built by scripts/build_fhir_definitions.py; see data/PROVENANCE.md.
"""

from __future__ import annotations

import functools
import json
import threading
from collections.abc import Iterator
from decimal import Decimal
from importlib import resources
from importlib.resources.abc import Traversable  # importlib.abc lost it in Python 3.14
from pathlib import Path
from typing import Any

from journalloft.fhir.zip_members import ZipMembers

CORE_SD_BASE = "http://hl7.org/fhir/StructureDefinition/"
ARCHIVES = {
    "structure_definitions": "structuredefinitions.zip",
    "value_sets": "valuesets.zip",
    "code_systems": "codesystems.zip",
}


def split_canonical(reference: str) -> tuple[str, str | None]:
    """`url|version` -> (url, version); a bare url gives version None."""
    url, bar, version = reference.partition("|")
    return url, (version if bar else None)


def _data_dir() -> Traversable:
    return resources.files("journalloft.fhir") / "data"


class CoreDefinitions:
    """The core R4 conformance resources: StructureDefinitions, ValueSets, CodeSystems."""

    def __init__(self, data_dir: Path | Traversable | None = None) -> None:
        self._dir = data_dir if data_dir is not None else _data_dir()
        self._index: dict[str, dict[str, dict[str, Any]]] = json.loads(
            (self._dir / "index.json").read_bytes()
        )
        self._archives: dict[str, ZipMembers] = {}
        self._parsed: dict[str, dict[str, dict[str, Any]]] = {kind: {} for kind in ARCHIVES}
        self._lock = threading.Lock()
        self.resource_types: frozenset[str] = frozenset(
            entry["type"]
            for entry in self._index["structure_definitions"].values()
            if entry.get("kind") == "resource"
            and entry.get("derivation") == "specialization"
            and not entry.get("abstract", False)
        )
        """Concrete R4 resource type names (Resource and DomainResource are abstract, not listed)."""

    # -- lookups ---------------------------------------------------------------------------

    def structure_definition(self, url: str) -> dict[str, Any] | None:
        """The SD for a canonical (optionally `|version`) or a bare core type name ("Patient")."""
        if "/" not in url and ":" not in url:
            url = CORE_SD_BASE + url
        return self._resource("structure_definitions", url)

    def value_set(self, url: str) -> dict[str, Any] | None:
        """The ValueSet, with `expansion` where HL7 ships one."""
        return self._resource("value_sets", url)

    def code_system(self, url: str) -> dict[str, Any] | None:
        return self._resource("code_systems", url)

    def structure_definition_info(self, url: str) -> dict[str, Any] | None:
        """Summary fields (id, version, name, type, kind, abstract, derivation, baseDefinition)
        from the index, without loading the definition."""
        if "/" not in url and ":" not in url:
            url = CORE_SD_BASE + url
        return self._entry("structure_definitions", url)

    # -- enumeration -----------------------------------------------------------------------

    def structure_definitions(self) -> Iterator[dict[str, Any]]:
        """Every StructureDefinition, in canonical-url order (loads them all)."""
        for url in sorted(self._index["structure_definitions"]):
            resource = self._resource("structure_definitions", url)
            assert resource is not None
            yield resource

    def structure_definition_urls(self) -> list[str]:
        return sorted(self._index["structure_definitions"])

    def value_set_urls(self) -> list[str]:
        return sorted(self._index["value_sets"])

    def code_system_urls(self) -> list[str]:
        return sorted(self._index["code_systems"])

    # -- internals -------------------------------------------------------------------------

    def _entry(self, kind: str, reference: str) -> dict[str, Any] | None:
        entries = self._index[kind]
        exact = entries.get(reference)
        if exact is not None:
            # A few HL7 v2 code systems carry their table version inside `url` ("...v2-0006|2.1").
            return exact
        url, version = split_canonical(reference)
        entry = entries.get(url)
        if entry is None or (version is not None and entry.get("version") != version):
            return None
        return entry

    def _resource(self, kind: str, reference: str) -> dict[str, Any] | None:
        entry = self._entry(kind, reference)
        if entry is None:
            return None
        member: str = entry["member"]
        cached = self._parsed[kind].get(member)
        if cached is not None:
            return cached
        with self._lock:
            cached = self._parsed[kind].get(member)
            if cached is None:
                data = self._archive(kind).read(member)
                cached = json.loads(data, parse_float=Decimal)
                self._parsed[kind][member] = cached
        return cached

    def _archive(self, kind: str) -> ZipMembers:
        archive = self._archives.get(kind)
        if archive is None:
            # Read into memory: no open file handle outlives the call (and the package may
            # live inside a zip itself). ZipMembers, not zipfile: it does not parse the whole central
            # directory (thousands of entries) to read a few members (a cold start's cost, issue 23).
            archive = ZipMembers((self._dir / ARCHIVES[kind]).read_bytes())
            self._archives[kind] = archive
        return archive


@functools.cache
def load_core() -> CoreDefinitions:
    """The shipped core definitions, loaded once per process."""
    return CoreDefinitions()
