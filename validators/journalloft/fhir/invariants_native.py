"""Core invariants decided in Python instead of FHIRPath, each with the same verdict as the runtime.

``ele-1`` and ``ext-1`` sit on nearly every element and are checked natively by the walker and the
engine; dom-3, ig-1, ig-2, obs-7, per-1, ref-1, vs-1 and the ElementDefinition invariants of
:mod:`journalloft.fhir.invariants_native_eld` are recognised by their exact core text (a profile that
reuses a key with other text goes through FHIRPath) and used by :class:`~journalloft.fhir.invariants.
InvariantEngine`. Tests compare each with the FHIRPath runtime on passing and failing inputs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from journalloft.fhir.fhirpath_scope import EvaluationScope
from journalloft.fhir.fhirpath_temporal import compare_temporal_text
from journalloft.fhir.invariants_native_eld import ELD_3, ELEMENT_FAST_PATHS, eld_3_holds


def check_ele_1(node: object) -> bool:
    """ele-1: an element has a primitive value or at least one child other than ``id``.

    ``node`` is the JSON value of the element: the primitive itself, the object of a complex
    element, or for a primitive that only has extensions its ``_name`` object.
    """
    if node is None:
        return False
    if isinstance(node, Mapping):
        return any(key != "id" and _present(value) for key, value in node.items())
    return not isinstance(node, list)


def check_ext_1(node: dict) -> bool:
    """ext-1: an extension has nested extensions or a value[x], never both and never neither."""
    has_extensions = _present(node.get("extension"))
    has_value = any(
        (key.startswith("value") or key.startswith("_value")) and _present(value) for key, value in node.items()
    )
    return has_extensions != has_value


# Core invariants whose FHIRPath is expensive in fhirpathpy, decided in Python with the same result
# (tests run both ways over the same inputs and over all official examples). Keyed by the exact
# core expression text, so a profile constraint that reuses a key with other text is untouched.
# Measured (scripts/benchmark_invariants.py): dom-3 on a resource with one contained resource costs
# tens of milliseconds through FHIRPath (four descendants() walks per contained resource); obs-7 about
# one millisecond for an Observation with six components; per-1 and ref-1, which sit on every Period
# and Reference, about 0.2 ms each.
DOM_3 = (
    "contained.where((('#'+id in (%resource.descendants().reference | %resource.descendants().as(canonical) | "
    "%resource.descendants().as(uri) | %resource.descendants().as(url))) or descendants().where(reference = "
    "'#').exists() or descendants().where(as(canonical) = '#').exists() or descendants().where(as(canonical) = "
    "'#').exists()).not()).trace('unmatched', id).empty()"
)
OBS_7 = "value.empty() or component.code.where(coding.intersect(%resource.code.coding).exists()).empty()"


def dom_3_holds(resource: Mapping[str, Any]) -> bool:
    """dom-3: every contained resource is referenced from the resource (``#id``) or refers to it (``#``).

    Like the FHIRPath, any ``#id`` string anywhere in the resource counts (contained resources
    referring to each other included). Unlike it, the element type of that string is not checked
    (reference, canonical, uri or url): a plain string element holding exactly ``#id`` also counts.
    """
    contained = resource.get("contained")
    if not isinstance(contained, list) or not contained:
        return True
    wanted = {"#" + item["id"] for item in contained if isinstance(item, Mapping) and isinstance(item.get("id"), str)}
    local_references = _among_hash_strings(resource, wanted)
    for item in contained:
        if not isinstance(item, Mapping):
            continue
        identifier = item.get("id")
        if not isinstance(identifier, str) or "#" + identifier in local_references:
            continue  # without an id the FHIRPath yields empty, not false (the walker reports the id)
        if "#" in _hash_strings(item):
            continue
        return False
    return True


def _hash_strings(node: object) -> Iterator[str]:
    """Every string starting with "#" in ``node``, level by level: a reference to a contained resource
    usually sits near the top (``medicationReference.reference``), so a caller that stops early stops soon."""
    level: list[Any] = [node]
    while level:
        below: list[Any] = []
        for current in level:
            kind = type(current)  # exact types first: an ABC check on every number and boolean is slow
            if kind is str:
                if current.startswith("#"):
                    yield current
            elif kind is dict:
                below.extend(current.values())
            elif kind is list:
                below.extend(current)
            elif isinstance(current, str):
                if current.startswith("#"):
                    yield current
            elif isinstance(current, Mapping):
                below.extend(current.values())
            elif isinstance(current, list):
                below.extend(current)
        level = below


def _among_hash_strings(node: object, wanted: set[str]) -> set[str]:
    """Which of ``wanted`` occur as string values anywhere in ``node`` (the walk stops when all have)."""
    missing = set(wanted)
    if missing:
        for text in _hash_strings(node):
            if text in missing:
                missing.discard(text)
                if not missing:
                    break
    return wanted - missing


def obs_7_holds(observation: Mapping[str, Any], resource: Mapping[str, Any]) -> bool:
    """obs-7: no value[x] when a component has a coding equal to one of the Observation's codings."""
    if not any(
        (key.startswith("value") or key.startswith("_value")) and _present(value) for key, value in observation.items()
    ):
        return True
    code = resource.get("code")
    own = code.get("coding") if isinstance(code, Mapping) else None
    if not isinstance(own, list) or not own:
        return True
    for component in observation.get("component") or ():
        component_code = component.get("code") if isinstance(component, Mapping) else None
        codings = component_code.get("coding") if isinstance(component_code, Mapping) else None
        if isinstance(codings, list) and any(coding is not None and coding in own for coding in codings):
            return False
    return True


