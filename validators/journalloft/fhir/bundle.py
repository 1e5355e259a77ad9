"""Bundle rules of FHIR R4 checked natively, with the entry they concern as location.

The core Bundle definition states these rules as invariants on the Bundle root (bdl-2, bdl-3,
bdl-4, bdl-7, bdl-11, bdl-12), so FHIRPath would report them at ``Bundle``. Checking them here
names the offending entry instead; the walker therefore does not send those keys to FHIRPath
(:data:`NATIVE_BUNDLE_KEYS`), so each problem is reported once.

* fullUrl unique unless the entries carry different meta.versionId (bdl-7);
* batch/transaction/history entries need ``request`` (bdl-3), and ``request`` is prohibited in
  other Bundle types; batch-response/transaction-response/history entries need ``response``
  (bdl-4), prohibited elsewhere;
* ``search`` only in searchset entries (bdl-2); a searchset entry without ``search.mode`` gets a
  warning (the mode tells a client whether the entry matched or was included);
* document: first entry is a Composition (bdl-11); message: first entry a MessageHeader (bdl-12).
* fullUrl is an absolute URI (FHIR R4 Bundle 2.36.4);
* the link relations that name one page (self, first, previous/prev, next, last) occur once;
* searchset entries: ids, outcomes and the searched types (:mod:`journalloft.fhir.bundle_search`);
* message and document entries: references between them under the fullUrl rules, a message's focus
  and entries it cannot reach (:mod:`journalloft.fhir.bundle_links`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from journalloft.fhir.bundle_links import check_bundle_links
from journalloft.fhir.bundle_search import check_searchset
from journalloft.issues import Issue, error, warning

_SINGLE_LINKS = frozenset({"self", "first", "previous", "prev", "next", "last"})
_RE_ABSOLUTE_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:\S+")

NATIVE_BUNDLE_KEYS = frozenset({"bdl-2", "bdl-3", "bdl-4", "bdl-7", "bdl-11", "bdl-12"})

_REQUEST_TYPES = {"batch", "transaction", "history"}
_RESPONSE_TYPES = {"batch-response", "transaction-response", "history"}


def check_bundle(
    bundle: dict[str, Any], where: Callable[..., str], resource_types: frozenset[str] = frozenset()
) -> list[Issue]:
    """Check the entry rules; ``where(index, *steps)`` formats an entry location."""
    issues: list[Issue] = _links(bundle, where)
    entries = bundle.get("entry")
    bundle_type = bundle.get("type")
    if not isinstance(entries, list) or not isinstance(bundle_type, str):
        return issues
    seen: dict[tuple[str, Any], int] = {}
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            continue
        full_url = entry.get("fullUrl")
        if isinstance(full_url, str):
            issues.extend(_full_url_rules(index, full_url, entry.get("resource"), seen, where, resource_types))
        issues.extend(_entry_parts(index, entry, bundle_type, where))
    if bundle_type == "searchset":
        issues.extend(check_searchset(bundle, entries, where, resource_types))
    issues.extend(_first_entry(entries, bundle_type, where))
    issues.extend(check_bundle_links(bundle_type, entries, where, resource_types))
    return issues


def _full_url_rules(  # noqa: PLR0917 - check_bundle's loop state, passed on as it is
    index: int,
    full_url: str,
    resource: Any,
    seen: dict[tuple[str, Any], int],
    where: Callable[..., str],
    resource_types: frozenset[str],
) -> list[Issue]:
    """An entry's fullUrl: its form, and unique unless the entries are different versions (bdl-7);
    ``seen`` maps (fullUrl, versionId) to the first entry that used it."""
    issues = _full_url_form(full_url, resource, where(index, "fullUrl"), resource_types)
    version = None
    if isinstance(resource, dict):
        meta = resource.get("meta")
        if isinstance(meta, dict):
            version = meta.get("versionId")
    key = (full_url, version if isinstance(version, str) else None)
    if key in seen:
        issues.append(
            error(
                "fhir-bundle-fullurl",
                where(index, "fullUrl"),
                f'fullUrl "{full_url}" is already used by entry[{seen[key]}]; fullUrls must be unique '
                "unless the entries are different versions (bdl-7)",
            )
        )
    else:
        seen[key] = index
    return issues


def _entry_parts(index: int, entry: dict[str, Any], bundle_type: str, where: Callable[..., str]) -> list[Issue]:
    """request, response and search: required or prohibited by the Bundle's type (bdl-3, bdl-4, bdl-2)."""
    issues: list[Issue] = []
    has_request = "request" in entry
    has_response = "response" in entry
    if bundle_type in _REQUEST_TYPES and not has_request:
        issues.append(
            error("fhir-bundle-entry", where(index), f"a {bundle_type} Bundle entry must have request (bdl-3)")
        )
    if bundle_type not in _REQUEST_TYPES and has_request:
        issues.append(
            error(
                "fhir-bundle-entry",
                where(index, "request"),
                f"request is only allowed in batch, transaction and history Bundles, not in {bundle_type} (bdl-3)",
            )
        )
    if bundle_type in _RESPONSE_TYPES and not has_response:
        issues.append(
            error("fhir-bundle-entry", where(index), f"a {bundle_type} Bundle entry must have response (bdl-4)")
        )
    if bundle_type not in _RESPONSE_TYPES and has_response:
        issues.append(
            error(
                "fhir-bundle-entry",
                where(index, "response"),
                "response is only allowed in batch-response, transaction-response and history Bundles, "
                f"not in {bundle_type} (bdl-4)",
            )
        )
    search = entry.get("search")
    if bundle_type != "searchset" and search is not None:
        issues.append(
            error(
                "fhir-bundle-entry",
                where(index, "search"),
                f"search is only allowed in searchset Bundles, not in {bundle_type} (bdl-2)",
            )
        )
    if bundle_type == "searchset" and not (isinstance(search, dict) and "mode" in search):
        issues.append(
            warning(
                "fhir-bundle-entry",
                where(index),
                "a searchset entry should say in search.mode whether it matched the search or was included",
            )
        )
    return issues


