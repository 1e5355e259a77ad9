"""The rules a JSON Schema spec adds after its schema (spec.yaml ``rules:``), as a Norwegian table.

The rule kinds are those journalloft.rules runs (norwegian-identifier, date-order, code-list); a
kind this module does not know is still listed, by name, so a new kind never disappears from the page.
"""

from __future__ import annotations

import json
from typing import Any

from journalloft.requirements.mdtext import inline
from journalloft.site.specdata import code, spec_yaml
from journalloft.specs import SpecVersion

ID_KINDS = {
    "fnr": "fødselsnummer",
    "dnr": "D-nummer",
    "hnr": "H-nummer",
    "fhn": "felles hjelpenummer (FHN)",
    "hpr": "HPR-nummer",
    "orgnr": "organisasjonsnummer",
}


def sections(spec: SpecVersion) -> list[str]:
    rules = spec_yaml(spec).get("rules") or []
    if not isinstance(rules, list) or not rules:
        return []
    lines = [
        "## Regler utover skjemaet",
        "",
        "Dette sjekker validatoren etter JSON Schema-et, med egne feilkoder (se "
        "[Feilkoder](../../../validator/feilkoder.md)).",
        "",
        "| Sti | Regel |",
        "| --- | --- |",
    ]
    for rule in rules:
        if isinstance(rule, dict):
            lines.append(f"| {code(str(rule.get('path', '')))} | {_describe(spec, rule)} |")
    return [*lines, ""]


def _describe(spec: SpecVersion, rule: dict[str, Any]) -> str:
    kind = rule.get("kind")
    if kind == "norwegian-identifier":
        kinds = [ID_KINDS.get(str(k), str(k)) for k in rule.get("accept") or []]
        return f"Et gyldig norsk nummer med riktige kontrollsifre: {_or(kinds)}."
    if kind == "date-order":
        return (
            f"{code(str(rule.get('end')))} kan ikke være før {code(str(rule.get('start')))}; "
            "en tom eller manglende sluttdato betyr at perioden ikke er avsluttet."
        )
    if kind == "code-list":
        text = f"Koden må finnes i kodeverket {_code_system(spec, str(rule.get('codesystem', '')))}."
        retired = rule.get("retired") or {}
        if isinstance(retired, dict) and retired:
            listed = "; ".join(f"{code(str(c))}: {inline(str(reason))}" for c, reason in retired.items())
            text += f" Utgåtte koder avvises med forklaring ({listed})."
        if rule.get("leading-zeros") == "warn":
            text += " En kode med innledende null (som «01») godtas med en advarsel og leses uten nullen."
        elif rule.get("leading-zeros") == "accept":
            text += " En kode med innledende null (som «01») godtas uten funn og leses uten nullen."
        return text
    return f"Regel av typen {code(str(kind))}."


def _or(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " eller " + items[-1]


def _code_system(spec: SpecVersion, relative: str) -> str:
    """The code system's title and url, read from the FHIR CodeSystem file the rule names."""
    assert spec.path is not None
    try:
        resource = json.loads((spec.path / relative).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return code(relative)
    title = inline(str(resource.get("title") or resource.get("name") or relative))
    return f"{title} ({code(str(resource.get('url', relative)))})"
