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

What the definition side gives depends only on the definitions, so :func:`slice_plan` works it out
once per slice (the walker keeps the plan with the slice's definition) and :func:`matches` only
evaluates the instance side for each item.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
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


def instance_values(  # noqa: C901 - one branch per kind of path step (extension, ofType, resolve(), element, choice), each a few lines
    item: Any, steps: list[str], resolver: Resolver | None
) -> list[tuple[Any, str | None]]:
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


# A discriminator worked out against one slice: what kind of test the instance values get, the
# discriminator path's steps, and what the test compares with.
_FIXED, _PATTERN, _NESTED, _BINDING, _FOUND, _EXISTS, _TYPE, _PROFILE = range(8)
_Test = tuple[int, list[str], Any]


@dataclass(frozen=True, slots=True)
class SlicePlan:
    """How items are matched to one slice, worked out once from the definitions.

    Everything a discriminator asks of the slice's definition (the element at its path, its fixed or
    pattern value, the values fixed in nested slices, the allowed types, the profiles) depends only
    on the definitions, so it is looked up once per slice instead of once per item and slice.
    """

    tests: tuple[_Test, ...]
    undecidable: str | None
    """Why a value or pattern discriminator cannot be evaluated for this slice; then no item matches it."""


def slice_plan(
    slice_def: ElementDef,
    discriminators: tuple[tuple[str, str], ...],
    children_of: ChildrenOf,
    profile_root: ProfileRoot | None = None,
) -> SlicePlan:
    """The tests an item must pass to belong to ``slice_def``, one per discriminator that constrains it."""
    tests: list[_Test] = []
    undecidable: str | None = None
    for kind, path in discriminators:
        steps = split_path(path)
        if kind in ("value", "pattern"):
            test = _value_test(slice_def, steps, children_of, profile_root)
            if test is _UNDECIDABLE:
                undecidable = undecidable or (
                    f"the {kind} discriminator {path!r} of slice {slice_def.slice_name or '?'} cannot be "
                    f"evaluated: the slice sets no fixed value, pattern or required binding at {path!r}"
                )
                continue
        elif kind == "exists":
            test = _exists_test(slice_def, steps, children_of, profile_root)
        elif kind == "type":
            test = _type_test(slice_def, steps, children_of, profile_root)
        elif kind == "profile":
            test = _profile_test(slice_def, steps, children_of, profile_root)
        else:
            test = None  # an unknown discriminator type constrains nothing
        if test is not None:
            tests.append(test)  # type: ignore[arg-type]
    return SlicePlan(tuple(tests), undecidable)


_UNDECIDABLE = object()


def _value_test(
    slice_def: ElementDef, steps: list[str], children_of: ChildrenOf, profile_root: ProfileRoot | None
) -> _Test | object | None:
    element, _ = definition_at(slice_def, steps, children_of, profile_root)
    fixed = element.fixed if element is not None else None
    pattern = element.pattern if element is not None else None
    if element is not None and fixed is None and pattern is None and steps and steps[-1] == "url":
        # extension slices name their definition as the type profile
        owner, _ = definition_at(slice_def, steps[:-1], children_of, profile_root)
        if owner is not None and owner.type_profiles:
            fixed = owner.type_profiles[0]
    if fixed is None and pattern is None:
        if steps == ["url"] and slice_def.type_profiles:
            fixed = slice_def.type_profiles[0]
        elif element is not None and element.binding_strength == "required" and element.binding_value_set:
            # R4 allows a value discriminator to rest on a required binding
            return (_BINDING, steps, element.binding_value_set)
        else:
            nested = _nested_slice_values(slice_def, steps, children_of, profile_root)
            if nested is None:
                if element is not None:
                    # Nothing to compare with: the slice cannot be evaluated, so nothing matches it
                    # (the walker warns once).
                    return _UNDECIDABLE
                # an extension item without a url belongs to no extension slice
                return (_FOUND, steps, None) if steps == ["url"] else None
            return (_NESTED, steps, tuple(nested))
    if fixed is not None:
        return (_FIXED, steps, fixed)
    return (_PATTERN, steps, pattern)


def _exists_test(
    slice_def: ElementDef, steps: list[str], children_of: ChildrenOf, profile_root: ProfileRoot | None
) -> _Test | None:
    element, _ = definition_at(slice_def, steps, children_of, profile_root)
    if element is None or (element.min < 1 and element.max != 0):
        return None
    return (_EXISTS, steps, (element.min >= 1, element.max == 0))


def _type_test(
    slice_def: ElementDef, steps: list[str], children_of: ChildrenOf, profile_root: ProfileRoot | None
) -> _Test | None:
    element, fixed_type = definition_at(slice_def, steps, children_of, profile_root)
    if element is None:
        return None
    allowed = {fixed_type} if fixed_type and fixed_type != "resolve()" else set(element.type_codes)
    return (_TYPE, steps, frozenset(allowed))


def _profile_test(
    slice_def: ElementDef, steps: list[str], children_of: ChildrenOf, profile_root: ProfileRoot | None
) -> _Test | None:
    element, marker = definition_at(slice_def, steps, children_of, profile_root)
    if element is None:
        return None
    profiles = element.target_profiles if marker == "resolve()" else element.type_profiles
    return (_PROFILE, steps, profiles) if profiles else None


def matches(  # noqa: C901 - one branch per discriminator test kind; runs for every sliced item, so no call per kind
    item: Any, plan: SlicePlan, conforms: Conforms, resolver: Resolver | None, member_of: MemberOf
) -> bool:
    """Does one instance item belong to the slice that ``plan`` was made for?"""
    if plan.undecidable is not None:
        return False
    for kind, steps, expected in plan.tests:
        found = instance_values(item, steps, resolver)
        if kind == _FIXED:
            if not any(equals_fixed(value, expected) for value, _ in found):
                return False
        elif kind == _PATTERN:
            if not any(contains_pattern(value, expected) for value, _ in found):
                return False
        elif kind == _NESTED:
            if not any(
                equals_fixed(value, wanted) if is_fixed else contains_pattern(value, wanted)
                for value, _ in found
                for is_fixed, wanted in expected
            ):
                return False
        elif kind == _BINDING:
            if not any(member_of(value, expected) for value, _ in found):
                return False
        elif kind == _FOUND:
            if not found:
                return False
        elif kind == _EXISTS:
            must_exist, must_not_exist = expected
            if (must_exist and not found) or (must_not_exist and found):
                return False
        elif kind == _TYPE:
            if not found:
                return False
            for value, value_type in found:
                actual = value_type
                if isinstance(value, dict) and isinstance(value.get("resourceType"), str):
                    actual = value["resourceType"]
                if actual is None or (actual not in expected and "Resource" not in expected):
                    return False
        elif not found or not all(conforms(value, expected) for value, _ in found):  # _PROFILE
            return False
    return True
