"""The registry of published specifications: what `journalloft specs` lists and `--spec` selects.

A spec version is a folder ``<root>/<spec-id>/<version>/`` holding a ``spec.yaml``. The roots are
the ``specs/`` folder of a source checkout, or the copy that the wheel carries as
``journalloft/_specs``, plus any folders passed explicitly (tests keep their own small specs).
Base FHIR R4 is always present as the built-in spec ``fhir-r4@4.0.1``.
"""

from __future__ import annotations

import functools
import json
import os
import re
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from journalloft import safe_yaml
from journalloft.checks import REGISTERED
from journalloft.rules import CodeListRule, Rule, RuleError, parse_rules

BASE_FHIR_ID = "fhir-r4"
BASE_FHIR_VERSION = "4.0.1"
KINDS = ("fhir", "json-schema")


class SpecError(Exception):
    """An unknown spec or a broken spec folder; the CLI turns it into exit status 2.

    ``nb`` is the same message in Norwegian bokmål where a client chose the spec (an unknown spec or
    version), so the service can refuse in the request's language; a broken spec folder is the
    operator's fault and keeps its English text for the log.
    """

    def __init__(self, message: str, nb: str | None = None) -> None:
        super().__init__(message)
        self.nb = nb


@dataclass(frozen=True, slots=True)
class Advisory:
    """What a JSON spec recommends beyond the schema its errors follow (``advisory:`` in spec.yaml).

    ``schema`` is a stricter JSON Schema next to spec.yaml; a payload that fails only it gets
    warnings, each with the reason given for its finding code (``reasons``), never errors.
    """

    schema: str
    reasons: tuple[tuple[str, str], ...]

    def reason(self, code: str) -> str | None:
        return dict(self.reasons).get(code)


@dataclass(frozen=True, slots=True)
class SpecVersion:
    id: str
    version: str
    title: str
    kind: str
    status: str
    released: str | None
    path: Path | None
    detect: dict[str, Any] = field(default_factory=dict, compare=False)
    rules: tuple[Rule, ...] = field(default=(), compare=False)
    """The spec's ``rules:`` (see :mod:`journalloft.rules`), run after its JSON Schema."""
    checks: tuple[str, ...] = field(default=(), compare=False)
    """A FHIR spec's ``checks:``: rule sets (see :mod:`journalloft.checks`) run after the FHIR engine."""
    strict_identifiers: bool = field(default=False, compare=False)
    """``strict-identifiers: true`` in spec.yaml: the spec requires valid Norwegian identifiers, so
    no-id-format / no-id-check-digits are errors under it (warnings where no spec in use says so)."""
    advisory: Advisory | None = field(default=None, compare=False)
    """A JSON spec's ``advisory:``: a stricter schema whose findings are warnings with a reason."""
    dependencies: tuple[str, ...] = field(default=(), compare=False)
    """FHIR packages this spec builds on (``dependencies:`` in spec.yaml): a path relative to the spec
    folder, or ``<package-id>#<version>`` from the local FHIR package cache (see journalloft.fhir.igload)."""

    @property
    def key(self) -> str:
        return f"{self.id}@{self.version}"

    @property
    def is_base_fhir(self) -> bool:
        return self.id == BASE_FHIR_ID

    def fhir_resources(self) -> list[dict[str, Any]]:
        """The conformance resources SUSHI generated for this version (empty for base FHIR)."""
        if self.path is None:
            return []
        return _load_generated(self.path / "generated")

    def json_schema(self) -> dict[str, Any]:
        if self.path is None:
            raise SpecError(f"{self.key} has no JSON Schema")
        return _load_json(self.path / "schema.json")

    def advisory_schema(self) -> dict[str, Any] | None:
        if self.path is None or self.advisory is None:
            return None
        return _load_json(self.path / self.advisory.schema)

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "version": self.version,
            "title": self.title,
            "kind": self.kind,
            "status": self.status,
            "released": self.released,
        }


BASE_FHIR = SpecVersion(
    id=BASE_FHIR_ID,
    version=BASE_FHIR_VERSION,
    title="HL7 FHIR R4 (base resources, no profiles)",
    kind="fhir",
    status="active",
    released="2019-10-30",
    path=None,
)


def default_roots() -> list[Path]:
    return list(_default_roots())


@functools.cache
def _default_roots() -> tuple[Path, ...]:
    """Where the package lies does not change while it runs: worked out once."""
    package_dir = Path(__file__).resolve().parent
    shipped = package_dir / "_specs"
    if shipped.is_dir():
        return (shipped,)
    checkout = package_dir.parent.parent / "specs"
    return (checkout,) if checkout.is_dir() else ()


