"""Element tables of a FHIR spec version, generated from its StructureDefinitions (one generator for all).

Each profile and extension gets a section: what it constrains, then one row per element its
differential names (slices included, in the differential's order), with the values a reader needs
taken from the generated snapshot, so a row shows the element's resulting cardinality and types even
where the profile only tightened one of them. The short text is the profile's own (Norwegian in our
specs); an element the profile leaves undescribed shows a dash instead of core's English text.
"""

from __future__ import annotations

import json
from typing import Any

from journalloft.fhir.context import FhirContext
from journalloft.fhir.definitions import load_core
from journalloft.requirements.mdtext import inline, paragraphs
from journalloft.site.specdata import cell, code, table
from journalloft.specs import SpecVersion

HEADER_ROW = (
    "| Element | Kard. | Type | Binding | Fast verdi, mønster eller grense | Må støttes | Kort tekst |",
    "| --- | --- | --- | --- | --- | --- | --- |",
)
SLICING_RULES = {"open": "åpen", "closed": "lukket", "openAtEnd": "åpen i slutten"}
_VALUE_PREFIXES = ("fixed", "pattern", "minValue", "maxValue")
_VALUE_LABELS = {"fixed": "fast", "pattern": "mønster", "minValue": "minst", "maxValue": "høyst"}


def structure_definitions(spec: SpecVersion) -> list[dict[str, Any]]:
    """The spec's own StructureDefinitions: profiles first, then extensions, each sorted by id."""
    own = [r for r in spec.fhir_resources() if r.get("resourceType") == "StructureDefinition"]
    return sorted(own, key=lambda sd: (sd.get("type") == "Extension", str(sd.get("id"))))


def value_set_anchors(spec: SpecVersion) -> dict[str, str]:
    """Canonical url -> anchor on the terminology page, for the spec's own ValueSets and CodeSystems."""
    return {
        str(r["url"]): str(r["id"])
        for r in spec.fhir_resources()
        if r.get("resourceType") in ("ValueSet", "CodeSystem") and isinstance(r.get("url"), str)
    }


def sections(spec: SpecVersion, terminology_link: str) -> list[str]:
    """Markdown for every StructureDefinition of ``spec``; bindings link to ``terminology_link``."""
    definitions = structure_definitions(spec)
    context = FhirContext(load_core(), spec.fhir_resources())
    own_urls = {str(sd.get("url")): str(sd.get("id")) for sd in definitions}
    anchors = value_set_anchors(spec)
    lines: list[str] = []
    for definition in definitions:
        with_snapshot = context.structure(str(definition.get("url"))) or {}
        lines += _section(definition, with_snapshot, own_urls, anchors, terminology_link)
    return lines


def _section(
    definition: dict[str, Any],
    with_snapshot: dict[str, Any],
    own_urls: dict[str, str],
    anchors: dict[str, str],
    terminology_link: str,
) -> list[str]:
    sd_id = str(definition.get("id"))
    title = str(definition.get("title") or definition.get("name") or sd_id)
    is_extension = definition.get("type") == "Extension"
    lines = [f"## {inline(title)} {{#{sd_id}}}", ""]
    if definition.get("description"):
        lines += [*paragraphs(str(definition["description"])), ""]
    facts = [
        f"- Kanonisk URL: `{definition.get('url')}`",
        f"- Bygger på: {_type_name(str(definition.get('baseDefinition', '')), own_urls)}",
        f"- Slag: {'utvidelse (extension)' if is_extension else 'profil på ' + str(definition.get('type'))}",
    ]
    contexts = [str(c.get("expression")) for c in definition.get("context") or [] if isinstance(c, dict)]
    if contexts:
        facts.append(f"- Kan brukes på: {', '.join(f'`{c}`' for c in contexts)}")
    lines += [*facts, ""]
    snapshot = {str(e.get("id")): e for e in (with_snapshot.get("snapshot") or {}).get("element") or []}
    rows = []
    for diff in (definition.get("differential") or {}).get("element") or []:
        if "." not in str(diff.get("id")) and not diff.get("short"):
            continue  # the root row would say nothing; its rules are listed below the table
        element = {**snapshot.get(str(diff.get("id")), {}), **diff}
        rows.append(_row(element, diff, own_urls, anchors, terminology_link))
    if rows:
        lines += table([*HEADER_ROW, *rows])
    constraints = [
        c
        for e in (definition.get("differential") or {}).get("element") or []
        for c in e.get("constraint") or []
        if isinstance(c, dict)
    ]
    if constraints:
        rows = [
            f"| `{c.get('key')}` | {c.get('severity')} | {cell(c.get('human', ''))} "
            f"| {code(str(c.get('expression', '')))} |"
            for c in constraints
        ]
        lines += ["Regler (invarianter):", ""]
        lines += table(["| Nøkkel | Alvorlighet | Regel | FHIRPath |", "| --- | --- | --- | --- |", *rows])
    return lines


