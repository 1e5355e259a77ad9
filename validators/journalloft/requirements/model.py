"""Typed values of the catalogue, built from YAML that the lint has accepted.

The field names follow the YAML format (specs/requirements/schema/); a requirement as stored is its
current content, and :mod:`journalloft.requirements.versions` derives its content at older versions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

LEVELS: tuple[str, ...] = ("må", "skal", "bør", "kan")
TENDER_USES: tuple[str, ...] = ("absolute", "evaluated", "award-criterion", "contract-term")
TENDER_USE_LABELS: dict[str, str] = {
    "absolute": "Absolutt krav (A)",
    "evaluated": "Evalueringskrav (V)",
    "award-criterion": "Tildelingskriterium",
    "contract-term": "Kontraktsvilkår",
}
CHANGE_KIND_LABELS: dict[str, str] = {"editorial": "redaksjonell", "compatible": "kompatibel"}
REFERENCE_KIND_LABELS: dict[str, str] = {
    "standard": "standard",
    "law": "lov og forskrift",
    "national-solution": "nasjonal løsning",
    "guidance": "veileder",
    "spec": "spesifikasjon på dette nettstedet",
}


def version_key(version: str) -> tuple[int, int, int]:
    major, minor, patch = (int(part) for part in version.split("."))
    return (major, minor, patch)


@dataclass(frozen=True)
class Named:
    id: str
    title: str
    description: str = ""


@dataclass(frozen=True)
class Reference:
    title: str
    url: str
    kind: str
    # Set when the reference is cited by key from references.yaml (releases from 3.0.0 on).
    key: str | None = None
    pinpoint: str | None = None
    lovdata: str | None = None
    status: str = "current"


@dataclass(frozen=True)
class SourceCheck:
    """One fact checked against its sources for a release (``source_checks`` in catalogue.yaml)."""

    topic: str
    text: str
    requirements: tuple[str, ...]
    sources: tuple[Reference, ...]


@dataclass(frozen=True)
class Version:
    version: str
    status: str
    summary: str
    released: str | None = None
    source_checks: tuple[SourceCheck, ...] = ()

    @property
    def key(self) -> tuple[int, int, int]:
        return version_key(self.version)

    @property
    def published(self) -> bool:
        return self.status != "draft"


@dataclass(frozen=True)
class Change:
    version: str
    kind: str
    note: str
    previous: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True)
class Retirement:
    version: str
    reason: str
    replaced_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class Lifecycle:
    status: str
    introduced: str
    changes: tuple[Change, ...] = ()
    retired: Retirement | None = None


@dataclass(frozen=True)
class Requirement:
    id: str
    category: str
    title: str
    text: str
    level: str
    tender_use: tuple[str, ...]
    rationale_aims: tuple[str, ...]
    rationale_text: str
    guidance: str
    vendor_answer: str
    verification: str
    references: tuple[Reference, ...]
    service_areas: tuple[str, ...]
    depends_on: tuple[str, ...]
    related: tuple[str, ...]
    supersedes: tuple[str, ...]
    lifecycle: Lifecycle

    @property
    def is_absolute(self) -> bool:
        return "absolute" in self.tender_use


@dataclass(frozen=True)
class Category:
    id: str
    title: str
    file: str
    description: str
    requirements: tuple[Requirement, ...]

    @property
    def slug(self) -> str:
        """The page name of the category: its file name without the extension."""
        return Path(self.file).stem


@dataclass(frozen=True)
class Catalogue:
    id: str
    title: str
    edition_note: str
    owner: str
    governance: str
    level_reminder: str
    aims: tuple[Named, ...]
    service_areas: tuple[Named, ...]
    categories: tuple[Category, ...]
    versions: tuple[Version, ...]
    retired_ids: tuple[str, ...] = ()

    @property
    def requirements(self) -> tuple[Requirement, ...]:
        return tuple(req for category in self.categories for req in category.requirements)

    @property
    def published_versions(self) -> tuple[Version, ...]:
        return tuple(version for version in self.versions if version.published)

    @property
    def current(self) -> Version:
        return next(version for version in self.versions if version.status == "current")

    def version(self, name: str) -> Version | None:
        return next((version for version in self.versions if version.version == name), None)

    def category(self, category_id: str) -> Category | None:
        return next((cat for cat in self.categories if cat.id == category_id), None)

    def aim_title(self, aim_id: str) -> str:
        return next((aim.title for aim in self.aims if aim.id == aim_id), aim_id)

    def service_area_title(self, area_id: str) -> str:
        return next((area.title for area in self.service_areas if area.id == area_id), area_id)


def content_fields(data: dict[str, Any]) -> dict[str, Any]:
    """Map the content keys of a YAML requirement (or of a change's ``previous``) to field values."""
    fields: dict[str, Any] = {}
    for key in ("title", "text", "level", "guidance", "vendor_answer", "verification"):
        if key in data:
            fields[key] = data[key]
    if "tender_use" in data:
        fields["tender_use"] = tuple(data["tender_use"])
    if "service_areas" in data:
        fields["service_areas"] = tuple(data["service_areas"])
    if "rationale" in data:
        fields["rationale_aims"] = tuple(data["rationale"]["aims"])
        fields["rationale_text"] = data["rationale"]["text"]
    if "references" in data:
        fields["references"] = tuple(
            Reference(
                ref["title"],
                ref["url"],
                ref["kind"],
                ref.get("key"),
                ref.get("pinpoint"),
                ref.get("lovdata"),
                ref.get("status") or "current",
            )
            for ref in data["references"]
        )
    if "relations" in data:
        relations = data["relations"]
        for key in ("depends_on", "related", "supersedes"):
            fields[key] = tuple(relations.get(key, ()))
    return fields


def requirement_from_dict(data: dict[str, Any], category: str) -> Requirement:
    lifecycle = data["lifecycle"]
    retired = lifecycle.get("retired")
    fields = content_fields({"references": [], "relations": {}, **data})
    return Requirement(
        id=data["id"],
        category=category,
        lifecycle=Lifecycle(
            status=lifecycle["status"],
            introduced=lifecycle["introduced"],
            changes=tuple(
                Change(change["version"], change["kind"], change["note"], dict(change.get("previous", {})))
                for change in lifecycle.get("changes", ())
            ),
            retired=(
                Retirement(retired["version"], retired["reason"], tuple(retired.get("replaced_by", ())))
                if retired
                else None
            ),
        ),
        **fields,
    )


def catalogue_from_dicts(catalogue: dict[str, Any], category_files: dict[str, dict[str, Any]]) -> Catalogue:
    """Build the catalogue; ``category_files`` maps a category id to its parsed file."""
    categories = []
    for entry in catalogue["categories"]:
        requirements = category_files.get(entry["id"], {}).get("requirements", [])
        categories.append(
            Category(
                id=entry["id"],
                title=entry["title"],
                file=entry["file"],
                description=entry.get("description", ""),
                requirements=tuple(requirement_from_dict(req, entry["id"]) for req in requirements),
            )
        )
    return Catalogue(
        id=catalogue["id"],
        title=catalogue["title"],
        edition_note=catalogue["edition_note"],
        owner=catalogue["owner"],
        governance=catalogue["governance"],
        level_reminder=catalogue["level_reminder"],
        aims=tuple(Named(a["id"], a["title"], a.get("description", "")) for a in catalogue["aims"]),
        service_areas=tuple(Named(a["id"], a["title"], a.get("description", "")) for a in catalogue["service_areas"]),
        categories=tuple(categories),
        versions=tuple(
            Version(
                v["version"],
                v["status"],
                v["summary"],
                v.get("released"),
                tuple(
                    SourceCheck(
                        check["topic"],
                        check["text"],
                        tuple(check.get("requirements", ())),
                        content_fields({"references": check["sources"]})["references"],
                    )
                    for check in v.get("source_checks", ())
                ),
            )
            for v in catalogue["versions"]
        ),
        retired_ids=tuple(catalogue.get("retired_ids", ())),
    )
