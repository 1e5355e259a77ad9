"""FHIRPath's type test (``is``, ``as()``, ``ofType()``) on fhirpathpy's nodes, with a FHIR primitive also
an instance of the System type it carries (``answer is Boolean``).

Apart from :mod:`~journalloft.fhir.fhirpath_types` because it needs fhirpathpy, which the common path of a
run never loads (see that module).
"""

from __future__ import annotations

from typing import Any

from fhirpathpy.engine import util
from fhirpathpy.engine.nodes import TypeInfo

from journalloft.fhir.fhirpath_types import R4_MODEL

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
