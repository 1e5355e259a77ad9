"""Rules HL7's reference validator applies to the entries of a searchset Bundle (checked against
FHIR/fhir-test-cases, cases bundle-id-1 to bundle-id-5; the rule texts are ours):

* an entry whose ``search.mode`` is ``outcome`` holds an OperationOutcome;
* every other entry is a search result and must have an id (an OperationOutcome without a mode
  is read as the outcome, as HL7's validator does);
* a result that is not an ``include`` must be of a type the search asked for, as the Bundle's
  ``self`` link states it: the type of a type-level search (``[base]/Patient?name=x``) or the
  types of ``_type`` in a system-level search. When the link names neither, any type may match.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlsplit

from journalloft.issues import Issue, error


def searched_types(bundle: dict[str, Any], resource_types: frozenset[str]) -> frozenset[str] | None:
    """The resource types the Bundle's self link searched for, or None when it does not say."""
    links = bundle.get("link")
    for link in links if isinstance(links, list) else ():
        if not isinstance(link, dict) or link.get("relation") != "self" or not isinstance(link.get("url"), str):
            continue
        parts = urlsplit(link["url"])
        last = parts.path.rstrip("/").rsplit("/", 1)[-1]
        if last in resource_types:
            return frozenset({last})
        named = {t for value in parse_qs(parts.query).get("_type", []) for t in value.split(",")}
        known = frozenset(named & resource_types)
        return known or None
    return None


def check_searchset(
    bundle: dict[str, Any], entries: list[Any], where: Callable[..., str], resource_types: frozenset[str]
) -> list[Issue]:
    """The searchset rules above; ``where(index, *steps)`` formats an entry location."""
    issues: list[Issue] = []
    expected = searched_types(bundle, resource_types)
    for index, entry in enumerate(entries):
        resource = entry.get("resource") if isinstance(entry, dict) else None
        if not isinstance(resource, dict) or not isinstance(resource.get("resourceType"), str):
            continue
        resource_type = resource["resourceType"]
        search = entry.get("search")
        mode = search.get("mode") if isinstance(search, dict) else None
        if mode == "outcome":
            if resource_type != "OperationOutcome":
                issues.append(
                    error(
                        "fhir-bundle-search",
                        where(index, "resource"),
                        f"the entry's search.mode is outcome, so its resource must be an OperationOutcome, "
                        f"not a {resource_type}",
                    )
                )
            continue
        if mode is None and resource_type == "OperationOutcome":
            continue
        if not resource.get("id"):
            issues.append(error("fhir-bundle-search", where(index, "resource"), "a search result must have an id"))
        if mode != "include" and expected is not None and resource_type not in expected:
            issues.append(
                error(
                    "fhir-bundle-search",
                    where(index, "resource"),
                    f"a {resource_type} does not match the search in the Bundle's self link, which asks for "
                    f"{', '.join(sorted(expected))}",
                )
            )
    return issues
