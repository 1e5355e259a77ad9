"""Snapshot generation: apply a profile's differential to its base definition's snapshot.

The result follows the shape HL7's R4 snapshots have, so the walker reads core and our own
profiles the same way:

- every element carries ``id`` (with ``:sliceName`` segments) and ``path`` (without them);
- a slice is a copy of the sliced element (and of all its descendants) named ``Type.elem:slice``;
  a re-slice ``elem:slice/reslice`` is a copy of the slice it refines;
- children of complex-typed elements are unfolded from the type's definition (or from the type's
  profile, e.g. an extension definition) when the differential constrains inside them;
  ``contentReference`` elements unfold from the element they reference;
- choice renames in HL7 style (``Observation.valueQuantity``) become the ``value[x]`` element itself
  when the differential narrows it to that one type, and a type slice ``value[x]:valueQuantity``
  otherwise; SUSHI's own output already uses the slice form.

Constraints merge as ElementDefinition's rules say: the differential's min, max, type, fixed[x],
pattern[x], binding, slicing, mustSupport etc. replace the base's; constraints (by key), conditions
and mappings accumulate.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field

# Looks up a StructureDefinition *with snapshot* by canonical url (or bare type name).
Resolver = Callable[[str], "dict | None"]

_ACCUMULATING = ("constraint", "condition", "mapping")
_IDENTITY = ("id", "path", "sliceName")


class SnapshotError(ValueError):
    """The differential cannot be applied; the message names the StructureDefinition and element."""


def _type_suffix(code: str) -> str:
    return code[:1].upper() + code[1:]


def _split_id(element_id: str) -> list[str]:
    # Slice names in our content and in core never contain dots, so a plain split is exact.
    return element_id.split(".")


@dataclass
class _Work:
    """The snapshot under construction: an ordered element list with an id index."""

    url: str
    elements: list[dict]
    resolve: Resolver
    index: dict[str, int] = field(default_factory=dict)
    renames: dict[str, str] = field(default_factory=dict)
    renamed_types: dict[str, list[str]] = field(default_factory=dict)
    base_cardinality: dict[str, tuple[object, object]] = field(default_factory=dict)
    last_slice: dict[str, str] = field(default_factory=dict)
    """Sliced element id -> the id of the slice added to it last (a start for subtree_end)."""

    def reindex(self, start: int = 0) -> None:
        """Index the elements from ``start`` on (those before it did not move)."""
        for position in range(start, len(self.elements)):
            self.index[self.elements[position]["id"]] = position

    def get(self, element_id: str) -> dict | None:
        position = self.index.get(element_id)
        return None if position is None else self.elements[position]

    def subtree_end(self, element_id: str) -> int:
        """Index just past the element and everything below it (its children and its slices)."""
        position = self.index[element_id]
        # The subtree is contiguous, so a scan may start at the last slice added to it: with many
        # slices, scanning them all again for each new one made snapshot generation quadratic.
        prefixes = (element_id + ".", element_id + ":")
        last = self.last_slice.get(element_id, "")
        hint = self.index.get(last, -1) if last.startswith(prefixes[1]) else -1
        end = max(position, hint) + 1
        while end < len(self.elements) and self.elements[end]["id"].startswith(prefixes):
            end += 1
        return end

    def descendants(self, element_id: str) -> list[dict]:
        """The element's children and their descendants (not its slices), which follow it directly."""
        position = self.index[element_id]
        prefix = element_id + "."
        result = []
        for index in range(position + 1, len(self.elements)):
            element = self.elements[index]
            if not element["id"].startswith(prefix):
                break
            result.append(element)
        return result

    def insert(self, position: int, new_elements: list[dict]) -> None:
        self.elements[position:position] = new_elements
        self.reindex(position)

    def fail(self, element_id: str, message: str) -> SnapshotError:
        return SnapshotError(f"{self.url}: {element_id}: {message}")


def _rebase(element: dict, old_id: str, new_id: str, old_path: str, new_path: str) -> dict:
    """Copy an element moving it from below old_id/old_path to below new_id/new_path."""
    moved = copy.deepcopy(element)
    moved["id"] = new_id + element["id"][len(old_id) :]
    moved["path"] = new_path + element["path"][len(old_path) :]
    return moved


