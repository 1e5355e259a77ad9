"""Validation of plain JSON payloads against a spec's JSON Schema (draft 2020-12).

jsonschema's errors are turned into our issues one for one, with stable codes chosen by the schema
keyword that failed and JSONPath-style locations; errors from ``anyOf``/``oneOf`` branches become
sub-issues of the summarising issue, so nothing is lost and the headline stays readable.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator
from typing import Any

import jsonschema
from jsonschema.exceptions import ValidationError, relevance

from journalloft.issues import Issue, error
from journalloft.jsonparse import json_path, json_type

_CODE_BY_KEYWORD = {
    "required": "schema-required",
    "type": "schema-type",
    "enum": "schema-enum",
    "const": "schema-enum",
    "format": "schema-format",
    "pattern": "schema-pattern",
    "additionalProperties": "schema-additional-property",
    "unevaluatedProperties": "schema-additional-property",
}
_REQUIRED = re.compile(r"^'(?P<name>.+)' is a required property$")


class SchemaChecker:
    def __init__(self, schema: dict[str, Any]) -> None:
        cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft202012Validator)
        cls.check_schema(schema)
        self._validator = cls(schema, format_checker=cls.FORMAT_CHECKER)

    def check(self, instance: Any) -> list[Issue]:
        errors = sorted(self._validator.iter_errors(instance), key=lambda e: [str(p) for p in e.absolute_path])
        return [issue for e in errors for issue in _issues(e)]


@functools.lru_cache(maxsize=32)
def checker_for(schema_text: str) -> SchemaChecker:
    return SchemaChecker(json.loads(schema_text))


def _issues(e: ValidationError) -> Iterator[Issue]:
    path = tuple(e.absolute_path)
    code = _CODE_BY_KEYWORD.get(str(e.validator), "schema-constraint")
    if e.validator == "required":
        match = _REQUIRED.match(e.message)
        name = match.group("name") if match else None
        where = json_path((*path, name)) if name else json_path(path)
        yield error(code, where, f"Required property {name!r} is missing." if name else e.message)
        return
    if e.validator in ("additionalProperties", "unevaluatedProperties") and isinstance(e.instance, dict):
        allowed = set((e.schema.get("properties") or {}).keys()) if isinstance(e.schema, dict) else set()
        extras = [k for k in e.instance if k not in allowed] or [None]
        for key in extras:
            where = json_path((*path, key)) if key is not None else json_path(path)
            text = f"Property {key!r} is not allowed here." if key is not None else e.message
            yield error(code, where, text)
        return
    subs = tuple(issue for sub in sorted(e.context or (), key=relevance) for issue in _issues(sub))
    yield error(code, json_path(path), _message(e), sub_issues=subs)


def _message(e: ValidationError) -> str:
    if e.validator == "type":
        return f"Expected {_as_list(e.validator_value)}, found {json_type(e.instance)}."
    if e.validator in ("enum", "const"):
        allowed = e.validator_value if e.validator == "enum" else [e.validator_value]
        shown = ", ".join(json.dumps(v, ensure_ascii=False) for v in allowed[:12])
        return f"{json.dumps(e.instance, ensure_ascii=False, default=str)} is not one of the allowed values: {shown}."
    if e.validator == "format":
        return f"{json.dumps(e.instance, ensure_ascii=False, default=str)} is not a valid {e.validator_value}."
    if e.validator == "pattern":
        return (
            f"{json.dumps(e.instance, ensure_ascii=False, default=str)} does not match the pattern {e.validator_value}."
        )
    return e.message[0].upper() + e.message[1:] + ("" if e.message.endswith(".") else ".")


def _as_list(value: object) -> str:
    return " or ".join(value) if isinstance(value, list) else str(value)
