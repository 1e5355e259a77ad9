"""The compiled element index: a StructureDefinition snapshot turned into a tree the walker can use.

A snapshot is a flat list of ElementDefinitions keyed by dotted ids. The walker needs, for every
complex node, "which JSON keys may appear here, what does each one mean". Compiling answers that
once per StructureDefinition:

* each element becomes an :class:`ElementDef` with integer cardinality, its type codes, fixed and
  pattern values, binding, constraints and maxLength;
* children are grouped under their parent element; slices (``id`` segments with ``:sliceName``)
  hang under the element they slice, with the slicing rules;
* the JSON names of a choice element (``value[x]`` -> ``valueQuantity``, ``valueString`` ...) map to
  the same element plus the chosen type; a type slice named ``valueQuantity`` (how snapshot
  generators constrain one choice type) supplies the definition for that JSON name;
* ``contentReference`` (``#Questionnaire.item``) is resolved to the referenced element, whose
  children are then shared.

Elements whose children are not written out in the snapshot (``Observation.code`` is a
CodeableConcept) take their children from the type's own StructureDefinition at walk time; that
lookup is cached by :class:`journalloft.fhir.validator.FhirValidator`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

_FHIRPATH_SYSTEM_TYPES = {
    "http://hl7.org/fhirpath/System.String": "string",
    "http://hl7.org/fhirpath/System.Boolean": "boolean",
    "http://hl7.org/fhirpath/System.Integer": "integer",
    "http://hl7.org/fhirpath/System.Decimal": "decimal",
    "http://hl7.org/fhirpath/System.Date": "date",
    "http://hl7.org/fhirpath/System.DateTime": "dateTime",
    "http://hl7.org/fhirpath/System.Time": "time",
}
_FHIR_TYPE_EXTENSION = "http://hl7.org/fhir/StructureDefinition/structuredefinition-fhir-type"
CORE_PREFIX = "http://hl7.org/fhir/StructureDefinition/"


@dataclass(eq=False, slots=True)
class Slicing:
    discriminators: tuple[tuple[str, str], ...]  # (type, path)
    rules: str  # open | closed | openAtEnd
    ordered: bool


@dataclass(eq=False, slots=True)
class ElementDef:
    """One ElementDefinition, compiled."""

    id: str
    path: str
    name: str  # last path segment as written, e.g. "value[x]"
    min: int
    max: int | None  # None = unbounded
    repeats: bool  # the BASE definition allows more than one: the JSON holds an array
    type_codes: tuple[str, ...]
    target_profiles: tuple[str, ...]  # of the Reference/canonical type(s)
    type_profiles: tuple[str, ...]  # type.profile, e.g. an extension definition's url
    fixed: Any = None
    pattern: Any = None
    fixed_type: str | None = None  # e.g. "Uri" for fixedUri
    binding_strength: str | None = None
    binding_value_set: str | None = None
    constraints: tuple[dict[str, Any], ...] = ()
    max_length: int | None = None
    min_value: Any = None  # minValue[x] / maxValue[x]: numbers, or date/time strings
    max_value: Any = None
    content_reference: str | None = None
    slice_name: str | None = None
    slicing: Slicing | None = None
    slices: list[ElementDef] = field(default_factory=list)
    children: list[ElementDef] = field(default_factory=list)
    # filled by compile: the element whose children this one shares (contentReference)
    content_target: ElementDef | None = None
    # JSON-name index over children; built once by compile
    child_index: dict[str, tuple[ElementDef, str]] = field(default_factory=dict)
    # walk-time caches owned by the validator
    cache: dict[str, Any] = field(default_factory=dict)

    # set in __post_init__: read on every node, so plain attributes rather than properties
    is_choice: bool = False
    base_name: str = ""

    def __post_init__(self) -> None:
        self.is_choice = self.name.endswith("[x]")
        self.base_name = self.name[:-3] if self.is_choice else self.name


@dataclass(eq=False, slots=True)
class CompiledStructure:
    url: str
    type: str  # the type this SD defines or constrains, e.g. "Observation"
    kind: str  # resource | complex-type | primitive-type | logical
    derivation: str | None
    root: ElementDef
    by_id: dict[str, ElementDef]
    is_core_base: bool  # a core base definition (not a profile)
    # extension definitions: where the extension may be used, as (context type, expression)
    contexts: tuple[tuple[str, str], ...] = ()


def _type_code(type_entry: dict[str, Any]) -> str:
    code = type_entry.get("code", "")
    if code in _FHIRPATH_SYSTEM_TYPES:
        for extension in type_entry.get("extension", ()):
            if extension.get("url") == _FHIR_TYPE_EXTENSION:
                return str(extension.get("valueUrl") or extension.get("valueUri") or _FHIRPATH_SYSTEM_TYPES[code])
        return _FHIRPATH_SYSTEM_TYPES[code]
    return str(code)


def _int_max(value: object) -> int | None:
    if value in (None, "*"):
        return None
    try:
        return int(str(value))
    except ValueError:
        return None


def _prefixed_value(element: dict[str, Any], prefix: str) -> tuple[Any, str | None]:
    for key, value in element.items():
        if key.startswith(prefix) and len(key) > len(prefix) and key[len(prefix)].isupper():
            return value, key[len(prefix) :]
    return None, None


def _parent_id(element_id: str) -> str:
    return element_id.rsplit(".", 1)[0] if "." in element_id else ""


def _compile_element(raw: dict[str, Any], sd_type: str) -> ElementDef:
    element_id = str(raw.get("id") or raw["path"])
    path = str(raw["path"])
    last = element_id.rsplit(".", 1)[-1]
    name = last.split(":", 1)[0]
    base = raw.get("base") or {}
    base_max = base.get("max", raw.get("max", "1"))
    types = raw.get("type") or []
    type_codes = tuple(_type_code(t) for t in types)
    if not types and "." not in path:
        type_codes = (sd_type,)
    # Resource.id is declared as System.String with fhir-type "string" in R4, but it is an id.
    if base.get("path") == "Resource.id":
        type_codes = ("id",)
    target_profiles: list[str] = []
    type_profiles: list[str] = []
    for t in types:
        target_profiles.extend(t.get("targetProfile") or ())
        type_profiles.extend(t.get("profile") or ())
    fixed, fixed_type = _prefixed_value(raw, "fixed")
    pattern, pattern_type = _prefixed_value(raw, "pattern")
    min_value, _ = _prefixed_value(raw, "minValue")
    max_value, _ = _prefixed_value(raw, "maxValue")
    binding = raw.get("binding") or {}
    slicing_raw = raw.get("slicing")
    slicing = None
    if slicing_raw:
        slicing = Slicing(
            discriminators=tuple(
                (str(d.get("type", "value")), str(d.get("path", "$this")))
                for d in slicing_raw.get("discriminator") or ()
            ),
            rules=str(slicing_raw.get("rules", "open")),
            ordered=bool(slicing_raw.get("ordered", False)),
        )
    return ElementDef(
        id=element_id,
        path=path,
        name=name,
        min=int(raw.get("min", 0) or 0),
        max=_int_max(raw.get("max", "*")),
        repeats=str(base_max) != "1" and str(base_max) != "0",
        type_codes=type_codes,
        target_profiles=tuple(target_profiles),
        type_profiles=tuple(type_profiles),
        fixed=fixed,
        pattern=pattern,
        fixed_type=fixed_type or pattern_type,
        min_value=min_value,
        max_value=max_value,
        binding_strength=binding.get("strength"),
        binding_value_set=binding.get("valueSet"),
        constraints=tuple(raw.get("constraint") or ()),
        max_length=raw.get("maxLength"),
        content_reference=raw.get("contentReference"),
        slice_name=raw.get("sliceName"),
        slicing=slicing,
    )


def choice_json_name(base_name: str, type_code: str) -> str:
    return base_name + type_code[0].upper() + type_code[1:]


def build_child_index(element: ElementDef) -> dict[str, tuple[ElementDef, str]]:
    """Map each JSON key a child may appear under to (definition, type code)."""
    index: dict[str, tuple[ElementDef, str]] = {}
    for child in element.children:
        if child.is_choice:
            by_slice = {s.slice_name: s for s in child.slices if s.slice_name}
            for code in child.type_codes:
                json_name = choice_json_name(child.base_name, code)
                index[json_name] = (by_slice.get(json_name, child), code)
        else:
            index[child.name] = (child, child.type_codes[0] if child.type_codes else "")
    return index


def compile_structure(sd: dict[str, Any]) -> CompiledStructure:
    """Compile one StructureDefinition (with snapshot) into an element tree."""
    sd_type = str(sd.get("type") or sd.get("id"))
    elements = (sd.get("snapshot") or {}).get("element") or []
    if not elements:
        raise ValueError(f"StructureDefinition {sd.get('url')} has no snapshot")
    by_id: dict[str, ElementDef] = {}
    root: ElementDef | None = None
    for raw in elements:
        element = _compile_element(raw, sd_type)
        by_id[element.id] = element
        if root is None:
            root = element
            continue
        last = element.id.rsplit(".", 1)[-1]
        parent_id = _parent_id(element.id)
        if ":" in last:
            sliced_id = parent_id + "." + last.split(":", 1)[0]
            # a re-slice "a/b" is attached to the element it ultimately slices
            sliced = by_id.get(sliced_id)
            if sliced is not None:
                sliced.slices.append(element)
                continue
        parent = by_id.get(parent_id)
        if parent is not None:
            parent.children.append(element)
    assert root is not None
    path_index = {e.path: e for e in by_id.values() if e.slice_name is None and ":" not in e.id}
    for element in by_id.values():
        if element.content_reference:
            ref = element.content_reference.split("#", 1)[-1]
            element.content_target = by_id.get(ref) or path_index.get(ref)
    for element in by_id.values():
        if element.children:
            element.child_index = build_child_index(element)
    url = str(sd.get("url", ""))
    derivation = sd.get("derivation")
    return CompiledStructure(
        url=url,
        type=sd_type,
        kind=str(sd.get("kind", "")),
        derivation=derivation,
        root=root,
        by_id=by_id,
        is_core_base=url.startswith(CORE_PREFIX) and derivation != "constraint",
        contexts=tuple((str(c.get("type", "")), str(c.get("expression", ""))) for c in sd.get("context") or ()),
    )
