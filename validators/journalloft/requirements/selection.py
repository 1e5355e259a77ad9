"""Choosing requirements for an export or a page: a version, then ids and/or filters.

Filters combine with AND across kinds and OR within one kind (``--level skal --level må`` = either).
A list of ids picks exactly those requirements; asking for an id the version does not hold is an error,
because a tender annex that silently lacks a requirement is worse than no annex.
"""

from __future__ import annotations

from dataclasses import dataclass

from journalloft.requirements.model import Catalogue, Requirement, Version
from journalloft.requirements.versions import requirements_at


class SelectionError(Exception):
    """The selection names a version, id, category or service area the catalogue does not hold."""


@dataclass(frozen=True)
class Selection:
    ids: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    tender_uses: tuple[str, ...] = ()
    service_areas: tuple[str, ...] = ()
    text: str = ""

    @property
    def is_everything(self) -> bool:
        return self == Selection()

    def describe(self) -> str:
        """The selection in Norwegian, for the export's metadata."""
        if self.is_everything:
            return "alle krav i versjonen"
        parts = []
        for label, values in (
            ("id", self.ids),
            ("kategori", self.categories),
            ("nivå", self.levels),
            ("bruk i konkurranse", self.tender_uses),
            ("tjenesteområde", self.service_areas),
        ):
            if values:
                parts.append(f"{label}: {', '.join(values)}")
        if self.text:
            parts.append(f"fritekst: {self.text}")
        return "; ".join(parts)

    def matches(self, requirement: Requirement) -> bool:
        if self.ids and requirement.id not in self.ids:
            return False
        if self.categories and requirement.category not in self.categories:
            return False
        if self.levels and requirement.level not in self.levels:
            return False
        if self.tender_uses and not set(self.tender_uses) & set(requirement.tender_use):
            return False
        if self.service_areas and not set(self.service_areas) & set(requirement.service_areas):
            return False
        if self.text:
            haystack = " ".join((requirement.id, requirement.title, requirement.text)).casefold()
            if self.text.casefold() not in haystack:
                return False
        return True


def resolve_version(catalogue: Catalogue, name: str | None) -> Version:
    if name is None:
        return catalogue.current
    version = catalogue.version(name)
    if version is None:
        known = ", ".join(v.version for v in catalogue.versions)
        raise SelectionError(f"versjon {name} finnes ikke i katalogen (kjente: {known})")
    return version


def select(catalogue: Catalogue, version: Version, selection: Selection) -> tuple[Requirement, ...]:
    members = requirements_at(catalogue, version.version)
    unknown_ids = [rid for rid in selection.ids if rid not in {req.id for req in members}]
    if unknown_ids:
        raise SelectionError(f"finnes ikke i versjon {version.version}: {', '.join(unknown_ids)}")
    for label, values, known in (
        ("kategori", selection.categories, {cat.id for cat in catalogue.categories}),
        ("tjenesteområde", selection.service_areas, {area.id for area in catalogue.service_areas}),
    ):
        strangers = [value for value in values if value not in known]
        if strangers:
            raise SelectionError(f"ukjent {label}: {', '.join(strangers)} (kjente: {', '.join(sorted(known))})")
    chosen = [req for req in members if selection.matches(req)]
    if selection.ids:
        order = {rid: index for index, rid in enumerate(selection.ids)}
        chosen.sort(key=lambda req: order[req.id])
    return tuple(chosen)
