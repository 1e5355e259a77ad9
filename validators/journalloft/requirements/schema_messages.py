"""Norwegian wording of JSON Schema faults for ``journalloft requirements lint``.

jsonschema words its messages in English; the lint speaks Norwegian like ``release`` and the site.
The message is rebuilt from the fault's parts (which keyword failed, the value, the schema's value),
so no English text is matched. A keyword the catalogue's schemas do not use keeps jsonschema's own
message after a Norwegian lead-in, so nothing is lost.
"""

from __future__ import annotations

from typing import Any

from jsonschema.exceptions import ValidationError

JSON_TYPES: dict[str, str] = {
    "string": "tekst",
    "array": "liste",
    "object": "blokk med nøkler",
    "integer": "heltall",
    "number": "tall",
    "boolean": "sannhetsverdi",
    "null": "tom verdi (null)",
    "bool": "sannhetsverdi",
    "int": "heltall",
    "float": "tall",
    "timestamp": "dato",
}
"""JSON Schema and YAML type names in the lint's words."""


def _type_of(value: Any) -> str:
    if value is None:
        return JSON_TYPES["null"]
    if isinstance(value, bool):
        return JSON_TYPES["boolean"]
    if isinstance(value, int):
        return JSON_TYPES["integer"]
    if isinstance(value, float):
        return JSON_TYPES["number"]
    if isinstance(value, str):
        return JSON_TYPES["string"]
    if isinstance(value, list):
        return JSON_TYPES["array"]
    return JSON_TYPES["object"]


def _names(values: list[Any]) -> str:
    return ", ".join(repr(value) for value in values)


def schema_message(error: ValidationError) -> str:
    """The fault in Norwegian, e.g. ``mangler nøkkelen 'summary'`` or ``'x' er ikke en av 'A', 'V'``."""
    keyword, expected, value = error.validator, error.validator_value, error.instance
    if keyword == "required" and isinstance(value, dict):
        missing = [name for name in expected if name not in value]
        return f"mangler nøkkelen {_names(missing)}" if len(missing) == 1 else f"mangler nøklene {_names(missing)}"
    if keyword == "additionalProperties" and isinstance(value, dict):
        known = set(error.schema.get("properties", {})) if isinstance(error.schema, dict) else set()
        extra = sorted(name for name in value if name not in known)
        noun = "nøkkelen" if len(extra) == 1 else "nøklene"
        return f"{noun} {_names(extra)} er ikke tillatt her"
    if keyword == "type":
        wanted = [str(t) for t in (expected if isinstance(expected, list) else [expected])]
        return f"skal være {' eller '.join(JSON_TYPES.get(t, t) for t in wanted)}, ikke {_type_of(value)}"
    if keyword == "enum":
        return f"{value!r} er ikke en av {_names(list(expected))}"
    if keyword == "const":
        return f"skal være {expected!r}, ikke {value!r}"
    if keyword == "pattern":
        return f"{value!r} passer ikke med mønsteret {expected!r}"
    if keyword == "minItems":
        return "listen er tom" if expected == 1 else f"listen skal ha minst {expected} elementer"
    if keyword == "maxItems":
        return f"listen skal ha høyst {expected} elementer"
    if keyword == "uniqueItems":
        return "listen har samme verdi mer enn én gang"
    if keyword == "minLength":
        return "teksten er tom" if expected == 1 else f"teksten skal ha minst {expected} tegn"
    if keyword == "maxLength":
        return f"teksten skal ha høyst {expected} tegn"
    if keyword in ("minimum", "maximum"):
        bound = "minst" if keyword == "minimum" else "høyst"
        return f"{value!r} skal være {bound} {expected!r}"
    return f"bryter skjemaet ({keyword}: {error.message})"
