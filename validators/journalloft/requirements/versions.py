"""Which requirements a catalogue version holds, and what each said at that version.

A requirement belongs to version V when it was introduced at or before V and was not retired at or
before V. Its content at V is its current content with the ``previous`` values of every change made
after V put back, newest change first, so the oldest wording wins.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from journalloft.requirements.model import Catalogue, Change, Requirement, content_fields, version_key


def is_member(requirement: Requirement, version: str) -> bool:
    key = version_key(version)
    lifecycle = requirement.lifecycle
    if version_key(lifecycle.introduced) > key:
        return False
    return lifecycle.retired is None or version_key(lifecycle.retired.version) > key


def content_at(requirement: Requirement, version: str) -> Requirement:
    """The requirement as it read at ``version``; its lifecycle still tells the whole history."""
    key = version_key(version)
    later = [change for change in requirement.lifecycle.changes if version_key(change.version) > key]
    result = requirement
    for change in sorted(later, key=lambda c: version_key(c.version), reverse=True):
        result = replace(result, **content_fields(change.previous))
    return result


def requirements_at(catalogue: Catalogue, version: str) -> tuple[Requirement, ...]:
    """Every requirement in ``version``, in catalogue order, with its content at that version."""
    return tuple(content_at(req, version) for req in catalogue.requirements if is_member(req, version))


def history_until(requirement: Requirement, version: str) -> tuple[Change, ...]:
    """The changes made up to and including ``version``."""
    key = version_key(version)
    return tuple(c for c in requirement.lifecycle.changes if version_key(c.version) <= key)


@dataclass(frozen=True)
class VersionDelta:
    """What happened between a version and the one before it (``previous`` is None for the first)."""

    previous: str | None
    version: str
    added: tuple[Requirement, ...]
    changed: tuple[tuple[Requirement, Change], ...]
    retired: tuple[Requirement, ...]


def delta(catalogue: Catalogue, version: str) -> VersionDelta:
    """The changes that take effect in ``version`` (published or draft), read from the lifecycle data."""
    declared = [v.version for v in catalogue.versions]
    index = declared.index(version)
    previous = declared[index - 1] if index > 0 else None
    added = tuple(req for req in catalogue.requirements if req.lifecycle.introduced == version)
    changed = tuple(
        (content_at(req, version), change)
        for req in catalogue.requirements
        for change in req.lifecycle.changes
        if change.version == version
    )
    retired = tuple(
        req
        for req in catalogue.requirements
        if req.lifecycle.retired is not None and req.lifecycle.retired.version == version
    )
    return VersionDelta(previous, version, added, changed, retired)
