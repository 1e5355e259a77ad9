"""The reference server's EpisodeOfCare search: query parameters in, an OktSearchsetBundle out.

The parameters are those the spec's CapabilityStatement declares (``patient`` as the chained
``patient.identifier``, ``status``, ``_lastUpdated``, ``_summary=count``, ``_include`` of the managing
organisation) plus FHIR's ``_count`` (page size) and this server's own ``_offset`` (what its
``next`` links carry). Anything else is refused with 400, so a client learns of a typo at once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from journalloft.service.errors import HttpError
from journalloft.testkit.store import Query, Resource, Store, StoreError, date_range, search_episodes

if TYPE_CHECKING:
    from journalloft.testkit.reference import Variant

SEARCHSET_PROFILE = "https://journalloft.no/fhir/StructureDefinition/okt-searchset-bundle"
STATUSES = frozenset({"planned", "waitlist", "active", "onhold", "finished", "cancelled", "entered-in-error"})
PARAMETERS = frozenset({"patient.identifier", "status", "_lastUpdated", "_summary", "_include", "_count", "_offset"})
DEFAULT_PAGE, MAX_PAGE = 20, 100


def episode_search(
    store: Store, params: dict[str, list[str]], base: str, variant: Variant, served: Callable[[Resource], Resource]
) -> Resource:
    from journalloft.testkit.reference import Variant

    unknown = sorted(set(params) - PARAMETERS)
    if unknown:
        raise HttpError(
            400, "not-supported", f"Unknown search parameter {unknown[0][:40]}; known: {', '.join(sorted(PARAMETERS))}."
        )
    query = _query(params)
    summary = _one(params, "_summary")
    if summary not in (None, "count"):
        raise HttpError(400, "not-supported", "_summary takes count only.")
    include = _one(params, "_include")
    if include not in (None, "EpisodeOfCare:organization"):
        raise HttpError(400, "not-supported", "_include takes EpisodeOfCare:organization only.")
    page = _number(params, "_count", DEFAULT_PAGE, 1, MAX_PAGE)
    offset = _number(params, "_offset", 0, 0, 10**9)
    found = search_episodes(store, query)
    total = len(found)
    if summary == "count" and variant is Variant.WRONG_COUNT and "active" in query.statuses:
        total += len(search_episodes(store, Query(query.patient, frozenset({"onhold"}), query.last_updated)))
    bundle: Resource = {
        "resourceType": "Bundle",
        "meta": {"profile": [SEARCHSET_PROFILE]},
        "type": "searchset",
        "total": total,
        "link": [{"relation": "self", "url": _link(base, params)}],
    }
    if summary == "count":
        return bundle
    shown = found[offset : offset + page]
    if offset + page < len(found) and variant is not Variant.NO_PAGING:
        bundle["link"].append({"relation": "next", "url": _link(base, {**params, "_offset": [str(offset + page)]})})
    entries = [_entry(base, served(e), "match") for e in shown]
    if include:
        seen: set[str] = set()
        for episode in shown:
            ref = (episode.get("managingOrganization") or {}).get("reference", "")
            type_, _, id_ = ref.partition("/")
            if type_ == "Organization" and ref not in seen and (type_, id_) in store.data:
                seen.add(ref)
                entries.append(_entry(base, served(store.read(type_, id_)), "include"))
    if entries:
        bundle["entry"] = entries
    return bundle


def _query(params: dict[str, list[str]]) -> Query:
    token = _one(params, "patient.identifier")
    if not token:
        raise HttpError(400, "required", "patient.identifier=system|value is required (see the CapabilityStatement).")
    system, bar, value = token.partition("|")
    patient = (system or None, value) if bar else (None, token)
    statuses = frozenset(s for item in params.get("status", []) for s in item.split(",") if s)
    if statuses - STATUSES:
        raise HttpError(
            400, "code-invalid", f"status {sorted(statuses - STATUSES)[0][:40]} is not an EpisodeOfCare status."
        )
    try:
        dates = tuple(date_range(v) for v in params.get("_lastUpdated", []))
    except StoreError as exc:
        raise HttpError(exc.status, exc.code, exc.message) from None
    return Query(patient, statuses, dates)


def _one(params: dict[str, list[str]], name: str) -> str | None:
    values = params.get(name)
    if not values:
        return None
    if len(values) > 1:
        raise HttpError(400, "invalid", f"{name} is given {len(values)} times; give it once.")
    return values[0]


def _number(params: dict[str, list[str]], name: str, default: int, low: int, high: int) -> int:
    text = _one(params, name)
    if text is None:
        return default
    if not text.isdigit() or not low <= int(text) <= high:
        raise HttpError(400, "invalid", f"{name} is a whole number from {low} to {high}.")
    return int(text)


def _link(base: str, params: dict[str, list[str]]) -> str:
    return f"{base}/EpisodeOfCare?{urlencode(params, doseq=True, safe=':|,')}"


def _entry(base: str, resource: Resource, mode: str) -> Resource:
    return {
        "fullUrl": f"{base}/{resource['resourceType']}/{resource['id']}",
        "resource": resource,
        "search": {"mode": mode},
    }
