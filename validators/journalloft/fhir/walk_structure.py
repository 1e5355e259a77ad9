"""The structure walk: a complex node's elements, arrays, cardinality, choice types and nesting depth.

Part of the walk composed in :mod:`journalloft.fhir.walk`; primitives are in
:mod:`journalloft.fhir.walk_primitives`.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from journalloft.fhir.elements import ElementDef
from journalloft.fhir.instance_rules import attachment_size_problem
from journalloft.fhir.invariants_native import check_ele_1, check_ext_1
from journalloft.fhir.primitives import CHECKERS, PRIMITIVE_TYPES
from journalloft.fhir.references import check_reference
from journalloft.fhir.walk_base import (
    _ELE_1_HUMAN,
    _EXT_1_HUMAN,
    _RESOURCE_TYPES,
    TYPE_RULES_ATTACHMENT,
    TYPE_RULES_CODING,
    TYPE_RULES_NONE,
    TYPE_RULES_QUANTITY,
    Loc,
    WalkRun,
    _element_path,
    _Frame,
    _Shape,
    _step,
    format_location,
)
from journalloft.fhir.walk_extensions import context_allows
from journalloft.fhir.walk_profiles import WALKED_ALL
from journalloft.fhir.walk_uris import URI_TYPES
from journalloft.issues import error, warning
from journalloft.jsonparse import described

if TYPE_CHECKING:
    from journalloft.fhir.walk import Walk


def _type_of(key: str, choice: ElementDef) -> str:
    """The FHIR type a choice element's JSON name carries: valueString -> string, valueQuantity -> Quantity."""
    suffix = key[len(choice.base_name) :]
    lowered = suffix[:1].lower() + suffix[1:]
    return lowered if lowered in PRIMITIVE_TYPES else suffix


def _choice_of(key: str, index: dict[str, tuple[ElementDef, str]]) -> ElementDef | None:
    """The choice element a JSON key would belong to if its type were allowed (valueString -> value[x])."""
    for element, _type in index.values():
        if element.is_choice:
            base = element.base_name
            if key.startswith(base) and len(key) > len(base) and key[len(base)].isupper():
                return element
    return None


