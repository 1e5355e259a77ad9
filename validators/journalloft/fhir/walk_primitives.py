"""The walk over primitive elements: values, their ``_element`` companions, limits and value checks.
"""

from __future__ import annotations

from decimal import Decimal
from functools import partial
from typing import TYPE_CHECKING, Any

from journalloft.fhir.elements import ElementDef
from journalloft.fhir.options import html_in_markdown
from journalloft.fhir.primitives import CHECKERS
from journalloft.fhir.walk_base import (
    _BINDING_SEVERITY,
    _CODED_TYPES,
    _DOUBLE_MAX,
    _DOUBLE_MIN,
    _ELE_1_HUMAN,
    _MISSING,
    Loc,
    WalkRun,
    _Frame,
    _step,
    format_location,
)
from journalloft.fhir.walk_uris import URI_TYPES
from journalloft.issues import error, warning
from journalloft.jsonparse import described

if TYPE_CHECKING:
    from journalloft.fhir.walk import Walk


class PrimitiveWalk:
    """Primitive elements: value and extension arrays, syntax, lengths, ranges, bindings."""

    __slots__ = ("check_binding", "descend", "fixed_pattern", "run", "uri_value", "value_range")

    def __init__(self, run: WalkRun) -> None:
        self.run = run

    def wire(self, walk: Walk) -> None:
        """Binds the other concerns' methods this one calls (once per walk; calls stay one hop)."""
        self.uri_value = walk.uris.uri_value
        self.value_range = walk.values.value_range
        self.fixed_pattern = walk.values.fixed_pattern
        self.check_binding = walk.terminology.check_binding
        self.descend = walk.structure.descend

    def primitive_element(  # noqa: PLR0917 - hot path: positional calls are cheapest
        self,
        node: dict[str, Any],
        key: str,
        child: ElementDef,
        child_type: str,
        loc: Loc,
        name: str,
        depth: int,
        frame: _Frame,
    ) -> None:
        issues = self.run.issues
        value = node.get(key, _MISSING)
        extension = node.get("_" + key, _MISSING)
        check = CHECKERS[child_type]
        if child.repeats:
            self._repeated_primitive(key, value, extension, child, child_type, check, loc, name, depth, frame)
            return
        if isinstance(value, list) or isinstance(extension, list):
            issues.append(
                error(
                    "fhir-array-unexpected",
                    format_location(_step(loc, name)),
                    f"{name} is single-valued and must not be a JSON array",
                )
            )
            return
        single_loc: Loc = (loc, name, None)
        if value is None:
            issues.append(error("fhir-null", format_location(single_loc), "null is not allowed here"))
        elif value is not _MISSING:
            self._primitive_value(value, child, child_type, check, single_loc, frame)
        if extension is not _MISSING:
            if extension is None:
                issues.append(error("fhir-null", format_location(single_loc), f"_{key} must not be null"))
            else:
                if key == "id" and child.path.count(".") == 1 and node is frame.resource:
                    issues.append(
                        error(
                            "fhir-resource-id-extension",
                            format_location(single_loc),
                            "a resource's id may not carry extensions (_id): the id is the server's, not data",
                        )
                    )
                if value is _MISSING and isinstance(extension, dict) and list(extension) == ["id"]:
                    issues.append(error("fhir-invariant", format_location(single_loc), _ELE_1_HUMAN))
                self._primitive_extension(extension, child_type, single_loc, depth, frame)

    def _repeated_primitive(  # noqa: PLR0917 - primitive_element's arguments, passed on positionally
        self,
        key: str,
        value: Any,
        extension: Any,
        child: ElementDef,
        child_type: str,
        check: Any,
        loc: Loc,
        name: str,
        depth: int,
        frame: _Frame,
    ) -> None:
        """A repeating primitive: its value array and its ``_`` array, walked position by position."""
        arrays = self._primitive_arrays(key, value, extension, loc, name)
        if arrays is None:
            return
        values, extensions = arrays
        count = self._primitive_count(max(len(values), len(extensions)), child, loc, name)
        for position in range(count):
            item_loc = (loc, name, position)
            item = values[position] if position < len(values) else None
            item_extension = extensions[position] if position < len(extensions) else None
            if item is None and item_extension is None:
                self.run.issues.append(
                    error(
                        "fhir-null",
                        format_location(item_loc),
                        "null is only allowed as a placeholder when the other array has content at this position",
                    )
                )
                continue
            if item is not None:
                self._primitive_value(item, child, child_type, check, item_loc, frame)
            if item_extension is not None:
                self._primitive_extension(item_extension, child_type, item_loc, depth, frame)

    def _primitive_arrays(
        self, key: str, value: Any, extension: Any, loc: Loc, name: str
    ) -> tuple[list[Any], list[Any]] | None:
        """A repeating primitive's values and ``_`` extensions as lists (a single value taken as one item,
        reported), or None when the value is null or an empty array (reported)."""
        issues = self.run.issues
        values: list[Any] = []
        if value is not _MISSING:
            if isinstance(value, list):
                if not value:
                    issues.append(
                        error("fhir-empty", format_location(_step(loc, name)), "an empty array is not allowed")
                    )
                    return None
                values = value
            elif value is None:
                issues.append(error("fhir-null", format_location(_step(loc, name)), "null is not allowed here"))
                return None
            else:
                issues.append(
                    error(
                        "fhir-array-expected",
                        format_location(_step(loc, name)),
                        f"{name} repeats and must be a JSON array",
                    )
                )
                values = [value]
        extensions: list[Any] = []
        if extension is not _MISSING:
            if isinstance(extension, list):
                extensions = extension
            else:
                issues.append(
                    error(
                        "fhir-primitive-extension",
                        format_location(_step(loc, name)),
                        f"_{key} must be a JSON array aligned with {key}",
                    )
                )
        if values and extensions and len(values) != len(extensions):
            issues.append(
                error(
                    "fhir-primitive-extension",
                    format_location(_step(loc, name)),
                    f"{key} has {len(values)} item(s) but _{key} has {len(extensions)}; the arrays must line up",
                )
            )
        return values, extensions

    def _primitive_count(self, count: int, child: ElementDef, loc: Loc, name: str) -> int:
        """How many positions of a repeating primitive are walked (at most --max-items); its cardinality
        is checked against that number, after the cut."""
        issues = self.run.issues
        if count > self.run.max_items:
            issues.append(
                error(
                    "fhir-limit",
                    format_location(_step(loc, name)),
                    f"{count} items exceed the configured limit of {self.run.max_items}; the rest are not checked",
                )
            )
            count = self.run.max_items
        if child.max is not None and count > child.max:
            issues.append(
                error(
                    "fhir-cardinality-max",
                    format_location(_step(loc, name)),
                    f"{child.path} allows at most {child.max} item(s), found {count}",
                )
            )
        if count < child.min:
            issues.append(
                error(
                    "fhir-cardinality-min",
                    format_location(_step(loc, name)),
                    f"{child.path} requires at least {child.min} item(s), found {count}",
                )
            )
        return count

    def _primitive_value(  # noqa: PLR0917 - hot path: positional calls are cheapest
        self, value: Any, child: ElementDef, child_type: str, check: Any, loc: Loc, frame: _Frame
    ) -> None:
        run = self.run
        if type(value) is str and len(value) > run.max_string:
            run.issues.append(
                error(
                    "fhir-limit",
                    format_location(loc),
                    f"the string is {len(value)} characters long; the configured limit is {run.max_string}",
                )
            )
            return
        problem = check(value)
        if problem is not None:
            run.issues.append(error(problem[0], format_location(loc), problem[1]))
            return
        if child_type in URI_TYPES and not run.profile_mode:
            self.uri_value(value, child, child_type, loc, frame)
        if child_type == "markdown" and run.options.no_html_in_markdown and not run.profile_mode:
            tag = html_in_markdown(value)
            if tag is not None:
                run.issues.append(
                    error(
                        "fhir-markdown-html",
                        format_location(loc),
                        f"the markdown holds what looks like an HTML tag starting at '{tag}'; "
                        "--no-html-in-markdown does not allow it",
                    )
                )
        if type(value) is Decimal and child_type == "decimal" and value and not _DOUBLE_MIN <= abs(value) <= _DOUBLE_MAX:  # noqa: E501
            run.issues.append(
                warning(
                    "fhir-decimal-range",
                    format_location(loc),
                    f"{value} is outside the range a 64-bit floating point number holds; "
                    "many systems will not store it exactly",
                )
            )
        shape = child.cache.get(child_type)
        if shape is None:
            shape = run.v.shape(child, child_type)
        if not shape.plain_value:  # plain: no length, range, fixed or pattern value, binding
            self._value_rules(value, child, child_type, loc)
        constraints = shape.profile_constraints if run.profile_mode else shape.constraints
        if constraints:
            bundle = frame.bundle.bundle if frame.bundle is not None else None
            run.issues.extend(
                run.v.invariants.check(
                    constraints,
                    value,
                    child.path,
                    partial(format_location, loc),
                    frame.resource,
                    frame.root,
                    bundle,
                    child_type,
                    run.profile_mode,
                )
            )

    def _value_rules(self, value: Any, child: ElementDef, child_type: str, loc: Loc) -> None:
        """Length, range, fixed or pattern value and binding of the element, on one primitive value."""
        if child.max_length is not None and type(value) is str and len(value) > child.max_length:
            self.run.issues.append(
                error(
                    "fhir-max-length",
                    format_location(loc),
                    f"{child.path} allows at most {child.max_length} characters, found {len(value)}",
                )
            )
        if child.min_value is not None or child.max_value is not None:
            self.value_range(value, child, loc)
        if child.fixed is not None or child.pattern is not None:
            self.fixed_pattern(value, child, loc)
        if child.binding_strength in _BINDING_SEVERITY and child_type in _CODED_TYPES:
            self.check_binding(value, child, child_type, loc)

    def _primitive_extension(self, extension: Any, child_type: str, loc: Loc, depth: int, frame: _Frame) -> None:
        if not isinstance(extension, dict):
            self.run.issues.append(
                error(
                    "fhir-primitive-extension",
                    format_location(loc),
                    f"the _element of a primitive must be a JSON object with id and/or extension, "
                    f"found {described(extension)}",
                )
            )
            return
        if not extension:
            self.run.issues.append(error("fhir-empty", format_location(loc), "an empty object is not allowed"))
            return
        compiled = self.run.v.structure(child_type)
        if compiled is None:
            return
        shape = self.run.v.shape(compiled.root, child_type)
        for key, value in extension.items():
            entry = shape.index.get(key)
            if entry is None or key == "value":
                self.run.issues.append(
                    error(
                        "fhir-unknown-element",
                        format_location(_step(loc, key)),
                        f"the extension part of a primitive may hold id and extension only, not {key}",
                    )
                )
                continue
            element, element_type = entry
            self.descend(extension, key, value, element, element_type, loc, key, depth, frame)
