"""fhir.resources (R4B models) as a second opinion on examples our validator accepts.

fhir.resources has no R4 4.0.1 models, only R4B (4.3.0). A resource type counts as *unchanged*
between R4 and R4B when its element tree has the same JSON names, with the same repetition (JSON
array or not), in our compiled R4 StructureDefinition and in fhir.resources' R4B model, compared
recursively through its backbone elements (data types are not descended into: the R4B data types
FHIR resources use are those of R4). Only examples whose resource, and every resource nested in it
(contained, Bundle entries, Parameters), are of unchanged types are parsed.
"""

from __future__ import annotations

import functools
import re
import sys
from typing import Any

from journalloft.fhir.context import core_context
from journalloft.fhir.elements import ElementDef, choice_json_name
from journalloft.fhir.validator import FhirValidator

_CLASS_NAME = re.compile(r"abc\.([A-Za-z0-9]+)Type\b")


@functools.cache
def _validator() -> FhirValidator:
    return FhirValidator(core_context())


def _r4_tree(element: ElementDef, seen: frozenset[int] = frozenset()) -> frozenset[tuple[str, bool]]:
    names: set[tuple[str, bool]] = set()
    source = element.content_target or element
    if id(source) in seen:
        return frozenset({("(recursion)", False)})
    for child in source.children:
        if child.is_choice:
            names.update((choice_json_name(child.base_name, code), False) for code in child.type_codes)
            continue
        names.add((child.name, child.repeats))
        if child.children or child.content_target is not None:
            names.update((f"{child.name}.{n}", r) for n, r in _r4_tree(child, seen | {id(source)}))
    return frozenset(names)


def _r4b_tree(model: type, seen: frozenset[type] = frozenset()) -> frozenset[tuple[str, bool]]:
    if model in seen:
        return frozenset({("(recursion)", False)})
    module = sys.modules[model.__module__]
    names: set[tuple[str, bool]] = set()
    for name, field in model.model_fields.items():  # type: ignore[attr-defined]
        alias = field.alias or name
        if alias.startswith("_") or alias in ("fhir_comments", "resourceType", "resource_type"):
            continue
        annotation = str(field.annotation)
        repeats = "List[" in annotation
        names.add((alias, repeats and not (field.json_schema_extra or {}).get("one_of_many")))
        match = _CLASS_NAME.search(annotation)
        nested = getattr(module, match.group(1), None) if match is not None else None
        if nested is not None and nested.__module__ == model.__module__:
            names.update((f"{alias}.{n}", r) for n, r in _r4b_tree(nested, seen | {model}))
    return frozenset(names)


@functools.cache
def unchanged_types() -> frozenset[str]:
    """R4 resource types whose element tree is the same in fhir.resources' R4B models."""
    from fhir.resources.R4B import get_fhir_model_class

    found = set()
    validator = _validator()
    for resource_type in sorted(validator.resource_types):
        compiled = validator.structure(resource_type)
        try:
            model = get_fhir_model_class(resource_type)
        except (KeyError, ValueError, ImportError):
            continue  # not in R4B at all
        if compiled is not None and _r4_tree(compiled.root) == _r4b_tree(model):
            found.add(resource_type)
    return frozenset(found)


def nested_types(resource: Any) -> set[str]:
    """Every resourceType in the resource, itself included."""
    found: set[str] = set()
    stack = [resource]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            value = node.get("resourceType")
            if isinstance(value, str):
                found.add(value)
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return found


def parse_problems(resource: dict[str, Any]) -> list[str]:
    """fhir.resources' complaints about the resource as ``location: error type``; empty when it parses."""
    from fhir.resources.R4B import get_fhir_model_class
    from pydantic import ValidationError

    try:
        get_fhir_model_class(resource["resourceType"]).model_validate(resource)
    except ValidationError as exc:
        return [".".join(str(step) for step in error["loc"]) + ": " + error["type"] for error in exc.errors()]
    except Exception as exc:
        return [f"(parse): {type(exc).__name__}: {exc}"]
    return []
