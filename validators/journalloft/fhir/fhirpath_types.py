"""Types in FHIRPath as FHIR R4 uses them, from fhirpathpy's R4 model.

* The model's path tables (:data:`PATH_TO_TYPE`, :data:`CHOICE_TYPES`, :data:`DEFINED_ELSEWHERE`), which
  member navigation and the functions below read.
* :func:`base_type_path`: the type an element-level constraint's focus has in the model.
* :func:`choice_type`: the type of a value at a choice element when only ``value[x]`` is known.

FHIRPath's type test (``is``, ``as()``) is in :mod:`~journalloft.fhir.fhirpath_type_check`. This module
does not import fhirpathpy: the invariant engine needs these tables on every run, fhirpathpy's evaluator
(and its ANTLR parser) only when an expression falls outside the compiled subset, and importing it is a
large part of the CLI's cold start (issue 23).
"""

from __future__ import annotations

import importlib.util
import json
import re
from collections.abc import Mapping
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any


def _r4_model() -> dict[str, Any]:
    """fhirpathpy's R4 model, the same tables ``fhirpathpy.models.models["r4"]`` holds.

    Read from the package's own files: importing ``fhirpathpy.models`` parses the models of all four
    FHIR versions (1.5 MB of JSON) to use one, and importing anything of fhirpathpy loads its parser.
    ``find_spec`` of a top-level package locates it without running it.
    """
    spec = importlib.util.find_spec("fhirpathpy")
    if spec is None or spec.origin is None:
        raise ImportError("fhirpathpy is not installed")
    folder = Path(spec.origin).parent / "models" / "r4"
    return {path.stem: json.loads(path.read_bytes()) for path in sorted(folder.glob("*.json"))}


R4_MODEL: dict[str, Any] = _r4_model()
PATH_TO_TYPE: dict[str, str] = R4_MODEL["path2Type"]
CHOICE_TYPES: dict[str, list[str]] = R4_MODEL["choiceTypePaths"]
DEFINED_ELSEWHERE: dict[str, str] = R4_MODEL["pathsDefinedElsewhere"]


@lru_cache(maxsize=4096)
def base_type_path(element_path: str) -> str | None:
    """Map an ElementDefinition path to the path fhirpathpy's R4 model knows the node type by.

    ``Observation.code`` → ``CodeableConcept``; ``Observation.component`` stays (a backbone element
    whose children the model knows under that path); ``Questionnaire.item.item`` → the element it
    reuses; ``Observation.valuePeriod`` → ``Period``. An unresolved choice (``value[x]``) gives
    None: the walker should pass the concrete type (``Observation.valueQuantity`` or ``Quantity``).
    """
    if element_path.endswith("[x]"):
        return None
    path = DEFINED_ELSEWHERE.get(element_path, element_path)
    return PATH_TO_TYPE.get(path, path)


# Telling the type of a choice element's value when only `value[x]` is known: primitives by their
# JSON type and lexical form (the most specific date/time form first), objects by their keys.
# JSON cannot tell dateTime from instant; dateTime, far more common, wins where both are allowed.
_PRIMITIVE_FORMS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("dateTime", re.compile(r"\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?)?)?")),
    ("date", re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")),
    ("instant", re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")),
    ("time", re.compile(r"\d{2}:\d{2}(:\d{2}(\.\d+)?)?")),
)
_STRING_TYPES = ("string", "code", "uri", "url", "canonical", "markdown", "id", "oid", "uuid", "base64Binary")
_NUMBER_TYPES = {int: ("integer", "positiveInt", "unsignedInt", "decimal"), Decimal: ("decimal",)}


def choice_type(element_path: str, value: Any) -> str | None:
    """The FHIR type of ``value`` at a choice element such as ``Observation.effective[x]``."""
    candidates = _choice_candidates(element_path)
    if isinstance(value, bool):
        return "boolean" if "boolean" in candidates else None
    if isinstance(value, int | Decimal):
        options = _NUMBER_TYPES[int if isinstance(value, int) else Decimal]
        return next((name for name in options if name in candidates), None)
    if isinstance(value, str):
        for name, form in _PRIMITIVE_FORMS:
            if name in candidates and form.fullmatch(value):
                return name
        return next((name for name in _STRING_TYPES if name in candidates), None)
    if isinstance(value, Mapping):
        keys = [key.lstrip("_") for key in value if key not in ("id", "extension", "_id")]
        complex_types = [name for name in candidates if name[:1].isupper()]
        known = _known_paths()
        fitting = [name for name in complex_types if all(f"{name}.{key}" in known for key in keys)]
        return fitting[0] if fitting else None
    return None


@lru_cache(maxsize=4096)
def _choice_candidates(element_path: str) -> tuple[str, ...]:
    """The types a choice element allows, primitives spelt in lower case (``dateTime``, ``Period``)."""
    return tuple(
        name[:1].lower() + name[1:] if name[:1].isupper() and name not in _COMPLEX_CASE else name
        for name in CHOICE_TYPES.get(DEFINED_ELSEWHERE.get(element_path[:-3], element_path[:-3]), ())
    )


@lru_cache(maxsize=1)
def _known_paths() -> frozenset[str]:
    """Every element path the model knows, backbone elements (`Timing.repeat`) included; built on first
    use (it takes a noticeable part of a cold start, and most runs never ask)."""
    return frozenset(
        ".".join(parts[:end])
        for parts in (path.split(".") for path in PATH_TO_TYPE)
        for end in range(2, len(parts) + 1)
    )


# choiceTypePaths spells types capitalised; complex types keep that, primitives start lowercase.
_COMPLEX_CASE = frozenset(name for name in R4_MODEL["type2Parent"] if name[:1].isupper())
