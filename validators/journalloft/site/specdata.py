"""What the spec pages are generated from: the published spec versions and the service data files.

The pages cover every spec version under ``specs/`` of the repository root (the test specs under
tests/ are never published). A docs tree without its own ``specs/`` (the registry's tests write into
a bare temporary folder) gets this checkout's, so the set of pages does not depend on where they are
written. Service data files (``specs/services/<service>.yaml``) name a service's spec ids, including
ids reserved before a first version exists, and the data its flow diagram is drawn from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator

from journalloft import safe_yaml
from journalloft.requirements.fulfilment import SPEC_SECTION, spec_overview_path
from journalloft.requirements.mdtext import inline
from journalloft.specs import Registry, SpecVersion

CHECKOUT = Path(__file__).resolve().parents[3]
SECTION = SPEC_SECTION
STATUS = {"draft": "utkast", "active": "gjeldende", "superseded": "erstattet", "retired": "trukket tilbake"}


class SpecDataError(ValueError):
    """A data file the spec pages are generated from is broken; the message names the file."""


def read_version_file(spec: SpecVersion, name: str, schema: dict[str, Any]) -> Any:
    """A spec version's own YAML data file ``name`` (changes.yaml, ig-differences.yaml), checked against
    ``schema``; None when the version has none. The first schema error is reported with its place."""
    assert spec.path is not None
    path = spec.path / name
    if not path.is_file():
        return None
    return read_checked_yaml(path, schema)


def read_checked_yaml(path: Path, schema: dict[str, Any]) -> Any:
    """The YAML file at ``path``, checked against ``schema``; SpecDataError names the file, and the place
    of the first schema error."""
    try:
        data = safe_yaml.load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SpecDataError(f"{path}: cannot be read: {exc}") from exc
    except yaml.YAMLError as exc:
        raise SpecDataError(f"{path}: not well-formed YAML: {exc}") from exc
    errors = sorted(Draft202012Validator(schema).iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        where = "/".join(str(part) for part in errors[0].absolute_path) or "(top)"
        raise SpecDataError(f"{path}: {where}: {errors[0].message}")
    return data


def specs_root(repo_root: Path) -> Path:
    own = repo_root / "specs"
    return own if own.is_dir() else CHECKOUT / "specs"


def published(repo_root: Path) -> list[SpecVersion]:
    """Every spec version under specs/ (base FHIR excluded), ordered by id and version."""
    return [v for v in Registry([specs_root(repo_root)]).all() if not v.is_base_fhir]


def by_id(versions: list[SpecVersion]) -> dict[str, list[SpecVersion]]:
    grouped: dict[str, list[SpecVersion]] = {}
    for version in versions:
        grouped.setdefault(version.id, []).append(version)
    return grouped


def spec_yaml(spec: SpecVersion) -> dict[str, Any]:
    """The raw spec.yaml, for the fields the registry does not model (requirements, ...)."""
    assert spec.path is not None
    data = safe_yaml.load((spec.path / "spec.yaml").read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else {}


def fulfilled_requirements(spec: SpecVersion) -> list[str]:
    """The catalogue ids listed under ``requirements:`` in the version's spec.yaml."""
    listed = spec_yaml(spec).get("requirements") or []
    if not isinstance(listed, list) or not all(isinstance(item, str) for item in listed):
        raise SpecDataError(f"{spec.path}/spec.yaml: requirements must be a list of catalogue ids")
    return list(listed)


# pages of one spec -------------------------------------------------------------------------------


def spec_dir(spec_id: str) -> str:
    return f"{SECTION}/{spec_id}"


def overview_path(spec_id: str) -> str:
    return spec_overview_path(spec_id)


def changes_path(spec_id: str) -> str:
    return f"{spec_dir(spec_id)}/endringer.md"


def examples_path(spec_id: str, part: int = 1) -> str:
    """The examples page of a spec; a spec with many examples has more parts (``eksempler-2.md`` ...)."""
    return f"{spec_dir(spec_id)}/eksempler.md" if part == 1 else f"{spec_dir(spec_id)}/eksempler-{part}.md"


def elements_path(spec: SpecVersion) -> str:
    return f"{spec_dir(spec.id)}/{spec.version}/elementer.md"


def terminology_path(spec: SpecVersion) -> str:
    return f"{spec_dir(spec.id)}/{spec.version}/terminologi.md"


def mapping_path(spec: SpecVersion) -> str:
    return f"{spec_dir(spec.id)}/{spec.version}/kobling.md"


def download_dir(spec: SpecVersion) -> str:
    return f"{spec_dir(spec.id)}/nedlasting/{spec.version}"


# services ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Service:
    id: str
    title: str
    specs: tuple[str, ...]
    source: Path
    flow: dict[str, Any] = field(default_factory=dict, compare=False)
    pages: tuple[tuple[str, str], ...] = ()
    """(title, docs-relative page) of the hand-written pages that explain the service."""


def services(repo_root: Path) -> list[Service]:
    """The services described under specs/services/, sorted by id."""
    result = []
    for path in sorted((specs_root(repo_root) / "services").glob("*.yaml")):
        result.append(read_service(path))
    return result


def read_service(path: Path) -> Service:
    try:
        data = safe_yaml.load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise SpecDataError(f"{path}: cannot be read: {exc}") from exc
    if not isinstance(data, dict):
        raise SpecDataError(f"{path}: expected a mapping")
    if not isinstance(data.get("id"), str) or data["id"] != path.stem:
        raise SpecDataError(f"{path}: id must be a string equal to the file name ({path.stem})")
    if not isinstance(data.get("title"), str):
        raise SpecDataError(f"{path}: title must be a string")
    specs = data.get("specs") or []
    if not isinstance(specs, list) or not all(isinstance(s, str) for s in specs):
        raise SpecDataError(f"{path}: specs must be a list of spec ids")
    flow = data.get("flow") or {}
    if not isinstance(flow, dict):
        raise SpecDataError(f"{path}: flow must be a mapping")
    pages = data.get("pages") or []
    if not isinstance(pages, list) or not all(
        isinstance(p, dict) and isinstance(p.get("title"), str) and isinstance(p.get("page"), str) for p in pages
    ):
        raise SpecDataError(f"{path}: pages must be a list of {{title, page}} (page relative to docs/)")
    return Service(
        id=data["id"],
        title=data["title"],
        specs=tuple(specs),
        source=path,
        flow=flow,
        pages=tuple((p["title"], p["page"]) for p in pages),
    )


def cell(text: object) -> str:
    """Literal text for one markdown table cell: escaped, line breaks folded, never empty."""
    return inline(str(text)) if str(text).strip() else "–"


def code(text: str) -> str:
    """Inline code safe inside a table cell: HTML, so a pipe cannot end the cell."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("|", "&#124;")
    return f"<code>{escaped}</code>"


def table(rows: list[str]) -> list[str]:
    """A markdown table (header, separator and rows) in the wrapper the spec pages' CSS styles."""
    return ['<div class="jl-spec-tabell" markdown>', "", *rows, "", "</div>", ""]
