"""Types in FHIRPath as FHIR R4 uses them, from fhirpathpy's R4 model.

* The model's path tables (:data:`PATH_TO_TYPE`, :data:`CHOICE_TYPES`, :data:`DEFINED_ELSEWHERE`), which
  member navigation and the functions below read.
* :func:`is_of_type`: FHIRPath's type test, with a FHIR primitive also an instance of the System type it
  carries (``answer is Boolean``).
* :func:`base_type_path`: the type an element-level constraint's focus has in the model.
* :func:`choice_type`: the type of a value at a choice element when only ``value[x]`` is known.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from functools import lru_cache
from typing import Any

from fhirpathpy.engine import util
from fhirpathpy.engine.nodes import TypeInfo
from fhirpathpy.models import models

R4_MODEL: dict[str, Any] = models["r4"]
PATH_TO_TYPE: dict[str, str] = R4_MODEL["path2Type"]
CHOICE_TYPES: dict[str, list[str]] = R4_MODEL["choiceTypePaths"]
DEFINED_ELSEWHERE: dict[str, str] = R4_MODEL["pathsDefinedElsewhere"]

# FHIR primitives are also instances of the System type they carry (`answer is Boolean` holds for a
# FHIR boolean), as the FHIR binding of FHIRPath and the HL7 reference engine treat them.
_SYSTEM_TYPES: dict[str, frozenset[str]] = {
    "Boolean": frozenset({"boolean"}),
    "String": frozenset(
        {"string", "code", "id", "markdown", "uri", "url", "canonical", "oid", "uuid", "base64Binary", "xhtml"}
    ),
    "Integer": frozenset({"integer", "positiveInt", "unsignedInt"}),
    "Decimal": frozenset({"decimal"}),
    "Date": frozenset({"date"}),
    "DateTime": frozenset({"dateTime", "instant"}),
    "Time": frozenset({"time"}),
}


def is_of_type(item: Any, wanted: TypeInfo) -> bool:
    """FHIRPath type test of one item, with FHIR primitives matching their System types."""
    TypeInfo.model = R4_MODEL  # type: ignore[assignment]  # fhirpathpy reads the model from here
    actual = TypeInfo.from_value(item)
    if actual is None:  # a node whose type is not known: judge by its value
        actual = TypeInfo.create_by_value_in_namespace(TypeInfo.System, util.get_data(item))
    if actual.is_(wanted):
        return True
    if wanted.namespace in (None, TypeInfo.System):
        return actual.name in _SYSTEM_TYPES.get(wanted.name, frozenset())
    return False


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
        fitting = [name for name in complex_types if all(f"{name}.{key}" in _KNOWN_PATHS for key in keys)]
        return fitting[0] if fitting else None
    return None


@lru_cache(maxsize=4096)
def _choice_candidates(element_path: str) -> tuple[str, ...]:
    """The types a choice element allows, primitives spelt in lower case (``dateTime``, ``Period``)."""
    return tuple(
        name[:1].lower() + name[1:] if name[:1].isupper() and name not in _COMPLEX_CASE else name
        for name in CHOICE_TYPES.get(DEFINED_ELSEWHERE.get(element_path[:-3], element_path[:-3]), ())
    )


# Every element path the model knows, backbone elements (`Timing.repeat`) included.
_KNOWN_PATHS = frozenset(
    ".".join(parts[:end]) for parts in (path.split(".") for path in PATH_TO_TYPE) for end in range(2, len(parts) + 1)
)
# choiceTypePaths spells types capitalised; complex types keep that, primitives start lowercase.
_COMPLEX_CASE = frozenset(name for name in R4_MODEL["type2Parent"] if name[:1].isupper())
