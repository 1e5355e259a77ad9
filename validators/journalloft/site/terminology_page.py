"""The terminology of a FHIR spec version: its own CodeSystems and ValueSets, from the generated JSON."""

from __future__ import annotations

from typing import Any

from journalloft.requirements.mdtext import inline, paragraphs
from journalloft.site.specdata import cell, code, table
from journalloft.specs import SpecVersion

CONTENT = {"complete": "fullstendig", "fragment": "utdrag", "example": "eksempel", "not-present": "ingen koder"}


def has_terminology(spec: SpecVersion) -> bool:
    return any(r.get("resourceType") in ("CodeSystem", "ValueSet") for r in spec.fhir_resources())


def sections(spec: SpecVersion) -> list[str]:
    resources = spec.fhir_resources()
    code_systems = sorted((r for r in resources if r.get("resourceType") == "CodeSystem"), key=lambda r: str(r["id"]))
    value_sets = sorted((r for r in resources if r.get("resourceType") == "ValueSet"), key=lambda r: str(r["id"]))
    lines: list[str] = []
    if code_systems:
        lines += ["## Kodeverk (CodeSystem)", ""]
        for resource in code_systems:
            lines += _code_system(resource)
    if value_sets:
        lines += ["## Verdisett (ValueSet)", ""]
        for resource in value_sets:
            lines += _value_set(resource)
    return lines


def _heading(resource: dict[str, Any]) -> list[str]:
    title = str(resource.get("title") or resource.get("name") or resource["id"])
    lines = [f"### {inline(title)} {{#{resource['id']}}}", ""]
    if resource.get("description"):
        lines += [*paragraphs(str(resource["description"])), ""]
    lines += [f"- Kanonisk URL: `{resource.get('url')}`"]
    return lines


def _concepts(concepts: list[Any], with_definition: bool, depth: int = 0) -> list[str]:
    rows = []
    for concept in concepts:
        if not isinstance(concept, dict):
            continue
        indent = "&nbsp;&nbsp;" * depth
        definition = f" {cell(concept.get('definition', ''))} |" if with_definition else ""
        rows.append(
            f"| {indent}{code(str(concept.get('code', '')))} | {cell(concept.get('display', ''))} |{definition}"
        )
        rows += _concepts(concept.get("concept") or [], with_definition, depth + 1)
    return rows


def _has_definition(concepts: list[Any]) -> bool:
    return any(
        isinstance(c, dict) and (c.get("definition") or _has_definition(c.get("concept") or [])) for c in concepts
    )


def _code_system(resource: dict[str, Any]) -> list[str]:
    content = str(resource.get("content", ""))
    concepts = resource.get("concept") or []
    lines = [
        *_heading(resource),
        f"- Innhold: {CONTENT.get(content, content)}, {len(concepts)} koder på øverste nivå",
        "",
    ]
    if concepts:
        # The definition column is left out when no concept has one: a column of dashes says nothing.
        with_definition = _has_definition(concepts)
        header = ["| Kode | Visningsnavn | Definisjon |", "| --- | --- | --- |"]
        if not with_definition:
            header = ["| Kode | Visningsnavn |", "| --- | --- |"]
        lines += table([*header, *_concepts(concepts, with_definition)])
    return lines


def _value_set(resource: dict[str, Any]) -> list[str]:
    lines = [*_heading(resource), ""]
    compose = resource.get("compose") or {}
    for label, key in (("Tar med", "include"), ("Utelater", "exclude")):
        for part in compose.get(key) or []:
            if not isinstance(part, dict):
                continue
            what = f"kodeverket {code(str(part['system']))}" if part.get("system") else "koder"
            if part.get("valueSet"):
                what = "verdisettene " + ", ".join(code(str(v)) for v in part["valueSet"])
            concepts = part.get("concept") or []
            filters = part.get("filter") or []
            scope = "alle kodene" if not concepts and not filters else ""
            if filters:
                scope = "koder der " + " og ".join(
                    f"{f.get('property')} {f.get('op')} {code(str(f.get('value')))}"
                    for f in filters
                    if isinstance(f, dict)
                )
            lines.append(f"{label} {scope + ' i ' if scope else ''}{what}{':' if concepts else '.'}")
            lines.append("")
            if concepts:
                lines += ["| Kode | Visningsnavn |", "| --- | --- |"]
                lines += [f"| {code(str(c.get('code', '')))} | {cell(c.get('display', ''))} |" for c in concepts]
                lines.append("")
    return lines
