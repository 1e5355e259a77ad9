"""References between the entries of a message or document Bundle, resolved under the fullUrl rules.

FHIR R4 Bundle 2.36.4 ("Resolving references in Bundles"): a relative reference ``Type/id`` in an
entry is resolved against the RESTful base of that entry's own fullUrl. HL7's validator (6.7.10,
BundleValidator.checkAllInterlinked and validateMessage with BaseValidator.resolveInBundle) applies
this to message and document Bundles, whose entries must belong together; the rules here follow it,
in our own words:

* the base is taken only from a fullUrl of the form ``[base]/Type/id`` that ends with the entry's own
  resource type and id; a ``urn:`` fullUrl has no base;
* a relative reference that does not resolve that way, while an entry holds a resource of that type
  and id, is an error: the resource is there, but a receiver following the rules cannot reach it
  (HL7: BUNDLE_BUNDLE_ENTRY_NOTFOUND_APPARENT / _CANNOT);
* ``MessageHeader.focus`` names what the message is about, so it must resolve inside the message:
  an absolute URL or ``urn:oid:`` no entry carries as fullUrl, or a ``Type/id`` no entry holds, is an
  error (HL7: Bundle_BUNDLE_Entry_NotFound, "MessageHeader Data"), except a RESTful URL to a
  canonical resource (a definition the receiver is expected to know). An unresolved ``urn:uuid:`` is
  already reported as such (``fhir-reference-unresolved``);
* an entry of a message that cannot be reached from the MessageHeader by following references,
  forwards or backwards, gets a warning (HL7: BUNDLE_BUNDLE_ENTRY_ORPHAN_MESSAGE, a warning too).

Checked against FHIR/fhir-test-cases' bundle-with-contained (a focus ``Organization/…`` beside a
MessageHeader whose fullUrl does not end with its own id) and uk-msg (an entry not reachable).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from journalloft.fhir.references import CANONICAL_RESOURCES, classify, restful_base
from journalloft.issues import Issue, error, warning


@dataclass(slots=True)
class _Entries:
    """The entries by fullUrl and by Type/id (each also with its /_history/versionId form)."""

    by_full_url: dict[str, list[int]] = field(default_factory=dict)
    by_type_id: dict[str, list[int]] = field(default_factory=dict)
    full_urls: dict[int, str] = field(default_factory=dict)
    bases: dict[int, str | None] = field(default_factory=dict)

    @classmethod
    def of(cls, entries: list[Any]) -> _Entries:
        index = cls()
        for number, resource, full_url in _resources(entries):
            type_id = _type_id(resource)
            version = _version(resource)
            if full_url is not None:
                index.full_urls[number] = full_url
                index.by_full_url.setdefault(full_url, []).append(number)
                if version is not None:
                    index.by_full_url.setdefault(f"{full_url}/_history/{version}", []).append(number)
            if type_id is not None:
                index.by_type_id.setdefault(type_id, []).append(number)
                if version is not None:
                    index.by_type_id.setdefault(f"{type_id}/_history/{version}", []).append(number)
            base = restful_base(full_url) if full_url is not None and type_id is not None else None
            own = base is not None and type_id is not None and full_url == base + type_id
            index.bases[number] = base if own else None
        return index


def _resources(entries: list[Any]) -> Iterator[tuple[int, dict[str, Any], str | None]]:
    for number, entry in enumerate(entries):
        if isinstance(entry, dict) and isinstance(entry.get("resource"), dict):
            full_url = entry.get("fullUrl")
            yield number, entry["resource"], full_url if isinstance(full_url, str) and full_url else None


def _type_id(resource: dict[str, Any]) -> str | None:
    resource_type, resource_id = resource.get("resourceType"), resource.get("id")
    if isinstance(resource_type, str) and isinstance(resource_id, str) and resource_id:
        return f"{resource_type}/{resource_id}"
    return None


def _version(resource: dict[str, Any]) -> str | None:
    meta = resource.get("meta")
    version = meta.get("versionId") if isinstance(meta, dict) else None
    return version if isinstance(version, str) and version else None


def _references(node: Any, path: str) -> Iterator[tuple[str, str]]:
    """(reference, location of the Reference) for each literal reference below ``node``, not '#id'
    and not inside a resource of type Bundle (a Bundle inside an entry has its own rules)."""
    if isinstance(node, dict):
        reference = node.get("reference")
        if isinstance(reference, str) and reference and not reference.startswith("#"):
            yield reference, path
        for key, value in node.items():
            if key == "resource" and isinstance(value, dict) and value.get("resourceType") == "Bundle":
                continue
            yield from _references(value, f"{path}.{key}")
    elif isinstance(node, list):
        for position, item in enumerate(node):
            yield from _references(item, f"{path}[{position}]")


@dataclass(frozen=True, slots=True)
class _Resolution:
    target: int | None
    problem: str | None = None  # why it is an error, when it is one


def _resolve(reference: str, source: int, index: _Entries, resource_types: frozenset[str]) -> _Resolution:
    """Resolve as BaseValidator.resolveInBundle does for R4 (fragments are the narrative-link check's)."""
    reference = reference.split("#", 1)[0]
    kind = classify(reference)
    if kind is None or kind[0] == "conditional":
        return _Resolution(None)
    if kind[0] in ("absolute", "uuid", "oid"):
        found = index.by_full_url.get(reference, [])
        return _Resolution(found[0] if len(found) == 1 else None)
    base = index.bases.get(source)
    if base is not None:
        found = index.by_full_url.get(base + reference, [])
        if len(found) == 1:
            return _Resolution(found[0])
    resource_type, _, rest = reference.partition("/")
    if resource_type not in resource_types:
        return _Resolution(None)
    same = index.by_type_id.get(f"{resource_type}/{rest.split('/', 1)[0]}", [])
    if not same:
        return _Resolution(None)
    candidates = ", ".join(sorted(index.full_urls.get(number, "(no fullUrl)") for number in same))
    if base is None:
        source_url = index.full_urls.get(source)
        why = (
            f"the referring entry's fullUrl ({source_url}) is not [base]/Type/id of its own resource, so a relative "
            "reference has no base to resolve against"
            if source_url is not None
            else "the referring entry has no fullUrl, so a relative reference has no base to resolve against"
        )
    else:
        why = f"under the fullUrl rules it means {base + reference}"
    return _Resolution(
        None,
        f'"{reference}" does not resolve in the Bundle: {why}; the entry with that type and id has fullUrl '
        f"{candidates}. Use that fullUrl as the reference, or give the entries fullUrls on one RESTful base",
    )


def check_bundle_links(
    bundle_type: str, entries: list[Any], where: Callable[..., str], resource_types: frozenset[str]
) -> list[Issue]:
    """The rules above for a message or document Bundle; ``where(index, *steps)`` formats an entry location."""
    if bundle_type not in ("message", "document") or not entries:
        return []
    index = _Entries.of(entries)
    issues: list[Issue] = []
    targets: dict[int, set[int]] = {}
    for number, resource, _ in _resources(entries):
        linked = targets.setdefault(number, set())
        for reference, path in _references(resource, where(number, "resource")):
            resolution = _resolve(reference, number, index, resource_types)
            if resolution.problem is not None:
                issues.append(error("fhir-bundle-reference", f"{path}.reference", resolution.problem))
            elif resolution.target is not None and resolution.target != number:
                linked.add(resolution.target)
    if bundle_type == "message":
        issues.extend(_focus(entries, index, where, resource_types))
        issues.extend(_unreachable(entries, targets, index, where))
    return issues


def _focus(
    entries: list[Any], index: _Entries, where: Callable[..., str], resource_types: frozenset[str]
) -> list[Issue]:
    """Each MessageHeader.focus of the first entry resolves to an entry of the message."""
    header = entries[0].get("resource") if isinstance(entries[0], dict) else None
    if not isinstance(header, dict) or header.get("resourceType") != "MessageHeader":
        return []  # bdl-12 reports a message without a MessageHeader first
    focus = header.get("focus")
    issues: list[Issue] = []
    for position, item in enumerate(focus if isinstance(focus, list) else ()):
        reference = item.get("reference") if isinstance(item, dict) else None
        if not isinstance(reference, str) or not reference or reference.startswith("#"):
            continue
        kind = classify(reference)
        if kind is None or kind[0] in ("uuid", "conditional"):
            continue  # malformed, or an unresolved urn:uuid: reported by the reference check
        resolution = _resolve(reference, 0, index, resource_types)
        if resolution.target is not None or resolution.problem is not None:
            continue  # resolved, or reported above as unreachable under the fullUrl rules
        if kind[0] == "absolute" and kind[1] in CANONICAL_RESOURCES:
            continue
        if kind[0] == "relative" and kind[1] not in resource_types:
            continue
        issues.append(
            error(
                "fhir-bundle-reference",
                f"{where(0, 'resource')}.focus[{position}].reference",
                f'the MessageHeader\'s focus "{reference}" is not in the message: no entry has it as fullUrl'
                + ("" if kind[0] != "relative" else " or holds a resource with that type and id")
                + "; the data a message is about travels in the message",
            )
        )
    return issues


def _unreachable(
    entries: list[Any], targets: dict[int, set[int]], index: _Entries, where: Callable[..., str]
) -> list[Issue]:
    """Entries not reachable from the MessageHeader (entry 0) by references followed forwards, or
    backwards from an entry already reached (a Provenance pointing at the message's content)."""
    if 0 not in targets:
        return []
    reached: set[int] = set()
    pending = [0]
    while True:
        while pending:
            number = pending.pop()
            if number not in reached:
                reached.add(number)
                pending.extend(targets.get(number, ()))
        backwards = [number for number, linked in targets.items() if number not in reached and linked & reached]
        if not backwards:
            break
        pending.extend(backwards)
    return [
        warning(
            "fhir-bundle-reference",
            where(number),
            f"entry {index.full_urls.get(number, '(no fullUrl)')} cannot be reached from the MessageHeader by "
            "following references, forwards or backwards; check that the message needs it",
        )
        for number in sorted(set(targets) - reached)
    ]