PER_1 = "start.hasValue().not() or end.hasValue().not() or (start <= end)"
REF_1 = (
    "reference.startsWith('#').not() or (reference.substring(1).trace('url') in "
    "%rootResource.contained.id.trace('ids'))"
)


def per_1_holds(period: Mapping[str, Any]) -> bool | None:
    """per-1: start not after end, compared as FHIRPath does; None when a value is no date/time."""
    start, end = period.get("start"), period.get("end")
    if not isinstance(start, str) or not isinstance(end, str):
        return True
    outcome = compare_temporal_text("<=", start, end)
    if outcome is None:
        return None
    return outcome != [False]


def ref_1_holds(reference: Mapping[str, Any], container: Mapping[str, Any]) -> bool:
    """ref-1: a ``#id`` reference names a resource contained in the container (%rootResource)."""
    text = reference.get("reference")
    if not isinstance(text, str) or not text.startswith("#") or text == "#":
        return True  # "#" (the container itself) gives an empty substring(1): not a violation
    return any(isinstance(item, Mapping) and item.get("id") == text[1:] for item in container.get("contained") or ())


# ig-1 and ig-2 test every item of one list for membership in another with FHIRPath's ``contains``,
# a linear scan per item: n resources and n groupings cost n² comparisons (an IG of 389 kB took
# minutes). Decided here with a set; anything but plain strings goes to FHIRPath.
IG_1 = "resource.groupingId.all(%context.grouping.id contains $this)"
IG_2 = "definition.resource.fhirVersion.all(%context.fhirVersion contains $this)"


def ig_1_holds(definition: Mapping[str, Any]) -> bool | None:
    """ig-1: every resource's groupingId names a grouping of the definition; None: leave it to FHIRPath."""
    groupings = _plain_strings(definition.get("grouping"), "id")
    wanted = _plain_strings(definition.get("resource"), "groupingId")
    if groupings is None or wanted is None:
        return None
    known = set(groupings)
    return all(name in known for name in wanted)


def ig_2_holds(guide: Mapping[str, Any]) -> bool | None:
    """ig-2: every resource's fhirVersion is one of the guide's; None: leave it to FHIRPath."""
    definition = guide.get("definition")
    if definition is None:
        return True
    if not isinstance(definition, Mapping):
        return None
    declared = _string_list(guide, "fhirVersion")
    resources = definition.get("resource")
    if declared is None or (resources is not None and not isinstance(resources, list)):
        return None
    used: list[str] = []
    for resource in resources or ():
        versions = _string_list(resource, "fhirVersion") if isinstance(resource, Mapping) else None
        if versions is None:
            return None
        used += versions
    known = set(declared)
    return all(version in known for version in used)


def _plain_strings(items: object, key: str) -> list[str] | None:
    """``items[*].key`` when every item is an object whose ``key`` is absent or a string (no ``_key``)."""
    if items is None:
        return []
    if not isinstance(items, list):
        return None
    found: list[str] = []
    for item in items:
        if not isinstance(item, Mapping) or "_" + key in item:
            return None
        value = item.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            return None
        found.append(value)
    return found


def _string_list(holder: Mapping[str, Any], key: str) -> list[str] | None:
    """``holder.key`` as a list of strings (absent: empty); None for anything else or a ``_key`` twin."""
    if "_" + key in holder:
        return None
    value = holder.get(key)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        return None
    return list(value)


def _on_node(decide: Callable[[Mapping[str, Any]], bool | None]) -> Callable[[Any, EvaluationScope], bool | None]:
    """A fast path deciding from the node alone."""
    return lambda node, scope: decide(node)


FAST_PATHS: dict[str, Callable[[Any, EvaluationScope], bool | None]] = {
    DOM_3: lambda node, scope: dom_3_holds(node),
    IG_1: lambda node, scope: ig_1_holds(node),
    IG_2: lambda node, scope: ig_2_holds(node),
    OBS_7: lambda node, scope: obs_7_holds(node, scope.resource),
    PER_1: lambda node, scope: per_1_holds(node),
    REF_1: lambda node, scope: ref_1_holds(node, scope.root),
    **{text: _on_node(decide) for text, decide in ELEMENT_FAST_PATHS.items()},
}


# vs-1 (the vital signs profiles, on Observation.effective[x]): a dateTime is precise to the day.
VS_1 = "($this as dateTime).toString().length() >= 8"


def vs_1_holds(node: object, base: str | None) -> bool | None:
    """vs-1 on a dateTime string (its text has at least 8 characters); None: leave it to FHIRPath."""
    if base == "dateTime" and isinstance(node, str):
        return len(node) >= 8
    return None


# Fast paths that need the element's type (a choice element's concrete type is known only then).
TYPED_FAST_PATHS: dict[str, Callable[[Any, str | None], bool | None]] = {VS_1: vs_1_holds, ELD_3: eld_3_holds}


def _present(value: object) -> bool:
    if value is None:
        return False
    if isinstance(value, list):
        return any(item is not None for item in value)
    return True
