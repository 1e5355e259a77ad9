"""ElementDefinition's core invariants, and sdf-9 over them, decided in Python (issue 20, item 1).

A StructureDefinition carries every ElementDefinition twice (snapshot and differential), and each
runs eld-2, eld-3, eld-13, eld-14, eld-16, eld-19 and eld-20 through fhirpathpy at about 0.1 ms
apiece: a 398 kB profile spent seconds there. Each function returns the FHIRPath verdict (an empty
result counts as holding, as in the engine) or None when the input is not plain JSON of the expected
shape (a ``_path`` extension twin, a number where a string belongs): then FHIRPath decides. Tests
compare both ways over the core definitions' own elements and over failing variants.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

# The core texts, exactly (a profile reusing a key with other text goes through FHIRPath).
ELD_2 = "min.empty() or max.empty() or (max = '*') or iif(max != '*', min <= max.toInteger())"
ELD_3 = "empty() or ($this = '*') or (toInteger() >= 0)"
ELD_13 = "type.select(code).isDistinct()"
ELD_14 = "constraint.select(key).isDistinct()"
ELD_16 = "sliceName.empty() or sliceName.matches('^[a-zA-Z0-9\\\\/\\\\-_\\\\[\\\\]\\\\@]+$')"
ELD_19 = (
    "path.matches('[^\\\\s\\\\.,:;\\\\\\'\"\\\\/|?!@#$%&*()\\\\[\\\\]{}]{1,64}(\\\\.[^\\\\s\\\\.,:;\\\\\\'\"\\\\/|?!@#$%&*()"
    "\\\\[\\\\]{}]{1,64}(\\\\[x\\\\])?(\\\\:[^\\\\s\\\\.]+)?)*')"
)
ELD_20 = "path.matches('[A-Za-z][A-Za-z0-9]*(\\\\.[a-z][A-Za-z0-9]*(\\\\[x])?)*')"

# toInteger()'s own test (fhirpathpy's intRegex).
_INTEGER = re.compile(r"^[+-]?\d+$")
# The regular expressions as FHIRPath reads the string literals above (matches() uses re.search, DOTALL).
_SLICE_NAME = re.compile(r"^[a-zA-Z0-9\/\-_\[\]\@]+$", re.DOTALL)
_PATH_19 = re.compile(
    r"""[^\s\.,:;\'"\/|?!@#$%&*()\[\]{}]{1,64}(\.[^\s\.,:;\'"\/|?!@#$%&*()\[\]{}]{1,64}(\[x\])?(\:[^\s\.]+)?)*""",
    re.DOTALL,
)
_PATH_20 = re.compile(r"[A-Za-z][A-Za-z0-9]*(\.[a-z][A-Za-z0-9]*(\[x])?)*", re.DOTALL)


def _plain(element: Mapping[str, Any], key: str) -> object:
    """``element[key]`` when it is plain (no ``_key`` twin); the sentinel ``_TWIN`` otherwise."""
    return _TWIN if "_" + key in element else element.get(key)


_TWIN = object()


def eld_2_holds(element: Mapping[str, Any]) -> bool | None:
    """eld-2: min is not above max (a max that is no integer, or "*", cannot be compared: holds)."""
    low, high = _plain(element, "min"), _plain(element, "max")
    if low is _TWIN or high is _TWIN:
        return None
    if low is None or high is None:
        return True
    if type(low) is not int or not isinstance(high, str):
        return None
    if high == "*" or not _INTEGER.match(high):
        return True
    return low <= int(high)


def eld_3_holds(value: object, base: str | None = None) -> bool | None:
    """eld-3 on the max string: "*" or an integer of at least 0 (no integer: empty, holds)."""
    if not isinstance(value, str):
        return None
    if value == "*" or not _INTEGER.match(value):
        return True
    return int(value) >= 0


def _distinct(element: Mapping[str, Any], list_key: str, key: str) -> bool | None:
    items = _plain(element, list_key)
    if items is _TWIN:
        return None
    if items is None:
        return True
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
    return len(found) == len(set(found))


def eld_13_holds(element: Mapping[str, Any]) -> bool | None:
    """eld-13: no type code twice."""
    return _distinct(element, "type", "code")


def eld_14_holds(element: Mapping[str, Any]) -> bool | None:
    """eld-14: no constraint key twice."""
    return _distinct(element, "constraint", "key")


def _matches(element: Mapping[str, Any], key: str, pattern: re.Pattern[str]) -> bool | None:
    value = _plain(element, key)
    if value is _TWIN:
        return None
    if value is None:
        return True
    if not isinstance(value, str):
        return None
    return pattern.search(value) is not None


def eld_16_holds(element: Mapping[str, Any]) -> bool | None:
    """eld-16: a slice name of letters, digits and / - _ [ ] @."""
    return _matches(element, "sliceName", _SLICE_NAME)


def eld_19_holds(element: Mapping[str, Any]) -> bool | None:
    """eld-19: the path holds a run of name characters (unanchored, as the core text is)."""
    return _matches(element, "path", _PATH_19)


def eld_20_holds(element: Mapping[str, Any]) -> bool | None:
    """eld-20: the path starts like Name.name (unanchored, as the core text is)."""
    return _matches(element, "path", _PATH_20)


SDF_9 = (
    "children().element.where(path.contains('.').not()).label.empty() and "
    "children().element.where(path.contains('.').not()).code.empty() and "
    "children().element.where(path.contains('.').not()).requirements.empty()"
)
_ROOT_ONLY_ABSENT = ("label", "code", "requirements")


def sdf_9_holds(definition: Mapping[str, Any]) -> bool | None:
    """sdf-9: no root element (a path without ".") of the snapshot or differential has a label, code or
    requirements. Walks every child holding ``element`` as FHIRPath's ``children().element`` does."""
    for key, value in definition.items():
        if key.startswith("_"):
            continue  # children() leaves out primitive extension twins
        for holder in value if isinstance(value, list) else [value]:
            if not isinstance(holder, Mapping):
                continue
            if "_element" in holder:
                return None
            elements = holder.get("element")
            for element in elements if isinstance(elements, list) else [elements]:
                verdict = _root_element_plain(element)
                if verdict is not True:
                    return verdict
    return True


def _root_element_plain(element: object) -> bool | None:
    """False for a root element with a label, code or requirements; True when fine; None: odd shape."""
    if element is None:
        return True
    if not isinstance(element, Mapping) or "_path" in element:
        return None
    path = element.get("path")
    if path is None:
        return True
    if not isinstance(path, str):
        return None
    if "." in path:
        return True
    for name in _ROOT_ONLY_ABSENT:
        for value in (element.get(name), element.get("_" + name)):
            if isinstance(value, list):
                if any(item is not None for item in value):
                    return False
            elif value is not None:
                return False
    return True


ELEMENT_FAST_PATHS: dict[str, Callable[[Mapping[str, Any]], bool | None]] = {
    SDF_9: sdf_9_holds,
    ELD_2: eld_2_holds,
    ELD_13: eld_13_holds,
    ELD_14: eld_14_holds,
    ELD_16: eld_16_holds,
    ELD_19: eld_19_holds,
    ELD_20: eld_20_holds,
}
