"""Literal references (Reference.reference) in FHIR R4: format, target type, local resolution.

Rules applied (FHIR R4 3.1.0 References, and Bundle 2.36.4 "Resolving references in Bundles"):

* ``#id`` points to a contained resource of the containing resource (``#`` alone to the container);
  it must resolve: an unresolved local reference is an error.
* ``urn:uuid:`` and ``urn:oid:`` references are valid only with a well-formed UUID/OID; inside a
  Bundle a ``urn:uuid:`` must match some entry's ``fullUrl`` (it cannot point anywhere else).
* ``Type/id`` and ``Type/id/_history/vid`` are relative RESTful references; ``Type`` must be a
  resource type. Inside a Bundle they are resolved against the RESTful base of the referring
  entry's ``fullUrl``; when no entry matches, the reference may point to a server: not an error.
* Absolute URLs are accepted; when they end in ``Type/id`` the type is known.
* ``Type?search`` (conditional references, used in transactions) are accepted.
* A reference that resolves to a fullUrl several entries carry (versions of one resource) is
  ambiguous, as HL7's validator reports it.

The type of the target (from the reference text, or from the resolved resource) is checked against
the element's allowed target types (``type.targetProfile``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

_ID = r"[A-Za-z0-9\-\.]{1,64}"
_RE_RELATIVE = re.compile(r"([A-Z][A-Za-z]+)/(" + _ID + r")(/_history/(" + _ID + r"))?", re.ASCII)
_RE_ABSOLUTE_TAIL = re.compile(r"(.*/)?([A-Z][A-Za-z]+)/(" + _ID + r")(/_history/(" + _ID + r"))?", re.ASCII)
_RE_CONDITIONAL = re.compile(r"([A-Z][A-Za-z]+)\?\S*", re.ASCII)
_RE_UUID_URN = re.compile(r"urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.ASCII)
_RE_OID_URN = re.compile(r"urn:oid:[0-2](\.(0|[1-9][0-9]*))+", re.ASCII)
_RE_ABSOLUTE = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:\S+", re.ASCII)

# R4's canonical resources (HL7's VersionUtilities.getCanonicalResourceNames for 4.0): their own ``url`` is
# their identity rather than a pointer (walk_uris), and a message's focus may name one by its RESTful URL
# without carrying it (bundle_links)
CANONICAL_RESOURCES = frozenset(
    {
        "ActivityDefinition", "CapabilityStatement", "ChargeItemDefinition", "CodeSystem", "CompartmentDefinition",
        "ConceptMap", "EffectEvidenceSynthesis", "EventDefinition", "Evidence", "EvidenceVariable",
        "ExampleScenario", "GraphDefinition", "ImplementationGuide", "Library", "Measure", "MessageDefinition",
        "NamingSystem", "OperationDefinition", "PlanDefinition", "Questionnaire", "ResearchDefinition",
        "ResearchElementDefinition", "RiskEvidenceSynthesis", "SearchParameter", "StructureDefinition",
        "StructureMap", "TerminologyCapabilities", "TestScript", "ValueSet",
    }
)  # fmt: skip


@dataclass(slots=True)
class BundleIndex:
    """fullUrl -> resource for one Bundle, plus each entry resource's own fullUrl."""

    by_full_url: dict[str, dict[str, Any]] = field(default_factory=dict)
    full_url_of: dict[int, str] = field(default_factory=dict)  # id(resource) -> fullUrl
    bundle: dict[str, Any] | None = None
    ambiguous: set[str] = field(default_factory=set)  # fullUrls more than one entry carries (versions)

    @classmethod
    def of(cls, bundle: dict[str, Any]) -> BundleIndex:
        index = cls(bundle=bundle)
        entries = bundle.get("entry")
        if not isinstance(entries, list):
            return index
        for entry in entries:
            if not isinstance(entry, dict):
                continue
            full_url = entry.get("fullUrl")
            resource = entry.get("resource")
            if isinstance(full_url, str) and isinstance(resource, dict):
                if full_url in index.by_full_url:
                    index.ambiguous.add(full_url)
                index.by_full_url.setdefault(full_url, resource)
                index.full_url_of[id(resource)] = full_url
        return index


@dataclass(slots=True)
class ReferenceScope:
    """What a reference inside one resource can resolve against."""

    container: dict[str, Any]  # the resource whose contained[] '#id' points into
    bundle: BundleIndex | None
    entry_full_url: str | None
    # Built on the first '#id' look-up, so n local references cost n, not n² (id -> first resource).
    contained_by_id: dict[Any, dict[str, Any]] | None = None
    # The RESTful base of entry_full_url, found once per scope (None: not yet looked for).
    base: tuple[str | None] | None = None


@dataclass(frozen=True, slots=True)
class ReferenceProblem:
    code: str
    message: str
    is_warning: bool = False


def restful_base(full_url: str) -> str | None:
    """``http://x/fhir/Patient/1`` -> ``http://x/fhir/``; None when the fullUrl is not RESTful."""
    match = _RE_ABSOLUTE_TAIL.fullmatch(full_url)
    if match is None or not match.group(1) or "://" not in full_url:
        return None
    return match.group(1)