class StructureWalk:
    """Complex nodes: which keys an element holds, how many, and descending into them."""

    __slots__ = (
        "check_binding", "check_coding", "example_attachment_url", "fixed_pattern", "nested_profiles",
        "primitive_element", "resource", "run", "slice_items", "target_profiles", "unknown_extension",
        "uri_value", "value_range", "walked_keys",
    )

    def __init__(self, run: WalkRun) -> None:
        self.run = run

    def wire(self, walk: Walk) -> None:
        """Binds the other concerns' methods this one calls (once per walk; calls stay one hop)."""
        self.walked_keys = walk.profiles.walked_keys
        self.uri_value = walk.uris.uri_value
        self.primitive_element = walk.primitives.primitive_element
        self.fixed_pattern = walk.values.fixed_pattern
        self.check_binding = walk.terminology.check_binding
        self.check_coding = walk.terminology.check_coding
        self.example_attachment_url = walk.extensions.example_attachment_url
        self.target_profiles = walk.resources.target_profiles
        self.slice_items = walk.profiles.slice_items
        self.resource = walk.resources.resource
        self.nested_profiles = walk.profiles.nested_profiles
        self.unknown_extension = walk.extensions.unknown_extension
        self.value_range = walk.values.value_range

    def walk_object(  # noqa: C901, PLR0917 - hot path: positional calls are cheapest, the per-key loop stays inline
        self,
        node: dict[str, Any],
        element: ElementDef,
        type_code: str,
        loc: Loc,
        depth: int,
        frame: _Frame,
        is_resource: bool = False,
    ) -> None:
        run = self.run
        shape = element.cache.get(type_code) or run.v.shape(element, type_code)
        index = shape.index
        walked_keys: frozenset[str] | None = None
        if run.walked is not None:
            walked_keys = self._record_walk(node, element, type_code, loc, is_resource, index)
            if walked_keys is WALKED_ALL:
                return  # an earlier walk checked this object with the same definition (see apply_profiles)
        issues = run.issues
        max_depth = run.max_depth
        max_string = run.max_string
        profile_mode = run.profile_mode
        # --no-html-in-markdown: markdown values then take the full path (walk_primitives checks them)
        markdown_checked = run.options.no_html_in_markdown
        uris_checked = not profile_mode  # example and internal URLs: walk_uris
        # the other concerns' methods called per key, as locals (a call through an attribute is slower)
        primitive_element, uri_value = self.primitive_element, self.uri_value
        choices: dict[str, str] | None = None
        for key, value in node.items():
            entry = index.get(key)
            if entry is None:
                found = self._unknown_key(node, key, index, loc, type_code, is_resource)
                if found is None:
                    continue
                key, entry = found  # noqa: PLW2901 - the pair is handled under the value's name
            child, child_type = entry
            if child.is_choice:
                if choices is None:
                    choices = {}
                name = self._choice_name(choices, child, child_type, key, loc)
                if name is None:
                    continue
            else:
                name = key
            if walked_keys and key in walked_keys:
                continue  # the base walk checked this child with the same definition (see apply_profiles)
            # descend, inlined: this loop runs for every key of every object
            child_depth = depth + 2 if child.repeats else depth + 1
            if child_depth > max_depth:
                run.too_deep(_step(loc, name))
            elif child_type in PRIMITIVE_TYPES:
                # The common case, decided here without two calls per value: a single string or
                # boolean of an element that asks nothing of it but its syntax. Anything else, and a
                # value with a "_" companion, takes the full path in walk_primitives.
                value_shape = child.cache.get(child_type) or run.v.shape(child, child_type)
                if (
                    (value_shape.syntax_only_in_profiles if profile_mode else value_shape.syntax_only)
                    and (type(value) is str or type(value) is bool)
                    and not child.repeats
                    and ("_" + key) not in node
                    and (type(value) is bool or len(value) <= max_string)
                    and not (markdown_checked and child_type == "markdown")
                ):
                    syntax = CHECKERS[child_type](value)
                    if syntax is not None:
                        issues.append(error(syntax[0], format_location((loc, name, None)), syntax[1]))
                    elif uris_checked and child_type in URI_TYPES and type(value) is str:
                        uri_value(value, child, child_type, (loc, name, None), frame)
                    continue
                primitive_element(node, key, child, child_type, loc, name, child_depth, frame)
            else:
                self.complex_element(value, child, child_type, loc, name, child_depth, frame)
        if shape.required:
            self._missing_required(node, shape.required, loc)
        self._object_rules(node, element, type_code, loc, frame, shape, is_resource, walked_keys is not None)

    def _record_walk(  # noqa: PLR0917 - walk_object's arguments, passed on positionally
        self,
        node: dict[str, Any],
        element: ElementDef,
        type_code: str,
        loc: Loc,
        is_resource: bool,
        index: dict[str, tuple[ElementDef, str]],
    ) -> frozenset[str] | None:
        """The base walk records the definition it checks each object with; a profile walk gets the keys
        of the object that an earlier walk checked with the same definition (WALKED_ALL: all of it)."""
        if not self.run.profile_mode:
            assert self.run.walked is not None
            self.run.walked[id(node)] = (element, type_code, loc)
            return None
        return self.walked_keys(node, element, type_code, loc, is_resource, index)

    def _unknown_key(  # noqa: PLR0917 - called from walk_object's loop like its other helpers
        self,
        node: dict[str, Any],
        key: str,
        index: dict[str, tuple[ElementDef, str]],
        loc: Loc,
        type_code: str,
        is_resource: bool,
    ) -> tuple[str, tuple[ElementDef, str]] | None:
        """A key the element index does not name. A primitive's "_" companion standing without its value
        is walked under the value's name (returned with its entry); anything else is reported or skipped."""
        if key[:1] == "_":
            base = key[1:]
            base_entry = index.get(base)
            if base_entry is not None and base_entry[1] in PRIMITIVE_TYPES:
                if base in node:
                    return None  # handled with its value
                return base, base_entry
        elif is_resource and key == "resourceType":
            return None
        elif (choice := _choice_of(key, index)) is not None:
            used = _type_of(key, choice)
            self.run.issues.append(
                error(
                    "fhir-type-not-allowed",
                    format_location(_step(loc, f"{choice.base_name}.ofType({used})")),
                    f"{key}: {choice.path} does not allow the type {used} here; "
                    f"allowed: {', '.join(choice.type_codes)}",
                )
            )
            return None
        self.run.issues.append(
            error(
                "fhir-unknown-element",
                format_location(_step(loc, key)),
                f"{key} is not an element of {type_code}",
            )
        )
        return None

    def _choice_name(
        self, choices: dict[str, str], child: ElementDef, child_type: str, key: str, loc: Loc
    ) -> str | None:
        """The location name of a choice element's value (value.ofType(Quantity)), or None when the
        object already holds the same choice under another type (reported)."""
        previous = choices.get(child.base_name)
        if previous is not None and previous != key:
            self.run.issues.append(
                error(
                    "fhir-choice",
                    format_location(_step(loc, child.base_name)),
                    f"{child.base_name}[x] may hold one type only; found both {previous} and {key}",
                )
            )
            return None
        choices[child.base_name] = key
        return f"{child.base_name}.ofType({child_type})"

    def _missing_required(
        self, node: dict[str, Any], required: tuple[tuple[ElementDef, tuple[str, ...]], ...], loc: Loc
    ) -> None:
        """Elements (and their slices) with a minimum above 0 that the object does not hold."""
        issues = self.run.issues
        for child, names in required:
            present = False
            for json_name in names:  # each name and its "_" companion
                if json_name in node:
                    present = True
                    break
            if not present:
                if child.min > 0:
                    issues.append(
                        error(
                            "fhir-cardinality-min",
                            format_location(loc),
                            f"{child.path} is required (minimum {child.min}) but missing",
                        )
                    )
                for slice_def in child.slices:
                    if slice_def.min > 0 and not child.is_choice:
                        issues.append(
                            error(
                                "fhir-cardinality-min",
                                format_location(loc),
                                f"slice {slice_def.slice_name} of {child.path} requires at least "
                                f"{slice_def.min} item(s), found 0",
                            )
                        )

    def _object_rules(  # noqa: PLR0917 - once per object, beside walk_object's own positional calls
        self,
        node: dict[str, Any],
        element: ElementDef,
        type_code: str,
        loc: Loc,
        frame: _Frame,
        shape: _Shape,
        is_resource: bool,
        walk_recorded: bool,
    ) -> None:
        """The rules on the object as a whole: ele-1, ext-1, fixed values and patterns, bindings, the
        data type's own rules (Coding, Quantity, Attachment, Reference) and the element's invariants.
        ``walk_recorded``: this walk records what it checked, so a profile walk may skip constraints an
        earlier walk evaluated on the same object (constraints_left)."""
        run = self.run
        issues = run.issues
        if not is_resource:
            # any key besides id means ele-1 holds (null and empty values are reported on their own)
            if shape.ele_1 and len(node) < 2 and "id" in node and not check_ele_1(node):
                issues.append(error("fhir-invariant", format_location(loc), _ELE_1_HUMAN))
            if shape.ext_1 and type_code == "Extension" and not check_ext_1(node):
                issues.append(error("fhir-invariant", format_location(loc), _EXT_1_HUMAN))
            if shape.fixed_or_pattern:
                self.fixed_pattern(node, element, loc)
            if shape.binding:
                self.check_binding(node, element, type_code, loc)
        rules = shape.type_rules
        if rules == TYPE_RULES_NONE:
            pass
        elif rules <= TYPE_RULES_QUANTITY:
            if not run.profile_mode:
                self.check_coding(node, loc, check_display=rules == TYPE_RULES_CODING)
        elif rules == TYPE_RULES_ATTACHMENT:
            if not run.profile_mode:
                problem = attachment_size_problem(node)
                if problem is not None:
                    issues.append(error("fhir-attachment-size", format_location(_step(loc, "size")), problem))
                self.example_attachment_url(node, loc)
        else:  # TYPE_RULES_REFERENCE
            self._reference_rules(node, element, loc, frame)
        constraints = shape.profile_constraints if run.profile_mode else shape.constraints
        if constraints and walk_recorded and run.constraints_left is not None:
            constraints = run.constraints_left.get(id(node), constraints)  # see ProfileWalk.walked_keys
        if constraints:
            bundle = frame.bundle.bundle if frame.bundle is not None else None
            issues.extend(
                run.v.invariants.check(
                    constraints,
                    node,
                    element.path,
                    partial(format_location, loc),
                    frame.resource,
                    frame.root,
                    bundle,
                    type_code,
                    run.profile_mode,
                )
            )

    def _reference_rules(self, node: dict[str, Any], element: ElementDef, loc: Loc, frame: _Frame) -> None:
        reference = node.get("reference")
        if reference is not None:
            problems = check_reference(
                reference, self.run.v.allowed_targets(element), node.get("type"), frame.scope, self.run.v.resource_types
            )
            for found in problems:
                report = warning if found.is_warning else error
                self.run.issues.append(report(found.code, format_location(_step(loc, "reference")), found.message))
            if all(found.is_warning for found in problems) and isinstance(reference, str):
                self.target_profiles(reference, element, loc, frame)

    def complex_element(  # noqa: PLR0917 - hot path: positional calls are cheapest
        self, value: Any, child: ElementDef, child_type: str, loc: Loc, name: str, depth: int, frame: _Frame
    ) -> None:
        run = self.run
        issues = run.issues
        shaped = self._items(value, child, loc, name)
        if shaped is None:
            return
        items, indexed = shaped
        if child.max is not None and len(items) > child.max:
            issues.append(
                error(
                    "fhir-cardinality-max",
                    format_location(_step(loc, name)),
                    f"{child.path} allows at most {child.max} item(s), found {len(items)}",
                )
            )
        if len(items) < child.min:
            # A profile's own minimum above 1 (component 7..*) holds whether or not the element is sliced.
            issues.append(
                error(
                    "fhir-cardinality-min",
                    format_location(_step(loc, name)),
                    f"{child.path} requires at least {child.min} item(s), found {len(items)}",
                )
            )
        definitions: list[ElementDef] | None = None
        if child.slices and not child.is_choice and child.slicing is not None:
            definitions = self.slice_items(items, child, child_type, loc, name, indexed, frame)
        is_resource_type = child_type in _RESOURCE_TYPES or child_type in run.v.resource_types
        for position, item in enumerate(items):
            item_loc = (loc, name, position if indexed else None)
            if item is None:
                issues.append(error("fhir-null", format_location(item_loc), "null is not allowed here"))
                continue
            if is_resource_type:
                contained = child.name == "contained"
                if not run.profile_mode:
                    self.resource(item, item_loc, depth, frame, frame.bundle, (), contained=contained)
                elif isinstance(item, dict):
                    definition = definitions[position] if definitions is not None else child
                    self.nested_profiles(item, definition, item_loc, depth, frame, contained)
                continue
            if not isinstance(item, dict):
                issues.append(
                    error(
                        "fhir-json-type",
                        format_location(item_loc),
                        f"{child_type} must be a JSON object, found {described(item)}",
                    )
                )
                continue
            if not item:
                issues.append(error("fhir-empty", format_location(item_loc), "an empty object is not allowed"))
                continue
            definition = definitions[position] if definitions is not None else child
            if child_type == "Extension" and definition is child and not definition.children:
                definition = self._extension_definition(item, child, loc, item_loc, frame)
            self.walk_object(item, definition, child_type, item_loc, depth, frame)

    def _items(self, value: Any, child: ElementDef, loc: Loc, name: str) -> tuple[list[Any], bool] | None:
        """The items of an element's JSON value and whether they are indexed (an array), or None when the
        value's shape is wrong beyond walking (null, an empty array, an array for a single value: reported).
        A repeating element's single value is walked as one unindexed item; items past --max-items are cut."""
        run = self.run
        issues = run.issues
        if child.repeats:
            if not isinstance(value, list):
                if value is None:
                    issues.append(error("fhir-null", format_location(_step(loc, name)), "null is not allowed here"))
                    return None
                issues.append(
                    error(
                        "fhir-array-expected",
                        format_location(_step(loc, name)),
                        f"{name} repeats and must be a JSON array",
                    )
                )
                return [value], False
            if not value:
                issues.append(error("fhir-empty", format_location(_step(loc, name)), "an empty array is not allowed"))
                return None
            if len(value) > run.max_items:
                issues.append(
                    error(
                        "fhir-limit",
                        format_location(_step(loc, name)),
                        f"{len(value)} items exceed the configured limit of {run.max_items}; "
                        "the rest are not checked",
                    )
                )
                return value[: run.max_items], True
            return value, True
        if isinstance(value, list):
            issues.append(
                error(
                    "fhir-array-unexpected",
                    format_location(_step(loc, name)),
                    f"{name} is single-valued and must not be a JSON array",
                )
            )
            return None
        if value is None:
            issues.append(error("fhir-null", format_location(_step(loc, name)), "null is not allowed here"))
            return None
        return [value], False

    def _extension_definition(
        self, item: dict[str, Any], child: ElementDef, loc: Loc, item_loc: Loc, frame: _Frame
    ) -> ElementDef:
        """The definition an extension is walked with: its own StructureDefinition when known (checking
        that its context allows it here), else the element's (an unknown absolute url is reported)."""
        definition = child
        url = item.get("url")
        if isinstance(url, str) and not url.startswith("#"):
            extension_sd = self.run.v.structure(url) if "/" in url else None
            # relative urls name the parts of a complex extension, not definitions
            if extension_sd is None and not self.run.profile_mode and ("://" in url or url.startswith("urn:")):
                self.unknown_extension(url, item_loc)
            if extension_sd is not None and extension_sd.type == "Extension":
                definition = extension_sd.root
                if not self.run.profile_mode and not context_allows(
                    extension_sd.contexts, child.path, self.run.v.resource_types, _element_path(loc, frame)
                ):
                    # a warning: HL7's own R4 examples use several core extensions outside
                    # their declared context, so R4 contexts are not firm enough to reject on
                    self.run.issues.append(
                        warning(
                            "fhir-extension-context",
                            format_location(item_loc),
                            f"the extension {url} may be used on "
                            f"{', '.join(e for _, e in extension_sd.contexts)}, "
                            f"not on {_element_path(loc, frame) or child.path.rsplit('.', 1)[0]}",
                        )
                    )
        return definition

    def descend(  # noqa: PLR0917 - hot path: positional calls are cheapest
        self,
        node: dict[str, Any],
        key: str,
        value: Any,
        child: ElementDef,
        child_type: str,
        loc: Loc,
        name: str,
        depth: int,
        frame: _Frame,
    ) -> None:
        """Walk one child of ``node``, unless that would nest deeper than the limit."""
        # JSON nesting: the array of a repeating element is one level, its items the next
        child_depth = depth + 2 if child.repeats else depth + 1
        if child_depth > self.run.max_depth:
            self.run.too_deep(_step(loc, name))
        elif child_type in PRIMITIVE_TYPES:
            self.primitive_element(node, key, child, child_type, loc, name, child_depth, frame)
        else:
            self.complex_element(value, child, child_type, loc, name, child_depth, frame)
