"""Element tables of a JSON Schema spec version, generated from its schema (one generator for all).

One row per property, addressed by the JSONPath-style path the validator reports (``$.a[*].b``).
Local ``$ref``s (``#/$defs/...``) are followed; a definition under ``$defs`` that the root schema
never reaches (another message of the same API, e.g. a response) gets its own table. The title and
description are the schema's own (Norwegian in our specs).
"""

from __future__ import annotations

import json
from typing import Any

from journalloft.requirements.mdtext import inline, paragraphs
from journalloft.site.specdata import cell, code, table
from journalloft.specs import SpecVersion

HEADER_ROW = (
    "| Sti | Påkrevd | Type | Format, mønster eller grense | Tillatte verdier | Beskrivelse |",
    "| --- | --- | --- | --- | --- | --- |",
)
_LIMITS = (
    ("minLength", "minst {} tegn"),
    ("maxLength", "høyst {} tegn"),
    ("minItems", "minst {} element"),
    ("maxItems", "høyst {} element"),
    ("minimum", "minst {}"),
    ("maximum", "høyst {}"),
)


class _Walk:
    def __init__(self, root: dict[str, Any]) -> None:
        self.root = root
        self.reached: set[str] = set()
        self.rows: list[str] = []

    def resolve(self, schema: dict[str, Any], stack: tuple[str, ...]) -> tuple[dict[str, Any], tuple[str, ...]]:
        ref = schema.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            name = ref.removeprefix("#/$defs/")
            self.reached.add(name)
            target = (self.root.get("$defs") or {}).get(name)
            if isinstance(target, dict) and name not in stack:
                # Keywords beside $ref (a local title or description) win over the definition's.
                merged = {**target, **{k: v for k, v in schema.items() if k != "$ref"}}
                return merged, (*stack, name)
        return schema, stack

    def walk(self, schema: dict[str, Any], path: str, stack: tuple[str, ...] = ()) -> None:
        schema, stack = self.resolve(schema, stack)
        for variant in [*(schema.get("oneOf") or []), *(schema.get("anyOf") or []), *(schema.get("allOf") or [])]:
            if isinstance(variant, dict):
                resolved, inner = self.resolve(variant, stack)
                self.walk_properties(resolved, path, inner)
        self.walk_properties(schema, path, stack)

    def walk_properties(self, schema: dict[str, Any], path: str, stack: tuple[str, ...]) -> None:
        required = set(schema.get("required") or [])
        for name, prop in (schema.get("properties") or {}).items():
            if not isinstance(prop, dict):
                continue
            resolved, inner = self.resolve(prop, stack)
            child = f"{path}.{name}"
            self.rows.append(_row(child, name in required, resolved, self))
            items = resolved.get("items")
            if isinstance(items, dict):
                self.walk(items, f"{child}[*]", inner)
            else:
                self.walk(resolved, child, inner)


def _types(schema: dict[str, Any], walk: _Walk) -> str:
    if "const" in schema:
        return "konstant"
    declared = schema.get("type")
    if isinstance(declared, list):
        names = [str(t) for t in declared]
    elif isinstance(declared, str):
        names = [declared]
    else:
        names = []
        for variant in [*(schema.get("oneOf") or []), *(schema.get("anyOf") or [])]:
            if isinstance(variant, dict):
                resolved, _ = walk.resolve(variant, ())
                names.append(_types(resolved, walk))
    if "array" in names and isinstance(schema.get("items"), dict):
        item, _ = walk.resolve(schema["items"], ())
        names = [f"array av {_types(item, walk)}" if n == "array" else n for n in names]
    return " eller ".join(dict.fromkeys(n for n in names if n)) or "–"


def _row(path: str, required: bool, schema: dict[str, Any], walk: _Walk) -> str:
    shape = []
    if isinstance(schema.get("format"), str):
        shape.append(f"format: {code(schema['format'])}")
    if isinstance(schema.get("pattern"), str):
        shape.append(f"mønster: {code(schema['pattern'])}")
    shape += [template.format(schema[key]) for key, template in _LIMITS if key in schema]
    allowed = [json.dumps(v, ensure_ascii=False) for v in schema.get("enum") or []]
    if "const" in schema:
        allowed = [json.dumps(schema["const"], ensure_ascii=False)]
    allowed_text = ", ".join(code(v) for v in allowed) or "–"
    title, description = str(schema.get("title", "")).strip(), str(schema.get("description", "")).strip()
    text = cell(description) if description else "–"
    if title:
        text = f"**{inline(title)}.** {cell(description)}" if description else f"**{inline(title)}**"
    return (
        f"| {code(path)} | {'Ja' if required else 'Nei'} | {_types(schema, walk)} | {'<br>'.join(shape) or '–'} "
        f"| {allowed_text} | {text} |"
    )


def schema_sections(schema: dict[str, Any], heading: str) -> list[str]:
    """Markdown tables for ``schema``: the root message first, then every unreached definition."""
    walk = _Walk(schema)
    walk.walk(schema, "$")
    lines = [f"## {inline(str(schema.get('title') or heading))}", ""]
    if schema.get("description"):
        lines += [*paragraphs(str(schema["description"])), ""]
    lines += (
        table([*HEADER_ROW, *walk.rows])
        if walk.rows
        else ["Skjemaet velger mellom meldingene som står hver for seg nedenfor.", ""]
    )
    for name, definition in (schema.get("$defs") or {}).items():
        if name in walk.reached or not isinstance(definition, dict):
            continue
        own = _Walk(schema)
        own.reached.add(name)
        own.walk(definition, "$", (name,))
        walk.reached |= own.reached
        lines += [f"## {inline(str(definition.get('title') or name))} {{#{name}}}", ""]
        if definition.get("description"):
            lines += [*paragraphs(str(definition["description"])), ""]
        lines += table([*HEADER_ROW, *own.rows]) if own.rows else ["Definisjonen beskriver ingen egenskaper.", ""]
    return lines


def sections(spec: SpecVersion) -> list[str]:
    return schema_sections(spec.json_schema(), spec.title)