def _first_entry(entries: list[Any], bundle_type: str, where: Callable[..., str]) -> list[Issue]:
    """A document starts with a Composition (bdl-11), a message with a MessageHeader (bdl-12)."""
    issues: list[Issue] = []
    first_type = None
    if entries and isinstance(entries[0], dict) and isinstance(entries[0].get("resource"), dict):
        first_type = entries[0]["resource"].get("resourceType")
    for bundle_kind, wanted, rule in (("document", "Composition", "bdl-11"), ("message", "MessageHeader", "bdl-12")):
        if bundle_type == bundle_kind and first_type != wanted:
            issues.append(
                error(
                    "fhir-bundle-entry",
                    where(0, "resource") if entries else where(None),
                    f"the first entry of a {bundle_kind} Bundle must be a {wanted}, "
                    f"found {first_type or 'nothing'} ({rule})",
                )
            )
    return issues


def _full_url_form(full_url: str, resource: Any, location: str, resource_types: frozenset[str]) -> list[Issue]:
    """A fullUrl is an absolute URI; one that looks like a RESTful server URL ([base]/Type/id, as
    HL7's validator reads it: a resource type before the last segment) ends with the resource's own
    type and id (checked against FHIR/fhir-test-cases, case bundle-with-contained)."""
    if not full_url:
        return []  # the primitive check reports empty strings
    if _RE_ABSOLUTE_URI.fullmatch(full_url) is None:
        return [
            error(
                "fhir-bundle-fullurl",
                location,
                f'fullUrl must be an absolute URI (http(s)://..., urn:uuid: or urn:oid:), not "{full_url}"',
            )
        ]
    if not isinstance(resource, dict) or not full_url.startswith(("http://", "https://")):
        return []
    resource_type, resource_id = resource.get("resourceType"), resource.get("id")
    if not isinstance(resource_type, str) or not isinstance(resource_id, str) or not resource_id:
        return []
    segments = full_url.split("?", 1)[0].split("#", 1)[0].rstrip("/").split("/")
    if len(segments) < 5 or segments[-2] not in resource_types:  # scheme, "", host, Type, id
        return []
    if segments[-2] == resource_type and segments[-1] == resource_id:
        return []
    return [
        error(
            "fhir-bundle-fullurl",
            location,
            f'fullUrl "{full_url}" looks like a RESTful server URL, so it must end with the resource\'s type and '
            f"id (/{resource_type}/{resource_id})",
        )
    ]


def _links(bundle: dict[str, Any], where: Callable[..., str]) -> list[Issue]:
    """The page links (self, first, previous, next, last) may each occur once."""
    links = bundle.get("link")
    issues: list[Issue] = []
    seen: set[str] = set()
    for index, link in enumerate(links if isinstance(links, list) else ()):
        relation = link.get("relation") if isinstance(link, dict) else None
        if not isinstance(relation, str) or relation not in _SINGLE_LINKS:
            continue
        if relation in seen:
            issues.append(
                error(
                    "fhir-bundle-link",
                    f"{where(None)}.link[{index}]",
                    f'the link relation "{relation}" may occur only once in a Bundle',
                )
            )
        seen.add(relation)
    return issues
