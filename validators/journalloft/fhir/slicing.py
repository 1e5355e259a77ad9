"""Matching the items of a sliced element to its slices (FHIR R4 ElementDefinition.slicing).

A discriminator is (type, path). The path is a restricted FHIRPath: element names, ``$this``,
``extension('url')``, ``ofType(Type)`` and ``resolve()``. Evaluating it on an instance item gives
values; evaluating it on a slice's definition gives the element that says what those values must be:

* value / pattern: the element's fixed[x] (exact) or pattern[x] (contained) value;
* exists: the element's min >= 1 (must exist) or max = 0 (must not);
* type: the element's type codes (the JSON key's type suffix or ``resourceType`` decides);
* profile: the element's type profiles (or target profiles after ``resolve()``): the item must
  validate without errors against one of them.

Extensions are sliced by ``url``; a slice for an extension usually does not spell out
``Extension.url`` but names the extension definition in ``type.profile``, which is then the value.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from journalloft.fhir.elements import ElementDef
from journalloft.fhir.values import contains_pattern, equals_fixed

ChildrenOf = Callable[[ElementDef, str], dict[str, tuple[ElementDef, str]]]
Conforms = Callable[[Any, tuple[str, ...]], bool]
Resolver = Callable[[Any], Any]
MemberOf = Callable[[Any, str], bool]
ProfileRoot = Callable[[str], "tuple[ElementDef, str] | None"]

_RE_EXTENSION = re.compile(r"extension\('([^']*)'\)|extension\(\"([^\"]*)\"\)")
_RE_OFTYPE = re.compile(r"ofType\(([A-Za-z]+)\)")
# step -> (is it extension('url'), that url, the type of ofType(Type)); steps are few, met per item
_STEP_KINDS: dict[str, tuple[bool, str | None, str | None]] = {}


def _step_kind(step: str) -> tuple[bool, str | None, str | None]:
    kind = _STEP_KINDS.get(step)
    if kind is None:
        extension = _RE_EXTENSION.fullmatch(step)
        of_type = _RE_OFTYPE.fullmatch(step)
        kind = (
            extension is not None,
            (extension.group(1) or extension.group(2)) if extension is not None else None,
            of_type.group(1) if of_type is not None else None,
        )
        _STEP_KINDS[step] = kind
    return kind


def split_path(path: str) -> list[str]:
    """Split on dots outside parentheses: extension('http://a.b/c').value -> 2 steps.

    The same list is returned for the same path (discriminator paths are few and met for every
    sliced item); callers must not change it.
    """
    steps = _SPLIT.get(path)
    if steps is None:
        steps = _split(path)
        _SPLIT[path] = steps
    return steps


_SPLIT: dict[str, list[str]] = {}


def _split(path: str) -> list[str]:
    steps: list[str] = []
    depth = 0
    current: list[str] = []
    for char in path:
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        if char == "." and depth == 0:
            steps.append("".join(current))
            current = []
        else:
            current.append(char)
    steps.append("".join(current))
    return [step for step in steps if step and step != "$this"]


def _items(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def instance_values(item: Any, steps: list[str], resolver: Resolver | None) -> list[tuple[Any, str | None]]:
    """Values at a discriminator path in one instance item, with the type where it is known."""
    current: list[tuple[Any, str | None]] = [(item, None)]
    for step in steps:
        following: list[tuple[Any, str | None]] = []
        is_extension, extension_url, of_type = _step_kind(step)
        for value, value_type in current:
            if is_extension:
                url = extension_url
                if isinstance(value, dict):
                    for ext in _items(value.get("extension")):
                        if isinstance(ext, dict) and ext.get("url") == url:
                            following.append((ext, "Extension"))
            elif of_type is not None:
                wanted = of_type
                if value_type == wanted or (isinstance(value, dict) and value.get("resourceType") == wanted):
                    following.append((value, wanted))
            elif step == "resolve()":
                if resolver is not None:
                    target = resolver(value)
                    if isinstance(target, dict):
                        following.append((target, target.get("resourceType")))
            elif isinstance(value, dict):
                if step in value:
                    following.extend((v, None) for v in _items(value[step]))
                else:
                    # a choice element: value -> valueQuantity etc.
                    for key, v in value.items():
                        if key.startswith(step) and len(key) > len(step) and key[len(step)].isupper():
                            following.extend((x, key[len(step) :]) for x in _items(v))
        current = following
    return current


def definition_at(
    slice_def: ElementDef, steps: list[str], children_of: ChildrenOf, profile_root: ProfileRoot | None = None
) -> tuple[ElementDef | None, str | None]:
    """The element of the slice definition at a discriminator path, and its type if fixed by ofType.

    ``resolve()`` as the last step returns the Reference element with the marker "resolve()" (its
    target profiles are the profiles); in the middle of a path it continues in the root of the
    first target profile (``resolve().code`` -> the target profile's ``code``).
    """
    element = slice_def
    type_code: str | None = element.type_codes[0] if len(element.type_codes) == 1 else None
    for position, step in enumerate(steps):
        is_extension, extension_url, of_type = _step_kind(step)
        if of_type is not None:
            type_code = of_type
            continue
        if step == "resolve()":
            if position == len(steps) - 1 or profile_root is None:
                return element, "resolve()"
            target = next((root for url in element.target_profiles if (root := profile_root(url))), None)
            if target is None:
                return None, None
            element, type_code = target
            continue
        index = children_of(element, type_code or (element.type_codes[0] if element.type_codes else ""))
        if is_extension:
            url = extension_url
            ext_element = index.get("extension")
            found = None
            if ext_element is not None:
                for candidate in ext_element[0].slices:
                    if url in candidate.type_profiles:
                        found = candidate
                        break
            if found is None:
                return None, None
            element, type_code = found, "Extension"
            continue
        entry = index.get(step)
        if entry is None:
            # choice: the step names value[x] and the type comes from the constrained slice
            choice = [
                (e, t) for key, (e, t) in index.items() if key.startswith(step) and key[len(step) :][:1].isupper()
            ]
            if not choice:
                return None, None
            element, type_code = choice[0][0], (choice[0][1] if len(choice) == 1 else None)
            continue
        element, type_code = entry
    return element, type_code


def _nested_slice_values(
    slice_def: ElementDef, steps: list[str], children_of: ChildrenOf, profile_root: ProfileRoot | None
) -> list[tuple[bool, Any]] | None:
    """Values a discriminator path must reach when they are fixed inside slices along the path.

    The core vital-signs profiles discriminate components by ``code.coding.code`` and fix that
    code not on ``coding.code`` but inside a required slice of ``coding`` (``coding:SBPCode.code``).
    The values of the required slices of the first sliced element on the path are the candidates
    (``(True, fixed)`` or ``(False, pattern)``); None when the path crosses no such slice.
    """
    for split in range(1, len(steps)):
        element, _ = definition_at(slice_def, steps[:split], children_of, profile_root)
        if element is None or not element.slices:
            continue
        values: list[tuple[bool, Any]] = []
        for nested in element.slices:
            if nested.min < 1:
                continue
            target, _ = definition_at(nested, steps[split:], children_of, profile_root)
            if target is not None and target.fixed is not None:
                values.append((True, target.fixed))
            elif target is not None and target.pattern is not None:
                values.append((False, target.pattern))
        if values:
            return values
    return None


def matches(  # noqa: PLR0917 - mirrors the discriminator definition
    item: Any,
    slice_def: ElementDef,
    discriminators: tuple[tuple[str, str], ...],
    children_of: ChildrenOf,
    conforms: Conforms,
    resolver: Resolver | None,
    profile_root: ProfileRoot | None = None,
    member_of: MemberOf | None = None,
) -> bool:
    """Does one instance item belong to one slice?"""
    for kind, path in discriminators:
        steps = split_path(path)
        found = instance_values(item, steps, resolver)
        if kind in ("value", "pattern"):
            if steps == ["url"] and not found:
                return False
            element, _ = definition_at(slice_def, steps, children_of, profile_root)
            expected_fixed = element.fixed if element is not None else None
            expected_pattern = element.pattern if element is not None else None
            if (
                element is not None
                and expected_fixed is None
                and expected_pattern is None
                and steps
                and steps[-1] == "url"
            ):
                # extension slices name their definition as the type profile
                owner, _ = definition_at(slice_def, steps[:-1], children_of, profile_root)
                if owner is not None and owner.type_profiles:
                    expected_fixed = owner.type_profiles[0]
            if expected_fixed is None and expected_pattern is None:
                if steps == ["url"] and slice_def.type_profiles:
                    expected_fixed = slice_def.type_profiles[0]
                elif (
                    element is not None
                    and element.binding_strength == "required"
                    and element.binding_value_set
                    and member_of is not None
                ):
                    # R4 allows a value discriminator to rest on a required binding
                    value_set = element.binding_value_set
                    if not any(member_of(value, value_set) for value, _ in found):
                        return False
                    continue
                else:
                    nested = _nested_slice_values(slice_def, steps, children_of, profile_root)
                    if nested is None:
                        if element is not None:
                            # Nothing to compare with: the slice cannot be evaluated, so nothing
                            # matches it (the walker warns once, see undecidable_reason()).
                            return False
                        continue
                    if not any(
                        equals_fixed(value, expected) if is_fixed else contains_pattern(value, expected)
                        for value, _ in found
                        for is_fixed, expected in nested
                    ):
                        return False
                    continue
            if expected_fixed is not None:
                if not any(equals_fixed(value, expected_fixed) for value, _ in found):
                    return False
            elif not any(contains_pattern(value, expected_pattern) for value, _ in found):
                return False
        elif kind == "exists":
            element, _ = definition_at(slice_def, steps, children_of, profile_root)
            if element is None:
                continue
            if element.min >= 1 and not found:
                return False
            if element.max == 0 and found:
                return False
        elif kind == "type":
            element, fixed_type = definition_at(slice_def, steps, children_of, profile_root)
            if element is None:
                continue
            allowed = {fixed_type} if fixed_type and fixed_type != "resolve()" else set(element.type_codes)
            if not found:
                return False
            for value, value_type in found:
                actual = value_type
                if isinstance(value, dict) and isinstance(value.get("resourceType"), str):
                    actual = value["resourceType"]
                if actual is None or (actual not in allowed and "Resource" not in allowed):
                    return False
        elif kind == "profile":
            element, marker = definition_at(slice_def, steps, children_of, profile_root)
            if element is None:
                continue
            profiles = element.target_profiles if marker == "resolve()" else element.type_profiles
            if not profiles:
                continue
            if not found or not all(conforms(value, profiles) for value, _ in found):
                return False
    return True


def undecidable_reason(
    slice_def: ElementDef,
    discriminators: tuple[tuple[str, str], ...],
    children_of: ChildrenOf,
    profile_root: ProfileRoot | None = None,
) -> str | None:
    """Why a value/pattern discriminator cannot be evaluated for this slice, or None when it can.

    The discriminator's element exists in the slice but carries no fixed or pattern value, no
    required binding, and no required nested slice that fixes one (no-basis-Procedure slices
    ``code.coding`` by value at ``$this`` and fixes only ``coding.system``). HL7's validator then
    says that the slice cannot be evaluated; :func:`matches` lets no item match such a slice instead
    of matching every item and reporting a misleading fixed-value error on the first slice.
    """
    for kind, path in discriminators:
        if kind not in ("value", "pattern"):
            continue
        steps = split_path(path)
        if steps == ["url"] and slice_def.type_profiles:
            continue
        element, _ = definition_at(slice_def, steps, children_of, profile_root)
        if element is None or element.fixed is not None or element.pattern is not None:
            continue
        if steps and steps[-1] == "url":
            owner, _ = definition_at(slice_def, steps[:-1], children_of, profile_root)
            if owner is not None and owner.type_profiles:
                continue
        if element.binding_strength == "required" and element.binding_value_set:
            continue
        if _nested_slice_values(slice_def, steps, children_of, profile_root) is not None:
            continue
        return (
            f"the {kind} discriminator {path!r} of slice {slice_def.slice_name or '?'} cannot be evaluated: "
            f"the slice sets no fixed value, pattern or required binding at {path!r}"
        )
    return None
