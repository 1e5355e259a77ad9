"""The definitions one validation run sees: HL7's core R4 plus one spec version's own resources.

A spec version brings StructureDefinitions with a differential only (SUSHI's output), ValueSets
and CodeSystems. Its StructureDefinitions get their snapshots here, generated on first use from the
differential over the base definition's snapshot (the base may itself be one of the spec's own
profiles) and cached for the life of the context. Core always wins: a spec resource with a core
canonical is ignored, so a spec cannot change what base FHIR means. Other resource types in the
input (examples, instances) are ignored too, so a spec's whole ``generated/`` folder can be passed.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterable
from typing import Any, Protocol

from journalloft.fhir.snapshot import SnapshotError, generate_snapshot

_KINDS = ("StructureDefinition", "ValueSet", "CodeSystem")
_CORE_BASE = "http://hl7.org/fhir/StructureDefinition/"


class CoreSource(Protocol):
    """What the context needs from journalloft.fhir.definitions.CoreDefinitions."""

    def structure_definition(self, url: str) -> dict | None: ...
    def value_set(self, url: str) -> dict | None: ...
    def code_system(self, url: str) -> dict | None: ...


def _split(reference: str) -> tuple[str, str | None]:
    url, bar, version = reference.partition("|")
    return url, (version if bar else None)


class FhirContext:
    def __init__(self, core: CoreSource, resources: Iterable[dict] = ()) -> None:
        self.core = core
        # kind -> url -> resources with that url, in input order (several versions may coexist)
        self._own: dict[str, dict[str, list[dict]]] = {kind: {} for kind in _KINDS}
        self.ignored: list[str] = []
        """Canonicals of spec resources that core already defines (core wins)."""
        for resource in resources:
            kind = resource.get("resourceType") if isinstance(resource, dict) else None
            url = resource.get("url") if isinstance(resource, dict) else None
            if kind not in _KINDS or not isinstance(url, str):
                continue
            if self._core_lookup(kind, url) is not None:
                self.ignored.append(url)
                continue
            self._own[kind].setdefault(url, []).append(resource)
        self._snapshots: dict[int, dict] = {}
        self._in_progress: set[int] = set()
        self._lock = threading.RLock()
        self.snapshot_errors: dict[str, str] = {}
        """Canonical -> why its snapshot could not be generated (structure() returns None for it)."""

    # -- lookups --------------------------------------------------------------------------------

    def structure(self, url: str) -> dict | None:
        """The StructureDefinition *with snapshot* for ``url``, ``url|version`` or a core type name."""
        own = self._own_lookup("StructureDefinition", url)
        if own is None:
            return self.core.structure_definition(url)
        return self._with_snapshot(own)

    def value_set(self, url: str) -> dict | None:
        return self.core.value_set(url) or self._own_lookup("ValueSet", url)

    def code_system(self, url: str) -> dict | None:
        return self.core.code_system(url) or self._own_lookup("CodeSystem", url)

    def profiles_for(self, resource_type: str) -> list[dict]:
        """This context's own profiles constraining ``resource_type``, with snapshots, by url."""
        result = []
        for url in sorted(self._own["StructureDefinition"]):
            for definition in self._own["StructureDefinition"][url]:
                if (
                    definition.get("type") == resource_type
                    and definition.get("kind") == "resource"
                    and definition.get("derivation") == "constraint"
                ):
                    with_snapshot = self._with_snapshot(definition)
                    if with_snapshot is not None:
                        result.append(with_snapshot)
        return result

    def own_structure_urls(self) -> list[str]:
        return sorted(self._own["StructureDefinition"])

    def check(self) -> dict[str, str]:
        """Generate every own snapshot now; return canonical -> error for those that failed."""
        for url in self.own_structure_urls():
            self.structure(url)
        return dict(self.snapshot_errors)

    # -- internals ------------------------------------------------------------------------------

    def _core_lookup(self, kind: str, url: str) -> dict | None:
        if kind == "StructureDefinition":
            return self.core.structure_definition(url)
        if kind == "ValueSet":
            return self.core.value_set(url)
        return self.core.code_system(url)

    def _own_lookup(self, kind: str, reference: str) -> dict | None:
        url, version = _split(reference)
        if kind == "StructureDefinition" and "/" not in url and ":" not in url:
            return None  # bare type names are core types
        candidates = self._own[kind].get(url)
        if not candidates:
            return None
        if version is None:
            return candidates[-1]
        for candidate in candidates:
            if candidate.get("version") == version:
                return candidate
        return None

    def _with_snapshot(self, definition: dict) -> dict | None:
        if (definition.get("snapshot") or {}).get("element"):
            return definition
        key = id(definition)
        cached = self._snapshots.get(key)
        if cached is not None:
            return cached
        url = str(definition.get("url"))
        with self._lock:
            cached = self._snapshots.get(key)
            if cached is not None:
                return cached
            if url in self.snapshot_errors:
                return None
            if key in self._in_progress:
                raise SnapshotError(f"{url}: its base definitions form a cycle")
            self._in_progress.add(key)
            try:
                generated = generate_snapshot(definition, self._resolve_for_snapshot)
            except SnapshotError as exc:
                self.snapshot_errors[url] = str(exc)
                return None
            finally:
                self._in_progress.discard(key)
            self._snapshots[key] = generated
            return generated

    def _resolve_for_snapshot(self, url: str) -> dict[str, Any] | None:
        resolved = self.structure(url)
        if resolved is None and url in self.snapshot_errors:
            raise SnapshotError(f"base {url}: {self.snapshot_errors[url]}")
        return resolved


@functools.cache
def core_context() -> FhirContext:
    """A context over the shipped core definitions only (base FHIR validation)."""
    from journalloft.fhir.definitions import load_core

    return FhirContext(load_core())
