"""The reference server's transaction: FHIR's all-or-nothing processing of an OktTransactionBundle.

What it accepts is what the spec's transaction profile describes: ``POST EpisodeOfCare`` (a new
service), ``PUT EpisodeOfCare/{id}`` (an update, such as a status change), ``POST Organization`` and the
conditional ``PUT Organization?identifier=urn:oid:2.16.578.1.12.4.1.4.101|<orgnr>`` (create the unit or
update the one with that organisation number). Each ``urn:uuid:`` fullUrl is replaced by the id the
entry gets wherever the other entries refer to it; a literal reference must name a stored resource or
one in the same transaction.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs

from journalloft.testkit.store import TYPES, Resource, Store, StoreError

_CREATED, _UPDATED = "201 Created", "200 OK"


def apply_transaction(store: Store, bundle: Resource) -> tuple[Store, Resource]:
    """The store after ``bundle`` and the transaction-response; raises :class:`StoreError`, leaving ``store``."""
    work = store.copy()
    entries = [e for e in bundle.get("entry", []) if isinstance(e, dict)]
    plan: list[tuple[str, str, bool, Resource]] = []
    targets: dict[str, str] = {}
    for index, entry in enumerate(entries):
        type_, id_, create = _target(work, entry, index)
        plan.append((type_, id_, create, copy.deepcopy(entry["resource"])))
        if isinstance(entry.get("fullUrl"), str):
            targets[entry["fullUrl"]] = f"{type_}/{id_}"
    known = {f"{t}/{i}" for t, i in work.data} | set(targets.values())
    answers = []
    for index, (type_, id_, create, resource) in enumerate(plan):
        for holder in references(resource):
            ref = holder["reference"]
            if ref in targets:
                holder["reference"] = targets[ref]
            elif ref not in known:
                raise StoreError(
                    400, "not-found", f"Bundle.entry[{index}]: the reference {ref[:80]} names nothing stored or sent."
                )
        stored = work.save(type_, id_, resource, create=create)
        meta = stored["meta"]
        answers.append(
            {
                "response": {
                    "status": _CREATED if create else _UPDATED,
                    "location": f"{type_}/{id_}/_history/{meta['versionId']}",
                    "etag": f'W/"{meta["versionId"]}"',
                    "lastModified": meta["lastUpdated"],
                }
            }
        )
    return work, {"resourceType": "Bundle", "type": "transaction-response", "entry": answers}


def _target(store: Store, entry: dict[str, Any], index: int) -> tuple[str, str, bool]:
    """(type, id, create) for one entry, from its request."""
    where = f"Bundle.entry[{index}]"
    request = entry.get("request") or {}
    resource = entry.get("resource")
    method, url = request.get("method"), str(request.get("url", ""))
    if not isinstance(resource, dict):
        raise StoreError(400, "required", f"{where} has no resource; this server takes POST and PUT entries only.")
    type_ = resource.get("resourceType")
    path, _, query = url.partition("?")
    if type_ not in TYPES or path.split("/")[0] != type_:
        raise StoreError(400, "not-supported", f"{where}.request.url {url[:80]} does not name its {type_!s:.40}.")
    if method == "POST" and path == type_ and not query:
        return type_, store.new_id(type_), True
    if method == "PUT" and path.count("/") == 1 and not query:
        return type_, path.split("/")[1], False
    if method == "PUT" and path == type_ and type_ == "Organization":
        identifier = parse_qs(query).get("identifier", [""])[-1]
        system, bar, value = identifier.partition("|")
        if not bar or not value:
            raise StoreError(400, "invalid", f"{where}: a conditional PUT needs identifier=system|value.")
        found = store.by_identifier(type_, system, value)
        if len(found) > 1:
            raise StoreError(412, "multiple-matches", f"{where}: {len(found)} units have identifier {identifier}.")
        return (type_, found[0]["id"], False) if found else (type_, store.new_id(type_), True)
    raise StoreError(400, "not-supported", f"{where}: {method!s:.10} {url[:80]} is not an operation this server takes.")


def references(value: Any) -> Iterator[dict[str, Any]]:
    """Every object holding a string ``reference`` inside ``value``."""
    if isinstance(value, dict):
        if isinstance(value.get("reference"), str):
            yield value
        for item in value.values():
            yield from references(item)
    elif isinstance(value, list):
        for item in value:
            yield from references(item)