def _row(
    element: dict[str, Any],
    diff: dict[str, Any],
    own_urls: dict[str, str],
    anchors: dict[str, str],
    terminology_link: str,
) -> str:
    card = f"{element.get('min', '')}..{element.get('max', '')}" if "min" in element or "max" in element else "–"
    types = ", ".join(_type(t, own_urls) for t in element.get("type") or []) or "–"
    short = str(diff.get("short") or "")
    slicing = element.get("slicing") if "slicing" in diff else None
    if isinstance(slicing, dict):
        short = (short + " " if short else "") + _slicing_text(slicing)
    return (
        f"| `{element.get('id')}` | {card} | {types} | {_binding(element.get('binding'), anchors, terminology_link)} "
        f"| {_values(diff)} | {'Ja' if element.get('mustSupport') else '–'} | {cell(short)} |"
    )


def _slicing_text(slicing: dict[str, Any]) -> str:
    discriminators = ", ".join(
        f"{d.get('type')}: {d.get('path')}" for d in slicing.get("discriminator") or [] if isinstance(d, dict)
    )
    rule = SLICING_RULES.get(str(slicing.get("rules")), str(slicing.get("rules")))
    return f"(Oppdelt etter {discriminators}; {rule}.)"


FHIR_TYPE_EXTENSION = "http://hl7.org/fhir/StructureDefinition/structuredefinition-fhir-type"


def _type(type_: dict[str, Any], own_urls: dict[str, str]) -> str:
    code = str(type_.get("code", ""))
    if code.startswith("http://hl7.org/fhirpath/System."):
        # Core writes the type of id, url and primitive values as a FHIRPath system type; the
        # extension beside it names the FHIR type a reader knows (uri, string, ...).
        values = [e.get("valueUrl") or e.get("valueUri") for e in type_.get("extension") or [] if isinstance(e, dict)]
        named = [str(value) for value in values if isinstance(value, str)]
        code = named[0] if named else code.rsplit(".", 1)[-1]
    targets = type_.get("targetProfile") or type_.get("profile") or []
    if not targets:
        return f"`{code}`"
    names = " \\| ".join(_type_name(str(t), own_urls) for t in targets)
    return f"`{code}`({names})"


def _type_name(url: str, own_urls: dict[str, str]) -> str:
    """An own profile as a link to its section; any other canonical by its last segment."""
    if url in own_urls:
        return f"[{own_urls[url]}](#{own_urls[url]})"
    return f"`{url.rsplit('/', 1)[-1]}`"


def _binding(binding: object, anchors: dict[str, str], terminology_link: str) -> str:
    if not isinstance(binding, dict):
        return "–"
    strength = str(binding.get("strength", ""))
    value_set = str(binding.get("valueSet", ""))
    url = value_set.partition("|")[0]
    if url in anchors:
        return f"{strength}: [{anchors[url]}]({terminology_link}#{anchors[url]})"
    return f"{strength}: {code(value_set)}" if value_set else strength


def _values(diff: dict[str, Any]) -> str:
    shown = []
    for key, value in diff.items():
        prefix = next((p for p in _VALUE_PREFIXES if key.startswith(p) and key != p), None)
        if prefix is None:
            continue
        text = value if isinstance(value, str | int | float) else json.dumps(value, ensure_ascii=False, sort_keys=True)
        shown.append(f"{_VALUE_LABELS[prefix]}: {code(str(text))}")
    return "<br>".join(shown) or "–"
