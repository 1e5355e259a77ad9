"""The reference server's in-memory data: EpisodeOfCare and Organization, their versions and searches.

Plain synchronous code with no HTTP in it, so the searches and the transaction can be read (and
tested) on their own. A transaction works on a copy of the data and replaces it only when every entry
succeeded: all or nothing, as FHIR's transaction requires.
"""

from __future__ import annotations

import copy
import itertools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

Resource = dict[str, Any]
TYPES = ("EpisodeOfCare", "Organization")
ORGNR_SYSTEM = "urn:oid:2.16.578.1.12.4.1.4.101"


class StoreError(Exception):
    """A request the data cannot satisfy: ``status`` (404, 400, 409), FHIR IssueType ``code``, a message."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(status, code, message)
        self.status, self.code, self.message = status, code, message


@dataclass
class Stored:
    resource: Resource
    version: int


@dataclass
class Store:
    data: dict[tuple[str, str], Stored] = field(default_factory=dict)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    clock: Callable[[], datetime] | None = None
    """A function giving the current time (tests may freeze it); None: the system clock."""

    def now(self) -> str:
        moment = self.clock() if self.clock is not None else datetime.now(UTC)
        return str(moment.isoformat(timespec="milliseconds").replace("+00:00", "Z"))

    def read(self, type_: str, id_: str) -> Resource:
        stored = self.data.get((type_, id_))
        if stored is None:
            raise StoreError(404, "not-found", f"{type_}/{id_[:64]} is not known.")
        return stored.resource

    def new_id(self, type_: str) -> str:
        return f"{'eoc' if type_ == 'EpisodeOfCare' else 'org'}-{next(self._ids)}"

    def save(self, type_: str, id_: str, resource: Resource, *, create: bool) -> Resource:
        """Store a new resource (``create``) or a new version of a known one; returns the stored copy."""
        previous = self.data.get((type_, id_))
        if previous is None and not create:
            raise StoreError(404, "not-found", f"{type_}/{id_[:64]} is not known; create it with POST.")
        version = previous.version + 1 if previous else 1
        stored = copy.deepcopy(resource)
        stored["id"] = id_
        meta = dict(stored.get("meta") or {})
        meta["versionId"] = str(version)
        meta["lastUpdated"] = self.now()
        stored["meta"] = meta
        self.data[(type_, id_)] = Stored(stored, version)
        return stored

    def by_identifier(self, type_: str, system: str, value: str) -> list[Resource]:
        return [
            s.resource
            for (t, _), s in self.data.items()
            if t == type_
            and any(i.get("system") == system and i.get("value") == value for i in s.resource.get("identifier", []))
        ]

    def episodes(self) -> Iterable[Resource]:
        return (s.resource for (t, _), s in self.data.items() if t == "EpisodeOfCare")

    def copy(self) -> Store:
        return Store(copy.deepcopy(self.data), self._ids, self.clock)


# --- search ---------------------------------------------------------------------------------------

_DATE = re.compile(
    r"^(?P<prefix>eq|ne|gt|lt|ge|le)?(?P<year>\d{4})(-(?P<month>\d{2})(-(?P<day>\d{2})"
    r"(T(?P<time>\d{2}:\d{2}(:\d{2}(\.\d+)?)?)(?P<tz>Z|[+-]\d{2}:\d{2})?)?)?)?$"
)


def date_range(text: str) -> tuple[str, datetime, datetime]:
    """A FHIR date search value as (prefix, start, end): the value covers [start, end)."""
    found = _DATE.match(text)
    if found is None:
        raise StoreError(400, "invalid", f"_lastUpdated value {text[:40]!r} is not a FHIR date (e.g. gt2026-01-01).")
    prefix = found["prefix"] or "eq"
    year = int(found["year"])
    try:
        if found["time"]:
            moment = datetime.fromisoformat(text[len(found["prefix"] or "") :].replace("Z", "+00:00"))
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=UTC)
            precision = timedelta(milliseconds=1) if "." in found["time"] else timedelta(seconds=1)
            return prefix, moment, moment + precision
        if found["day"]:
            start = datetime(year, int(found["month"]), int(found["day"]), tzinfo=UTC)
            return prefix, start, start + timedelta(days=1)
        if found["month"]:
            start = datetime(year, int(found["month"]), 1, tzinfo=UTC)
            end = datetime(year + (start.month == 12), start.month % 12 + 1, 1, tzinfo=UTC)
            return prefix, start, end
        return prefix, datetime(year, 1, 1, tzinfo=UTC), datetime(year + 1, 1, 1, tzinfo=UTC)
    except ValueError:
        raise StoreError(400, "invalid", f"_lastUpdated value {text[:40]!r} is not a valid date.") from None


def matches_date(instant: str, criterion: tuple[str, datetime, datetime]) -> bool:
    prefix, start, end = criterion
    moment = datetime.fromisoformat(instant.replace("Z", "+00:00"))
    if prefix == "eq":
        return start <= moment < end
    if prefix == "ne":
        return not start <= moment < end
    if prefix == "gt":
        return moment >= end
    if prefix == "ge":
        return moment >= start
    if prefix == "lt":
        return moment < start
    return moment < end  # le


@dataclass(frozen=True)
class Query:
    """A parsed EpisodeOfCare search."""

    patient: tuple[str | None, str]
    statuses: frozenset[str] = frozenset()
    last_updated: tuple[tuple[str, datetime, datetime], ...] = ()


def search_episodes(store: Store, query: Query) -> list[Resource]:
    """The matching EpisodeOfCare resources in a stable order (oldest first)."""
    system, value = query.patient
    found = []
    for episode in store.episodes():
        ident = (episode.get("patient") or {}).get("identifier") or {}
        if ident.get("value") != value or (system is not None and ident.get("system") != system):
            continue
        if query.statuses and episode.get("status") not in query.statuses:
            continue
        if not all(matches_date(episode["meta"]["lastUpdated"], c) for c in query.last_updated):
            continue
        found.append(episode)
    return found