class Registry:
    def __init__(self, roots: Sequence[Path] | None = None, extra_roots: Iterable[Path] = ()) -> None:
        self.roots = [*(default_roots() if roots is None else roots), *extra_roots]
        versions = [BASE_FHIR, *(v for root in self.roots for v in _scan(root))]
        self._by_id: dict[str, list[SpecVersion]] = {}
        for version in versions:
            self._by_id.setdefault(version.id, []).append(version)
        for id_, found in self._by_id.items():
            found.sort(key=lambda v: _version_key(v.version))
            keys = [v.version for v in found]
            if len(set(keys)) != len(keys):
                raise SpecError(f"spec {id_!r} has the same version in more than one spec folder")
        self.sources: tuple[Path, ...] = tuple(sorted({p for v in versions for p in _files_read(v)}))
        """Every file the registry was built from (spec.yaml, advisory schemas, code-list CodeSystems)."""

    def all(self) -> list[SpecVersion]:
        return [v for id_ in sorted(self._by_id) for v in self._by_id[id_]]

    def latest(self, id_: str) -> SpecVersion:
        return self._versions(id_)[-1]

    def resolve(self, selector: str) -> SpecVersion:
        """``ID`` (latest version) or ``ID@VERSION``."""
        id_, _, version = selector.partition("@")
        versions = self._versions(id_)
        if not version:
            return versions[-1]
        for candidate in versions:
            if candidate.version == version:
                return candidate
        known = ", ".join(v.version for v in versions)
        raise SpecError(
            f"spec {id_!r} has no version {version!r} (known: {known})",
            f"spesifikasjonen {id_!r} har ingen versjon {version!r} (kjente versjoner: {known})",
        )

    def schema_specs(self) -> list[SpecVersion]:
        """The latest version of every non-FHIR spec, for detecting a plain JSON payload's spec."""
        return [versions[-1] for versions in self._by_id.values() if versions[-1].kind == "json-schema"]

    def fhir_specs(self) -> list[SpecVersion]:
        """Every version of every FHIR service spec (base FHIR excluded)."""
        return [v for v in self.all() if v.kind == "fhir" and not v.is_base_fhir]

    def _versions(self, id_: str) -> list[SpecVersion]:
        try:
            return self._by_id[id_]
        except KeyError:
            known = ", ".join(sorted(self._by_id))
            raise SpecError(
                f"unknown spec {id_!r} (known: {known})", f"ukjent spesifikasjon {id_!r} (kjente: {known})"
            ) from None


Signature = tuple[tuple[str, int, int], ...]
RECHECK_SECONDS = 1.0
"""How long a shared registry is used before its files are looked at again (stat costs about as much
as validating a small resource on some file systems, so not on every call)."""


@dataclass
class _Shared:
    registry: Registry
    signature: Signature
    checked: float


_shared: dict[tuple[str, ...], _Shared] = {}
_shared_lock = threading.Lock()


def shared_registry(extra_roots: Iterable[Path] = ()) -> Registry:
    """The registry of the default spec roots (plus ``extra_roots``), built once per process.

    Building one reads and checks every spec.yaml, which costs more than validating a resource, so
    ``journalloft.validate()`` and a checker built without a registry take this one. It is rebuilt
    when a file it was built from changes, or a spec.yaml appears or goes (mtime and size of each,
    looked at again at most every RECHECK_SECONDS).
    """
    if not extra_roots:  # the common call (every validate()): no lock and no key built while it is fresh
        fresh = _shared.get(_default_key())
        if fresh is not None and time.monotonic() - fresh.checked < RECHECK_SECONDS:
            return fresh.registry
    roots = [*default_roots(), *extra_roots]
    key = tuple(str(root) for root in roots)
    with _shared_lock:
        now = time.monotonic()
        cached = _shared.get(key)
        if cached is not None and now - cached.checked < RECHECK_SECONDS:
            return cached.registry
        if cached is not None and _signature(cached.registry.roots, cached.registry.sources) == cached.signature:
            cached.checked = now
            return cached.registry
        registry = Registry(roots)
        _shared[key] = _Shared(registry, _signature(registry.roots, registry.sources), now)
        return registry


@functools.cache
def _default_key() -> tuple[str, ...]:
    return tuple(str(root) for root in _default_roots())


def _signature(roots: Sequence[Path], sources: Iterable[Path]) -> Signature:
    """mtime and size of every ``<root>/*/*/spec.yaml`` and every other source file (-1 when absent).

    os.scandir and os.stat rather than Path.glob: this runs on every ``validate()`` call, and the glob
    machinery cost more than the stats themselves.
    """
    files = {str(path) for path in sources}
    for root in roots:
        for spec_dir in _subdirectories(str(root)):
            files.update(os.path.join(version_dir, "spec.yaml") for version_dir in _subdirectories(spec_dir))
    found = []
    for name in sorted(files):
        try:
            stat = os.stat(name)
        except OSError:
            found.append((name, -1, -1))
        else:
            found.append((name, stat.st_mtime_ns, stat.st_size))
    return tuple(found)