def _resolve_choice(work: _Work, parent_id: str, segment: str, diff_types: list[dict] | None, last: bool) -> str:
    """Map an HL7-style renamed choice segment (``valueQuantity``) to the id it stands for."""
    name, _, slice_name = segment.partition(":")
    if work.get(f"{parent_id}.{name}") is not None or slice_name:
        return f"{parent_id}.{segment}"
    key = f"{parent_id}.{name}"
    if key in work.renames:
        return work.renames[key]
    parent = work.get(parent_id)
    if parent is not None and not work.descendants(parent_id) and _unfoldable(work, parent):
        _unfold(work, parent)
    for element in work.descendants(parent_id) if parent_id in work.index else []:
        candidate = element["id"]
        if not candidate.endswith("[x]") or candidate.rsplit(".", 1)[0] != parent_id:
            continue
        stem = candidate.rsplit(".", 1)[1][:-3]
        codes = [t.get("code", "") for t in element.get("type", [])]
        matches = [code for code in codes if name == stem + _type_suffix(code)]
        if not matches:
            continue
        narrowed_here = last and diff_types is not None and [t.get("code") for t in diff_types] == matches
        if len(codes) == 1 or (narrowed_here and ":" in parent_id):
            # Inside a slice HL7's R4 snapshots narrow the choice element in place.
            resolved = candidate
        else:
            # Elsewhere a renamed choice is a type slice, and the choice is closed to the renamed types.
            resolved = f"{candidate}:{name}"
            kept = work.renamed_types.setdefault(candidate, [])
            kept.append(matches[0])
            slice_element = _ensure(work, resolved)
            slice_element["type"] = [copy.deepcopy(t) for t in element["type"] if t.get("code") == matches[0]]
            element["type"] = [t for t in element["type"] if t.get("code") in kept]
            element["slicing"] = {
                "discriminator": [{"type": "type", "path": "$this"}],
                "ordered": False,
                "rules": "closed",
            }
        work.renames[key] = resolved
        return resolved
    return f"{parent_id}.{segment}"


def _normalise_id(work: _Work, diff: dict) -> str:
    raw = diff.get("id")
    if not isinstance(raw, str) or not raw:
        path = diff.get("path")
        if not isinstance(path, str) or not path:
            raise work.fail("?", "differential element has neither id nor path")
        raw = path + (f":{diff['sliceName']}" if diff.get("sliceName") else "")
    segments = _split_id(raw)
    resolved = segments[0]
    for position, segment in enumerate(segments[1:], start=1):
        if resolved not in work.index:
            _ensure(work, resolved)
        resolved = _resolve_choice(work, resolved, segment, diff.get("type"), position == len(segments) - 1)
    return resolved


def _ensure(work: _Work, element_id: str) -> dict:
    """Return the element with this id, creating slices and unfolding types as needed."""
    existing = work.get(element_id)
    if existing is not None:
        return existing
    if "." not in element_id:
        raise work.fail(element_id, "root element does not match the base definition")
    parent_id, segment = element_id.rsplit(".", 1)
    name, _, slice_name = segment.partition(":")
    if slice_name:
        return _create_slice(work, parent_id, name, slice_name)
    parent = _ensure(work, parent_id)
    if not work.descendants(parent_id):
        _unfold(work, parent)
    created = work.get(element_id)
    if created is None:
        raise work.fail(element_id, "no such element in the base definition")
    return created


def _create_slice(work: _Work, parent_id: str, name: str, slice_name: str) -> dict:
    sliced_id = f"{parent_id}.{name}"
    if "/" in slice_name:
        sliced_id = f"{parent_id}.{name}:{slice_name.rsplit('/', 1)[0]}"
    sliced = _ensure(work, sliced_id)
    new_id = f"{parent_id}.{name}:{slice_name}"
    existing = work.get(new_id)
    if existing is not None:
        # Ensuring the sliced element unfolded a type profile that already defines this slice (a
        # constrained sub-extension of a complex extension): keep that slice with its children.
        return existing
    if not sliced.get("slicing") and name in ("extension", "modifierExtension"):
        # Extensions are always sliced by url; HL7 adds that slicing when a profile omits it.
        sliced["slicing"] = {"discriminator": [{"type": "value", "path": "url"}], "ordered": False, "rules": "open"}
    group_end = work.subtree_end(sliced_id)
    copies = [_rebase(sliced, sliced_id, new_id, sliced["path"], sliced["path"])]
    copies[0]["sliceName"] = slice_name
    copies[0].pop("slicing", None)
    # A slice starts from the base definition's cardinality, not from the profile's constraint on
    # the whole sliced element (a 2..* element does not make every slice 2..*).
    original = work.base_cardinality.get(sliced_id)
    if original is not None:
        copies[0]["min"], copies[0]["max"] = original
    for child in work.descendants(sliced_id):
        if ":" in child["id"][len(sliced_id) :].split(".", 1)[0]:
            continue
        copies.append(_rebase(child, sliced_id, new_id, sliced["path"], sliced["path"]))
    work.insert(group_end, copies)
    work.last_slice[sliced_id] = new_id
    created = work.get(new_id)
    assert created is not None
    return created


