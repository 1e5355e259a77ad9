"""Where a FHIRPath evaluation happens, and the FHIR functions that look beyond the focus.

* :class:`EvaluationScope`: the resource, its root and Bundle, terminology, the resolve() indexes.
* :func:`resolve_reference`: ``resolve()``: ``#id`` within the container's ``contained``; other
  references through the Bundle (exact ``fullUrl``; ``Type/id`` against the referring entry's RESTful
  base, against any entry whose ``fullUrl`` ends with ``/Type/id``, or against an entry's resource type
  and id), through a :class:`ResolveIndex` built once per Bundle.
* :func:`code_member_of`: ``memberOf(url)`` through a terminology where the value set can be checked
  offline; otherwise :class:`NotEvaluable`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

# Well-known FHIR environment constants; %`vs-x` and %`ext-x` are expanded per expression.
STANDARD_CONSTANTS = {
    "ucum": "http://unitsofmeasure.org",
    "sct": "http://snomed.info/sct",
    "loinc": "http://loinc.org",
}


class NotEvaluable(Exception):
    """The expression needs something that cannot be known offline (a profile, a value set)."""


class CodeChecker(Protocol):
    def check_code(self, value_set_url: str, system: str | None, code: str, display: str | None = None) -> Any: ...


@dataclass(slots=True)
class EvaluationScope:
    """What FHIR-specific functions need to know about where the evaluation happens."""

    resource: Mapping[str, Any]
    root: Mapping[str, Any]
    bundle: Mapping[str, Any] | None = None
    terminology: CodeChecker | None = None
    resolver: ResolveIndex | None = None
    """Look-up tables for resolve(), shared by the scopes of one validation; None: built per scope."""


def resolve_reference(reference: str, scope: EvaluationScope) -> Mapping[str, Any] | None:
    """Find the resource a literal reference points to, or None when it is not locally available.

    Every look-up goes through a :class:`ResolveIndex`, so n references into a Bundle or a container
    of n resources cost n, not n² (a long fullUrl is examined once, not once per call).
    """
    if scope.resolver is None:
        scope.resolver = ResolveIndex()
    index = scope.resolver
    if reference.startswith("#"):
        if reference == "#":
            return scope.root
        wanted = reference[1:]
        for holder in (scope.root, scope.resource):
            found = index.contained(holder).get(wanted)
            if found is not None:
                return found
        return None
    bundle = scope.bundle
    if bundle is None:
        return None
    entries = index.bundle(bundle)
    reference = reference.split("/_history/", maxsplit=1)[0] if "/_history/" in reference else reference
    found = entries.by_full_url.get(reference)
    if found is not None:
        return found
    if _is_absolute(reference):
        return None
    own_url = entries.full_url_of.get(id(scope.root))
    base = entries.base_of(own_url) if own_url is not None else None
    if base is not None:
        found = entries.by_full_url.get(base + reference)
        if found is not None:
            return found
    return entries.by_tail_or_type_id(reference)


class ResolveIndex:
    """Indexes of ``contained`` per holder and of Bundle entries, built once and then looked up."""

    def __init__(self) -> None:
        self._contained: dict[int, tuple[Mapping[str, Any], dict[Any, Mapping[str, Any]]]] = {}
        self._bundles: dict[int, tuple[Mapping[str, Any], _BundleEntries]] = {}

    def contained(self, holder: Mapping[str, Any]) -> dict[Any, Mapping[str, Any]]:
        cached = self._contained.get(id(holder))
        if cached is not None and cached[0] is holder:
            return cached[1]
        by_id: dict[Any, Mapping[str, Any]] = {}
        for item in holder.get("contained") or ():
            if isinstance(item, Mapping) and isinstance(item.get("id"), str):
                by_id.setdefault(item["id"], item)
        self._contained[id(holder)] = (holder, by_id)
        return by_id

    def bundle(self, bundle: Mapping[str, Any]) -> _BundleEntries:
        cached = self._bundles.get(id(bundle))
        if cached is not None and cached[0] is bundle:
            return cached[1]
        entries = _BundleEntries(bundle)
        self._bundles[id(bundle)] = (bundle, entries)
        return entries


_TAIL_STEPS = 4  # fullUrl tails indexed for "ends with /reference": Type/id, and up to two more steps


class _BundleEntries:
    """The entries of one Bundle, by fullUrl, by the tail of their fullUrl, and by type and id."""

    def __init__(self, bundle: Mapping[str, Any]) -> None:
        self.entries = [entry for entry in bundle.get("entry") or () if isinstance(entry, Mapping)]
        self.by_full_url: dict[str, Mapping[str, Any]] = {}
        self.full_url_of: dict[int, str] = {}  # id(resource) -> fullUrl of the first entry holding it
        self._by_tail: dict[str, tuple[int, Mapping[str, Any]]] = {}
        self._by_type_id: dict[tuple[Any, Any], tuple[int, Mapping[str, Any]]] = {}
        self._bases: dict[str, str | None] = {}
        for position, entry in enumerate(self.entries):
            resource = entry.get("resource")
            full_url = entry.get("fullUrl")
            if not isinstance(resource, Mapping):
                continue
            if isinstance(full_url, str):
                self.by_full_url.setdefault(full_url, resource)
                self.full_url_of.setdefault(id(resource), full_url)
                steps = full_url.rsplit("/", _TAIL_STEPS)
                for count in range(1, len(steps)):
                    self._by_tail.setdefault("/".join(steps[-count:]), (position, resource))
            self._by_type_id.setdefault((resource.get("resourceType"), resource.get("id")), (position, resource))

    def base_of(self, full_url: str) -> str | None:
        if full_url not in self._bases:
            self._bases[full_url] = _restful_base(full_url)
        return self._bases[full_url]

    def by_tail_or_type_id(self, reference: str) -> Mapping[str, Any] | None:
        """The first entry whose fullUrl ends with ``/reference`` or whose resource is ``Type/id``."""
        candidates: list[tuple[int, Mapping[str, Any]]] = []
        if reference.count("/") < _TAIL_STEPS:
            tail = self._by_tail.get(reference)
            if tail is not None:
                candidates.append(tail)
        else:  # a reference with more steps than are indexed: look at every entry (rare and odd)
            for position, entry in enumerate(self.entries):
                full_url = entry.get("fullUrl")
                resource = entry.get("resource")
                if isinstance(resource, Mapping) and isinstance(full_url, str) and full_url.endswith("/" + reference):
                    candidates.append((position, resource))
                    break
        parts = reference.split("/")
        if len(parts) == 2:
            typed = self._by_type_id.get((parts[0], parts[1]))
            if typed is not None:
                candidates.append(typed)
        return min(candidates, key=lambda pair: pair[0])[1] if candidates else None


_RESTFUL_ID = re.compile(r"[A-Za-z0-9\-.]{1,64}")
_ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def _restful_base(full_url: Any) -> str | None:
    r"""``http://x/fhir/Patient/1`` -> ``http://x/fhir/``: the fullUrl up to its final ``Type/id``.

    The same answer as the leftmost match of ``[A-Z][A-Za-z]+/[A-Za-z0-9\-.]{1,64}$``, found by
    walking back from the end: a search for that tail tried every start, n² for a long fullUrl.
    """
    if not isinstance(full_url, str):
        return None
    head, slash, resource_id = full_url.rpartition("/")
    if not slash or not _RESTFUL_ID.fullmatch(resource_id):
        return None
    start = len(head)
    while start > 0 and head[start - 1] in _ASCII_LETTERS:
        start -= 1
    run = head[start:]
    for offset, char in enumerate(run):
        if "A" <= char <= "Z" and len(run) - offset >= 2:
            return head[: start + offset]
    return None


def _is_absolute(reference: str) -> bool:
    return ":" in reference.split("/", maxsplit=1)[0]


# ---------------------------------------------------------------------------------------------
# memberOf()


def code_member_of(terminology: CodeChecker, value_set_url: str, data: Any) -> bool:
    if isinstance(data, str):
        codings: list[tuple[str | None, str]] = [(None, data)]
    elif isinstance(data, Mapping) and "coding" in data:
        codings = [
            (coding.get("system"), coding["code"])
            for coding in data.get("coding") or ()
            if isinstance(coding, Mapping) and isinstance(coding.get("code"), str)
        ]
    elif isinstance(data, Mapping) and isinstance(data.get("code"), str):
        codings = [(data.get("system"), data["code"])]
    else:
        raise NotEvaluable("memberOf() applies to a code, Coding or CodeableConcept")
    undecided: list[str] = []
    for system, code in codings:
        outcome = terminology.check_code(value_set_url, system, code)
        status = getattr(outcome, "status", None)
        if status == "member":
            return True
        if status != "not-member":
            undecided.append(getattr(outcome, "message", str(status)))
    if undecided:
        raise NotEvaluable(f"memberOf('{value_set_url}') cannot be checked offline: {undecided[0]}")
    return False
