"""Member navigation that keeps a FHIR primitive and its ``_name`` extension object together.

fhirpathpy's own member step treats ``birthDate`` and ``_birthDate`` as two items (``birthDate.count()``
is 2 when the extension twin is present). Here ``value`` and ``_value`` are paired position by
position: one item per position, whose data is the primitive (with the extension object kept aside)
or, when only ``_value`` is present, the extension object itself; ``null`` placeholders in primitive
arrays are skipped. :mod:`journalloft.fhir.fhirpath_support` registers :func:`member_invocation` as
an evaluator and points the member steps of every parsed expression at it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from fhirpathpy.engine import util
from fhirpathpy.engine.nodes import FP_Quantity, ResourceNode

from journalloft.fhir.fhirpath_types import CHOICE_TYPES, DEFINED_ELSEWHERE, PATH_TO_TYPE


def member_invocation(ctx: dict[str, Any], parent_data: Any, node: dict[str, Any]) -> list[Any]:
    key = _member_key(node)
    if not isinstance(parent_data, list):
        return []
    if key[:1].isupper():
        typed = [
            item
            for item in parent_data
            if isinstance(data := util.get_data(item), Mapping) and data.get("resourceType") == key
        ]
        if typed:
            return [ResourceNode.create_node(item, key) for item in typed]
    result: list[Any] = []
    for item in parent_data:
        result.extend(_children_named(ResourceNode.create_node(item), key))
    return result


def _member_key(node: dict[str, Any]) -> str:
    identifier = node["children"][0]
    key = identifier.get("_key")
    if key is None:  # cached in the parsed tree: fhirpathpy re-runs a regex per step otherwise
        key = identifier["text"].strip('"').replace("`", "")
        identifier["_key"] = key
    return key


def _children_named(parent: ResourceNode, key: str) -> Iterator[ResourceNode]:
    data = parent.data
    parent_path = parent.path or "_"
    child_path = f"{parent_path}.{key}"
    child_path = DEFINED_ELSEWHERE.get(child_path, child_path)
    if isinstance(data, FP_Quantity):
        if key == "value":
            yield ResourceNode.create_node(data.value, "decimal")
        return
    if not isinstance(data, Mapping):
        # A primitive with an extension object kept aside: `.extension` and `.id` reach into it.
        aside = parent._data
        if isinstance(aside, Mapping) and key in ("extension", "id"):
            yield from _pair_nodes(aside.get(key), None, "Extension" if key == "extension" else "string")
        return
    field_name = key
    choices = CHOICE_TYPES.get(child_path)
    if choices:
        for type_suffix in choices:
            candidate = key + type_suffix
            if candidate in data or "_" + candidate in data:
                field_name = candidate
                child_path += type_suffix
                break
        else:
            return
    if key == "extension":
        child_path = "Extension"
    child_path = PATH_TO_TYPE.get(child_path, child_path)
    yield from _pair_nodes(data.get(field_name), data.get("_" + field_name), child_path)


def _pair_nodes(values: Any, extensions: Any, path: str) -> Iterator[ResourceNode]:
    if isinstance(values, list) or isinstance(extensions, list):
        value_list = values if isinstance(values, list) else []
        extension_list = extensions if isinstance(extensions, list) else []
        for index in range(max(len(value_list), len(extension_list))):
            value = value_list[index] if index < len(value_list) else None
            aside = extension_list[index] if index < len(extension_list) else None
            node = _one_node(value, aside, path, index)
            if node is not None:
                yield node
        return
    node = _one_node(values, extensions, path, None)
    if node is not None:
        yield node


def _one_node(value: Any, aside: Any, path: str, index: int | None) -> ResourceNode | None:
    if value is None:
        if isinstance(aside, Mapping) and aside:
            return ResourceNode(aside, path, index=index)
        return None
    return ResourceNode(value, path, _data=aside if isinstance(aside, Mapping) else None, index=index)
