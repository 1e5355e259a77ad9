"""Extensions in the walk: where an extension may stand (its context) and unknown extension URLs.
"""

from __future__ import annotations

from journalloft.fhir.instance_rules import is_example_url
from journalloft.fhir.walk_base import (
    _QUANTITY_TYPES,
    Loc,
    WalkBase,
    format_location,
)
from journalloft.issues import information, warning

_ANY_ELEMENT = frozenset({"Element", "Base", "BackboneElement"})


def _context_allows(
    contexts: tuple[tuple[str, str], ...],
    extension_path: str,
    resource_types: frozenset[str],
    parent_path: str | None = None,
) -> bool:
    """Whether an extension whose definition lists ``contexts`` may stand where the walk is.

    ``extension_path`` is the definition path of the extension element (``Patient.extension``,
    ``HumanName.extension`` when a data type is walked through its own definition, ``date.extension``
    for the extension of a primitive); ``parent_path`` is the element path of the element that holds
    the extension inside its resource (``Patient.name``, ``Patient.birthDate``), when known.

    An element context holds when it names the holding element (``Patient.birthDate``), its data
    type (``HumanName``) or, for a data type path (``HumanName.family``), an element whose path ends
    the same way. Contexts of type extension or fhirpath are not evaluated and let the extension
    through, as does any case where the holding element cannot be placed.
    """
    owner = extension_path.rsplit(".", 1)[0]
    owner_root = owner.split(".", 1)[0]
    if not contexts or owner_root in ("Extension", "Element", "BackboneElement"):
        return True
    owner_type = owner if "." not in owner and owner_root not in resource_types else None
    if parent_path is None:
        if owner_type is not None:
            return True  # a data type walked on its own: the path in the resource is not known here
        parent_path = owner
    for kind, expression in contexts:
        if kind != "element" or expression in _ANY_ELEMENT or expression in (owner, parent_path):
            return True
        if expression in ("Resource", "DomainResource") and "." not in parent_path:
            return True
        if expression.split(".", 1)[0] in resource_types:
            continue  # a resource path: only an exact match (above) allows it
        if "." not in expression:
            # a bare data type: the holder is of that type (a resource root or backbone never is)
            if owner_type == expression or (owner_type in _QUANTITY_TYPES and expression in _QUANTITY_TYPES):
                return True
            continue
        if parent_path.endswith("." + expression.split(".", 1)[1]):
            return True
    return False


class ExtensionWalk(WalkBase):
    """Unknown extensions."""

    def _unknown_extension(self, url: str, loc: Loc) -> None:
        """An extension whose definition is not known: a warning naming its URL (HL7's validator
        makes it an error, but HL7's own R4 examples use extensions R4 core does not define), and
        only information for the domains reserved for examples."""
        if is_example_url(url):
            self.issues.append(
                information(
                    "fhir-extension-unknown",
                    format_location(loc),
                    f"the extension {url} is not known; it is from an example domain, so it was not checked",
                )
            )
            return
        self.issues.append(
            warning(
                "fhir-extension-unknown",
                format_location(loc),
                f"the extension {url} is not known to this validator, so it is not allowed here; "
                "load the package or IG that defines it",
            )
        )