def _unfoldable(work: _Work, element: dict) -> bool:
    return bool(element.get("contentReference")) or len(element.get("type", [])) == 1


def _unfold(work: _Work, parent: dict) -> None:
    """Insert the children of ``parent`` from its single type (or its contentReference)."""
    parent_id, parent_path = parent["id"], parent["path"]
    reference = parent.get("contentReference")
    if isinstance(reference, str) and reference:
        target_path = reference.split("#", 1)[1]
        if target_path not in work.index:
            raise work.fail(parent_id, f"contentReference {reference} not found")
        children = [
            _rebase(child, target_path, parent_id, target_path, parent_path)
            for child in work.descendants(target_path)
            if ":" not in child["id"]
        ]
        work.insert(work.index[parent_id] + 1, children)
        return
    types = parent.get("type") or []
    if len(types) != 1:
        raise work.fail(parent_id, "cannot constrain children of an element with several types")
    type_ref = types[0]
    profiles = type_ref.get("profile") or []
    source_url = profiles[0] if len(profiles) == 1 else type_ref.get("code", "")
    definition = work.resolve(source_url)
    if definition is None:
        raise work.fail(parent_id, f"type definition {source_url} is not known")
    elements = (definition.get("snapshot") or {}).get("element") or []
    if not elements:
        raise work.fail(parent_id, f"type definition {source_url} has no snapshot")
    root = elements[0]
    children = [_rebase(child, root["id"], parent_id, root["path"], parent_path) for child in elements[1:]]
    work.insert(work.index[parent_id] + 1, children)


def _merge(target: dict, diff: dict) -> None:
    for key, value in diff.items():
        if key in _IDENTITY:
            continue
        if key in _ACCUMULATING:
            merged = list(target.get(key, []))
            for item in value:
                if key == "constraint":
                    merged = [c for c in merged if c.get("key") != item.get("key")]
                if item not in merged:
                    merged.append(item)
            target[key] = copy.deepcopy(merged)
        elif key == "slicing" and isinstance(target.get("slicing"), dict):
            slicing = dict(target["slicing"])
            slicing.update(copy.deepcopy(value))
            target["slicing"] = slicing
        else:
            if key.startswith(("fixed", "pattern")):
                for old in [k for k in target if k.startswith(("fixed", "pattern"))]:
                    del target[old]
            target[key] = copy.deepcopy(value)


def generate_snapshot(profile: dict, resolve: Resolver) -> dict:
    """Return a copy of ``profile`` with ``snapshot`` generated from its differential and its base.

    ``resolve`` looks up a StructureDefinition with snapshot by canonical url or type name; it is
    used for the base definition (which may itself be a profile: the caller resolves it with a
    generated snapshot first) and for unfolding types and extension profiles.
    """
    url = str(profile.get("url") or profile.get("id") or "?")
    base_url = profile.get("baseDefinition")
    if profile.get("derivation") == "specialization":
        raise SnapshotError(f"{url}: specialisations (new types) are not supported")
    if not isinstance(base_url, str):
        raise SnapshotError(f"{url}: no baseDefinition")
    base = resolve(base_url)
    if base is None:
        raise SnapshotError(f"{url}: base definition {base_url} is not known")
    base_elements = (base.get("snapshot") or {}).get("element")
    if not base_elements:
        raise SnapshotError(f"{url}: base definition {base_url} has no snapshot")
    work = _Work(url=url, elements=copy.deepcopy(base_elements), resolve=resolve)
    work.reindex()
    work.base_cardinality = {e["id"]: (e.get("min"), e.get("max")) for e in base_elements if "id" in e}
    for diff in (profile.get("differential") or {}).get("element") or []:
        if not isinstance(diff, dict):
            raise SnapshotError(f"{url}: differential element is not an object")
        element_id = _normalise_id(work, diff)
        target = _ensure(work, element_id)
        _merge(target, diff)
    result = copy.deepcopy(profile)
    result["snapshot"] = {"element": work.elements}
    return result