def _subdirectories(folder: str) -> list[str]:
    try:
        with os.scandir(folder) as entries:
            return [entry.path for entry in entries if entry.is_dir()]
    except OSError:
        return []


def _files_read(version: SpecVersion) -> Iterator[Path]:
    if version.path is None:
        return
    yield version.path / "spec.yaml"
    if version.advisory is not None:
        yield version.path / version.advisory.schema
    yield from (rule.source for rule in version.rules if isinstance(rule, CodeListRule) and rule.source is not None)


def _scan(root: Path) -> Iterable[SpecVersion]:
    for spec_file in sorted(root.glob("*/*/spec.yaml")):
        yield _read_spec(spec_file)


def _read_spec(spec_file: Path) -> SpecVersion:
    try:
        data = safe_yaml.load(spec_file.read_text(encoding="utf-8"))  # --spec-dir: a user's file
    except (OSError, yaml.YAMLError) as exc:
        raise SpecError(f"{spec_file}: cannot be read: {exc}") from exc
    if not isinstance(data, dict):
        raise SpecError(f"{spec_file}: expected a mapping")
    folder = spec_file.parent
    missing = [k for k in ("id", "version", "title", "kind") if not isinstance(data.get(k), str)]
    if missing:
        raise SpecError(f"{spec_file}: missing or non-string {', '.join(missing)}")
    if data["id"] != folder.parent.name or data["version"] != folder.name:
        raise SpecError(f"{spec_file}: id/version must match the folder {folder.parent.name}/{folder.name}")
    if data["kind"] not in KINDS:
        raise SpecError(f"{spec_file}: kind must be one of {', '.join(KINDS)}")
    released = data.get("released")
    dependencies = data.get("dependencies") or []
    if not isinstance(dependencies, list) or not all(isinstance(d, str) and d for d in dependencies):
        raise SpecError(f"{spec_file}: dependencies must be a list of package paths or <id>#<version>")
    try:
        rules = parse_rules(data.get("rules"), folder)
    except RuleError as exc:
        raise SpecError(f"{spec_file}: {exc}") from None
    strict = data.get("strict-identifiers", False)
    if not isinstance(strict, bool):
        raise SpecError(f"{spec_file}: strict-identifiers must be true or false")
    advisory = _advisory(data.get("advisory"), spec_file)
    checks = data.get("checks") or []
    if not isinstance(checks, list) or not all(isinstance(c, str) and c in REGISTERED for c in checks):
        raise SpecError(f"{spec_file}: checks must list registered rule sets ({', '.join(sorted(REGISTERED))})")
    return SpecVersion(
        id=data["id"],
        version=data["version"],
        title=data["title"],
        kind=data["kind"],
        status=str(data.get("status", "draft")),
        released=str(released) if released is not None else None,
        path=folder,
        detect=data.get("detect") or {},
        rules=rules,
        checks=tuple(checks),
        strict_identifiers=strict,
        advisory=advisory,
        dependencies=tuple(dependencies),
    )


def _advisory(declared: object, spec_file: Path) -> Advisory | None:
    if declared is None:
        return None
    reasons = declared.get("reasons") if isinstance(declared, dict) else None
    schema = declared.get("schema") if isinstance(declared, dict) else None
    if (
        not isinstance(schema, str)
        or not (spec_file.parent / schema).is_file()
        or not isinstance(reasons, dict)
        or not all(isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in reasons.items())
    ):
        raise SpecError(
            f"{spec_file}: advisory needs schema (a JSON Schema file next to spec.yaml) and reasons "
            "(finding code: why the spec recommends it)"
        )
    return Advisory(schema, tuple((k, " ".join(v.split())) for k, v in reasons.items()))


def _version_key(version: str) -> tuple[tuple[int, str], ...]:
    return tuple((int(part), "") if part.isdigit() else (-1, part) for part in re.split(r"[.\-+]", version))


@functools.cache
def _load_generated(folder: Path) -> list[dict[str, Any]]:
    if not folder.is_dir():
        return []
    return [_load_json(path) for path in sorted(folder.glob("*.json"))]


def _load_json(path: Path) -> dict[str, Any]:
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SpecError(f"{path}: cannot be read: {exc}") from exc
    if not isinstance(value, dict):
        raise SpecError(f"{path}: expected a JSON object")
    return value