def classify(reference: str) -> tuple[str, str | None] | None:
    """(kind, resource type or None) for a well-formed reference; None when malformed.

    kind is one of: local, uuid, oid, relative, absolute, conditional.
    """
    if reference.startswith("#"):
        return ("local", None)
    if reference.startswith("urn:uuid:"):
        return ("uuid", None) if _RE_UUID_URN.fullmatch(reference) else None
    if reference.startswith("urn:oid:"):
        return ("oid", None) if _RE_OID_URN.fullmatch(reference) else None
    match = _RE_RELATIVE.fullmatch(reference)
    if match is not None:
        return ("relative", match.group(1))
    match = _RE_CONDITIONAL.fullmatch(reference)
    if match is not None:
        return ("conditional", match.group(1))
    if _RE_ABSOLUTE.fullmatch(reference) and "://" in reference:
        tail = _RE_ABSOLUTE_TAIL.fullmatch(reference)
        return ("absolute", tail.group(2) if tail is not None else None)
    if _RE_ABSOLUTE.fullmatch(reference) and reference.startswith("urn:"):
        return ("absolute", None)
    return None


def resolve(reference: str, kind: str, scope: ReferenceScope) -> tuple[bool, dict[str, Any] | None]:
    """(resolution attempted with a definite answer, resolved resource or None)."""
    if kind == "local":
        target_id = reference[1:]
        if not target_id:
            return True, scope.container
        if scope.contained_by_id is None:
            scope.contained_by_id = {}
            contained = scope.container.get("contained")
            for resource in contained if isinstance(contained, list) else ():
                if isinstance(resource, dict) and isinstance(resource.get("id"), str):
                    scope.contained_by_id.setdefault(resource["id"], resource)
        return True, scope.contained_by_id.get(target_id)
    bundle = scope.bundle
    if bundle is None:
        return False, None
    if kind in ("uuid", "oid"):
        found = bundle.by_full_url.get(reference)
        return (kind == "uuid"), found
    if kind == "absolute":
        return False, bundle.by_full_url.get(reference)
    if kind == "relative":
        if scope.base is None:
            scope.base = (restful_base(scope.entry_full_url) if scope.entry_full_url else None,)
        base = scope.base[0]
        if base is not None:
            found = bundle.by_full_url.get(base + reference)
            if found is not None:
                return False, found
        return False, None
    return False, None


def check_reference(
    reference: Any,
    allowed_types: frozenset[str] | None,
    declared_type: Any,
    scope: ReferenceScope,
    resource_types: frozenset[str],
) -> list[ReferenceProblem]:
    """Check one Reference.reference value; allowed_types None means any resource type."""
    if not isinstance(reference, str) or not reference:
        return []  # the primitive check reports JSON type and empty strings
    kind_and_type = classify(reference)
    if kind_and_type is None and reference.startswith("urn:uuid:"):
        # HL7's validator reads it as a URN that matches no entry: a warning, not a format error
        return [
            ReferenceProblem(
                "fhir-reference-format",
                f'"{reference}" is not a well-formed urn:uuid (8-4-4-4-12 lower-case hex digits), '
                "so it cannot match any fullUrl",
                is_warning=True,
            )
        ]
    if kind_and_type is None:
        return [
            ReferenceProblem(
                "fhir-reference-format",
                f'"{reference}" is not a valid reference: '
                "expected Type/id, an absolute URL, urn:uuid:, urn:oid: or #id",
            )
        ]
    kind, target_type = kind_and_type
    problems: list[ReferenceProblem] = []
    if target_type is not None and target_type not in resource_types and kind != "absolute":
        return [
            ReferenceProblem("fhir-reference-format", f'"{reference}": {target_type} is not a FHIR R4 resource type')
        ]
    definite, resolved = resolve(reference, kind, scope)
    if resolved is not None and kind != "local" and scope.bundle is not None and scope.bundle.ambiguous:
        target_url = scope.bundle.full_url_of.get(id(resolved))
        if target_url in scope.bundle.ambiguous:
            problems.append(
                ReferenceProblem(
                    "fhir-reference-ambiguous",
                    f'"{reference}" matches several entries of the Bundle (fullUrl {target_url}, different '
                    "versions); name the version (.../_history/N) or keep one entry",
                )
            )
    if resolved is not None:
        resolved_type = resolved.get("resourceType")
        if isinstance(resolved_type, str):
            target_type = resolved_type
    elif definite:
        where = "in contained resources" if kind == "local" else "as a fullUrl in the Bundle"
        problems.append(ReferenceProblem("fhir-reference-unresolved", f'"{reference}" does not resolve {where}'))
    if target_type is None and isinstance(declared_type, str):
        target_type = declared_type
    if (
        allowed_types is not None
        and target_type is not None
        and target_type in resource_types
        and target_type not in allowed_types
    ):
        allowed = ", ".join(sorted(allowed_types))
        problems.append(
            ReferenceProblem(
                "fhir-reference-target",
                f'"{reference}" points to a {target_type}; this element allows {allowed}',
            )
        )
    return problems
