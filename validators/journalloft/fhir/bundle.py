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
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from journalloft.issues import Issue, error, warning

NATIVE_BUNDLE_KEYS = frozenset({"bdl-2", "bdl-3", "bdl-4", "bdl-7", "bdl-11", "bdl-12"})

_REQUEST_TYPES = {"batch", "transaction", "history"}
_RESPONSE_TYPES = {"batch-response", "transaction-response", "history"}


def check_bundle(bundle: dict[str, Any], where: Callable[..., str]) -> list[Issue]:
    """Check the entry rules; ``where(index, *steps)`` formats an entry location."""
    issues: list[Issue] = []
    entries = bundle.get("entry")
    bundle_type = bundle.get("type")
    if not isinstance(entries, list) or not isinstance(bundle_type, str):
        return issues
    seen: dict[tuple[str, Any], int] = {}
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            continue
        resource = entry.get("resource")
        full_url = entry.get("fullUrl")
        if isinstance(full_url, str):
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
